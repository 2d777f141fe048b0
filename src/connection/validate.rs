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

pub fn service_id(value: &str) -> Result<String, String> {
    prefixed_id(value, "vpce-svc-", "VPC endpoint service")
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-5`.
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
    if ok { Ok(value.to_string()) } else { Err(format!("'{value}' is not an AWS region name (like us-east-1)")) }
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
    }
}
