//! The data map a council's DPIA annexes (docs/DATA-PROTECTION.md) names every table kinplan
//! keeps and every field in it: a migration that adds one without saying what it holds, why and
//! who sees it fails here, on SQLite and PostgreSQL alike.

use kinplan_tests::{uses_postgres, TestDirectory, TestServer};
use sqlx::{AnyConnection, Connection};

/// Every table of the migrated database, with its columns.
async fn schema(database_url: &str) -> Vec<(String, Vec<String>)> {
    sqlx::any::install_default_drivers();
    let mut connection = AnyConnection::connect(database_url).await.expect("the test connects to the database");
    let query = if uses_postgres() {
        "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%' ORDER BY table_name, ordinal_position"
    } else {
        "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\' \
         ORDER BY m.name, p.cid"
    };
    let rows: Vec<(String, String)> =
        sqlx::query_as(query).fetch_all(&mut connection).await.expect("the schema is read");
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    for (table, column) in rows {
        match tables.last_mut() {
            Some((last, columns)) if *last == table => columns.push(column),
            _ => tables.push((table, vec![column])),
        }
    }
    tables
}

/// The part of the data map under the heading that names `table`, up to the next heading.
fn section<'a>(map: &'a str, table: &str) -> Option<&'a str> {
    let named = format!("`{table}`");
    let start = map.lines().position(|line| line.starts_with("### ") && line.contains(&named))?;
    let lines: Vec<&str> = map.lines().collect();
    let from = lines[..start].iter().map(|line| line.len() + 1).sum::<usize>();
    let length: usize = lines[start..]
        .iter()
        .enumerate()
        .take_while(|(index, line)| *index == 0 || !line.starts_with('#'))
        .map(|(_, line)| line.len() + 1)
        .sum();
    Some(&map[from..(from + length).min(map.len())])
}

#[tokio::test]
async fn the_data_map_names_every_table_and_field() {
    let directory = TestDirectory::new();
    let server = TestServer::start(directory.path()).await;
    let map = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/DATA-PROTECTION.md"))
        .expect("docs/DATA-PROTECTION.md is there");
    let tables = schema(&server.database_url).await;
    assert!(tables.len() >= 20, "the schema was read: {tables:?}");
    let mut missing = Vec::new();
    for (table, columns) in &tables {
        let Some(section) = section(&map, table) else {
            missing.push(format!("the table {table}"));
            continue;
        };
        for column in columns {
            if !section.contains(&format!("`{column}`")) && !section.contains(&format!(".{column}`")) {
                missing.push(format!("{table}.{column}"));
            }
        }
    }
    assert!(missing.is_empty(), "docs/DATA-PROTECTION.md does not say what these hold: {missing:?}");

    // The check itself can fail: a table the map does not name is found.
    assert!(section(&map, "children_photos").is_none());
}
