//! The web app keeps its own copy of the plan's shared names (`web/src/plan-schema.ts`): the
//! browser cannot import Rust. This test holds the two copies together, so a section renamed on
//! one side and not the other fails here instead of being refused by the server's schema check.

use kinplan_protocol::plan::{
    ACTIONS, ACTION_FIELDS, COMMENTS, FAMILY_NOTES, META, META_LEAD_FAMILY_MEMBER, META_REVIEW_DATE, SECTIONS,
};

fn web_schema() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/src/plan-schema.ts");
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The string assigned to `export const NAME = '…'`.
fn constant(source: &str, name: &str) -> String {
    let start = format!("export const {name} = '");
    let line = source.lines().find(|line| line.starts_with(&start)).unwrap_or_else(|| panic!("no {name}"));
    line[start.len()..].trim_end().trim_end_matches('\'').to_owned()
}

/// The single-quoted strings after `key: ` on each line, in order: `name: 'worries'`.
fn fields(source: &str, key: &str) -> Vec<String> {
    let marker = format!("{key}: ");
    source
        .lines()
        .filter_map(|line| {
            let at = line.find(&marker)? + marker.len();
            let rest = &line[at..];
            let quote = rest.chars().next().filter(|quote| *quote == '\'' || *quote == '"')?;
            let end = rest[1..].find(quote)?;
            Some(rest[1..1 + end].to_owned())
        })
        .collect()
}

#[test]
fn the_web_app_names_the_plan_as_the_protocol_does() {
    let source = web_schema();
    let sections = source.split("export const SECTIONS").nth(1).expect("SECTIONS").split("]\n").next().unwrap();
    let names = fields(sections, "name");
    let titles = fields(sections, "title");
    assert_eq!(names, SECTIONS.iter().map(|(name, _)| name.to_string()).collect::<Vec<_>>());
    assert_eq!(titles, SECTIONS.iter().map(|(_, title)| title.to_string()).collect::<Vec<_>>());

    assert_eq!(constant(&source, "ACTIONS"), ACTIONS);
    assert_eq!(constant(&source, "META"), META);
    assert_eq!(constant(&source, "META_LEAD_FAMILY_MEMBER"), META_LEAD_FAMILY_MEMBER);
    assert_eq!(constant(&source, "META_REVIEW_DATE"), META_REVIEW_DATE);
    assert_eq!(constant(&source, "COMMENTS"), COMMENTS);
    assert_eq!(constant(&source, "FAMILY_TIME_FRAGMENT"), FAMILY_NOTES);

    let action_fields = source.lines().find(|line| line.starts_with("export const ACTION_FIELDS")).expect("fields");
    let listed: Vec<&str> = action_fields.split('\'').skip(1).step_by(2).collect();
    assert_eq!(listed, ACTION_FIELDS);
}
