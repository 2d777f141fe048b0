//! The integration suite: one test binary. Every test that needs AWS starts its own
//! emulator (moto plus the project's layer, see tests/emulator/) on a loopback port.

// Test output (figures, transcripts) goes to stderr, shown with --nocapture.
#![allow(clippy::print_stderr)]

mod harness;
mod life;
mod ports;
mod probe;
mod scoped_policy;
mod seed;
mod self_healing;

mod adopt;
mod alerts;
mod bad_input;
mod clusters;
mod doctor;
mod emulator;
mod evidence;
mod export;
mod first_hour;
mod hostile;
mod mocks;
mod rough;
mod routes;
mod setup;
mod steps;
mod structure;
mod sync_cases;
mod targets;
mod wizard;
