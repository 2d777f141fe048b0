//! The shape of the code, checked from its text: every AWS write sits where only the
//! plan executor can reach it, clap stays at the edge, and no two files import each
//! other round a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under src/, as (path relative to src/, text).
pub fn sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src()).unwrap().to_string_lossy().replace('\\', "/");
                files.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// The SDK builder calls that change something in AWS.
const WRITE_CALLS: &[&str] = &[
    ".create_",
    ".delete_",
    ".modify_",
    ".register_targets()",
    ".deregister_targets()",
    ".authorize_security_group_ingress()",
    ".revoke_security_group_ingress()",
    ".set_security_groups()",
    ".accept_vpc_endpoint_connections()",
    ".reject_vpc_endpoint_connections()",
];

/// A write call: a line that starts a chained SDK call (`.create_…()` on its own line,
/// as rustfmt splits chains) or names the client on the same line.
fn is_write_call(line: &str) -> bool {
    let code = line.trim_start();
    let on_client = code.contains("aws.ec2") || code.contains("aws.elb");
    WRITE_CALLS.iter().any(|call| code.starts_with(call) || on_client && code.contains(call))
}

/// The signature of the function a line sits in: from the nearest `fn` above to its `{`.
fn enclosing_signature(lines: &[&str], index: usize) -> String {
    let start = (0..=index).rev().find(|i| {
        let code = lines[*i].trim_start();
        (code.starts_with("fn ") || code.contains(" fn ")) && !code.starts_with("//")
    });
    let Some(start) = start else { return String::new() };
    let mut signature = String::new();
    for line in &lines[start..] {
        signature.push_str(line);
        if line.trim_end().ends_with('{') {
            break;
        }
    }
    signature
}

#[test]
fn every_aws_write_sits_in_a_function_only_the_executor_can_reach() {
    let mut writes = 0;
    let mut outside = Vec::new();
    for (file, text) in sources() {
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            if !is_write_call(line) {
                continue;
            }
            writes += 1;
            // A Writer is made only by plan::execute; a Context holds one; Mode::Apply
            // needs one (Mode::DryRun changes nothing).
            let signature = enclosing_signature(&lines, index);
            if !["Writer", "Context<", "Mode<"].iter().any(|proof| signature.contains(proof)) {
                outside.push(format!("src/{file}:{}: {}", index + 1, line.trim()));
            }
        }
    }
    eprintln!("{writes} AWS write calls in src/, all inside functions that take a Writer, a Context or a Mode");
    assert!(writes >= 15, "found only {writes} write calls: the scan no longer sees them");
    assert!(outside.is_empty(), "AWS writes outside the executor's reach:\n{}", outside.join("\n"));
    let executor = std::fs::read_to_string(src().join("plan/executor.rs")).unwrap();
    let makers: Vec<(String, usize)> =
        sources().into_iter().map(|(f, t)| (f, t.matches("Writer(())").count())).filter(|(_, n)| *n > 0).collect();
    assert_eq!(makers, [("plan/executor.rs".to_string(), 1)], "a Writer is made in execute alone");
    assert!(executor.contains("pub async fn execute("));
}

#[test]
fn clap_types_stay_in_cli_and_commands() {
    let allowed = |file: &str| file.starts_with("commands/") || ["cli.rs", "lib.rs", "docs.rs"].contains(&file);
    let against: Vec<String> =
        sources().into_iter().filter(|(file, text)| !allowed(file) && text.contains("crate::cli")).map(|(file, _)| file).collect();
    assert!(against.is_empty(), "these import crate::cli: {against:?}");
}

/// The module a path names, as a file: `crate::plan::step` → `plan/step.rs`.
fn module_file(files: &BTreeSet<String>, segments: &[&str]) -> Option<String> {
    (1..=segments.len()).rev().find_map(|n| {
        let stem = segments[..n].join("/");
        [format!("{stem}.rs"), format!("{stem}/mod.rs")].into_iter().find(|f| files.contains(f))
    })
}

/// The module path of a file: `plan/step.rs` → [plan, step]; `plan/mod.rs` → [plan].
fn module_of(file: &str) -> Vec<String> {
    let trimmed = file.trim_end_matches(".rs").trim_end_matches("/mod");
    if trimmed == "lib" || trimmed == "main" { Vec::new() } else { trimmed.split('/').map(str::to_string).collect() }
}

/// Which files each file takes names from: `crate::` and `super::` paths anywhere in it.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let sources = sources();
    let files: BTreeSet<String> = sources.iter().map(|(f, _)| f.clone()).collect();
    let mut graph = BTreeMap::new();
    for (file, text) in &sources {
        let here = module_of(file);
        let mut targets = BTreeSet::new();
        let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        for (prefix, base) in [("crate::", Vec::new()), ("super::", here[..here.len().saturating_sub(1)].to_vec())] {
            for piece in code.split(prefix).skip(1) {
                let path: String = piece.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
                let mut segments: Vec<&str> = base.iter().map(String::as_str).collect();
                segments.extend(path.split("::").filter(|s| !s.is_empty()));
                if let Some(target) = module_file(&files, &segments).filter(|t| t != file) {
                    targets.insert(target);
                }
            }
        }
        graph.insert(file.clone(), targets);
    }
    graph
}

/// Groups of files that import each other round a circle (Tarjan's strongly connected
/// components with more than one file).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, node: &'a str) {
        let n = s.index.len();
        s.index.insert(node, n);
        s.low.insert(node, n);
        s.stack.push(node);
        for next in s.graph.get(node).into_iter().flatten() {
            let next = next.as_str();
            if !s.index.contains_key(next) {
                visit(s, next);
                let low = s.low[node].min(s.low[next]);
                s.low.insert(node, low);
            } else if s.stack.contains(&next) {
                let low = s.low[node].min(s.index[next]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let mut group = Vec::new();
            while let Some(top) = s.stack.pop() {
                group.push(top.to_string());
                if top == node {
                    break;
                }
            }
            if group.len() > 1 {
                s.found.push(group);
            }
        }
    }
    let mut state = State { graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), found: Vec::new() };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.found
}

#[test]
fn no_files_import_each_other_round_a_circle() {
    let graph = imports();
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    eprintln!("{} files, {edges} imports between them", graph.len());
    assert!(edges > 50, "the scan no longer sees the imports ({edges})");
    let found = circles(&graph);
    assert!(found.is_empty(), "import circles: {found:?}");
}

#[test]
fn the_circle_finder_finds_a_circle() {
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("a.rs", vec!["b.rs"]), ("b.rs", vec!["c.rs"]), ("c.rs", vec!["a.rs"]), ("d.rs", vec!["a.rs"])]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_iter().map(str::to_string).collect()))
            .collect();
    let found = circles(&graph);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].iter().cloned().collect::<BTreeSet<_>>(), ["a.rs", "b.rs", "c.rs"].map(String::from).into_iter().collect());
}
