//! `doctor --probe`'s findings: one per dial (route × zone × path), each naming the port,
//! the zone, the path and what happened, with a remedy that points at the static check
//! that explains it. A failed dial is a failure; the static checks stay as they are
//! (a passing dial never overrides one).

use serde::Serialize;
use serde_json::json;

use super::{CheckId, Finding, Status};
use crate::connection::probe::dial::{Answer, Dial, Path};
use crate::connection::resource::Speaks;

/// What one probe run did, beside its findings.
#[derive(Debug, Serialize)]
pub struct Probed {
    /// The run's endpoint, deleted after it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    pub zones: Vec<String>,
    pub cannot_prove: Vec<&'static str>,
}

/// What a dial through the run's own endpoint cannot stand for, said with every probe.
pub const CANNOT_PROVE: &[&str] = &[
    "Trigger.dev's principal: the account's own endpoint needs no permission (principal-allowed says)",
    "enforcement: with inbound rules enforced, the NLB's group judges the client's address, and the prober's is in the VPC's own range (nlb-enforcement-off says)",
    "cross-region: the probe dials from the service's own region (supported-region says)",
];

fn path_words(dial: &Dial) -> String {
    match dial.path {
        Path::Nlb => "via the NLB's name".to_string(),
        Path::Endpoint => format!("via an endpoint ({}), Trigger.dev's path", dial.host),
    }
}

/// What the protocol's first exchange was, for the summary.
fn first_word(speaks: Speaks) -> &'static str {
    match speaks {
        Speaks::Postgres => "SSLRequest",
        Speaks::Mysql => "greeting",
        Speaks::Redis => "PING",
        Speaks::Http => "GET /",
        Speaks::Kafka => "ApiVersions",
        Speaks::Tcp => "connection",
    }
}

/// The findings, in the dials' order; a dial the prober did not answer fails.
pub fn findings(connection: &str, dials: &[Dial], answers: &[Answer]) -> Vec<Finding> {
    dials
        .iter()
        .map(|dial| {
            let id = dial.id();
            let answer = answers.iter().find(|a| a.id == id);
            let mut finding = match answer {
                None => Finding::new(
                    CheckId::Probe,
                    Status::Fail,
                    format!("port {} from {} {}: the prober gave no answer", dial.port, dial.zone, path_words(dial)),
                )
                .remedy("run doctor --probe again; if it repeats, the prober's log group /aws/lambda/tpl-<name>-probe says why"),
                Some(answer) => judge(connection, dial, answer, dials, answers),
            };
            finding.label = format!("probe-{id}");
            finding.dial = Some(json!({
                "path": dial.path, "port": dial.port, "zone": dial.zone, "host": dial.host, "protocol": dial.speaks,
                "destination": dial.destination, "answer": answer,
            }));
            finding
        })
        .collect()
}

fn judge(connection: &str, dial: &Dial, answer: &Answer, dials: &[Dial], answers: &[Answer]) -> Finding {
    let place = format!("port {} from {} {}", dial.port, dial.zone, path_words(dial));
    let ms = answer.ms.round();
    let detail = answer.detail.as_deref().unwrap_or("");
    match answer.outcome.as_str() {
        "connected" => match (&answer.answer, dial.speaks) {
            (Some(said), _) => Finding::new(CheckId::Probe, Status::Pass, format!("{place}: connected in {ms} ms; {said}")),
            (None, Speaks::Tcp) => Finding::new(CheckId::Probe, Status::Pass, format!("{place}: connected in {ms} ms")),
            (None, speaks) => Finding::new(
                CheckId::Probe,
                Status::Warn,
                format!("{place}: connected in {ms} ms, but no answer to the {}: {detail}", first_word(speaks)),
            )
            .remedy(format!(
                "the path is open, but what listens on {} did not answer as {} does: TLS only (in-transit encryption), or another service on that port",
                dial.destination,
                speaks.as_str()
            )),
        },
        outcome => {
            let what = match outcome {
                "refused" => format!("refused in {ms} ms"),
                "timeout" => format!("no answer in {ms} ms"),
                other => format!("{other} after {ms} ms"),
            };
            let detail = if detail.is_empty() { String::new() } else { format!(" ({detail})") };
            Finding::new(CheckId::Probe, Status::Fail, format!("{place}: {what}{detail}")).remedy(remedy(connection, dial, outcome, dials, answers))
        }
    }
}

/// Whether the same port from the same zone connected through the NLB.
fn nlb_path_connected(dial: &Dial, dials: &[Dial], answers: &[Answer]) -> Option<bool> {
    let twin = dials.iter().find(|d| d.path == Path::Nlb && d.port == dial.port && d.zone == dial.zone)?;
    let id = twin.id();
    answers.iter().find(|a| a.id == id).map(|a| a.outcome == "connected")
}

fn remedy(connection: &str, dial: &Dial, outcome: &str, dials: &[Dial], answers: &[Answer]) -> String {
    let fix = format!("trigger-privatelink doctor --name {connection} --fix");
    match (dial.path, outcome) {
        (_, "refused") => format!(
            "nothing listens behind port {}: is {} up, on the port its target group sends to? (targets-healthy, listener-port)",
            dial.port, dial.destination
        ),
        (Path::Nlb, _) => format!(
            "the NLB does not reach {} on its port: its security groups or the network ACLs drop the traffic (resource-sg-ingress, network-acl; `{fix}`)",
            dial.destination
        ),
        (Path::Endpoint, _) if nlb_path_connected(dial, dials, answers) == Some(true) => format!(
            "only PrivateLink's path fails from {}: inbound rules enforced on PrivateLink traffic (nlb-enforcement-off), or no healthy target in this zone with cross-zone load balancing off (az-coverage)",
            dial.zone
        ),
        (Path::Endpoint, _) => {
            format!("the NLB's own path fails too (probe-{}): fix that first", Dial { path: Path::Nlb, ..dial.clone() }.id())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dial(path: Path, zone: &str) -> Dial {
        Dial { path, port: 6379, zone: zone.into(), host: "10.0.1.5".into(), speaks: Speaks::Redis, destination: "redis".into() }
    }

    fn answer(dial: &Dial, outcome: &str, said: Option<&str>) -> Answer {
        Answer { id: dial.id(), outcome: outcome.into(), ms: 1.2, answer: said.map(Into::into), detail: None }
    }

    #[test]
    fn a_zone_whose_endpoint_path_alone_fails_points_at_enforcement_and_zones() {
        let dials = vec![dial(Path::Nlb, "a"), dial(Path::Endpoint, "a"), dial(Path::Nlb, "b"), dial(Path::Endpoint, "b")];
        let answers = vec![
            answer(&dials[0], "connected", Some("+PONG")),
            answer(&dials[1], "timeout", None),
            answer(&dials[2], "timeout", None),
            answer(&dials[3], "timeout", None),
        ];
        let found = findings("sessions", &dials, &answers);
        let labels: Vec<(&str, Status)> = found.iter().map(|f| (f.label.as_str(), f.status)).collect();
        assert_eq!(
            labels,
            [
                ("probe-nlb-6379-a", Status::Pass),
                ("probe-endpoint-6379-a", Status::Fail),
                ("probe-nlb-6379-b", Status::Fail),
                ("probe-endpoint-6379-b", Status::Fail)
            ]
        );
        assert!(found[1].remedy.contains("nlb-enforcement-off") && found[1].remedy.contains("az-coverage"), "{}", found[1].remedy);
        assert!(found[2].remedy.contains("resource-sg-ingress"), "{}", found[2].remedy);
        assert!(found[3].remedy.contains("probe-nlb-6379-b"), "{}", found[3].remedy);
        assert!(found[0].summary.contains("connected in 1 ms; +PONG"), "{}", found[0].summary);
    }

    #[test]
    fn refused_names_the_destination_and_silence_after_connecting_warns() {
        let dials = vec![dial(Path::Nlb, "a"), dial(Path::Endpoint, "a")];
        let answers = vec![
            answer(&dials[0], "refused", None),
            Answer { detail: Some("connected, but no answer".into()), ..answer(&dials[1], "connected", None) },
        ];
        let found = findings("sessions", &dials, &answers);
        assert_eq!((found[0].status, found[1].status), (Status::Fail, Status::Warn));
        assert!(found[0].remedy.contains("nothing listens") && found[0].remedy.contains("redis"));
        assert!(found[1].summary.contains("no answer to the PING"), "{}", found[1].summary);
    }

    #[test]
    fn a_dial_without_an_answer_fails() {
        let dials = vec![dial(Path::Nlb, "a")];
        assert_eq!(findings("sessions", &dials, &[])[0].status, Status::Fail);
    }
}
