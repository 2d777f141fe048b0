//! The emulator's own behaviours, checked through boto3 by its pytest suite
//! (tests/emulator/test_emulator.py), and the sync function's handler run against it
//! (test_sync_handler.py), and `doctor --probe`'s prober against servers on loopback
//! (test_prober.py): run here so the README's one test command runs them.

use std::process::Command;

use crate::harness::venv_python;

#[test]
fn emulator_behaves_as_aws_documents() {
    let emulator_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("emulator");
    let output = Command::new(venv_python())
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "test_emulator.py", "test_sync_handler.py", "test_prober.py"])
        .current_dir(&emulator_dir)
        .output()
        .expect("run pytest");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "emulator tests failed:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(summary.contains(" passed") && !summary.contains("failed") && !summary.contains("skipped"), "{summary}");
    eprintln!("emulator: {summary}");
}
