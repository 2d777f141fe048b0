//! Everything the user sees: data on stdout (a table or JSON, from one value), and
//! progress, hints and errors on stderr. Colour and spinners only on a terminal.
//! The one module that prints (and, on Ctrl-C outside a plan, exits).
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)]

pub mod interrupt;
mod progress;
pub mod prompt;
pub mod table;

pub use progress::Progress;

use std::io::{IsTerminal, Write};

use serde::Serialize;

/// A plain line on stderr, for the few messages printed before there is a [`Ui`].
pub fn stderr_line(message: &str) {
    eprintln!("{message}");
}

/// A command's result: rendered for people, or serialized as one JSON object.
pub trait Report: Serialize {
    fn human(&self) -> String;
}

/// A JSON document is its own human rendering (the IAM policy).
impl Report for serde_json::Value {
    fn human(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How the user asked to be spoken to.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub output: OutputFormat,
    pub quiet: bool,
    pub verbose: u8,
    pub no_input: bool,
    pub yes: bool,
    pub color: ColorChoice,
}

#[derive(Debug, Clone)]
pub struct Ui {
    pub output: OutputFormat,
    pub quiet: bool,
    pub verbose: u8,
    pub no_input: bool,
    pub yes: bool,
    color: bool,
    stderr_is_terminal: bool,
}

impl Ui {
    pub fn new(global: Options) -> Self {
        let stderr_is_terminal = std::io::stderr().is_terminal();
        let color = match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                stderr_is_terminal
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |term| term != "dumb")
            }
        };
        Self {
            output: global.output,
            quiet: global.quiet,
            verbose: global.verbose,
            no_input: global.no_input || !std::io::stdin().is_terminal(),
            yes: global.yes,
            color,
            stderr_is_terminal,
        }
    }

    /// The terminal when prompts are allowed, else answers that name their flags.
    pub fn prompter(&self, command: &'static str) -> Box<dyn prompt::Prompter> {
        if self.interactive() { Box::new(prompt::Terminal::new(command)) } else { Box::new(prompt::NoInput) }
    }

    /// Prompts are allowed: stdin and stderr are terminals and --no-input was not given.
    pub fn interactive(&self) -> bool {
        !self.no_input && self.stderr_is_terminal
    }

    /// Print a command's result on stdout in the chosen format.
    pub fn emit(&self, report: &impl Report) -> anyhow::Result<()> {
        let mut stdout = std::io::stdout().lock();
        match self.output {
            OutputFormat::Json => writeln!(stdout, "{}", serde_json::to_string_pretty(report)?)?,
            OutputFormat::Human => {
                let text = report.human();
                if !text.is_empty() {
                    writeln!(stdout, "{}", text.trim_end())?;
                }
            }
        }
        Ok(())
    }

    fn paint(&self, text: &str, style: console::Style) -> String {
        if self.color { style.force_styling(true).apply_to(text).to_string() } else { text.to_string() }
    }

    /// A line on stderr that even --quiet keeps (a cancel, an interruption).
    pub fn line(&self, message: &str) {
        stderr_line(message);
    }

    pub fn error_line(&self, message: &str) {
        eprintln!("{} {message}", self.paint("error:", console::Style::new().red().bold()));
    }

    pub fn hint_line(&self, message: &str) {
        eprintln!("{} {message}", self.paint("hint:", console::Style::new().cyan().bold()));
    }

    pub fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("{} {message}", self.paint("warning:", console::Style::new().yellow().bold()));
        }
    }

    /// A progress line on stderr, unless --quiet.
    pub fn info(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    /// The executor's line before each step of a plan: `  2/9 create load-balancer tpl-orders-nlb`.
    pub fn step_line(&self, number: usize, total: usize, step: &str) {
        self.info(&format!("  {number}/{total} {step}"));
    }

    /// Detail shown with -v.
    pub fn debug(&self, message: &str) {
        if self.verbose > 0 && !self.quiet {
            eprintln!("{}", self.paint(message, console::Style::new().dim()));
        }
    }

    /// A spinner on a terminal; plain start and end lines otherwise.
    pub fn progress(&self, message: &str) -> Progress {
        Progress::start(message, self.stderr_is_terminal && !self.quiet, self.quiet)
    }
}
