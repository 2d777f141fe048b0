//! The settings aws-config would read from the environment and the shared files, read
//! and checked here first. aws-config panics on some bad values (`AWS_MAX_ATTEMPTS=0`,
//! `max_attempts = abc` in a profile: "Panics if the `AWS_MAX_ATTEMPTS` env var or
//! `max_attempts` profile var is set to 0", aws-config's `retry_config` docs) and sends
//! others to AWS (a region that is no region); here each is a usage error naming the
//! variable, or the file and key, before any call.

use std::collections::BTreeMap;
use std::path::PathBuf;

use aws_config::retry::RetryMode;

use crate::error::usage;
use crate::validate;

/// Attempts per call (the first and retries) unless AWS_MAX_ATTEMPTS or the profile says otherwise.
const DEFAULT_MAX_ATTEMPTS: u32 = 4;
/// More attempts than this only makes a failing run wait longer.
const MOST_ATTEMPTS: u32 = 20;

/// Keys of one profile.
type Section = BTreeMap<String, String>;

/// What the shared files and the environment say, checked.
#[derive(Debug)]
pub struct Settings {
    /// Every profile in the config and credentials files.
    pub profiles: BTreeMap<String, Section>,
    /// The profile in use and where it was chosen (`--profile`, `AWS_PROFILE`), when one was.
    pub profile: Option<(String, &'static str)>,
    pub max_attempts: u32,
    pub retry_mode: RetryMode,
}

impl Settings {
    /// Reads the environment and both shared files; `profile_flag` is `--profile`.
    pub fn read(profile_flag: Option<&str>) -> anyhow::Result<Self> {
        let mut profiles: BTreeMap<String, Section> = BTreeMap::new();
        for (name, section) in read_shared_file("AWS_CONFIG_FILE", ".aws/config")?.map(|t| sections(&t, true)).unwrap_or_default() {
            profiles.entry(name).or_default().extend(section);
        }
        let credentials = read_shared_file("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials")?;
        for (name, section) in credentials.map(|t| sections(&t, false)).unwrap_or_default() {
            profiles.entry(name).or_default().extend(section);
        }
        let profile = match (profile_flag, env("AWS_PROFILE")?) {
            (Some(name), _) => Some((name.to_string(), "--profile")),
            (None, Some(name)) => Some((name, "AWS_PROFILE")),
            (None, None) => None,
        };
        if let Some((name, source)) = &profile
            && !profiles.contains_key(name)
        {
            let known = profiles.keys().map(String::as_str);
            let hint = crate::suggest::did_you_mean(name, known);
            let hint =
                if profiles.is_empty() { "; no profile is configured (run `aws configure --profile NAME`)".to_string() } else { hint };
            return Err(usage(format!("{source}: profile '{name}' does not exist in the AWS config or credentials file{hint}")));
        }
        let selected = profile.as_ref().map_or("default", |(name, _)| name.as_str());
        let in_profile =
            |key: &str| profiles.get(selected).and_then(|s| s.get(key)).map(|v| (v.clone(), format!("{key} in profile '{selected}'")));
        let max_attempts =
            match env("AWS_MAX_ATTEMPTS")?.map(|v| (v, "AWS_MAX_ATTEMPTS".to_string())).or_else(|| in_profile("max_attempts")) {
                Some((value, source)) => max_attempts(&value).map_err(|reason| usage(format!("{source} '{value}': {reason}")))?,
                None => DEFAULT_MAX_ATTEMPTS,
            };
        let retry_mode = match env("AWS_RETRY_MODE")?.map(|v| (v, "AWS_RETRY_MODE".to_string())).or_else(|| in_profile("retry_mode")) {
            Some((value, source)) => {
                value.parse::<RetryMode>().map_err(|_| usage(format!("{source} '{value}': the retry mode is standard or adaptive")))?
            }
            None => RetryMode::Standard,
        };
        for variable in ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"] {
            if let Some(url) = env(variable)? {
                validate::endpoint_url(&url).map_err(|reason| usage(format!("{variable}: {reason}")))?;
            }
        }
        Ok(Self { profiles, profile, max_attempts, retry_mode })
    }

    /// The region the profile in use names, if any (`region = …`).
    fn profile_region(&self) -> Option<&str> {
        let name = self.profile.as_ref().map_or("default", |(name, _)| name.as_str());
        self.profiles.get(name).and_then(|s| s.get("region")).map(String::as_str)
    }

    /// Where `region` (aws-config's answer) came from: the first source in aws-config's
    /// order that gives it.
    pub fn region_source(&self, flag: Option<&str>, region: &str) -> String {
        if flag == Some(region) {
            return "--region".into();
        }
        for variable in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if std::env::var(variable).ok().as_deref() == Some(region) {
                return variable.into();
            }
        }
        match (self.profile_region(), &self.profile) {
            (Some(found), Some((name, _))) if found == region => format!("region in profile '{name}'"),
            (Some(found), None) if found == region => "region in the default profile".into(),
            _ => "the AWS configuration".into(),
        }
    }
}

/// A region from any source, checked as `--region` is.
pub fn check_region(region: &str, source: &str) -> anyhow::Result<()> {
    validate::region(region).map(|_| ()).map_err(|reason| usage(format!("{source}: {reason}")))
}

/// An environment variable: `None` when unset; set but empty or blank is an error, as
/// it is what an unset CI variable gives (`AWS_REGION=${{ vars.REGION }}`).
fn env(name: &str) -> anyhow::Result<Option<String>> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Err(usage(format!("{name} is set but empty: unset it or give it a value"))),
        Ok(value) => Ok(Some(value.trim().to_string())),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(usage(format!("{name} is not valid UTF-8"))),
    }
}

fn max_attempts(value: &str) -> Result<u32, String> {
    match value.parse::<u32>() {
        Ok(n) if (1..=MOST_ATTEMPTS).contains(&n) => Ok(n),
        _ => Err(format!("the number of attempts per call is a whole number from 1 to {MOST_ATTEMPTS}")),
    }
}

/// A shared file's text: `None` when it does not exist (as for aws-config); a file
/// that exists but cannot be read is an error naming it and the variable that chose it.
fn read_shared_file(variable: &str, under_home: &str) -> anyhow::Result<Option<String>> {
    let (path, chosen_by) = match std::env::var_os(variable) {
        Some(path) => (PathBuf::from(path), format!("{variable}=")),
        None => (std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default().join(under_home), String::new()),
    };
    match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| usage(format!("{chosen_by}{}: the AWS shared file is not UTF-8 text", path.display()))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(usage(format!("{chosen_by}{}: cannot read the AWS shared file: {err}", path.display()))),
    }
}

/// The profiles of a shared file and their top-level keys: `[profile x]` and
/// `[default]` in the config file (`prefixed`), `[x]` in the credentials file. Indented
/// lines (a service's sub-keys) and comments are skipped.
fn sections(text: &str, prefixed: bool) -> BTreeMap<String, Section> {
    let mut found: BTreeMap<String, Section> = BTreeMap::new();
    let mut current: Option<String> = None;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')).map(str::trim) {
            current = if prefixed {
                section.strip_prefix("profile ").map(str::trim).or((section == "default").then_some(section)).map(str::to_string)
            } else {
                Some(section.to_string())
            };
            if let Some(name) = &current {
                found.entry(name.clone()).or_default();
            }
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            continue;
        }
        if let (Some(name), Some((key, value))) = (&current, line.split_once('=')) {
            found.entry(name.clone()).or_default().insert(key.trim().to_string(), value.trim().to_string());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_files_give_profiles_and_their_top_level_keys() {
        let config = "[default]\nregion = us-east-1\n[profile ci]\nmax_attempts = 0 \n# note\ns3 =\n  max_attempts = 9\n[sso-session x]\nregion = eu-west-1\n";
        let found = sections(config, true);
        assert_eq!(found.keys().collect::<Vec<_>>(), ["ci", "default"]);
        assert_eq!(found["ci"].get("max_attempts").map(String::as_str), Some("0"));
        assert_eq!(found["default"].get("region").map(String::as_str), Some("us-east-1"));
        assert_eq!(sections("[ci]\naws_access_key_id = x\n", false).keys().collect::<Vec<_>>(), ["ci"]);
    }

    #[test]
    fn attempts_are_from_one_to_twenty() {
        assert_eq!(max_attempts("3"), Ok(3));
        for bad in ["0", "-1", "abc", "", "21", "1.5"] {
            assert!(max_attempts(bad).is_err(), "{bad}");
        }
    }
}
