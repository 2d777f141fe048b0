//! Syntax checks for IDs and values on the command line. Whether the thing exists is
//! checked against AWS later, before anything is created.
//!
//! Every flag that takes a value has a check here (or a typed parser): an empty value,
//! which is what an unset variable in CI gives, must never reach a lookup that treats
//! it as "any" (DescribeDBInstances with an empty identifier lists every database).

/// A value is refused when it is empty or only whitespace: said so, with the likely cause.
pub fn present(value: &str) -> Result<(), String> {
    if value.trim().is_empty() { Err("the value is empty (an unset variable?)".into()) } else { Ok(()) }
}

/// The identifier of a resource the user names (a DB instance or cluster, a cache, a
/// proxy, a profile): present, and without whitespace or control characters, which no
/// AWS identifier has.
pub fn name(value: &str) -> Result<String, String> {
    present(value)?;
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("'{value}' contains whitespace; no AWS identifier does"));
    }
    Ok(value.to_string())
}

/// A load balancer (or target group) by ARN or by name: an ARN of ELB's, or a name of
/// 1-32 letters, digits and hyphens (ELB's rule for names).
fn elb_arn_or_name(value: &str, arn_kind: &str, what: &str) -> Result<String, String> {
    present(value)?;
    if value.starts_with("arn:") {
        let parts: Vec<&str> = value.splitn(6, ':').collect();
        let resource = parts.get(5).copied().unwrap_or("");
        return if parts.get(2) == Some(&"elasticloadbalancing") && resource.starts_with(arn_kind) {
            Ok(value.to_string())
        } else {
            Err(format!("'{value}' is not the ARN of {what} (arn:aws:elasticloadbalancing:…:{arn_kind}…)"))
        };
    }
    if value.len() <= 32 && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Ok(value.to_string())
    } else {
        Err(format!("'{value}' is not the name of {what} (1-32 letters, digits and hyphens) or its ARN"))
    }
}

pub fn load_balancer(value: &str) -> Result<String, String> {
    elb_arn_or_name(value, "loadbalancer/", "a load balancer")
}

pub fn target_group_arn(value: &str) -> Result<String, String> {
    if !value.starts_with("arn:") {
        present(value)?;
        return Err(format!("'{value}' is not a target group ARN (arn:aws:elasticloadbalancing:…:targetgroup/…)"));
    }
    elb_arn_or_name(value, "targetgroup/", "a target group")
}

/// `com.amazonaws.vpce.<region>.vpce-svc-…`, as the console shows a service's name.
pub fn service_name(value: &str) -> Result<String, String> {
    present(value)?;
    let parts = value.strip_prefix("com.amazonaws.vpce.").and_then(|rest| rest.split_once('.'));
    match parts {
        Some((region_part, id)) if region(region_part).is_ok() && service_id(id).is_ok() => Ok(value.to_string()),
        _ => Err(format!("'{value}' is not an endpoint service name (com.amazonaws.vpce.<region>.vpce-svc-…)")),
    }
}

/// The path an ALB is health-checked on: AWS takes 1-1024 characters starting with `/`
/// (HealthCheckPath in
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html);
/// a space or control character cannot be sent in an HTTP request line.
pub fn health_check_path(value: &str) -> Result<String, String> {
    present(value)?;
    if !value.starts_with('/') {
        return Err(format!("'{value}' must start with / (like /health)"));
    }
    if value.len() > 1024 {
        return Err(format!("is {} characters long; AWS allows at most 1024", value.len()));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("'{value}' contains a space or control character; encode it (%20)"));
    }
    Ok(value.to_string())
}

/// A folder to write into: present.
pub fn folder(value: &str) -> Result<std::path::PathBuf, String> {
    present(value)?;
    Ok(value.into())
}

fn prefixed_id(value: &str, prefix: &str, what: &str) -> Result<String, String> {
    present(value)?;
    let rest = value.strip_prefix(prefix).unwrap_or("");
    if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        Ok(value.to_string())
    } else {
        Err(format!("'{value}' is not a {what} ID ({prefix}…)"))
    }
}

pub fn vpc_id(value: &str) -> Result<String, String> {
    prefixed_id(value, "vpc-", "VPC")
}

pub fn subnet_id(value: &str) -> Result<String, String> {
    prefixed_id(value, "subnet-", "subnet")
}

pub fn security_group_id(value: &str) -> Result<String, String> {
    prefixed_id(value, "sg-", "security group")
}

pub fn instance_id(value: &str) -> Result<String, String> {
    prefixed_id(value, "i-", "EC2 instance")
}

pub fn service_id(value: &str) -> Result<String, String> {
    prefixed_id(value, "vpce-svc-", "VPC endpoint service")
}

/// The commercial and GovCloud regions, from AWS's list of Regions and Availability
/// Zones (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html).
pub const KNOWN_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "mx-central-1",
    "sa-east-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "cn-north-1",
    "cn-northwest-1",
];

/// The known region nearest to `value`, when it is near enough to be a typo of it.
pub fn nearest_region(value: &str) -> Option<&'static str> {
    KNOWN_REGIONS
        .iter()
        .map(|known| (strsim::damerau_levenshtein(value, known), *known))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, known)| known)
}

/// The third word of every region name: where in its area the region is.
const DIRECTIONS: &[&str] = &["north", "south", "east", "west", "central", "northeast", "northwest", "southeast", "southwest"];

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-5`: a two-letter area,
/// an optional partition word, a direction, a number from 1. A well-formed name that
/// is not a region but one or two keystrokes from one is refused as a typo; one far
/// from every known region is taken as a region newer than this list.
pub fn region(value: &str) -> Result<String, String> {
    present(value)?;
    let parts: Vec<&str> = value.split('-').collect();
    let letters = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase());
    let area = |s: &str| letters(s) && s.len() == 2;
    let direction = |s: &str| DIRECTIONS.contains(&s);
    let number = |s: &str| s.parse::<u8>().is_ok_and(|n| n >= 1) && !s.starts_with('0');
    let ok = match parts.as_slice() {
        [a, d, n] => area(a) && direction(d) && number(n),
        [a, partition, d, n] => area(a) && letters(partition) && direction(d) && number(n),
        _ => false,
    };
    match nearest_region(value) {
        Some(known) if known != value => Err(format!("'{value}' is not an AWS region; did you mean {known}?")),
        Some(_) => Ok(value.to_string()),
        None if ok => Ok(value.to_string()),
        None => Err(format!("'{value}' is not an AWS region name (like us-east-1)")),
    }
}

/// An Availability Zone ID: `use1-az4`, `euc1-az2`, or a Local Zone's `usw2-lax1-az1`.
/// A zone name (`us-east-1a`) is refused with the reason: names differ between accounts.
pub fn zone_id(value: &str) -> Result<String, String> {
    let value = value.trim();
    let parts: Vec<&str> = value.split('-').collect();
    let alphanumeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let ok = parts.len() >= 2
        && parts.iter().all(|p| alphanumeric(p))
        && parts.last().and_then(|last| last.strip_prefix("az")).is_some_and(|n| n.parse::<u8>().is_ok());
    if ok {
        Ok(value.to_string())
    } else if region(value.trim_end_matches(|c: char| c.is_ascii_lowercase())).is_ok() {
        Err(format!(
            "'{value}' is a zone name, which differs between accounts; give its zone ID (like use1-az4), shown beside it in the console"
        ))
    } else {
        Err(format!("'{value}' is not an Availability Zone ID (like use1-az4)"))
    }
}

/// An IAM role's ARN: `arn:<partition>:iam::<12-digit account>:role/<path/name>`.
pub fn role_arn(value: &str) -> Result<String, String> {
    let value = value.trim();
    let ok = value.split_once(":iam::").is_some_and(|(partition, rest)| {
        partition.strip_prefix("arn:").is_some_and(|p| p.starts_with("aws"))
            && rest.split_once(":role/").is_some_and(|(account, name)| {
                account.len() == 12
                    && account.bytes().all(|b| b.is_ascii_digit())
                    && !name.is_empty()
                    && name.len() <= 512
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-/".contains(&b))
            })
    });
    if ok { Ok(value.to_string()) } else { Err(format!("'{value}' is not an IAM role ARN (like arn:aws:iam::123456789012:role/prober)")) }
}

/// An SNS topic's ARN: `arn:<partition>:sns:<region>:<12-digit account>:<name>`.
pub fn sns_topic_arn(value: &str) -> Result<String, String> {
    let value = value.trim();
    let parts: Vec<&str> = value.split(':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "sns"
        && region(parts[3]).is_ok()
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && !parts[5].is_empty()
        && parts[5].len() <= 256
        && parts[5].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(value.to_string())
    } else {
        Err(format!("'{value}' is not an SNS topic ARN (like arn:aws:sns:us-east-1:123456789012:alerts)"))
    }
}

/// An email address, as far as a subscription needs: one `@`, a local part, a domain
/// with a dot, no spaces.
pub fn email(value: &str) -> Result<String, String> {
    let value = value.trim();
    let ok = value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !value.contains(char::is_whitespace)
    });
    if ok { Ok(value.to_string()) } else { Err(format!("'{value}' is not an email address")) }
}

/// A metrics window: whole minutes (`15m`) or hours (`1h`), from 5 minutes (CloudWatch's
/// basic resolution for load balancer metrics is one minute; fewer would show a point)
/// to 24 hours.
pub fn window(value: &str) -> Result<std::time::Duration, String> {
    let value = value.trim();
    let (number, unit) = value.split_at(value.find(|c: char| !c.is_ascii_digit()).unwrap_or(value.len()));
    let minutes = match (number.parse::<u64>(), unit) {
        (Ok(n), "m" | "min") => n,
        (Ok(n), "h") => n.saturating_mul(60),
        _ => return Err(format!("'{value}' is not a window like 15m, 1h or 24h")),
    };
    if !(5..=24 * 60).contains(&minutes) {
        return Err(format!("'{value}' is outside 5m to 24h"));
    }
    Ok(std::time::Duration::from_secs(minutes * 60))
}

/// `http://host[:port][/path]` or `https://…`: a scheme, a host and, when given, a port
/// number. Anything else would reach the SDK's endpoint resolver and end in its dump.
pub fn endpoint_url(value: &str) -> Result<String, String> {
    present(value)?;
    let Some(rest) = value.strip_prefix("http://").or_else(|| value.strip_prefix("https://")) else {
        return Err(format!("'{value}' is not an http:// or https:// URL"));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port) = match authority.strip_prefix('[') {
        // An IPv6 literal: [::1]:4566.
        Some(v6) => match v6.split_once(']') {
            Some((address, port)) if address.parse::<std::net::Ipv6Addr>().is_ok() => (address, port.strip_prefix(':')),
            _ => return Err(format!("'{value}' has a malformed IPv6 host")),
        },
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    let host_ok = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
    if !host_ok {
        return Err(format!("'{value}' has no host (like http://127.0.0.1:4566)"));
    }
    if port.is_some_and(|p| p.parse::<u16>().map_or(true, |p| p == 0)) {
        return Err(format!("'{value}' has no valid port (1-65535)"));
    }
    Ok(value.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_arns_and_addresses() {
        assert!(sns_topic_arn("arn:aws:sns:us-east-1:123456789012:alerts").is_ok());
        for bad in
            ["alerts", "arn:aws:sns:us-east-1:1234:alerts", "arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:sns:nowhere:123456789012:a"]
        {
            assert!(sns_topic_arn(bad).is_err(), "{bad}");
        }
        assert!(email("oncall@example.com").is_ok());
        for bad in ["", "oncall", "@example.com", "on call@example.com", "oncall@example", "a@b@c.com"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn windows_in_minutes_or_hours() {
        assert_eq!(window("15m").unwrap().as_secs(), 900);
        assert_eq!(window("1h").unwrap().as_secs(), 3600);
        assert_eq!(window("24h").unwrap().as_secs(), 86_400);
        for bad in ["", "h", "15", "1d", "-1h", "2m", "25h", "1.5h"] {
            assert!(window(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn zone_ids_not_zone_names() {
        for good in ["use1-az4", "euc1-az2", "usw2-lax1-az1"] {
            assert_eq!(zone_id(good).as_deref(), Ok(good));
        }
        assert!(zone_id("us-east-1a").unwrap_err().contains("zone name"));
        assert!(zone_id("use1az4").unwrap_err().contains("not an Availability Zone ID"));
        assert!(zone_id("use1-azx").is_err());
    }

    #[test]
    fn ids_need_their_prefix_and_hex() {
        assert!(vpc_id("vpc-0abc123").is_ok());
        assert!(vpc_id("vpc-").is_err());
        assert!(vpc_id("subnet-0abc").is_err());
        assert!(vpc_id("vpc-XYZ").is_err());
        assert!(service_id("vpce-svc-0123abcd").is_ok());
    }

    #[test]
    fn endpoint_urls_need_a_host_and_a_port_number() {
        for good in ["http://127.0.0.1:4566", "https://localhost/", "http://[::1]:4566", "https://ec2.us-east-1.amazonaws.com"] {
            assert!(endpoint_url(good).is_ok(), "{good}");
        }
        for bad in ["http://", "https://:80", "::::", "http://host:port", "http://h:0", "http://[zz]:1", "localhost:1", ""] {
            assert!(endpoint_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_paths_and_arns() {
        assert!(name("orders-db").is_ok());
        for bad in ["", "   ", "orders db", "\t"] {
            assert!(name(bad).is_err(), "{bad:?}");
        }
        assert!(health_check_path("/health").is_ok());
        assert!(health_check_path("health").unwrap_err().contains("must start with /"));
        assert!(health_check_path("/health check").unwrap_err().contains("space"));
        assert!(load_balancer("tpl-orders-nlb").is_ok());
        assert!(load_balancer("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/x/1").is_ok());
        assert!(load_balancer("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/1").is_err());
        assert!(target_group_arn("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/1").is_ok());
        assert!(target_group_arn("x").is_err());
        assert!(service_name("com.amazonaws.vpce.us-east-1.vpce-svc-0abc").is_ok());
        assert!(service_name("vpce-svc-0abc").is_err());
    }

    #[test]
    fn regions() {
        for ok in ["us-east-1", "eu-central-2", "us-gov-west-1"] {
            assert!(region(ok).is_ok(), "{ok}");
        }
        for bad in ["us-east", "US-EAST-1", "useast1", "us-east-1a", ""] {
            assert!(region(bad).is_err(), "{bad}");
        }
        assert_eq!(region("us-esat-1").unwrap_err(), "'us-esat-1' is not an AWS region; did you mean us-east-1?");
        assert_eq!(region("eu-centrl-1").unwrap_err(), "'eu-centrl-1' is not an AWS region; did you mean eu-central-1?");
        assert!(region("zz-west-9").is_ok(), "a region far from every known one may be newer than the list");
        for bad in ["xx-yy-0", "moon-base-9", "xx-newplace-9", "us-east-0", "  "] {
            assert!(region(bad).is_err(), "{bad}");
        }
    }
}
