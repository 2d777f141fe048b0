//! Everything the user sees: data on stdout (a table or JSON, from one value), and
//! progress, hints and errors on stderr. Colour and spinners only on a terminal.
//! The one module that prints (and, on Ctrl-C outside a plan, exits).
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::exit)]

pub mod interrupt;
mod progress;
pub mod prompt;
pub mod table;
mod theme;

pub use progress::Progress;

use std::io::{IsTerminal, Write};

use serde::Serialize;

/// Text that does not go to a terminal is read in logs and editors: 100 columns unless
/// `COLUMNS` says otherwise.
const DEFAULT_COLUMNS: usize = 100;

pub(crate) fn columns(term: &console::Term) -> usize {
    let from_env = || std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|c: &usize| *c >= 40);
    if term.is_term() {
        term.size_checked().map(|(_, cols)| usize::from(cols)).filter(|c| *c >= 20).or_else(from_env).unwrap_or(80)
    } else {
        from_env().unwrap_or(DEFAULT_COLUMNS)
    }
}

/// A line on stdout, for the one message printed before there is a [`Ui`] (a usage
/// error as JSON).
pub fn stdout_line(message: &str) {
    println!("{message}");
}

/// A `-v` line from where there is no [`Ui`] (the AWS call log), fitted to stderr.
pub fn debug_line(message: &str) {
    eprintln!("{}", table::hanging(message, columns(&console::Term::stderr()), 4));
}

/// A notice from where there is no [`Ui`] (a call waiting for an answer), fitted to
/// stderr; the caller leaves it out under --quiet.
pub fn notice_line(message: &str) {
    let term = console::Term::stderr();
    let color = console::colors_enabled_stderr();
    let prefix = console::Style::new().yellow().bold().force_styling(color).apply_to("note:");
    eprintln!("{}", table::hanging(&format!("{prefix} {message}"), columns(&term), 6));
}

/// Whether stderr is a terminal (before there is a [`Ui`]).
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// `prefix message` on stderr: on a terminal wrapped at word boundaries under a hanging
/// indent (a terminal would break it inside a word); elsewhere one line, for logs and grep.
fn labelled_line(prefix: &str, style: console::Style, message: &str, color: bool) {
    let term = console::Term::stderr();
    let text = if term.is_term() {
        table::hanging(&format!("{prefix} {message}"), columns(&term), prefix.chars().count() + 1)
    } else {
        format!("{prefix} {message}")
    };
    let styled = style.force_styling(color).apply_to(prefix).to_string();
    eprintln!("{}", text.replacen(prefix, &styled, 1));
}

/// `hint: …`, styled as every hint is, from where there is no [`Ui`].
pub fn hint_line(message: &str, color: bool) {
    labelled_line("hint:", console::Style::new().cyan().bold(), message, color);
}

/// `error: …`, styled as every error is, with or without colour.
pub fn error_line(message: &str, color: bool) {
    labelled_line("error:", console::Style::new().red().bold(), message, color);
}

/// The colour policy for stderr before there is a [`Ui`] (a usage error found by
/// clap): `--color` as typed, else NO_COLOR, TERM and whether stderr is a terminal.
pub fn stderr_color_from_args(args: &[String]) -> bool {
    let typed = args.windows(2).find(|w| w[0] == "--color").map(|w| w[1].clone());
    let typed = typed.or_else(|| args.iter().find_map(|a| a.strip_prefix("--color=").map(str::to_string)));
    let choice = match typed.as_deref() {
        Some("always") => ColorChoice::Always,
        Some("never") => ColorChoice::Never,
        _ => ColorChoice::Auto,
    };
    color_policy(choice, std::io::stderr().is_terminal())
}

/// The one colour policy: `--color always|never` as said; under `auto`, colour on a
/// terminal unless NO_COLOR is set or TERM is `dumb`.
fn color_policy(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |term| term != "dumb")
        }
    }
}

/// How human output is laid out: its width, and whether IDs are shown whole (`-v`)
/// rather than short (a name, `sg-…`, `vpce-svc-…`).
#[derive(Debug, Clone, Copy)]
pub struct View {
    pub width: usize,
    pub full_ids: bool,
    pub color: bool,
    /// Printed on a terminal (not a pipe or a file): where sparklines are drawn.
    pub terminal: bool,
}

impl View {
    /// `text` in `style` when colour is on.
    pub fn paint(&self, text: &str, style: console::Style) -> String {
        if self.color { style.force_styling(true).apply_to(text).to_string() } else { text.to_string() }
    }

    /// An ID as a table shows it: whole with -v, else an ARN by its resource's name.
    pub fn id(&self, id: &str) -> String {
        if self.full_ids { id.to_string() } else { short_id(id) }
    }
}

/// `tpl-orders-nlb` for an ELB ARN, `tpl-orders-nlb listener 4567…` for a listener's;
/// anything that is not an ARN as it is.
pub fn short_id(id: &str) -> String {
    let Some(resource) = id.strip_prefix("arn:").and_then(|rest| rest.splitn(5, ':').nth(4)) else { return id.to_string() };
    let parts: Vec<&str> = resource.split('/').filter(|p| !matches!(*p, "net" | "app")).collect();
    match parts.as_slice() {
        ["listener", name, .., last] => format!("{name} listener {}", &last[..last.len().min(8)]),
        [_, name, ..] => (*name).to_string(),
        _ => resource.to_string(),
    }
}

/// A command's result: rendered for people, or serialized as one JSON object.
pub trait Report: Serialize {
    fn human(&self, view: View) -> String;
}

/// A JSON document is its own human rendering (the IAM policy).
impl Report for serde_json::Value {
    fn human(&self, _: View) -> String {
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
    /// Colour on stderr, and on stdout: one policy (--color, NO_COLOR, TERM) for both,
    /// prompts included, applied to each stream as it is or is not a terminal.
    color: bool,
    stdout_color: bool,
    stderr_is_terminal: bool,
}

impl Ui {
    pub fn new(global: Options) -> Self {
        let stderr_is_terminal = std::io::stderr().is_terminal();
        let color = color_policy(global.color, stderr_is_terminal);
        let stdout_color = color_policy(global.color, std::io::stdout().is_terminal());
        // dialoguer's themes and indicatif style through `console`: the same policy.
        console::set_colors_enabled_stderr(color);
        console::set_colors_enabled(stdout_color);
        Self {
            output: global.output,
            quiet: global.quiet,
            verbose: global.verbose,
            no_input: global.no_input || !std::io::stdin().is_terminal(),
            yes: global.yes,
            color,
            stdout_color,
            stderr_is_terminal,
        }
    }

    /// The layout for stdout: the terminal's width, else `COLUMNS`, else 100.
    pub fn view(&self) -> View {
        let stdout = console::Term::stdout();
        View { width: columns(&stdout), full_ids: self.verbose > 0, color: self.stdout_color, terminal: stdout.is_term() }
    }

    /// The layout for what goes to stderr (progress, the plan before a prompt).
    pub fn stderr_view(&self) -> View {
        let stderr = console::Term::stderr();
        View { width: columns(&stderr), full_ids: self.verbose > 0, color: self.color, terminal: stderr.is_term() }
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
                let text = report.human(self.view());
                if !text.is_empty() {
                    writeln!(stdout, "{}", text.trim_end())?;
                }
            }
        }
        Ok(())
    }

    /// One JSON value on stdout, whatever the output format (an error object).
    pub fn emit_json(&self, value: &serde_json::Value) {
        stdout_line(&value.to_string());
    }

    fn paint(&self, text: &str, style: console::Style) -> String {
        if self.color { style.force_styling(true).apply_to(text).to_string() } else { text.to_string() }
    }

    /// A line on stderr that even --quiet keeps (a cancel, an interruption).
    pub fn line(&self, message: &str) {
        eprintln!("{message}");
    }

    pub fn error_line(&self, message: &str) {
        error_line(message, self.color);
    }

    pub fn hint_line(&self, message: &str) {
        hint_line(message, self.color);
    }

    pub fn warn(&self, message: &str) {
        if !self.quiet {
            labelled_line("warning:", console::Style::new().yellow().bold(), message, self.color);
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
        self.info(&table::hanging(&format!("  {number}/{total} {step}"), self.stderr_view().width, 6));
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
