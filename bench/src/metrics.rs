//! kinplan's own account of a scenario: its `GET /metrics` (the Prometheus text format), read before
//! and after, beside the RSS the generator reads from `/proc`. The peers have no such endpoint.

use std::collections::HashMap;

use anyhow::{bail, Context};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One reading of every sample, keyed as the server prints it: `name` or `name{labels}`.
#[derive(Debug, Clone, Default)]
pub struct Scrape {
    samples: HashMap<String, f64>,
}

/// What kinplan says it did between two scrapes.
#[derive(Debug, Clone)]
pub struct ServerAccount {
    pub updates_committed: f64,
    pub commits: f64,
    pub commit_mean_seconds: Option<f64>,
    /// The upper bound of the histogram bucket that holds the 99th percentile.
    pub commit_p99_bound_seconds: Option<f64>,
    pub fan_out_mean_seconds: Option<f64>,
    pub fan_out_p99_bound_seconds: Option<f64>,
    pub slow_clients_closed: f64,
}

/// Reads kinplan's metrics on 127.0.0.1 (no token is needed from this machine).
pub async fn scrape(port: u16) -> anyhow::Result<Scrape> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.context("connecting for /metrics")?;
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .context("asking for /metrics")?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await.context("reading /metrics")?;
    let (head, body) = response.split_once("\r\n\r\n").context("a response without a body")?;
    if !head.starts_with("HTTP/1.1 200") {
        bail!("/metrics answered {}", head.lines().next().unwrap_or_default());
    }
    Ok(Scrape::parse(body))
}

impl Scrape {
    pub fn parse(text: &str) -> Scrape {
        let samples = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let (key, value) = line.rsplit_once(' ')?;
                Some((key.to_owned(), value.parse().ok()?))
            })
            .collect();
        Scrape { samples }
    }

    pub fn value(&self, key: &str) -> f64 {
        self.samples.get(key).copied().unwrap_or(0.0)
    }

    /// The cumulative buckets of histogram `name`, by upper bound.
    fn buckets(&self, name: &str) -> Vec<(f64, f64)> {
        let prefix = format!("{name}_bucket{{le=\"");
        let mut buckets: Vec<(f64, f64)> = self
            .samples
            .iter()
            .filter_map(|(key, count)| {
                let bound = key.strip_prefix(&prefix)?.strip_suffix("\"}")?;
                let bound = if bound == "+Inf" { f64::INFINITY } else { bound.parse().ok()? };
                Some((bound, *count))
            })
            .collect();
        buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
        buckets
    }

    /// The upper bound of the bucket of histogram `name` that holds quantile `q` of what it
    /// observed since `earlier`; none when it observed nothing.
    pub fn quantile_bound_since(&self, earlier: &Scrape, name: &str, q: f64) -> Option<f64> {
        let before: HashMap<u64, f64> =
            earlier.buckets(name).into_iter().map(|(bound, count)| (bound.to_bits(), count)).collect();
        let buckets: Vec<(f64, f64)> = self
            .buckets(name)
            .into_iter()
            .map(|(bound, count)| (bound, count - before.get(&bound.to_bits()).copied().unwrap_or(0.0)))
            .collect();
        let total = buckets.last()?.1;
        if total <= 0.0 {
            return None;
        }
        buckets.into_iter().find(|(_, count)| *count >= q * total).map(|(bound, _)| bound)
    }

    /// The mean of what histogram `name` observed since `earlier`.
    pub fn mean_since(&self, earlier: &Scrape, name: &str) -> Option<f64> {
        let count = self.value(&format!("{name}_count")) - earlier.value(&format!("{name}_count"));
        let sum = self.value(&format!("{name}_sum")) - earlier.value(&format!("{name}_sum"));
        (count > 0.0).then(|| sum / count)
    }

    /// What the server did between `earlier` and this scrape.
    pub fn account_since(&self, earlier: &Scrape) -> ServerAccount {
        let delta = |key: &str| self.value(key) - earlier.value(key);
        ServerAccount {
            updates_committed: delta("kinplan_updates_committed_total"),
            commits: delta("kinplan_commit_seconds_count"),
            commit_mean_seconds: self.mean_since(earlier, "kinplan_commit_seconds"),
            commit_p99_bound_seconds: self.quantile_bound_since(earlier, "kinplan_commit_seconds", 0.99),
            fan_out_mean_seconds: self.mean_since(earlier, "kinplan_fan_out_seconds"),
            fan_out_p99_bound_seconds: self.quantile_bound_since(earlier, "kinplan_fan_out_seconds", 0.99),
            slow_clients_closed: delta("kinplan_slow_clients_closed_total"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Scrape;

    const BEFORE: &str = "# TYPE kinplan_commit_seconds histogram\n\
        kinplan_commit_seconds_sum 0.001\nkinplan_commit_seconds_count 1\n\
        kinplan_commit_seconds_bucket{le=\"0.0004\"} 1\nkinplan_commit_seconds_bucket{le=\"0.0008\"} 1\n\
        kinplan_commit_seconds_bucket{le=\"0.0016\"} 1\nkinplan_commit_seconds_bucket{le=\"+Inf\"} 1\n\
        kinplan_updates_committed_total 1\n# EOF\n";
    const AFTER: &str = "kinplan_commit_seconds_sum 0.0611\nkinplan_commit_seconds_count 101\n\
        kinplan_commit_seconds_bucket{le=\"0.0004\"} 51\nkinplan_commit_seconds_bucket{le=\"0.0008\"} 99\n\
        kinplan_commit_seconds_bucket{le=\"0.0016\"} 100\nkinplan_commit_seconds_bucket{le=\"+Inf\"} 101\n\
        kinplan_updates_committed_total 301\n";

    #[test]
    fn a_histogram_between_two_scrapes_gives_bucket_bounds_and_a_mean() {
        let (before, after) = (Scrape::parse(BEFORE), Scrape::parse(AFTER));
        // 100 commits in between: 50 up to 0.4 ms, 48 more up to 0.8 ms, 1 to 1.6 ms, 1 beyond.
        assert_eq!(after.quantile_bound_since(&before, "kinplan_commit_seconds", 0.5), Some(0.0004));
        assert_eq!(after.quantile_bound_since(&before, "kinplan_commit_seconds", 0.98), Some(0.0008));
        assert_eq!(after.quantile_bound_since(&before, "kinplan_commit_seconds", 0.99), Some(0.0016));
        assert_eq!(after.quantile_bound_since(&before, "kinplan_commit_seconds", 1.0), Some(f64::INFINITY));
        let mean = after.mean_since(&before, "kinplan_commit_seconds").unwrap();
        assert!((mean - 0.000_601).abs() < 1e-9, "{mean}");
        let account = after.account_since(&before);
        assert_eq!(account.updates_committed, 300.0);
        assert_eq!(account.commits, 100.0);
    }

    #[test]
    fn nothing_observed_gives_no_quantile() {
        let before = Scrape::parse(BEFORE);
        assert_eq!(before.quantile_bound_since(&before, "kinplan_commit_seconds", 0.99), None);
        assert_eq!(before.mean_since(&before, "kinplan_commit_seconds"), None);
    }
}
