//! AFL++ entry point of the `protocol` target (see docs/FUZZING.md).

fn main() {
    afl::fuzz!(|data: &[u8]| kinplan_fuzz::protocol(data));
}
