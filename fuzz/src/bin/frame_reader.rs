//! AFL++ entry point of the `frame_reader` target (see docs/FUZZING.md).

fn main() {
    afl::fuzz!(|data: &[u8]| kinplan_fuzz::frame_reader(data));
}
