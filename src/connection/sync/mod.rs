//! The sync function: `sync-targets`'s work done by AWS Lambda in the customer's own
//! account, so a connection follows its databases' failovers with nothing running
//! anywhere else. Its handler (`handler.py`, boto3 only, which the Python runtime ships)
//! is built into the tool, and packaged the same way every time so a security team can
//! review the exact bytes (`sync-targets --package-to`) before anything is installed.

pub mod install;
pub mod package;
pub mod state;
