//! The ports a connection exposes: one target group and one listener each.

use crate::connection::names::ConnectionName;
use crate::error::usage;

/// AWS's limit of listeners on an NLB behind an endpoint service
/// (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html).
pub const MAX_LISTENERS: usize = 50;

/// The ports as given, without repeats, checked before any call: at most
/// [`MAX_LISTENERS`], and with several, a name short enough for `tpl-<name>-<port>`.
pub fn checked(given: &[u16], connection: &ConnectionName) -> anyhow::Result<Vec<u16>> {
    let mut ports: Vec<u16> = Vec::new();
    for port in given {
        if !ports.contains(port) {
            ports.push(*port);
        }
    }
    if ports.len() > MAX_LISTENERS {
        return Err(usage(format!(
            "--port given {} times: an NLB behind an endpoint service may have at most {MAX_LISTENERS} listeners",
            ports.len()
        )));
    }
    if ports.len() > 1 {
        check_name_length(connection, ports.iter().copied(), "ports")?;
    }
    Ok(ports)
}

/// With several listener ports, every `tpl-<name>-<port>` must fit AWS's limit on a target
/// group's name; `what` says what there are several of (`ports`, `routes`).
pub fn check_name_length(connection: &ConnectionName, ports: impl Iterator<Item = u16>, what: &str) -> anyhow::Result<()> {
    if let Some(long) = ports.map(|p| connection.port_target_group_name(p)).find(|n| n.len() > TARGET_GROUP_NAME_MAX) {
        return Err(usage(format!(
            "--name {connection} is too long for several {what}: target group {long} would pass AWS's {TARGET_GROUP_NAME_MAX} characters; use at most {} characters",
            TARGET_GROUP_NAME_MAX - (long.len() - connection.as_str().len())
        )));
    }
    Ok(())
}

/// AWS's limit on a target group's name.
const TARGET_GROUP_NAME_MAX: usize = 32;
