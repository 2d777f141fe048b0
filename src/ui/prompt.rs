//! Every question the tool asks, through one interface with three faces: a terminal
//! (dialoguer), no input at all (CI: a missing answer is an error naming the flag that
//! gives it), and a script (tests).

use std::cell::RefCell;
use std::collections::VecDeque;

use super::theme::Marked;
use dialoguer::{Confirm, Input, MultiSelect, Select};

use crate::error::{Back, Cancelled, usage};

/// A question, and the flag that answers it instead.
#[derive(Debug, Clone, Copy)]
pub struct Question<'a> {
    pub text: &'a str,
    pub flag: &'a str,
}

/// Checks a typed answer: `Err` is the reason, shown under the prompt.
pub type Validate<'a> = &'a dyn Fn(&str) -> Result<(), String>;

pub trait Prompter {
    /// A line of guidance before a question.
    fn note(&self, text: &str);
    /// Free text, re-asked until `validate` accepts it.
    fn input(&self, question: Question<'_>, default: Option<&str>, validate: Validate<'_>) -> anyhow::Result<String>;
    fn select(&self, question: Question<'_>, items: &[String], default: usize) -> anyhow::Result<usize>;
    fn multi_select(&self, question: Question<'_>, items: &[String], chosen: &[bool]) -> anyhow::Result<Vec<usize>>;
    fn confirm(&self, question: Question<'_>, default: bool) -> anyhow::Result<bool>;
}

/// A list's items cut to one terminal row each (with room for the cursor and the box):
/// an item a terminal wraps is redrawn wrong, leaving stale rows behind.
fn one_row_each(items: &[String]) -> Vec<String> {
    let width = super::columns(&console::Term::stderr()).saturating_sub(6).max(20);
    items
        .iter()
        .map(|item| if item.chars().count() <= width { item.clone() } else { item.chars().take(width - 1).collect::<String>() + "…" })
        .collect()
}

/// How many items of a list a prompt shows at once: the terminal's rows less room for
/// the explanation and question above it (a long list pages instead of scrolling them off).
fn list_rows() -> usize {
    let rows = console::Term::stderr().size_checked().map_or(24, |(rows, _)| usize::from(rows));
    rows.saturating_sub(8).max(5)
}

/// Prompts on the terminal; Esc and Ctrl-C cancel `command`.
pub struct Terminal {
    command: &'static str,
    theme: Marked,
}

impl Terminal {
    pub fn new(command: &'static str) -> Self {
        Self { command, theme: Marked::default() }
    }

    fn answered<T>(&self, answer: dialoguer::Result<Option<T>>) -> anyhow::Result<T> {
        // Esc: back one question in the wizard, a cancel anywhere else.
        self.io(answer)?.ok_or_else(|| Back { command: self.command }.into())
    }

    /// Ctrl-C while a prompt reads the keyboard is an interrupted read: a cancel.
    fn io<T>(&self, answer: dialoguer::Result<T>) -> anyhow::Result<T> {
        answer.map_err(|err| match err {
            dialoguer::Error::IO(io) if io.kind() == std::io::ErrorKind::Interrupted => Cancelled { command: self.command }.into(),
            other => anyhow::anyhow!(other),
        })
    }
}

impl Prompter for Terminal {
    fn note(&self, text: &str) {
        eprintln!("{}", super::table::hanging(text, super::columns(&console::Term::stderr()), 0));
    }

    fn input(&self, question: Question<'_>, default: Option<&str>, validate: Validate<'_>) -> anyhow::Result<String> {
        let mut input = Input::<String>::with_theme(&self.theme).with_prompt(question.text).validate_with(|v: &String| validate(v));
        if let Some(default) = default {
            input = input.default(default.to_string());
        }
        self.io(input.interact_text())
    }

    fn select(&self, question: Question<'_>, items: &[String], default: usize) -> anyhow::Result<usize> {
        self.answered(
            Select::with_theme(&self.theme)
                .with_prompt(question.text)
                .items(one_row_each(items))
                .default(default)
                .max_length(list_rows())
                .interact_opt(),
        )
    }

    fn multi_select(&self, question: Question<'_>, items: &[String], chosen: &[bool]) -> anyhow::Result<Vec<usize>> {
        self.answered(
            MultiSelect::with_theme(&self.theme)
                .with_prompt(question.text)
                .items(one_row_each(items))
                .defaults(chosen)
                .max_length(list_rows())
                .interact_opt(),
        )
    }

    fn confirm(&self, question: Question<'_>, default: bool) -> anyhow::Result<bool> {
        self.answered(Confirm::with_theme(&self.theme).with_prompt(question.text).default(default).interact_opt())
    }
}

/// No terminal, or --no-input: every question is an error naming its flag.
pub struct NoInput;

impl NoInput {
    fn missing<T>(question: Question<'_>) -> anyhow::Result<T> {
        Err(usage(format!("missing {} ({}; prompts need a terminal without --no-input)", question.flag, question.text)))
    }
}

impl Prompter for NoInput {
    fn note(&self, _: &str) {}

    fn input(&self, question: Question<'_>, _: Option<&str>, _: Validate<'_>) -> anyhow::Result<String> {
        Self::missing(question)
    }

    fn select(&self, question: Question<'_>, _: &[String], _: usize) -> anyhow::Result<usize> {
        Self::missing(question)
    }

    fn multi_select(&self, question: Question<'_>, _: &[String], _: &[bool]) -> anyhow::Result<Vec<usize>> {
        Self::missing(question)
    }

    fn confirm(&self, question: Question<'_>, _: bool) -> anyhow::Result<bool> {
        Self::missing(question)
    }
}

/// Answers from a script, in order, for tests: text for `input`, an index for
/// `select`, comma-separated indexes for `multi_select`, `y`/`n` for `confirm`. A
/// typed answer that fails validation is taken back and the next one is tried, as a
/// person would type again.
#[derive(Default)]
pub struct Scripted {
    answers: RefCell<VecDeque<String>>,
    /// Every question asked, and every reason shown under a rejected answer.
    pub transcript: RefCell<Vec<String>>,
}

impl Scripted {
    pub fn new(answers: &[&str]) -> Self {
        Self { answers: RefCell::new(answers.iter().map(|a| a.to_string()).collect()), transcript: RefCell::default() }
    }

    fn next(&self, question: Question<'_>) -> anyhow::Result<String> {
        self.transcript.borrow_mut().push(question.text.to_string());
        self.answers.borrow_mut().pop_front().ok_or_else(|| anyhow::anyhow!("the script has no answer for {:?}", question.text))
    }
}

impl Prompter for Scripted {
    fn note(&self, text: &str) {
        self.transcript.borrow_mut().push(text.to_string());
    }

    fn input(&self, question: Question<'_>, default: Option<&str>, validate: Validate<'_>) -> anyhow::Result<String> {
        loop {
            let typed = self.next(question)?;
            let answer = if typed.is_empty() { default.unwrap_or_default().to_string() } else { typed };
            match validate(&answer) {
                Ok(()) => return Ok(answer),
                Err(reason) => self.transcript.borrow_mut().push(reason),
            }
        }
    }

    fn select(&self, question: Question<'_>, _: &[String], _: usize) -> anyhow::Result<usize> {
        Ok(self.next(question)?.parse()?)
    }

    fn multi_select(&self, question: Question<'_>, _: &[String], _: &[bool]) -> anyhow::Result<Vec<usize>> {
        let answer = self.next(question)?;
        answer.split(',').filter(|s| !s.is_empty()).map(|s| Ok(s.trim().parse()?)).collect()
    }

    fn confirm(&self, question: Question<'_>, _: bool) -> anyhow::Result<bool> {
        Ok(self.next(question)? == "y")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: Question<'static> = Question { text: "Account ID", flag: "--account-id" };

    fn digits(value: &str) -> Result<(), String> {
        if value.len() == 12 && value.chars().all(|c| c.is_ascii_digit()) { Ok(()) } else { Err(format!("'{value}' is not 12 digits")) }
    }

    #[test]
    fn no_input_names_the_flag() {
        let err = NoInput.input(ACCOUNT, None, &digits).unwrap_err();
        assert!(err.to_string().starts_with("missing --account-id"), "{err}");
        assert!(err.is::<crate::error::UsageError>());
    }

    #[test]
    fn a_script_is_re_asked_after_an_invalid_answer() {
        let script = Scripted::new(&["12345", "123456789012", "1", "0,2", "y"]);
        assert_eq!(script.input(ACCOUNT, None, &digits).unwrap(), "123456789012");
        assert_eq!(script.select(ACCOUNT, &[], 0).unwrap(), 1);
        assert_eq!(script.multi_select(ACCOUNT, &[], &[]).unwrap(), [0, 2]);
        assert!(script.confirm(ACCOUNT, false).unwrap());
        assert_eq!(script.transcript.borrow()[..3], ["Account ID", "'12345' is not 12 digits", "Account ID"]);
        assert!(script.input(ACCOUNT, None, &digits).is_err(), "an exhausted script is an error, not a hang");
    }

    #[test]
    fn an_empty_answer_takes_the_default() {
        let script = Scripted::new(&[""]);
        assert_eq!(script.input(ACCOUNT, Some("210987654321"), &digits).unwrap(), "210987654321");
    }
}
