//! AFL++ entry point of the `yjs_update` target (see docs/FUZZING.md).

fn main() {
    afl::fuzz!(|data: &[u8]| kinplan_fuzz::yjs_update(data));
}
