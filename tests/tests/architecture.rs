//! The architecture's rules that a compiler does not check by itself: which crate may use which
//! library, and no import circle between the modules of a crate (ARCHITECTURE.md).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the tests crate sits in the workspace").to_owned()
}

/// The `[dependencies]` a crate's Cargo.toml names.
fn dependencies(krate: &str) -> BTreeSet<String> {
    let manifest = std::fs::read_to_string(workspace().join(krate).join("Cargo.toml")).expect("the manifest reads");
    let mut names = BTreeSet::new();
    let mut in_dependencies = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
        } else if in_dependencies {
            if let Some((name, _)) = line.split_once('=') {
                names.insert(name.trim().trim_end_matches(".workspace").to_owned());
            }
        }
    }
    names
}

#[test]
fn each_crate_uses_only_the_libraries_of_its_layer() {
    let forbidden: &[(&str, &[&str])] = &[
        ("protocol", &["tokio", "axum", "hyper", "sqlx", "yrs"]),
        ("store", &["axum", "hyper", "kinplan-domain", "kinplan-live", "kinplan-server"]),
        ("domain", &["axum", "hyper", "sqlx", "redis", "kinplan-live", "kinplan-server"]),
        ("live", &["axum", "sqlx", "kinplan-server"]),
    ];
    for (krate, libraries) in forbidden {
        let used = dependencies(krate);
        assert!(!used.is_empty(), "{krate} names no dependencies: is its manifest read right?");
        for library in *libraries {
            assert!(!used.contains(*library), "{krate} must not depend on {library}");
        }
    }
    for krate in ["protocol", "domain", "live", "server"] {
        assert!(!dependencies(krate).contains("sqlx"), "only the store runs SQL, but {krate} depends on sqlx");
    }
    assert!(dependencies("store").contains("sqlx"));
}

/// The module a path inside `src` belongs to, as a list of names (`documents/core.rs` is
/// `["documents", "core"]`; `documents/mod.rs` is `["documents"]`).
fn module_of(relative: &Path) -> Vec<String> {
    let mut names: Vec<String> = relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
    let file = names.pop().expect("a file name");
    let stem = file.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        names.push(stem.to_owned());
    }
    names
}

fn rust_files(directory: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(directory).expect("the directory reads") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

/// The names that follow `prefix` in `code` (`crate::` then `events` in `crate::events::X`).
fn names_after<'a>(code: &'a str, prefix: &'static str) -> impl Iterator<Item = &'a str> {
    code.match_indices(prefix).filter_map(move |(at, _)| {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let rest = &code[at + prefix.len()..];
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        (end > 0).then(|| &rest[..end])
    })
}

/// A circle in `edges`, if there is one.
fn find_circle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(1) => {
                let start = path.iter().position(|entry| entry == node).expect("on the path");
                let mut circle = path[start..].to_vec();
                circle.push(node.to_owned());
                return Some(circle);
            }
            Some(_) => return None,
            None => {}
        }
        state.insert(node.to_owned(), 1);
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, edges, state, path) {
                return Some(circle);
            }
        }
        path.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    edges.keys().find_map(|node| visit(node, edges, &mut state, &mut Vec::new()))
}

/// Which module uses which, in one crate: among the crate's top-level modules, and among the
/// child modules of each directory module. A directory module and its children count as one
/// module at the level above.
fn module_graphs(krate: &str) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let source = workspace().join(krate).join("src");
    let mut files = Vec::new();
    rust_files(&source, &mut files);
    let modules: BTreeSet<Vec<String>> =
        files.iter().map(|file| module_of(file.strip_prefix(&source).expect("inside src"))).collect();
    let exists = |path: &[String]| modules.iter().any(|module| module.starts_with(path));
    let mut graphs: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let module = module_of(file.strip_prefix(&source).expect("inside src"));
        let Some(top) = module.first() else { continue };
        let code: String = std::fs::read_to_string(file)
            .expect("the file reads")
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut add = |level: &str, from: &str, to: &str| {
            let graph = graphs.entry(level.to_owned()).or_default();
            graph.entry(from.to_owned()).or_default();
            if from != to {
                graph.entry(from.to_owned()).or_default().insert(to.to_owned());
            }
        };
        add("crate", top, top);
        for target in names_after(&code, "crate::") {
            if exists(&[target.to_owned()]) {
                add("crate", top, target);
            }
        }
        // Within a directory module: one child using another, through `super::` or a path.
        if module.len() >= 2 {
            let parent = &module[..module.len() - 1];
            let child = &module[module.len() - 1];
            let level = parent.join("::");
            add(&level, child, child);
            for sibling in names_after(&code, "super::") {
                let mut path = parent.to_vec();
                path.push(sibling.to_owned());
                if exists(&path) {
                    add(&level, child, sibling);
                }
            }
        }
    }
    graphs
}

#[test]
fn the_module_graph_sees_the_uses_it_should() {
    let live = module_graphs("live");
    let uses = |level: &str, from: &str, to: &str| live[level].get(from).is_some_and(|targets| targets.contains(to));
    assert!(uses("crate", "documents", "connection"), "{:?}", live["crate"]);
    assert!(uses("crate", "connection", "close"), "{:?}", live["crate"]);
    assert!(uses("documents", "actor", "core"), "{:?}", live.get("documents"));
    assert!(!uses("crate", "connection", "documents"), "{:?}", live["crate"]);
}

#[test]
fn no_crate_has_an_import_circle() {
    for krate in ["protocol", "store", "domain", "live", "server"] {
        let graphs = module_graphs(krate);
        assert!(graphs.get("crate").is_some_and(|graph| graph.len() > 1), "{krate}: no modules found");
        for (level, graph) in &graphs {
            if let Some(circle) = find_circle(graph) {
                panic!("{krate} ({level}): an import circle: {}", circle.join(" -> "));
            }
        }
    }
}

#[test]
fn the_circle_finder_finds_a_circle() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    edges.entry("c".into()).or_default().insert("a".into());
    assert_eq!(find_circle(&edges), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
    edges.get_mut("c").unwrap().clear();
    assert_eq!(find_circle(&edges), None);
}
