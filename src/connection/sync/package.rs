//! The function's deployment package: a zip of one stored entry, `handler.py`, with a
//! fixed timestamp (1980-01-01, the zip format's first day) and mode 0644 ("Lambda needs
//! 644 permissions for non-executable files", the Lambda Developer Guide's deployment
//! package page), so the same handler makes the same bytes on every run and machine.
//! Stored, not deflated: a compressor's output may change between versions, stored bytes
//! cannot.

use std::io::Write;

use base64::Engine;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The handler's source, as it runs in Lambda.
pub const HANDLER: &str = include_str!("handler.py");
/// `handler.py`'s `handler` function.
pub const HANDLER_ENTRY: &str = "handler.handler";
/// The file `--package-to` writes.
pub const FILE_NAME: &str = "trigger-privatelink-sync.zip";

/// The zip's bytes.
pub fn bytes() -> anyhow::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    zip.start_file("handler.py", options)?;
    zip.write_all(HANDLER.as_bytes())?;
    Ok(zip.finish()?.into_inner())
}

/// The SHA-256 of the bytes, in hex (what `sha256sum` prints).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Lambda's `CodeSha256` of the package: the base64 of its raw SHA-256 (what
/// GetFunction answers, to tell whether the deployed code is this).
pub fn code_sha256(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_is_the_same_bytes_every_time_and_holds_the_handler() {
        let first = bytes().unwrap();
        assert_eq!(first, bytes().unwrap());
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(first.clone())).unwrap();
        assert_eq!(archive.len(), 1);
        let mut entry = archive.by_index(0).unwrap();
        assert_eq!((entry.name().unwrap().to_string(), entry.unix_mode()), ("handler.py".to_string(), Some(0o100644)));
        let mut source = String::new();
        std::io::Read::read_to_string(&mut entry, &mut source).unwrap();
        assert_eq!(source, HANDLER);
        assert_eq!(code_sha256(&first).len(), 44, "base64 of 32 bytes");
    }
}
