//! Plain tables and wrapped text for human output: no borders to copy by accident, no
//! colour, and no line longer than the width given. A table never splits a word (an ID,
//! an ARN, an address, an IAM action): each column is at least as wide as its longest
//! word, and when the columns cannot all be that wide, each row is laid out as a block
//! instead (its first cells on one line, its last under them).

use comfy_table::presets::NOTHING;
use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width};

/// The longest word of each column (header included), in characters.
fn longest_words(header: &[&str], rows: &[Vec<String>]) -> Vec<usize> {
    let longest = |text: &str| text.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
    header
        .iter()
        .enumerate()
        .map(|(i, h)| rows.iter().filter_map(|r| r.get(i)).map(|c| longest(c)).max().unwrap_or(0).max(longest(h)))
        .collect()
}

/// A table no wider than `width` columns; long cells wrap at spaces, never inside a word.
pub fn render(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>, width: usize) -> String {
    let rows: Vec<Vec<String>> = rows.into_iter().collect();
    let longest = longest_words(header, &rows);
    // comfy-table pads every cell by one space on each side; the left edge is trimmed
    // below, so one more column is free.
    if longest.iter().map(|w| w + 2).sum::<usize>() > width + 1 {
        return blocks(header, &rows, width);
    }
    let mut table = Table::new();
    table.load_preset(NOTHING).set_content_arrangement(ContentArrangement::Dynamic).set_header(header.iter().map(|h| h.to_uppercase()));
    table.set_width(u16::try_from(width + 1).unwrap_or(u16::MAX));
    for row in rows {
        table.add_row(row);
    }
    for (column, words) in table.column_iter_mut().zip(&longest) {
        // comfy-table's bound counts the cell's padding too.
        column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(u16::try_from(words + 2).unwrap_or(u16::MAX))));
    }
    table.lines().map(|line| line.strip_prefix(' ').unwrap_or(&line).trim_end().to_string()).collect::<Vec<_>>().join("\n")
}

/// Rows too wide for columns: each a block, its cells but the last on one line (wrapped
/// at spaces), the last (the details) under them, indented.
fn blocks(header: &[&str], rows: &[Vec<String>], width: usize) -> String {
    let words = |text: &str, indent: usize| {
        let pad = " ".repeat(indent);
        let options = textwrap::Options::new(width.max(indent + 20))
            .initial_indent(&pad)
            .subsequent_indent(&pad)
            // Only a word longer than a whole line is broken: nothing else can fit it.
            .break_words(true)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        textwrap::fill(text, options)
    };
    let mut out = vec![header.iter().map(|h| h.to_uppercase()).collect::<Vec<_>>().join("  ")];
    for row in rows {
        let (last, first) = row.split_last().map_or((None, &row[..]), |(last, first)| (Some(last), first));
        let head: Vec<&str> = first.iter().map(String::as_str).filter(|c| !c.is_empty()).collect();
        out.push(words(&head.join("  "), 0));
        if let Some(last) = last.filter(|l| !l.is_empty()) {
            out.push(words(last, 4));
        }
    }
    out.join("\n")
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
    fn no_word_is_split_across_rows_at_80_columns() {
        let rows = vec![
            vec![
                "update".to_string(),
                "allowed-principals".into(),
                "vpce-svc-0123456789abcdef0".into(),
                "add arn:aws:iam::210987654321:root".into(),
            ],
            vec!["exists".to_string(), "listener".into(), "tpl-a-very-long-connection-nlb listener 01234567".into(), "TCP 5432".into()],
        ];
        let text = render(&["plan", "resource", "name", "details"], rows.clone(), 80);
        for word in rows.iter().flatten().flat_map(|c| c.split_whitespace()) {
            assert!(text.lines().any(|l| l.contains(word)), "{word} split:\n{text}");
        }
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
        // Too wide for columns at 40: each row a block, still no word split.
        let narrow = render(&["plan", "resource", "name", "details"], rows.clone(), 40);
        for word in rows.iter().flatten().flat_map(|c| c.split_whitespace()) {
            assert!(narrow.lines().any(|l| l.contains(word)), "{word} split:\n{narrow}");
        }
        assert!(narrow.lines().any(|l| l.starts_with("    add arn:aws:iam::210987654321:root")), "{narrow}");
    }

    #[test]
    fn hanging_indent() {
        let text = hanging("a finding that goes on and on and on well past the edge of a narrow terminal window", 40, 4);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 1);
        assert!(lines[1..].iter().all(|l| l.starts_with("    ") && l.chars().count() <= 40), "{text}");
    }
}
