//! Syntax checks for IDs and values on the command line. Whether the thing exists is
//! checked against AWS later, before anything is created.

fn prefixed_id(value: &str, prefix: &str, what: &str) -> Result<String, String> {
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

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-5`. A well-formed name
/// that is not a region but one or two keystrokes from one is refused as a typo; one
/// far from every known region is taken as a region newer than this list.
pub fn region(value: &str) -> Result<String, String> {
    let parts: Vec<&str> = value.split('-').collect();
    let letters = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase());
    let ok = match parts.as_slice() {
        [area, direction, number] => letters(area) && area.len() == 2 && letters(direction) && number.parse::<u8>().is_ok(),
        [area, partition, direction, number] => {
            letters(area) && area.len() == 2 && letters(partition) && letters(direction) && number.parse::<u8>().is_ok()
        }
        _ => false,
    };
    if !ok {
        return Err(format!("'{value}' is not an AWS region name (like us-east-1)"));
    }
    match nearest_region(value) {
        Some(known) if known != value => Err(format!("'{value}' is not an AWS region; did you mean {known}?")),
        _ => Ok(value.to_string()),
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

pub fn endpoint_url(value: &str) -> Result<String, String> {
    if value.starts_with("http://") || value.starts_with("https://") {
        Ok(value.trim_end_matches('/').to_string())
    } else {
        Err(format!("'{value}' is not an http:// or https:// URL"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn regions() {
        for ok in ["us-east-1", "eu-central-2", "us-gov-west-1"] {
            assert!(region(ok).is_ok(), "{ok}");
        }
        for bad in ["us-east", "US-EAST-1", "useast1", "us-east-1a", ""] {
            assert!(region(bad).is_err(), "{bad}");
        }
        assert_eq!(region("us-esat-1").unwrap_err(), "'us-esat-1' is not an AWS region; did you mean us-east-1?");
        assert_eq!(region("eu-centrl-1").unwrap_err(), "'eu-centrl-1' is not an AWS region; did you mean eu-central-1?");
        assert!(region("xx-newplace-9").is_ok(), "a region far from every known one may be newer than the list");
    }
}
