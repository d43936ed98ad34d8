//! What an export says, in plain English, before any format lays it out: labels for codes,
//! dates people read, names for participant ids, and the plan's parts in reading order.
//!
//! User text is carried as it was written (only control characters are tidied); each renderer
//! escapes it for its own format.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use kinplan_protocol::plan::SECTIONS;

use crate::plan::model::{ActionStatus, ExportDocument, PlanAction};

/// Shown for a section, or the actions, when nothing has been written in it.
pub(super) const NOTHING_WRITTEN: &str = "Nothing written yet.";
pub(super) const NO_DECISIONS: &str = "No decisions recorded on this version yet.";
pub(super) const ACTIONS_TITLE: &str = "Actions";
pub(super) const ARRANGEMENTS_TITLE: &str = "Who leads the plan and when it is reviewed";
pub(super) const DECISIONS_TITLE: &str = "Decisions";
pub(super) const ABOUT_TITLE: &str = "About this version";
pub(super) const NETWORK_TITLE: &str = "The family network";
pub(super) const SAFETY_NOTES_TITLE: &str = "Safety notes (case record only)";
pub(super) const ACTION_COLUMNS: [&str; 5] = ["What", "Who", "By when", "How we will know it is working", "Status"];
pub(super) const DECISION_COLUMNS: [&str; 6] =
    ["Name", "Role", "Decision", "Comment or reason", "When", "Version decided on (SHA-256)"];

/// The actions come straight after the family's answers, where a family plan puts them: the
/// answers say what the family will do, the actions say who does it and by when.
const ACTIONS_FOLLOW_SECTION: &str = "family_answers";

/// An export of one plan version, ready to lay out.
#[derive(Debug)]
pub(super) struct ExportView<'a> {
    /// The language the export is written in (a BCP 47 tag), for readers, screen readers and
    /// hyphenation; text in another script is marked with its own.
    pub language: String,
    pub meeting_title: Cow<'a, str>,
    /// Such as "Family plan, version 3", under the meeting title.
    pub subtitle: String,
    /// The version's facts: number, label, author, time, status, hashes.
    pub about: Vec<Fact<'a>>,
    /// The ten sections in schema order, with the actions in their place.
    pub parts: Vec<Part<'a>>,
    /// The lead family member and the review date.
    pub arrangements: Vec<Fact<'a>>,
    pub decisions: Vec<DecisionRow<'a>>,
    /// For page footers: the version's number and hash.
    pub version_number: i64,
    pub version_hash: Cow<'a, str>,
}

/// A labelled value. `is_code` marks hashes, which read better in a fixed-width font.
#[derive(Debug)]
pub(super) struct Fact<'a> {
    pub label: &'static str,
    pub value: Cow<'a, str>,
    pub is_code: bool,
}

#[derive(Debug)]
pub(super) enum Part<'a> {
    Section { title: Cow<'a, str>, blocks: Vec<BlockView<'a>> },
    Actions(Vec<ActionRow<'a>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
}

#[derive(Debug)]
pub(super) struct BlockView<'a> {
    pub kind: BlockKind,
    pub text: Cow<'a, str>,
}

#[derive(Debug)]
pub(super) struct ActionRow<'a> {
    pub what: Cow<'a, str>,
    pub who: Cow<'a, str>,
    pub by_when: Cow<'a, str>,
    pub how_we_know: Cow<'a, str>,
    pub status: &'static str,
}

impl ActionRow<'_> {
    pub fn cells(&self) -> [&str; 5] {
        [&self.what, &self.who, &self.by_when, &self.how_we_know, self.status]
    }
}

#[derive(Debug)]
pub(super) struct DecisionRow<'a> {
    pub name: Cow<'a, str>,
    pub role: Cow<'a, str>,
    pub decision: Cow<'a, str>,
    pub comment: Cow<'a, str>,
    pub decided_at: Cow<'a, str>,
    pub version_hash: Cow<'a, str>,
    /// Set when the decision was made on another version than the one exported.
    pub hash_note: Option<&'static str>,
}

impl DecisionRow<'_> {
    /// The hash decided on, with a note when it is not this version's.
    pub fn hash_with_note(&self) -> Cow<'_, str> {
        match self.hash_note {
            None => Cow::Borrowed(&self.version_hash),
            Some(note) => Cow::Owned(format!("{} ({note})", self.version_hash)),
        }
    }

    pub fn cells(&self) -> [Cow<'_, str>; 6] {
        [
            Cow::Borrowed(&*self.name),
            Cow::Borrowed(&*self.role),
            Cow::Borrowed(&*self.decision),
            Cow::Borrowed(&*self.comment),
            Cow::Borrowed(&*self.decided_at),
            self.hash_with_note(),
        ]
    }
}

impl<'a> ExportView<'a> {
    pub fn new(document: &'a ExportDocument) -> Self {
        let version = &document.version;
        ExportView {
            language: "en-GB".to_owned(),
            meeting_title: or_placeholder(clean(&document.meeting_title), "Untitled meeting"),
            subtitle: format!("Family plan, version {}", version.number),
            about: about(document),
            parts: parts(document),
            arrangements: vec![
                Fact {
                    label: "Lead family member",
                    value: or_placeholder(clean(&document.plan.meta.lead_family_member), "Not chosen yet"),
                    is_code: false,
                },
                Fact { label: "Review date", value: format_date(&document.plan.meta.review_date), is_code: false },
            ],
            decisions: document
                .decisions
                .iter()
                .map(|decision| DecisionRow {
                    name: clean(&decision.name),
                    role: role_label(&decision.role),
                    decision: decision_label(&decision.decision),
                    comment: or_placeholder(clean(&decision.comment), "None"),
                    decided_at: format_time(&decision.decided_at),
                    version_hash: clean(&decision.version_hash),
                    hash_note: (decision.version_hash != version.hash).then_some("a different version"),
                })
                .collect(),
            version_number: version.number,
            version_hash: clean(&version.hash),
        }
    }
}

fn about(document: &ExportDocument) -> Vec<Fact<'_>> {
    let version = &document.version;
    let text = |label, value| Fact { label, value, is_code: false };
    vec![
        text("Meeting", clean(&document.meeting_title)),
        text("Version", Cow::Owned(version.number.to_string())),
        text("Label", or_placeholder(clean(&version.label), "No label")),
        text("Saved by", or_placeholder(clean(&document.author), "Not recorded")),
        text("Saved on", format_time(&version.created_at)),
        text("Status", status_label(&document.status)),
        text("Place in the history", Cow::Owned(chain_position(document))),
        text(
            "Copy",
            Cow::Owned(match &document.copy_for {
                None => "Case record, for staff: everything, safety notes included".to_owned(),
                Some(name) => {
                    format!(
                        "For {}: contact details only as they may see them",
                        or_placeholder(clean(name), "one person")
                    )
                }
            }),
        ),
        Fact { label: "SHA-256 hash", value: clean(&version.hash), is_code: true },
        match &version.previous_hash {
            Some(previous) => Fact { label: "Previous version's hash", value: clean(previous), is_code: true },
            None => text("Previous version's hash", Cow::Borrowed("None: this is the first version")),
        },
    ]
}

/// Where the version sits in the meeting's chain of versions, such as
/// "version 3 of 3; previous 1a2b3c4d…".
pub(super) fn chain_position(document: &ExportDocument) -> String {
    let version = &document.version;
    let index = document.chain.iter().position(|link| link.hash == version.hash);
    let mut text = match index {
        Some(index) => format!("version {} of {}", index + 1, document.chain.len()),
        None => format!("version {} (not found in this meeting's history)", version.number),
    };
    match &version.previous_hash {
        None => text.push_str("; the first version"),
        Some(previous) => {
            text.push_str("; previous ");
            text.push_str(&short_hash(previous));
            // The chain is only as good as its links: say so if this one does not join up.
            let before = index.and_then(|index| index.checked_sub(1)).map(|index| &document.chain[index]);
            if before.is_some_and(|before| &before.hash != previous) {
                text.push_str(" (this does not match the version before it in the history)");
            }
        }
    }
    text
}

/// The first 8 characters of a hash and an ellipsis, for reading aloud; the full hash is shown
/// nearby.
fn short_hash(hash: &str) -> String {
    let cleaned = clean(hash);
    let mut short: String = cleaned.chars().take(8).collect();
    if cleaned.chars().nth(8).is_some() {
        short.push('…');
    }
    short
}

fn parts(document: &ExportDocument) -> Vec<Part<'_>> {
    let plan = &document.plan;
    let mut parts = Vec::new();
    let mut actions_placed = false;
    for (name, schema_title) in SECTIONS {
        let section = plan.sections.iter().find(|section| section.name == name);
        let title = section.map(|section| clean(&section.title)).filter(|title| !title.trim().is_empty());
        parts.push(Part::Section {
            title: title.unwrap_or(Cow::Borrowed(schema_title)),
            blocks: section.map(|section| blocks(&section.blocks)).unwrap_or_default(),
        });
        if name == ACTIONS_FOLLOW_SECTION {
            parts.push(Part::Actions(actions(document)));
            actions_placed = true;
        }
    }
    if !actions_placed {
        parts.push(Part::Actions(actions(document)));
    }
    // A section the schema does not know (a newer editor's) is still shown, after the rest.
    for section in &plan.sections {
        if !SECTIONS.iter().any(|(name, _)| *name == section.name) {
            parts.push(Part::Section { title: clean(&section.title), blocks: blocks(&section.blocks) });
        }
    }
    parts.push(Part::Section { title: Cow::Borrowed(NETWORK_TITLE), blocks: network(document) });
    if document.copy_for.is_none() {
        parts.push(Part::Section { title: Cow::Borrowed(SAFETY_NOTES_TITLE), blocks: safety_notes(document) });
    }
    parts
}

/// One line a person: name, relationship, and the contact details this copy may show.
fn network(document: &ExportDocument) -> Vec<BlockView<'_>> {
    document
        .network
        .iter()
        .map(|person| {
            let mut line = clean(&person.name).into_owned();
            if !person.relationship.trim().is_empty() {
                line.push_str(&format!(" ({})", clean(&person.relationship)));
            }
            for (kind, value) in &person.details {
                line.push_str(&format!("; {}: {}", clean(kind), clean(value)));
            }
            BlockView { kind: BlockKind::ListItem, text: Cow::Owned(line) }
        })
        .collect()
}

/// One paragraph a note: about whom, what kind, who wrote it and when, then its words.
fn safety_notes(document: &ExportDocument) -> Vec<BlockView<'_>> {
    document
        .safety_notes
        .iter()
        .map(|note| {
            let line = format!(
                "{} ({}; {}, {}): {}",
                clean(&note.about),
                clean(&note.category),
                clean(&note.author),
                format_time(&note.written_at),
                clean(&note.body)
            );
            BlockView { kind: BlockKind::Paragraph, text: Cow::Owned(line) }
        })
        .collect()
}

fn blocks(blocks: &[crate::plan::model::Block]) -> Vec<BlockView<'_>> {
    blocks
        .iter()
        .filter(|block| !block.text.trim().is_empty())
        .map(|block| BlockView {
            kind: match block.kind.as_str() {
                "heading" => BlockKind::Heading,
                "listItem" | "bulletList" | "orderedList" | "taskItem" => BlockKind::ListItem,
                _ => BlockKind::Paragraph,
            },
            text: clean(&block.text),
        })
        .collect()
}

fn actions(document: &ExportDocument) -> Vec<ActionRow<'_>> {
    document.plan.actions.iter().map(|action| action_row(document, action)).collect()
}

fn action_row<'a>(document: &'a ExportDocument, action: &'a PlanAction) -> ActionRow<'a> {
    let who = document
        .participant_names
        .iter()
        .find(|(id, _)| *id == action.who)
        .map(|(_, name)| name.as_str())
        .unwrap_or(&action.who);
    ActionRow {
        what: or_placeholder(clean(&action.what), "Not written yet"),
        who: or_placeholder(clean(who), "Not set"),
        by_when: format_date(&action.by_when),
        how_we_know: or_placeholder(clean(&action.how_we_know), "Not written yet"),
        status: status_of(action.status),
    }
}

fn status_of(status: ActionStatus) -> &'static str {
    status.label()
}

fn or_placeholder<'a>(text: Cow<'a, str>, placeholder: &'static str) -> Cow<'a, str> {
    if text.trim().is_empty() {
        Cow::Borrowed(placeholder)
    } else {
        text
    }
}

pub(super) fn status_label(status: &str) -> Cow<'_, str> {
    match status {
        "draft" => Cow::Borrowed("Draft"),
        "proposed" => Cow::Borrowed("Proposed for agreement"),
        "final" => Cow::Borrowed("Final"),
        other => clean(other),
    }
}

pub(super) fn role_label(role: &str) -> Cow<'_, str> {
    match role {
        "family" => Cow::Borrowed("Family"),
        "practitioner" => Cow::Borrowed("Practitioner"),
        "referrer" => Cow::Borrowed("Referrer"),
        "facilitator" => Cow::Borrowed("Facilitator"),
        other => clean(other),
    }
}

pub(super) fn decision_label(decision: &str) -> Cow<'_, str> {
    match decision {
        "agree" => Cow::Borrowed("Agrees"),
        "agree_with_comment" => Cow::Borrowed("Agrees, with a comment"),
        "do_not_agree" => Cow::Borrowed("Does not agree"),
        "agreed" => Cow::Borrowed("Agreed"),
        "not_agreed" => Cow::Borrowed("Not agreed"),
        "needs_resource_approval" => Cow::Borrowed("Needs approval for resources"),
        other => clean(other),
    }
}

/// An RFC 3339 time as people read it, in UTC, such as "4 March 2026 at 2:05pm UTC". Text that
/// is not a time is shown as it is.
pub(super) fn format_time(text: &str) -> Cow<'_, str> {
    match DateTime::parse_from_rfc3339(text.trim()) {
        Ok(time) => Cow::Owned(time.with_timezone(&Utc).format("%-d %B %Y at %-I:%M%P UTC").to_string()),
        Err(_) => or_placeholder(clean(text), "Not recorded"),
    }
}

/// An ISO date as people read it, such as "4 March 2026". Text that is not a date is shown as
/// it is.
pub(super) fn format_date(text: &str) -> Cow<'_, str> {
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(date) => Cow::Owned(date.format("%-d %B %Y").to_string()),
        Err(_) => or_placeholder(clean(text), "Not set"),
    }
}

/// Tidies user text for display: line ends become `\n`, tabs become spaces, and other control
/// characters (which no format can show and some would misread) are dropped.
pub(super) fn clean(text: &str) -> Cow<'_, str> {
    let needs_work = text.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{2028}' || c == '\u{2029}');
    if !needs_work {
        return Cow::Borrowed(text);
    }
    let mut cleaned = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                cleaned.push('\n');
            }
            '\n' | '\u{2028}' | '\u{2029}' => cleaned.push('\n'),
            '\t' => cleaned.push(' '),
            c if c.is_control() => {}
            c => cleaned.push(c),
        }
    }
    Cow::Owned(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::export::testing;

    #[test]
    fn clean_tidies_control_characters() {
        fn check(input: &str, expected: &str) {
            assert_eq!(clean(input), expected, "{input:?}");
        }
        check("plain", "plain");
        check("a\r\nb\rc\nd", "a\nb\nc\nd");
        check("a\tb", "a b");
        check("bell\u{7}null\u{0}esc\u{1b}[31m", "bellnullesc[31m");
        check("line\u{2028}separator", "line\nseparator");
        check("مرحبا 👨‍👩‍👧", "مرحبا 👨‍👩‍👧");
    }

    #[test]
    fn dates_and_times_read_in_plain_english() {
        fn check(actual: Cow<'_, str>, expected: &str) {
            assert_eq!(actual, expected);
        }
        check(format_date("2026-03-04"), "4 March 2026");
        check(format_date(""), "Not set");
        check(format_date("next week"), "next week");
        check(format_time("2026-03-04T14:05:00Z"), "4 March 2026 at 2:05pm UTC");
        check(format_time("2026-06-30T23:30:00-01:00"), "1 July 2026 at 12:30am UTC");
        check(format_time("yesterday"), "yesterday");
        check(format_time(""), "Not recorded");
    }

    #[test]
    fn codes_read_in_plain_english() {
        fn check(actual: Cow<'_, str>, expected: &str) {
            assert_eq!(actual, expected);
        }
        check(decision_label("agree"), "Agrees");
        check(decision_label("agree_with_comment"), "Agrees, with a comment");
        check(decision_label("do_not_agree"), "Does not agree");
        check(decision_label("agreed"), "Agreed");
        check(decision_label("not_agreed"), "Not agreed");
        check(decision_label("needs_resource_approval"), "Needs approval for resources");
        check(decision_label("abstain"), "abstain");
        check(role_label("referrer"), "Referrer");
        check(role_label("grandparent"), "grandparent");
        check(status_label("draft"), "Draft");
        check(status_label("proposed"), "Proposed for agreement");
        check(status_label("final"), "Final");
    }

    #[test]
    fn chain_position_says_where_the_version_sits() {
        let document = testing::plain_document();
        assert_eq!(chain_position(&document), format!("version 3 of 3; previous {}…", &testing::HASH_2[..8]));

        let mut first = testing::plain_document();
        first.version = first.chain[0].clone();
        assert_eq!(chain_position(&first), "version 1 of 3; the first version");

        let mut broken = testing::plain_document();
        broken.version.previous_hash = Some(testing::HASH_1.to_string());
        assert!(chain_position(&broken).ends_with("(this does not match the version before it in the history)"));

        let mut missing = testing::plain_document();
        missing.chain.clear();
        assert!(chain_position(&missing).starts_with("version 3 (not found in this meeting's history)"));
    }

    #[test]
    fn sections_come_in_schema_order_with_actions_after_the_answers() {
        let mut document = testing::plain_document();
        // Sections stored out of order, one missing: the export still reads in schema order.
        document.plan.sections.reverse();
        document.plan.sections.retain(|section| section.name != "strengths");
        let view = ExportView::new(&document);
        let titles: Vec<String> = view
            .parts
            .iter()
            .map(|part| match part {
                Part::Section { title, .. } => title.to_string(),
                Part::Actions(_) => ACTIONS_TITLE.to_string(),
            })
            .collect();
        let mut expected: Vec<String> = SECTIONS.iter().map(|(_, title)| title.to_string()).collect();
        expected.insert(7, ACTIONS_TITLE.to_string());
        expected.extend([NETWORK_TITLE.to_string(), SAFETY_NOTES_TITLE.to_string()]);
        assert_eq!(titles, expected);
        let strengths = view.parts.iter().find_map(|part| match part {
            Part::Section { title, blocks } if title == "What is working well" => Some(blocks),
            _ => None,
        });
        assert!(strengths.unwrap().is_empty());
    }

    /// A family member's copy names who it is for and has no safety notes part at all; the
    /// case record has one.
    #[test]
    fn a_family_copy_has_no_safety_notes_and_says_whom_it_is_for() {
        let mut document = testing::plain_document();
        let has_notes = |view: &ExportView| {
            view.parts.iter().any(|part| matches!(part, Part::Section { title, .. } if title == SAFETY_NOTES_TITLE))
        };
        assert!(has_notes(&ExportView::new(&document)));
        document.copy_for = Some("Dad".into());
        let view = ExportView::new(&document);
        assert!(!has_notes(&view));
        assert!(view.about.iter().any(|fact| fact.label == "Copy" && fact.value.starts_with("For Dad")));
        let network = view.parts.iter().find_map(|part| match part {
            Part::Section { title, blocks } if title == NETWORK_TITLE => Some(blocks),
            _ => None,
        });
        assert_eq!(network.unwrap()[0].text, "Aunt Sara (aunt); phone: 07700 900123");
    }

    #[test]
    fn who_shows_a_participant_name_when_the_id_is_known() {
        let document = testing::plain_document();
        let view = ExportView::new(&document);
        let actions = view.parts.iter().find_map(|part| match part {
            Part::Actions(rows) => Some(rows),
            _ => None,
        });
        let who: Vec<&str> = actions.unwrap().iter().map(|row| &*row.who).collect();
        assert_eq!(who, ["Aunt Sara", "Mr Patel, school", "Not set"]);
    }
}
