//! The sync function's deployment package: `handler.py` alone, packaged as every function
//! of the tool is ([`crate::connection::function::package`]), so a security team can
//! review the exact bytes (`sync-targets --package-to`) before anything is installed.

pub use crate::connection::function::{code_sha256, sha256_hex};

/// The handler's source, as it runs in Lambda.
pub const HANDLER: &str = include_str!("handler.py");
/// `handler.py`'s `handler` function.
pub const HANDLER_ENTRY: &str = "handler.handler";
/// The file `--package-to` writes.
pub const FILE_NAME: &str = "trigger-privatelink-sync.zip";

/// The zip's bytes.
pub fn bytes() -> anyhow::Result<Vec<u8>> {
    crate::connection::function::package("handler.py", HANDLER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_holds_the_handler() {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes().unwrap())).unwrap();
        let mut entry = archive.by_index(0).unwrap();
        assert_eq!(entry.name().unwrap(), "handler.py");
        let mut source = String::new();
        std::io::Read::read_to_string(&mut entry, &mut source).unwrap();
        assert_eq!(source, HANDLER);
    }
}
