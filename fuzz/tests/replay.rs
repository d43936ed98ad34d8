//! Replays every committed input of every fuzz target through the same function the fuzzer runs:
//! the seeds, the minimised corpus and the inputs that once failed. A panic in any of them fails
//! the test and names the file. Needs no AFL++: this is how CI keeps what fuzzing found.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Runs `target` on every file under `seeds/`, `corpus/` and `regressions/` for `name`.
fn replay(name: &str, target: fn(&[u8])) {
    replay_from(&["seeds", "corpus", "regressions"], name, target);
}

/// Runs `target` on every file under each of `kinds` (directories of the crate) for `name`.
fn replay_from(kinds: &[&str], name: &str, target: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut replayed = 0;
    let mut failed = Vec::new();
    for kind in kinds {
        let directory = root.join(kind).join(name);
        let Ok(entries) = std::fs::read_dir(&directory) else { continue };
        let mut paths: Vec<_> = entries.map(|entry| entry.expect("a directory entry").path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|path| path.is_file()) {
            let input = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
                failed.push(path.display().to_string());
            }
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no inputs found for the {name} target");
    assert!(failed.is_empty(), "the {name} target panicked on {} of {replayed} inputs: {failed:#?}", failed.len());
}

#[test]
fn protocol_inputs_replay_cleanly() {
    replay("protocol", kinplan_fuzz::protocol);
}

#[test]
fn yjs_update_inputs_replay_cleanly() {
    replay("yjs_update", kinplan_fuzz::yjs_update);
}

#[test]
fn frame_reader_inputs_replay_cleanly() {
    replay("frame_reader", kinplan_fuzz::frame_reader);
}

/// Inputs on which yrs never finished applying the update (it looped in `Item::integrate`) before
/// the update validator refused them. Each runs on a thread of its own and must finish within ten
/// seconds, so a validator that lets one through again fails here rather than hanging the suite.
#[test]
fn yrs_hang_inputs_finish() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("yrs-hangs").join("yjs_update");
    let mut unfinished = Vec::new();
    for entry in std::fs::read_dir(&directory).expect("the yrs-hangs directory") {
        let path = entry.expect("a directory entry").path();
        let input = std::fs::read(&path).expect("an input");
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = catch_unwind(AssertUnwindSafe(|| kinplan_fuzz::yjs_update(&input)));
            let _ = done.send(());
        });
        if finished.recv_timeout(std::time::Duration::from_secs(10)).is_err() {
            unfinished.push(path.display().to_string());
        }
    }
    assert!(unfinished.is_empty(), "still running after 10 s: {unfinished:#?}");
}
