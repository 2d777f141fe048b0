use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A long wait, shown as a spinner on a terminal and as plain lines elsewhere
/// (a CI log gets one line when the wait starts and one when it ends).
pub struct Progress {
    spinner: Option<ProgressBar>,
    quiet: bool,
}

impl Progress {
    pub(super) fn start(message: &str, animate: bool, quiet: bool) -> Self {
        if animate {
            let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            spinner.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("static template"));
            spinner.set_message(message.to_string());
            spinner.enable_steady_tick(Duration::from_millis(100));
            Self { spinner: Some(spinner), quiet }
        } else {
            if !quiet {
                eprintln!("{message} …");
            }
            Self { spinner: None, quiet }
        }
    }

    pub fn set_message(&self, message: &str) {
        if let Some(spinner) = &self.spinner {
            spinner.set_message(message.to_string());
        }
    }

    pub fn finish(&self, message: &str) {
        match &self.spinner {
            Some(spinner) => spinner.finish_with_message(message.to_string()),
            None if !self.quiet => eprintln!("{message}"),
            None => {}
        }
    }

    pub fn abandon(&self) {
        if let Some(spinner) = &self.spinner {
            spinner.abandon();
        }
    }
}
