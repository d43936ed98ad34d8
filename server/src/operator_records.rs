//! The operator's commands for records through their life: retention rules and runs, legal
//! holds, erasure, backup and restore. The same workflows as the manager's API, run against the
//! database directly, audited as the operator.

use anyhow::{bail, Context};
use serde_json::json;

use crate::api::retention::{ErasureView, HoldView, RuleView};
use crate::app::open_database;
use crate::config::{DatabaseArgs, ErasuresCommand, HoldCommand, RecordsTarget, RetentionCommand};
use crate::domain::erasure::{self, ErasureReport};
use crate::domain::retention::{self, HoldTarget, RunReport};
use crate::domain::{Actor, Domain};
use crate::live_documents::StoredDocuments;
use crate::store::{backup, Erasure};

async fn open_domain(database: &DatabaseArgs) -> anyhow::Result<Domain> {
    let (store, _) = open_database(database).await?;
    let live = StoredDocuments { store: std::sync::Arc::clone(&store) };
    Ok(Domain::new(store, std::sync::Arc::new(live)))
}

fn target(given: &RecordsTarget) -> anyhow::Result<HoldTarget> {
    match (given.meeting.clone(), given.person.clone()) {
        (Some(meeting), None) => Ok(HoldTarget::Meeting(meeting)),
        (None, Some(person)) => Ok(HoldTarget::Person(person)),
        _ => bail!("give --meeting M or --person P (a participant), not both"),
    }
}

pub async fn retention(command: RetentionCommand) -> anyhow::Result<()> {
    match command {
        RetentionCommand::Show { database, json } => {
            let domain = open_domain(&database).await?;
            let rules = retention::rules(&domain, &Actor::operator()).await?;
            if json {
                let views: Vec<RuleView> = rules.iter().map(RuleView::of).collect();
                println!("{}", serde_json::to_string(&views)?);
            } else {
                for rule in &rules {
                    println!("{:<20} {}", rule.record_type.as_str(), retention::describe(rule));
                }
            }
        }
        RetentionCommand::Set { database, record_type, keep, from } => {
            let (amount, unit) = retention::parse_keep(&keep)?;
            let domain = open_domain(&database).await?;
            let rule = retention::set_rule(&domain, &Actor::operator(), record_type, amount, unit, from).await?;
            println!("{} is now kept {}", record_type.as_str(), retention::describe(&rule));
        }
        RetentionCommand::Run { database, dry_run, as_of, json } => {
            let as_of = match as_of.as_deref() {
                Some(day) => retention::parse_day(day)?,
                None => retention::today(),
            };
            let domain = open_domain(&database).await?;
            let report = retention::run(&domain, &Actor::operator(), as_of, dry_run).await?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                print_run(&report);
            }
        }
    }
    Ok(())
}

fn print_run(report: &RunReport) {
    let verb = if report.dry_run { "would delete" } else { "deleted" };
    let mut deleted = 0;
    for item in &report.items {
        let what = match (&item.meeting_id, item.record_type) {
            (Some(id), crate::store::RecordType::Meeting) => format!("meeting {id}"),
            (Some(id), record_type) => format!("{} of meeting {id}", record_type.as_str()),
            (None, record_type) => format!("{} of the whole service", record_type.as_str()),
        };
        match &item.held {
            Some(reason) => println!("kept     {what}: on hold ({reason}); {}", item.why),
            None => {
                deleted += 1;
                let rows: Vec<String> =
                    item.removed.rows.iter().map(|(table, rows)| format!("{rows} {table}")).collect();
                println!("{verb:<8} {what} ({}): {}", rows.join(", "), item.why);
            }
        }
    }
    let dry = if report.dry_run { " (dry run: nothing was deleted)" } else { "" };
    println!("as of {}: {deleted} deletion(s), {} kept on hold{dry}", report.as_of, report.items.len() - deleted);
}

pub async fn hold(command: HoldCommand) -> anyhow::Result<()> {
    match command {
        HoldCommand::Add { database, target: given } => {
            let domain = open_domain(&database).await?;
            let hold = retention::place_hold(&domain, &Actor::operator(), target(&given)?, &given.reason).await?;
            println!("hold {} placed", hold.id);
        }
        HoldCommand::Remove { database, target: given } => {
            let domain = open_domain(&database).await?;
            let lifted = retention::lift_hold(&domain, &Actor::operator(), target(&given)?, &given.reason).await?;
            println!("{} hold(s) lifted", lifted.len());
        }
        HoldCommand::List { database, json } => {
            let domain = open_domain(&database).await?;
            let holds = retention::holds(&domain, &Actor::operator()).await?;
            if json {
                let views: Vec<HoldView> = holds.iter().map(HoldView::of).collect();
                println!("{}", serde_json::to_string(&views)?);
            } else {
                for hold in &holds {
                    let on = hold.meeting_id.as_deref().map_or_else(
                        || format!("person {}", hold.participant_id.as_deref().unwrap_or("")),
                        |id| format!("meeting {id}"),
                    );
                    let state = if hold.lifted_at.is_some() { "lifted" } else { "in force" };
                    println!("{} {on}: {state}; {}", hold.id, hold.reason);
                }
            }
        }
    }
    Ok(())
}

pub async fn erase(database: DatabaseArgs, given: RecordsTarget, json: bool) -> anyhow::Result<()> {
    let (target, reason) = (target(&given)?, given.reason);
    let domain = open_domain(&database).await?;
    let operator = Actor::operator();
    let report: ErasureReport = match &target {
        HoldTarget::Meeting(meeting) => erasure::erase_meeting(&domain, &operator, meeting, &reason).await?,
        HoldTarget::Person(person) => erasure::erase_person(&domain, &operator, person, &reason).await?,
    };
    if json {
        println!("{}", serde_json::to_string(&report)?);
        return Ok(());
    }
    let rows: u64 = report.removed.rows.values().sum();
    match &target {
        HoldTarget::Meeting(meeting) => println!(
            "meeting {meeting} erased ({rows} rows, {} documents, {} versions; their hashes stay in the chain)",
            report.removed.documents.len(),
            report.removed.versions.len()
        ),
        HoldTarget::Person(person) => println!("person {person}'s data erased ({rows} rows)"),
    }
    for kept in &report.kept {
        println!("kept: {kept}");
    }
    println!("erasure {}", report.erasure_id);
    Ok(())
}

pub async fn backup(database: DatabaseArgs, out: std::path::PathBuf) -> anyhow::Result<()> {
    if backup::sqlite_path(&database.database_url).is_none() {
        bail!(
            "kinplan backup copies a SQLite database; back up PostgreSQL with pg_dump (see docs/DATA-PROTECTION.md, \
             \"Backups\")"
        );
    }
    match out.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        Some(parent) if !parent.is_dir() => bail!("there is no directory {}: create it first", parent.display()),
        _ => {}
    }
    backup::create_backup_file(&out)?;
    let (store, _) = open_database(&database).await?;
    if let Err(error) = store.backup_into(&out).await {
        let _ = std::fs::remove_file(&out);
        return Err(error).context("the backup could not be written");
    }
    let summary = backup::check_backup(&out).await.context("the backup was written but does not check out")?;
    let detail = json!({ "meetings": summary.meetings, "erasures": summary.erasures });
    store.append_audit(&Actor::operator().audit(None, "backup_written", detail), crate::secrets::now_millis()).await?;
    println!(
        "backup written to {} ({} meeting(s), {} erasure(s) recorded)",
        out.display(),
        summary.meetings,
        summary.erasures
    );
    Ok(())
}

pub async fn restore(database: DatabaseArgs, from: std::path::PathBuf) -> anyhow::Result<()> {
    if backup::sqlite_path(&database.database_url).is_none() {
        bail!(
            "kinplan restore puts back a SQLite database; restore PostgreSQL with pg_restore, then run \
             `kinplan erasures reapply` (see docs/DATA-PROTECTION.md, \"Backups\")"
        );
    }
    let summary = backup::check_backup(&from).await?;
    // What was erased since the backup was taken is known only to the database it replaces.
    let erased_since = backup::erasures_in(&database.database_url)
        .await
        .context("could not read the erasures of the database being replaced; move it aside only if it is lost")?;
    backup::install_backup(&database.database_url, &from)?;
    let (reapplied, deleted) = reapply_all(&database, &erased_since).await?;
    let (store, _) = open_database(&database).await?;
    let detail = json!({ "schema_version": summary.schema_version, "reapplied": reapplied, "deleted": deleted });
    store.append_audit(&Actor::operator().audit(None, "backup_restored", detail), crate::secrets::now_millis()).await?;
    println!(
        "restored {} ({} meeting(s)); {reapplied} erasure(s) made since the backup made again; the retention rules \
         deleted {deleted} more",
        from.display(),
        summary.meetings
    );
    Ok(())
}

/// Makes every erasure of `erasures` this database lacks again, then applies the retention rules
/// as of today; gives how many erasures were made again and how many deletions the rules made.
async fn reapply_all(database: &DatabaseArgs, erasures: &[Erasure]) -> anyhow::Result<(usize, usize)> {
    let domain = open_domain(database).await?;
    let operator = Actor::operator();
    let mut reapplied = 0;
    for erasure in erasures {
        if erasure::reapply(&domain, &operator, erasure).await? {
            reapplied += 1;
        }
    }
    let report = retention::run(&domain, &operator, retention::today(), false).await?;
    domain.store.scrub_deleted().await?;
    Ok((reapplied, report.items.iter().filter(|item| item.held.is_none()).count()))
}

pub async fn erasures(command: ErasuresCommand) -> anyhow::Result<()> {
    match command {
        ErasuresCommand::List { database, json } => {
            let domain = open_domain(&database).await?;
            let erasures = erasure::erasures(&domain, &Actor::operator()).await?;
            if json {
                let views: Vec<ErasureView> = erasures.iter().map(ErasureView::of).collect();
                println!("{}", serde_json::to_string_pretty(&views)?);
            } else {
                for erasure in &erasures {
                    let view = ErasureView::of(erasure);
                    let what = match (&erasure.meeting_id, &erasure.participant_id, erasure.record_type) {
                        (_, Some(person), _) => format!("person {person}"),
                        (Some(meeting), None, Some(record_type)) if record_type.as_str() != "meeting" => {
                            format!("{} of meeting {meeting}", record_type.as_str())
                        }
                        (Some(meeting), None, _) => format!("meeting {meeting}"),
                        (None, None, Some(record_type)) => format!("{} of the whole service", record_type.as_str()),
                        (None, None, None) => "records".into(),
                    };
                    println!("{} {} {what}: {}", view.erased_at, view.id, erasure.reason);
                }
            }
        }
        ErasuresCommand::Reapply { database, from } => {
            let text = std::fs::read_to_string(&from).with_context(|| {
                format!("could not read {}: give the file `kinplan erasures list --json` wrote", from.display())
            })?;
            let views: Vec<ErasureView> = serde_json::from_str(&text).with_context(|| {
                format!(
                    "{} is not a list of erasures: give the file `kinplan erasures list --json` wrote",
                    from.display()
                )
            })?;
            let erasures =
                views.iter().map(ErasureView::to_erasure).collect::<Result<Vec<_>, _>>().map_err(anyhow::Error::msg)?;
            let (reapplied, deleted) = reapply_all(&database, &erasures).await?;
            println!(
                "{reapplied} of {} erasure(s) made again; the retention rules deleted {deleted} more",
                erasures.len()
            );
        }
    }
    Ok(())
}

/// `kinplan report`: the service's figures over a range of days, as CSV or JSON, audited as read
/// by the operator.
pub async fn report(args: crate::config::ReportArgs) -> anyhow::Result<()> {
    use crate::domain::figures::{self, Scope};
    let domain = open_domain(&args.database).await?;
    let given = |value: Option<String>| value.filter(|value| !value.trim().is_empty());
    let scope = Scope { team: given(args.team), facilitator: given(args.facilitator) };
    let figures = figures::figures(&domain, &Actor::operator(), &args.from, &args.to, &scope).await?;
    match args.format {
        crate::config::ReportFormat::Csv => print!("{}", figures::to_csv(&figures)),
        crate::config::ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&figures)?),
    }
    Ok(())
}
