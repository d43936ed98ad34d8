//! Join storm: one client writes a large document (5 MB by default) and stays; then N clients
//! (100 by default) join it at the same instant. Measures the time until every one of them is
//! synced and the server's peak memory meanwhile.

use std::time::Duration;

use anyhow::{bail, Context};
use tokio::sync::watch;
use tokio::time::Instant;
use yrs::updates::decoder::Decode;
use yrs::{Doc, GetString, ReadTxn, StateVector, Text, Transact, Update};

use super::room_name;
use crate::client::{ClientOptions, LoadClient};
use crate::process::{CpuUse, CpuWindow};
use crate::report::count;
use crate::servers::ServerUnderTest;

/// Paragraphs of the seed document: about a kilobyte each, like a plan's longer sections.
const PARAGRAPH_BYTES: usize = 1024;

/// Paragraphs sent in one update: about 400 KiB, under kinplan's 1 MiB message limit.
const PARAGRAPHS_PER_UPDATE: usize = 400;

/// How long one joiner may take to be synced: the peers take tens of seconds for a 20 MB
/// document with 150 joiners.
const JOIN_PATIENCE: Duration = Duration::from_secs(180);

/// How often the server's memory is read during the storm.
const MEMORY_POLL: Duration = Duration::from_millis(5);

#[derive(Debug, Clone)]
pub struct Settings {
    pub clients: usize,
    pub document_bytes: usize,
}

impl Settings {
    pub fn describe(&self) -> String {
        format!(
            "{} clients join a {:.0} MB document at once",
            count(self.clients as u64),
            self.document_bytes as f64 / 1e6
        )
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    /// The document's size as one update (what a joining client is sent).
    pub document_bytes: usize,
    /// From the storm's start until the last client was synced.
    pub all_synced: Duration,
    pub median_synced: Duration,
    /// Server RSS just before the storm, and the most it reached during it, in KiB.
    pub resident_before_kib: u64,
    pub resident_peak_kib: u64,
    /// The kernel's high-water mark of the server's RSS since it started (`VmHWM`), which
    /// covers the seeding too.
    pub high_water_mark_kib: u64,
    /// CPU use from the storm's start until the last client was synced.
    pub cpu: CpuUse,
}

pub async fn run(server: &ServerUnderTest, settings: &Settings) -> anyhow::Result<Outcome> {
    let room = room_name(0);
    let endpoint = server.endpoint(&room);
    let (seed_updates, expected_length) = seed_document(settings.document_bytes);
    let mut seeder = LoadClient::connect(&endpoint, "seeder".into(), ClientOptions::default()).await?;
    seeder.wait_until_synced().await?;
    for update in &seed_updates {
        seeder.send_prepared_update(update).await?;
    }
    // The seeder stays connected: Hocuspocus without persistence forgets a document its last
    // client leaves, and kinplan would unload it after a while.
    seeder.round_trip().await?;
    let document_bytes = {
        let doc = Doc::new();
        for update in &seed_updates {
            doc.transact_mut().apply_update(Update::decode_v1(update)?)?;
        }
        let length = doc.transact().encode_state_as_update_v1(&StateVector::default()).len();
        length
    };
    let (stop_seeder, seeder_stopped) = watch::channel(false);
    let seeder_task = tokio::spawn(super::stay_connected(seeder, seeder_stopped));

    tokio::time::sleep(Duration::from_millis(500)).await;
    let resident_before_kib = server.memory()?.resident_kib;
    let (start, started) = watch::channel(None::<Instant>);
    let (stop_polling, polling_stopped) = watch::channel(false);
    let poller = tokio::spawn(poll_peak_memory(server.pid, polling_stopped));

    let mut joins = Vec::with_capacity(settings.clients);
    for index in 0..settings.clients {
        let endpoint = endpoint.clone();
        let mut started = started.clone();
        joins.push(tokio::spawn(async move {
            let start = (*started.wait_for(Option::is_some).await?).expect("set");
            // Nothing is applied during the storm: see `ClientOptions::apply_sync_step2`.
            let options = ClientOptions {
                apply_sync_step2: false,
                record_latencies: false,
                read_buffer_bytes: 128 << 10,
                patience: JOIN_PATIENCE,
                ..ClientOptions::default()
            };
            let mut client = LoadClient::connect(&endpoint, format!("joiner {index}"), options).await?;
            client.wait_until_synced().await?;
            let synced_after = start.elapsed();
            let document = client.unapplied_sync_step2.take().context("no sync step 2 kept")?;
            // Only the first joiner's copy is kept for the check; the others' sizes are checked
            // here (150 copies of 20 MB would be 3 GB of the generator's memory).
            let received_bytes = document.len();
            let document = (index == 0).then_some(document);
            anyhow::Ok((synced_after, received_bytes, document, client))
        }));
    }
    // Let every task reach its start line, then start them together.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let cpu_window = CpuWindow::start(&server.pids())?;
    let _ = start.send(Some(Instant::now()));

    let mut times = Vec::with_capacity(settings.clients);
    let mut first_document = None;
    let mut clients = Vec::with_capacity(settings.clients);
    for join in joins {
        let (synced_after, received_bytes, document, client) = join.await??;
        times.push(synced_after);
        if received_bytes < document_bytes * 9 / 10 {
            bail!("a joining client was sent {received_bytes} bytes of a {document_bytes}-byte document");
        }
        if let Some(document) = document {
            first_document.get_or_insert(document);
        }
        clients.push(client);
    }
    let cpu = cpu_window.finish()?;
    let _ = stop_polling.send(true);
    let polled_peak = poller.await??;
    let memory_after = server.memory()?;
    drop(clients);
    let _ = stop_seeder.send(true);
    seeder_task.await??;

    // Checked after the clock stopped: one joiner's copy holds the whole document.
    let joined = Doc::new();
    joined.transact_mut().apply_update(Update::decode_v1(&first_document.context("no joiner")?)?)?;
    let length = joined.get_or_insert_text("notes").get_string(&joined.transact()).len();
    if length != expected_length {
        bail!("a joiner received {length} characters of {expected_length}");
    }

    times.sort();
    Ok(Outcome {
        document_bytes,
        all_synced: *times.last().context("no joiners")?,
        median_synced: times[times.len() / 2],
        resident_before_kib,
        resident_peak_kib: polled_peak.max(memory_after.resident_kib),
        high_water_mark_kib: memory_after.peak_kib,
        cpu,
    })
}

/// Builds the seed document as updates of about 400 KiB: paragraphs of about 1 KiB, each inserted
/// at the start, so each stays its own item as a person's separate edits would. Gives the updates
/// and the text's length.
fn seed_document(document_bytes: usize) -> (Vec<Vec<u8>>, usize) {
    let doc = Doc::new();
    let text = doc.get_or_insert_text("notes");
    let paragraphs = document_bytes.div_ceil(PARAGRAPH_BYTES);
    let mut updates = Vec::new();
    let mut length = 0;
    for first in (0..paragraphs).step_by(PARAGRAPHS_PER_UPDATE) {
        let mut transaction = doc.transact_mut();
        for index in first..(first + PARAGRAPHS_PER_UPDATE).min(paragraphs) {
            let paragraph = paragraph(index);
            length += paragraph.len();
            text.insert(&mut transaction, 0, &paragraph);
        }
        updates.push(transaction.encode_update_v1());
    }
    (updates, length)
}

/// About `PARAGRAPH_BYTES` of plain ASCII text, different for each index.
fn paragraph(index: usize) -> String {
    let mut paragraph = format!("Section {index}. ");
    while paragraph.len() < PARAGRAPH_BYTES - 1 {
        paragraph.push_str("Who is in the child's network, and what each of them will do. ");
    }
    paragraph.truncate(PARAGRAPH_BYTES - 1);
    paragraph.push('\n');
    paragraph
}

/// Reads the server's RSS every few milliseconds until told to stop; gives the highest seen.
async fn poll_peak_memory(pid: u32, mut stopped: watch::Receiver<bool>) -> anyhow::Result<u64> {
    let mut peak = 0;
    let mut ticker = tokio::time::interval(MEMORY_POLL);
    loop {
        tokio::select! {
            _ = ticker.tick() => {
                peak = peak.max(crate::process::memory_of(pid)?.resident_kib);
            }
            _ = super::until_set(&mut stopped) => return Ok(peak),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_has_the_asked_size_in_updates_under_a_mebibyte() {
        let (updates, length) = seed_document(5_000_000);
        assert!((5_000_000..5_000_000 + PARAGRAPH_BYTES).contains(&length));
        assert!(updates.iter().all(|update| update.len() < 1 << 20));
    }
}
