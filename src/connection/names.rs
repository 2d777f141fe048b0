//! The connection name, and the AWS names and tags derived from it.

use std::fmt;
use std::str::FromStr;

/// Tag key and value on every resource this tool creates.
pub const MANAGED_BY_KEY: &str = "managed-by";
pub const MANAGED_BY_VALUE: &str = "trigger-privatelink";
/// Tag key whose value is the connection name.
pub const CONNECTION_KEY: &str = "trigger-privatelink:connection";
/// Tag key on the target group naming the resource its targets came from.
pub const RESOURCE_KEY: &str = "trigger-privatelink:resource";
/// Tag key on the target group: `all` when readers and replicas are targets too,
/// `primary` when only the writer/primary is.
pub const NODES_KEY: &str = "trigger-privatelink:nodes";
/// Tag key on each part of `doctor --probe`'s prober and on its endpoint, valued with
/// the connection's name. They carry the connection's tags too (so a policy scoped to
/// the connection covers them), and this one so that nothing takes them for the
/// connection's own: a resource with it is never [`ConnectionName::owns`]'.
pub const PROBE_KEY: &str = "trigger-privatelink:probe";

const MAX_LEN: usize = 24;
/// Prefix of every AWS name; also keeps a load balancer name off `internal-`.
const PREFIX: &str = "tpl-";

/// A validated connection name: 1-24 lowercase letters, digits and hyphens, starting
/// and ending with a letter or digit. Short enough that `tpl-<name>-nlb` fits in
/// the 32 characters ELB allows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnectionName(String);

impl FromStr for ConnectionName {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let valid_chars = value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if value.is_empty() || value.len() > MAX_LEN || !valid_chars {
            return Err(format!("'{value}' must be 1 to {MAX_LEN} characters of lowercase letters, digits and hyphens"));
        }
        if value.starts_with('-') || value.ends_with('-') {
            return Err(format!("'{value}' must start and end with a letter or digit"));
        }
        Ok(Self(value.to_string()))
    }
}

impl fmt::Display for ConnectionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ConnectionName {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The target group of a connection with one port.
    pub fn target_group_name(&self) -> String {
        format!("{PREFIX}{}-tg", self.0)
    }

    /// The target group for `port` of a connection with several: `tpl-<name>-<port>`.
    pub fn port_target_group_name(&self, port: u16) -> String {
        format!("{PREFIX}{}-{port}", self.0)
    }

    /// Whether a target group name is one this connection gives (either form).
    pub fn names_target_group(&self, name: &str) -> bool {
        let per_port =
            name.strip_prefix(PREFIX).and_then(|rest| rest.strip_prefix(self.0.as_str())).and_then(|rest| rest.strip_prefix('-'));
        name == self.target_group_name() || per_port.is_some_and(|port| !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()))
    }

    pub fn load_balancer_name(&self) -> String {
        format!("{PREFIX}{}-nlb", self.0)
    }

    pub fn security_group_name(&self) -> String {
        format!("{PREFIX}{}-nlb", self.0)
    }

    /// The two tags every created resource carries, as (key, value) pairs.
    pub fn tags(&self) -> [(&'static str, String); 2] {
        [(MANAGED_BY_KEY, MANAGED_BY_VALUE.to_string()), (CONNECTION_KEY, self.0.clone())]
    }

    /// Whether a resource's tags mark it as this connection's (and not its prober's).
    pub fn owns<'a>(&self, tags: impl IntoIterator<Item = (&'a str, &'a str)>) -> bool {
        let mut managed = false;
        let mut named = false;
        let mut probe = false;
        for (key, value) in tags {
            managed |= key == MANAGED_BY_KEY && value == MANAGED_BY_VALUE;
            named |= key == CONNECTION_KEY && value == self.0;
            probe |= key == PROBE_KEY;
        }
        managed && named && !probe
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lowercase_digits_hyphens_up_to_24() {
        for ok in ["a", "db", "orders-db-2", "abcdefghijklmnopqrstuvwx"] {
            assert!(ok.parse::<ConnectionName>().is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_capitals_long_names_and_edges() {
        for bad in ["", "DB", "orders_db", "abcdefghijklmnopqrstuvwxy", "-db", "db-", "db.1"] {
            assert!(bad.parse::<ConnectionName>().is_err(), "{bad}");
        }
    }

    #[test]
    fn derived_names_fit_aws_limits() {
        let longest: ConnectionName = "internal-abcdefghijklmno".parse().unwrap();
        for name in [longest.target_group_name(), longest.load_balancer_name()] {
            assert!(name.len() <= 32, "{name}");
            assert!(!name.starts_with("internal-"), "{name}");
        }
    }

    #[test]
    fn ownership_needs_both_tags() {
        let name: ConnectionName = "db".parse().unwrap();
        assert!(name.owns([("managed-by", "trigger-privatelink"), ("trigger-privatelink:connection", "db")]));
        assert!(!name.owns([("trigger-privatelink:connection", "db")]));
        assert!(!name.owns([("managed-by", "trigger-privatelink"), ("trigger-privatelink:connection", "db2")]));
    }
}
