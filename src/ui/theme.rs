//! The prompts' look: dialoguer's colourful theme, with a cursor marker in
//! multi-selects that does not depend on colour. The colourful theme shows the active
//! row of a multi-select by colour alone, so under NO_COLOR every row looked the same.

use std::fmt;

use dialoguer::theme::{ColorfulTheme, Theme};

#[derive(Default)]
pub struct Marked(pub ColorfulTheme);

impl Theme for Marked {
    fn format_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_prompt(f, prompt)
    }

    fn format_error(&self, f: &mut dyn fmt::Write, err: &str) -> fmt::Result {
        self.0.format_error(f, err)
    }

    fn format_confirm_prompt(&self, f: &mut dyn fmt::Write, prompt: &str, default: Option<bool>) -> fmt::Result {
        self.0.format_confirm_prompt(f, prompt, default)
    }

    fn format_confirm_prompt_selection(&self, f: &mut dyn fmt::Write, prompt: &str, selection: Option<bool>) -> fmt::Result {
        self.0.format_confirm_prompt_selection(f, prompt, selection)
    }

    fn format_input_prompt(&self, f: &mut dyn fmt::Write, prompt: &str, default: Option<&str>) -> fmt::Result {
        self.0.format_input_prompt(f, prompt, default)
    }

    fn format_input_prompt_selection(&self, f: &mut dyn fmt::Write, prompt: &str, sel: &str) -> fmt::Result {
        self.0.format_input_prompt_selection(f, prompt, sel)
    }

    fn format_multi_select_prompt_selection(&self, f: &mut dyn fmt::Write, prompt: &str, selections: &[&str]) -> fmt::Result {
        self.0.format_multi_select_prompt_selection(f, prompt, selections)
    }

    fn format_select_prompt_item(&self, f: &mut dyn fmt::Write, text: &str, active: bool) -> fmt::Result {
        self.0.format_select_prompt_item(f, text, active)
    }

    /// `❯ ✔ item` on the cursor's row, `  ⬚ item` elsewhere: the same marker a select shows.
    fn format_multi_select_prompt_item(&self, f: &mut dyn fmt::Write, text: &str, checked: bool, active: bool) -> fmt::Result {
        let marker = if active { &self.0.active_item_prefix } else { &self.0.inactive_item_prefix };
        write!(f, "{marker} ")?;
        self.0.format_multi_select_prompt_item(f, text, checked, active)
    }
}
