//! Plain tables and wrapped text for human output: no borders to copy by accident, no
//! colour, and no line longer than the width given (cells wrap at word boundaries).

use comfy_table::presets::NOTHING;
use comfy_table::{ContentArrangement, Table};

/// A table no wider than `width` columns; long cells wrap at spaces.
pub fn render(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>, width: usize) -> String {
    let mut table = Table::new();
    table.load_preset(NOTHING).set_content_arrangement(ContentArrangement::Dynamic).set_header(header.iter().map(|h| h.to_uppercase()));
    // comfy-table pads every cell by one space on each side; the left edge is trimmed
    // below, so one more column is free.
    table.set_width(u16::try_from(width + 1).unwrap_or(u16::MAX));
    for row in rows {
        table.add_row(row);
    }
    table.lines().map(|line| line.strip_prefix(' ').unwrap_or(&line).trim_end().to_string()).collect::<Vec<_>>().join("\n")
}

/// `text` wrapped to `width`, each line after the first indented by `indent` spaces
/// (a hanging indent, as for a finding under its check's name).
pub fn hanging(text: &str, width: usize, indent: usize) -> String {
    let pad = " ".repeat(indent);
    // IDs and region names hold hyphens: never split there.
    let options = textwrap::Options::new(width.max(indent + 20))
        .subsequent_indent(&pad)
        .break_words(true)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
}

/// `prefix` then `text`, wrapped so that every line of `text` starts in the column
/// after the prefix (a label column); on a terminal too narrow for that, under a
/// six-column indent instead.
pub fn labelled(prefix: &str, text: &str, width: usize) -> String {
    let indent = prefix.chars().count();
    if width < indent + 30 {
        return hanging(&format!("{prefix}{text}"), width, 6);
    }
    let options = textwrap::Options::new(width - indent).break_words(true).word_splitter(textwrap::WordSplitter::NoHyphenation);
    let pad = " ".repeat(indent);
    textwrap::wrap(text, options)
        .iter()
        .enumerate()
        .map(|(i, line)| if i == 0 { format!("{prefix}{line}") } else { format!("{pad}{line}") })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_fits_its_width_and_wraps_at_spaces() {
        let long = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/tpl-orders-nlb/0123456789abcdef".to_string();
        let rows = vec![vec!["load-balancer".to_string(), long, "created".into(), "internal, us-east-1a, us-east-1b".into()]];
        let text = render(&["resource", "id", "action", "details"], rows, 80);
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{} columns: {line}", line.chars().count());
        }
        assert!(text.contains("PLAN") || text.contains("ACTION"), "headers are whole words:\n{text}");
        assert!(!text.contains("c\ncreated") && text.contains("created"), "{text}");
    }

    #[test]
    fn hanging_indent() {
        let text = hanging("a finding that goes on and on and on well past the edge of a narrow terminal window", 40, 4);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 1);
        assert!(lines[1..].iter().all(|l| l.starts_with("    ") && l.chars().count() <= 40), "{text}");
    }
}
