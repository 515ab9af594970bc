//! # smtp-benches
//!
//! Criterion benchmarks of the `smtp-codec` hot paths, run side by side with
//! a peer crate on the same inputs. Not published. The benchmark targets are
//! added with the codec paths they measure.
