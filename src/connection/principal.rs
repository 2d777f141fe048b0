//! Who may connect to the endpoint service: AWS account root principals, nothing wider.

use std::fmt;

/// `arn:aws:iam::<12 digits>:root`. A wildcard or any other shape cannot be built,
/// so the tool can never make an endpoint service public.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Principal {
    account_id: String,
}

impl Principal {
    pub fn from_account_id(value: &str) -> Result<Self, String> {
        if value.trim() == "*" {
            return Err("'*' would let any AWS account connect; give Trigger.dev's 12-digit account ID".into());
        }
        // As the console and the dashboard show it: `2109-8765-4321`, maybe with spaces.
        let digits: String = value.trim().chars().filter(|c| *c != '-' && *c != ' ').collect();
        if digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self { account_id: digits })
        } else {
            Err(format!("'{value}' is not an AWS account ID: 12 digits, as the dashboard shows it"))
        }
    }

    pub fn from_arn(value: &str) -> Result<Self, String> {
        if value.trim() == "*" {
            return Err("'*' would let any AWS account connect; give arn:aws:iam::<account-id>:root".into());
        }
        value
            .strip_prefix("arn:aws:iam::")
            .and_then(|rest| rest.strip_suffix(":root"))
            .and_then(|account| Self::from_account_id(account).ok())
            .ok_or_else(|| format!("'{value}' is not of the form arn:aws:iam::123456789012:root"))
    }

    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    pub fn arn(&self) -> String {
        format!("arn:aws:iam::{}:root", self.account_id)
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.arn())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_as_the_console_shows_them() {
        assert_eq!(Principal::from_account_id(" 2109-8765-4321 ").unwrap().account_id(), "210987654321");
        assert!(Principal::from_account_id("2109-8765-432").is_err());
    }

    #[test]
    fn builds_root_arn_from_account() {
        assert_eq!(Principal::from_account_id("123456789012").unwrap().arn(), "arn:aws:iam::123456789012:root");
        assert_eq!(Principal::from_arn("arn:aws:iam::123456789012:root").unwrap().account_id(), "123456789012");
    }

    #[test]
    fn refuses_wildcards_and_other_shapes() {
        for bad in ["*", "12345678901", "1234567890123", "12345678901a", ""] {
            assert!(Principal::from_account_id(bad).is_err(), "{bad}");
        }
        for bad in ["*", "arn:aws:iam::123456789012:user/bob", "arn:aws:iam::*:root", "123456789012"] {
            assert!(Principal::from_arn(bad).is_err(), "{bad}");
        }
    }
}
