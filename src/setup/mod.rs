//! `setup`: every step for one connection, through the same resource modules as the
//! step subcommands. Flags and wizard answers fill one [`request::SetupRequest`]; the
//! plan is computed from it with read-only calls; `--dry-run` prints the plan, apply
//! executes it.

pub mod adopt;
pub mod plan;
pub mod request;
pub mod routes;
pub mod wizard;
