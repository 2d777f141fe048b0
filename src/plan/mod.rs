//! The one model for every AWS write. A command reads what exists (read-only calls),
//! decides, and returns a [`Plan`]: an ordered list of steps, one per resource, each
//! with the writes it takes. `--dry-run` prints the plan; [`execute`] runs exactly that
//! plan, step by step, and is the only way to a write (see [`Writer`]).

mod executor;
mod step;
mod write;

pub use executor::{dry_run, execute};
pub use step::{Action, DEFAULT_WAIT, Outcome, Plan, Step, StepReport, outcome_table};
pub use write::{AnyWrite, Context, Id, Made, Mode, PermissionCheck, Slot, WriteOp, Writer, dry_run_id};
