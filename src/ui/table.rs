//! Plain tables for human output: no borders to copy by accident, no colour.

use comfy_table::presets::NOTHING;
use comfy_table::{ContentArrangement, Table};

pub fn render(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut table = Table::new();
    table.load_preset(NOTHING).set_content_arrangement(ContentArrangement::Disabled).set_header(header.iter().map(|h| h.to_uppercase()));
    for row in rows {
        table.add_row(row);
    }
    // comfy-table pads every cell by one space on each side; trim the left edge.
    table.lines().map(|line| line.strip_prefix(' ').unwrap_or(&line).trim_end().to_string()).collect::<Vec<_>>().join("\n")
}
