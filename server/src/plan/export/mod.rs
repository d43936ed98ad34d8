//! Exports of a plan version. (Being written.)
