//! Network ACLs on the way from Trigger.dev's endpoint to the targets. ACLs are stateless
//! and apply where traffic crosses a subnet's edge, so each leg is checked both ways: the
//! request port one way, the ephemeral ports (1024-65535) back. The NLB's subnets must
//! admit the listener ports from any client (Trigger.dev's addresses are not published)
//! and let the target and health-check ports out to the targets; the targets' subnets
//! must admit those ports from the NLB's subnets.
//! https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-register-targets.html#network-acls
//! Entries are evaluated lowest number first and the first match decides; `*` (number
//! 32767) denies what no entry decided.
//! https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html

use std::net::Ipv4Addr;

use aws_sdk_ec2::types::{NetworkAcl, NetworkAclEntry, RuleAction};
use ipnet::Ipv4Net;

use super::{Inputs, groups, input, nlb};
use crate::doctor::target::Target;
use crate::doctor::{CheckId, Finding, Status};
use crate::snapshot::{Snapshot, Unread};

pub(super) const EPHEMERAL: (u16, u16) = (1024, 65535);
const LAST_RULE: i32 = 32767;

/// One leg of a connection through one subnet's ACL.
#[derive(Debug, Clone, Copy)]
pub(super) struct Leg {
    pub egress: bool,
    pub ports: (u16, u16),
    /// Every address the traffic may come from (inbound) or go to (outbound).
    pub peer: Ipv4Net,
}

/// The entry of `acl` that stops some of the leg's traffic, in words; None when the
/// ACL lets all of it through. An allow entry decides only for a peer it covers whole;
/// a deny entry that covers any of it blocks (some clients, some nodes), unless it lies
/// within `exempt` (addresses the peer cannot have).
pub(super) fn blocking_entry(acl: &NetworkAcl, leg: Leg, exempt: &[Ipv4Net]) -> Option<String> {
    let mut undecided = vec![leg.ports];
    let mut entries: Vec<&NetworkAclEntry> = acl.entries().iter().filter(|e| e.egress() == Some(leg.egress)).collect();
    entries.sort_by_key(|e| e.rule_number().unwrap_or(LAST_RULE));
    let (direction, preposition) = if leg.egress { ("outbound", "to") } else { ("inbound", "from") };
    let describe = |number: String| {
        format!(
            "{} {direction} rule {number} denies TCP {} {preposition} {}",
            acl.network_acl_id().unwrap_or("?"),
            ports(leg.ports),
            leg.peer
        )
    };
    for entry in entries {
        let (Some(range), Some(cidr)) = (tcp_range(entry), entry.cidr_block().and_then(|c| c.parse::<Ipv4Net>().ok())) else {
            continue;
        };
        let overlaps_peer = cidr.contains(&leg.peer) || leg.peer.contains(&cidr);
        if !overlaps_peer || minus(&undecided, range) == undecided {
            continue;
        }
        let number = entry.rule_number().unwrap_or(LAST_RULE);
        if entry.rule_action() == Some(&RuleAction::Deny) {
            if exempt.iter().any(|e| e.contains(&cidr)) {
                continue;
            }
            return Some(describe(if number == LAST_RULE { "*".into() } else { number.to_string() }));
        }
        if cidr.contains(&leg.peer) {
            undecided = minus(&undecided, range);
            if undecided.is_empty() {
                return None;
            }
        }
    }
    Some(describe("*".into()))
}

fn tcp_range(entry: &NetworkAclEntry) -> Option<(u16, u16)> {
    match entry.protocol()? {
        "-1" => Some((0, u16::MAX)),
        "6" | "tcp" => {
            let range = entry.port_range()?;
            Some((u16::try_from(range.from()?).ok()?, u16::try_from(range.to()?).ok()?))
        }
        _ => None,
    }
}

fn minus(intervals: &[(u16, u16)], cut: (u16, u16)) -> Vec<(u16, u16)> {
    let mut left = Vec::new();
    for &(low, high) in intervals {
        if cut.1 < low || cut.0 > high {
            left.push((low, high));
            continue;
        }
        if low < cut.0 {
            left.push((low, cut.0 - 1));
        }
        if cut.1 < high {
            left.push((cut.1 + 1, high));
        }
    }
    left
}

fn ports((low, high): (u16, u16)) -> String {
    if low == high { low.to_string() } else { format!("{low}-{high}") }
}

/// A leg an ACL stops: what it carries, in words with the entry, and the target it leads
/// to (None for Trigger.dev's traffic into the NLB).
pub(super) struct Blocked {
    pub line: String,
    pub target: Option<Ipv4Addr>,
}

/// Every leg of the path that a network ACL stops, each once.
pub(super) fn blocked_legs(s: &Snapshot) -> Result<Vec<Blocked>, Unread> {
    let lb = nlb(s)?;
    let acls = input(&s.network_acls)?;
    let subnets = input(&s.subnets)?;
    let access = s.target_access()?;
    let cidr_of = |id: &str| -> Option<Ipv4Net> { subnets.iter().find(|s| s.subnet_id() == Some(id))?.cidr_block()?.parse().ok() };
    let anywhere: Ipv4Net = "0.0.0.0/0".parse().expect("a CIDR");
    // Trigger.dev's clients may have any address, but not one of your VPC's: a deny of
    // your own ranges does not stop them.
    let vpc_cidrs: Vec<Ipv4Net> = s.vpc.as_ref().map(|v| v.cidrs.clone()).unwrap_or_default();
    let listener_ports: Vec<u16> = input(&s.listeners)?.iter().filter_map(|l| u16::try_from(l.port()?).ok()).collect();
    let health_port = |target_port: u16| -> u16 {
        let group = groups(s).ok().and_then(|g| g.iter().find(|v| v.group.port() == Some(i32::from(target_port))));
        // "traffic-port" (or nothing) means the target port.
        group.and_then(|v| v.group.health_check_port()?.parse().ok()).unwrap_or(target_port)
    };
    // (what the leg carries, the subnet whose ACL it crosses, the leg, the target it leads to)
    let mut legs: Vec<(String, &str, Leg, Option<Ipv4Addr>)> = Vec::new();
    for node in lb.availability_zones().iter().filter_map(|z| z.subnet_id()) {
        let Some(node_cidr) = cidr_of(node) else { continue };
        for &port in &listener_ports {
            let what = format!("Trigger.dev's traffic to the listener on {port}");
            legs.push((what.clone(), node, Leg { egress: false, ports: (port, port), peer: anywhere }, None));
            legs.push((what, node, Leg { egress: true, ports: EPHEMERAL, peer: anywhere }, None));
        }
        for target in &access {
            // An ALB target has no interface listed: its own subnets' ACLs are not judged.
            let (Some(target_subnet), Some(target_ip)) = (target.interface.and_then(|e| e.subnet_id()), target.ip) else { continue };
            if target_subnet == node {
                continue; // inside one subnet, no ACL is crossed
            }
            let ip = Ipv4Net::from(target_ip);
            let health = health_port(target.port);
            let kinds = if health == target.port {
                vec![("traffic and health checks", target.port)]
            } else {
                vec![("traffic", target.port), ("health checks", health)]
            };
            for (what, port) in kinds {
                let what = format!("{what} (TCP {port}) from the NLB's subnet {node} to {}", target.target);
                let to = Some(target_ip);
                legs.push((what.clone(), node, Leg { egress: true, ports: (port, port), peer: ip }, to));
                legs.push((what.clone(), node, Leg { egress: false, ports: EPHEMERAL, peer: ip }, to));
                legs.push((what.clone(), target_subnet, Leg { egress: false, ports: (port, port), peer: node_cidr }, to));
                legs.push((what, target_subnet, Leg { egress: true, ports: EPHEMERAL, peer: node_cidr }, to));
            }
        }
    }
    let mut blocked: Vec<Blocked> = Vec::new();
    for (what, subnet, leg, target) in legs {
        let exempt = if target.is_none() { vpc_cidrs.as_slice() } else { &[] };
        if let Some(entry) = acl_of(acls, subnet).and_then(|acl| blocking_entry(acl, leg, exempt)) {
            let line = format!("{what}: {entry} (subnet {subnet})");
            if !blocked.iter().any(|b| b.line == line) {
                blocked.push(Blocked { line, target });
            }
        }
    }
    Ok(blocked)
}

pub(super) fn network_acl(s: &Snapshot, _: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let blocked = blocked_legs(s)?;
    Ok(if blocked.is_empty() {
        let subnets = input(&s.subnets)?.len();
        Finding::new(
            CheckId::NetworkAcl,
            Status::Pass,
            format!("the network ACLs of {subnets} subnet(s) let traffic and health checks through"),
        )
    } else {
        let lines: Vec<&str> = blocked.iter().map(|b| b.line.as_str()).collect();
        Finding::new(CheckId::NetworkAcl, Status::Fail, lines.join("; ")).remedy(ACL_REMEDY)
    })
}

const ACL_REMEDY: &str = "add an allow entry numbered below the one named: VPC console → Network ACLs → the ACL → Edit inbound/outbound rules (the tool does not change ACLs)";

/// The ACL associated with the subnet (every subnet has exactly one).
pub(super) fn acl_of<'a>(acls: &'a [NetworkAcl], subnet_id: &str) -> Option<&'a NetworkAcl> {
    acls.iter().find(|acl| acl.associations().iter().any(|a| a.subnet_id() == Some(subnet_id)))
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::{NetworkAclEntry, PortRange};

    use super::*;

    fn entry(number: i32, egress: bool, action: RuleAction, protocol: &str, ports: Option<(i32, i32)>, cidr: &str) -> NetworkAclEntry {
        NetworkAclEntry::builder()
            .rule_number(number)
            .egress(egress)
            .rule_action(action)
            .protocol(protocol)
            .set_port_range(ports.map(|(from, to)| PortRange::builder().from(from).to(to).build()))
            .cidr_block(cidr)
            .build()
    }

    fn acl(entries: Vec<NetworkAclEntry>) -> NetworkAcl {
        NetworkAcl::builder().network_acl_id("acl-1").set_entries(Some(entries)).build()
    }

    fn leg(egress: bool, ports: (u16, u16), peer: &str) -> Leg {
        Leg { egress, ports, peer: peer.parse().unwrap() }
    }

    #[test]
    fn the_default_acl_lets_everything_through() {
        let default = acl(vec![
            entry(100, false, RuleAction::Allow, "-1", None, "0.0.0.0/0"),
            entry(LAST_RULE, false, RuleAction::Deny, "-1", None, "0.0.0.0/0"),
        ]);
        assert_eq!(blocking_entry(&default, leg(false, (5432, 5432), "0.0.0.0/0"), &[]), None);
    }

    #[test]
    fn the_first_matching_entry_decides_and_star_denies_the_rest() {
        let narrow = acl(vec![
            entry(100, false, RuleAction::Allow, "6", Some((5432, 5432)), "10.0.0.0/16"),
            entry(90, false, RuleAction::Deny, "6", Some((5432, 5432)), "10.0.9.0/24"),
        ]);
        assert_eq!(
            blocking_entry(&narrow, leg(false, (5432, 5432), "10.0.9.0/24"), &[]).as_deref(),
            Some("acl-1 inbound rule 90 denies TCP 5432 from 10.0.9.0/24")
        );
        assert_eq!(blocking_entry(&narrow, leg(false, (5432, 5432), "10.0.1.0/24"), &[]), None);
        assert_eq!(
            blocking_entry(&narrow, leg(false, (8080, 8080), "10.0.1.0/24"), &[]).as_deref(),
            Some("acl-1 inbound rule * denies TCP 8080 from 10.0.1.0/24")
        );
    }

    #[test]
    fn an_allow_must_cover_every_port_and_every_peer_address() {
        let partial = acl(vec![
            entry(100, true, RuleAction::Allow, "6", Some((1024, 40000)), "0.0.0.0/0"),
            entry(110, true, RuleAction::Allow, "6", Some((40001, 65535)), "10.0.0.0/16"),
        ]);
        assert_eq!(blocking_entry(&partial, leg(true, EPHEMERAL, "10.0.1.0/24"), &[]), None);
        assert_eq!(
            blocking_entry(&partial, leg(true, EPHEMERAL, "0.0.0.0/0"), &[]).as_deref(),
            Some("acl-1 outbound rule * denies TCP 1024-65535 to 0.0.0.0/0")
        );
        // A deny of addresses the peer cannot have does not stop it.
        let own = acl(vec![
            entry(90, false, RuleAction::Deny, "6", Some((5432, 5432)), "10.0.1.0/24"),
            entry(100, false, RuleAction::Allow, "6", Some((5432, 5432)), "0.0.0.0/0"),
        ]);
        let vpc: Ipv4Net = "10.0.0.0/16".parse().unwrap();
        assert_eq!(blocking_entry(&own, leg(false, (5432, 5432), "0.0.0.0/0"), &[vpc]), None);
        assert!(blocking_entry(&own, leg(false, (5432, 5432), "0.0.0.0/0"), &[]).is_some());
        // Entries of the other direction and other protocols do not count.
        let udp = acl(vec![entry(100, false, RuleAction::Allow, "17", Some((0, 65535)), "0.0.0.0/0")]);
        assert!(blocking_entry(&udp, leg(false, (5432, 5432), "0.0.0.0/0"), &[]).is_some());
    }
}
