//! Completion scripts and man pages, generated from the clap definitions. The files
//! under completions/ and man/ are committed; a test regenerates them and compares.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

pub const BIN: &str = "trigger-privatelink";

pub fn completion(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut out);
    out
}

fn completion_file(shell: Shell) -> String {
    match shell {
        Shell::Bash => format!("{BIN}.bash"),
        Shell::Zsh => format!("_{BIN}"),
        Shell::Fish => format!("{BIN}.fish"),
        Shell::PowerShell => format!("_{BIN}.ps1"),
        Shell::Elvish => format!("{BIN}.elv"),
        _ => format!("{BIN}.{shell}"),
    }
}

/// Every generated file: its path below the output directory, and its contents.
pub fn generated() -> std::io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files = Vec::new();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish] {
        files.push((Path::new("completions").join(completion_file(shell)), completion(shell)));
    }
    let command = Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    files.push((Path::new("man").join(format!("{BIN}.1")), page));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{BIN}-{}", sub.get_name());
        let mut page = Vec::new();
        clap_mangen::Man::new(sub.clone().name(name.clone())).render(&mut page)?;
        files.push((Path::new("man").join(format!("{name}.1")), page));
    }
    Ok(files)
}

pub fn write_all(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (path, contents) in generated()? {
        let target = dir.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, contents)?;
        written.push(path);
    }
    Ok(written)
}
