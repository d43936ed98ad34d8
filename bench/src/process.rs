//! What the benchmarks read from `/proc`: a process's memory (RSS and its peak) and CPU time, the
//! generator's own CPU time, the open-file limit, and a description of the machine.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context};

/// A process's memory as the kernel counts it, in KiB.
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    /// Resident set size now (`VmRSS`).
    pub resident_kib: u64,
    /// The highest resident set size since the process started (`VmHWM`).
    pub peak_kib: u64,
}

pub fn memory_of(pid: u32) -> anyhow::Result<Memory> {
    let status = std::fs::read_to_string(Path::new("/proc").join(pid.to_string()).join("status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    let field = |name: &str| -> anyhow::Result<u64> {
        let line = status
            .lines()
            .find(|line| line.starts_with(name))
            .with_context(|| format!("no {name} in /proc/{pid}/status"))?;
        Ok(line.split_whitespace().nth(1).context("a value after the field name")?.parse()?)
    };
    Ok(Memory { resident_kib: field("VmRSS:")?, peak_kib: field("VmHWM:")? })
}

/// User plus system CPU time a process has used so far, all its threads together.
pub fn cpu_time_of(pid: u32) -> anyhow::Result<Duration> {
    cpu_time_from(&Path::new("/proc").join(pid.to_string()).join("stat"))
}

/// The load generator's own CPU time so far.
/// The CPU time of several processes together.
fn cpu_time_of_all(pids: &[u32]) -> anyhow::Result<Duration> {
    pids.iter().map(|&pid| cpu_time_of(pid)).sum()
}

pub fn own_cpu_time() -> anyhow::Result<Duration> {
    cpu_time_from(Path::new("/proc/self/stat"))
}

fn cpu_time_from(path: &Path) -> anyhow::Result<Duration> {
    let stat = std::fs::read_to_string(path).with_context(|| format!("reading {path:?}"))?;
    // The command name (field 2) is in parentheses and may hold spaces; count fields after it.
    let after_name = &stat[stat.rfind(')').context("a command name in parentheses")? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after the name.
    let user_ticks: u64 = fields.get(11).context("utime")?.parse()?;
    let system_ticks: u64 = fields.get(12).context("stime")?.parse()?;
    // SAFETY: sysconf only reads a configuration value.
    let ticks_per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Ok(Duration::from_micros((user_ticks + system_ticks) * 1_000_000 / ticks_per_second))
}

/// CPU time every core of the machine has spent busy so far (all processes, the kernel too).
fn machine_busy_time() -> anyhow::Result<Duration> {
    let stat = std::fs::read_to_string("/proc/stat")?;
    let line = stat.lines().next().context("the cpu line of /proc/stat")?;
    let ticks: Vec<u64> = line.split_whitespace().skip(1).map(str::parse).collect::<Result<_, _>>()?;
    // user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
    let busy: u64 =
        ticks.iter().enumerate().filter(|(index, _)| *index != 3 && *index != 4).take(6).map(|(_, ticks)| ticks).sum();
    // SAFETY: sysconf only reads a configuration value.
    let ticks_per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Ok(Duration::from_micros(busy * 1_000_000 / ticks_per_second))
}

/// Measures how busy the server, the generator and everything else on the machine are over a
/// window, so that a figure taken while other work ran (a build, say) shows it.
pub struct CpuWindow {
    /// Every process of the system under test (two for two nodes).
    server_pids: Vec<u32>,
    started: std::time::Instant,
    server_at_start: Duration,
    generator_at_start: Duration,
    machine_at_start: Duration,
}

/// CPU use over a window, in percent of one core (200 % is both cores of this machine).
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuUse {
    pub server_percent: f64,
    pub generator_percent: f64,
    /// Every other process (and the kernel's own work) together.
    pub others_percent: f64,
}

impl CpuWindow {
    pub fn start(server_pids: &[u32]) -> anyhow::Result<Self> {
        Ok(CpuWindow {
            server_pids: server_pids.to_vec(),
            started: std::time::Instant::now(),
            server_at_start: cpu_time_of_all(server_pids)?,
            generator_at_start: own_cpu_time()?,
            machine_at_start: machine_busy_time()?,
        })
    }

    pub fn finish(&self) -> anyhow::Result<CpuUse> {
        let wall = self.started.elapsed().as_secs_f64().max(1e-9);
        let server = cpu_time_of_all(&self.server_pids)?.saturating_sub(self.server_at_start);
        let generator = own_cpu_time()?.saturating_sub(self.generator_at_start);
        let machine = machine_busy_time()?.saturating_sub(self.machine_at_start);
        let others = machine.saturating_sub(server).saturating_sub(generator);
        let percent = |time: Duration| 100.0 * time.as_secs_f64() / wall;
        Ok(CpuUse {
            server_percent: percent(server),
            generator_percent: percent(generator),
            others_percent: percent(others),
        })
    }
}

/// The CPU every process but this one used over `window`, in percent of one core.
pub async fn others_cpu_percent(window: Duration) -> anyhow::Result<f64> {
    let machine_at_start = machine_busy_time()?;
    let own_at_start = own_cpu_time()?;
    tokio::time::sleep(window).await;
    let machine = machine_busy_time()?.saturating_sub(machine_at_start);
    let own = own_cpu_time()?.saturating_sub(own_at_start);
    Ok(100.0 * machine.saturating_sub(own).as_secs_f64() / window.as_secs_f64())
}

/// Raises this process's soft limit on open files to its hard limit, since every client holds a
/// socket; gives the limit now in force. Child processes (the servers) inherit it.
pub fn raise_open_file_limit() -> anyhow::Result<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit with a valid resource and a pointer to a live rlimit.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            bail!("getrlimit failed: {}", std::io::Error::last_os_error());
        }
        limit.rlim_cur = limit.rlim_max;
        if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
            bail!("setrlimit failed: {}", std::io::Error::last_os_error());
        }
    }
    Ok(limit.rlim_cur)
}

/// The machine the figures were measured on, as the benchmark document states it.
#[derive(Debug, Clone)]
pub struct Machine {
    pub cores: usize,
    pub memory_gib: f64,
    pub cpu_model: String,
    pub kernel: String,
    /// The 1-minute load average when the run started: other work on the machine skews figures.
    pub load_average: String,
}

pub fn describe_machine() -> Machine {
    let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    let memory_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|meminfo| {
            let line = meminfo.lines().find(|line| line.starts_with("MemTotal:"))?;
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|cpuinfo| {
            let line = cpuinfo.lines().find(|line| line.starts_with("model name"))?;
            Some(line.split_once(':')?.1.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|release| release.trim().to_owned())
        .unwrap_or_else(|_| "unknown".into());
    let load_average = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|loadavg| loadavg.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into());
    Machine { cores, memory_gib, cpu_model, kernel, load_average }
}
