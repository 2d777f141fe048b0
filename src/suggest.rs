//! "Did you mean": the existing names closest to one that names nothing.

/// `; did you mean orders-db?` (or two or three names), or, when nothing is close, the
/// existing names (at most five); empty when there are none.
pub fn did_you_mean<'a>(typed: &str, existing: impl IntoIterator<Item = &'a str>) -> String {
    let existing: Vec<&str> = existing.into_iter().collect();
    let mut close: Vec<(f64, &str)> = existing
        .iter()
        .map(|name| (strsim::jaro_winkler(typed, name), *name))
        .filter(|(score, name)| *score >= 0.8 || name.contains(typed) || typed.contains(*name))
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0));
    match (close.as_slice(), existing.as_slice()) {
        ([], []) => String::new(),
        ([], all) => format!("; existing: {}", all.iter().take(5).copied().collect::<Vec<_>>().join(", ")),
        (some, _) => format!("; did you mean {}?", some.iter().take(3).map(|(_, name)| *name).collect::<Vec<_>>().join(" or ")),
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn close_names_are_suggested() {
        assert_eq!(did_you_mean("order", ["orders-db", "sessions"]), "; did you mean orders-db?");
        assert_eq!(did_you_mean("ordersdb", ["orders-db", "sessions"]), "; did you mean orders-db?");
        assert_eq!(did_you_mean("billing", ["orders-db", "sessions"]), "; existing: orders-db, sessions");
        assert_eq!(did_you_mean("billing", []), "");
    }
}
