//! The integration suite: one test binary. Every test that needs AWS starts its own
//! emulator (moto plus the project's layer, see tests/emulator/) on a loopback port.

mod harness;
mod life;
mod seed;

mod bad_input;
mod doctor;
mod emulator;
mod mocks;
mod setup;
mod steps;
mod wizard;
