//! What an export says, in its recipient's language, before any format lays it out: labels for
//! codes, dates people read (in UK time), names for participant ids, and the plan's parts in
//! reading order. Its words come from [`Words`].
//!
//! User text is carried as it was written (only control characters are tidied); each renderer
//! escapes it for its own format.

use std::borrow::Cow;

use kinplan_protocol::plan::SECTIONS;

use super::words::Words;
use crate::i18n::Lang;
use crate::plan::model::{ExportDocument, PlanAction};

/// The actions come straight after the family's answers, where a family plan puts them: the
/// answers say what the family will do, the actions say who does it and by when.
const ACTIONS_FOLLOW_SECTION: &str = "family_answers";

/// An export of one plan version, ready to lay out.
#[derive(Debug)]
pub(super) struct ExportView<'a> {
    /// Its own words, in the recipient's language.
    pub words: Words,
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
    pub label: String,
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
    pub status: String,
}

impl ActionRow<'_> {
    pub fn cells(&self) -> [&str; 5] {
        [&self.what, &self.who, &self.by_when, &self.how_we_know, &self.status]
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
    pub hash_note: Option<String>,
}

impl DecisionRow<'_> {
    /// The hash decided on, with a note when it is not this version's.
    pub fn hash_with_note(&self) -> Cow<'_, str> {
        match &self.hash_note {
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
    /// The export of `document` in `lang`.
    pub fn new(document: &'a ExportDocument, lang: Lang) -> Self {
        let words = Words::new(lang);
        let version = &document.version;
        ExportView {
            language: if lang == Lang::ENGLISH { "en-GB".to_owned() } else { lang.code().to_owned() },
            meeting_title: or_placeholder(clean(&document.meeting_title), || words.say("export-untitled")),
            subtitle: words.say_number("export-subtitle", "number", version.number),
            about: about(document, &words),
            parts: parts(document, &words),
            arrangements: vec![
                Fact {
                    label: words.say("export-lead"),
                    value: or_placeholder(clean(&document.plan.meta.lead_family_member), || {
                        words.say("export-not-chosen")
                    }),
                    is_code: false,
                },
                Fact {
                    label: words.say("export-review-date"),
                    value: format_date(&words, &document.plan.meta.review_date),
                    is_code: false,
                },
            ],
            decisions: document
                .decisions
                .iter()
                .map(|decision| DecisionRow {
                    name: clean(&decision.name),
                    role: words.code("role", clean(&decision.role).as_ref()).into_owned().into(),
                    decision: words.code("decision", clean(&decision.decision).as_ref()).into_owned().into(),
                    comment: or_placeholder(clean(&decision.comment), || words.say("export-none")),
                    decided_at: format_time(&words, &decision.decided_at),
                    version_hash: clean(&decision.version_hash),
                    hash_note: (decision.version_hash != version.hash).then(|| words.say("export-other-version")),
                })
                .collect(),
            version_number: version.number,
            version_hash: clean(&version.hash),
            words,
        }
    }
}

fn about<'a>(document: &'a ExportDocument, words: &Words) -> Vec<Fact<'a>> {
    let version = &document.version;
    let text = |label: &str, value| Fact { label: words.say(label), value, is_code: false };
    let code = |label: &str, value| Fact { label: words.say(label), value, is_code: true };
    vec![
        text("export-fact-meeting", clean(&document.meeting_title)),
        text("export-fact-version", Cow::Owned(version.number.to_string())),
        text("export-fact-label", or_placeholder(clean(&version.label), || words.say("export-no-label"))),
        text("export-fact-saved-by", or_placeholder(clean(&document.author), || words.say("export-not-recorded"))),
        text("export-fact-saved-on", format_time(words, &version.created_at)),
        text("export-fact-status", words.code("status", clean(&document.status).as_ref()).into_owned().into()),
        text("export-fact-place", Cow::Owned(chain_position(document, words))),
        text(
            "export-fact-copy",
            Cow::Owned(match &document.copy_for {
                None => words.say("export-copy-case-record"),
                Some(name) => {
                    let name = or_placeholder(clean(name), || words.say("export-copy-one-person"));
                    words.say_with("export-copy-for", "name", &name)
                }
            }),
        ),
        code("export-fact-hash", clean(&version.hash)),
        match &version.previous_hash {
            Some(previous) => code("export-fact-previous-hash", clean(previous)),
            None => text("export-fact-previous-hash", Cow::Owned(words.say("export-previous-none"))),
        },
    ]
}

/// Where the version sits in the meeting's chain of versions, such as
/// "version 3 of 3; previous 1a2b3c4d…".
pub(super) fn chain_position(document: &ExportDocument, words: &Words) -> String {
    use crate::i18n::{arg, say_in};
    let version = &document.version;
    let index = document.chain.iter().position(|link| link.hash == version.hash);
    let position = match index {
        Some(index) => say_in(
            words.lang,
            "export-chain-position",
            &[("index", arg(index as i64 + 1)), ("count", arg(document.chain.len() as i64))],
        ),
        None => words.say_number("export-chain-missing", "number", version.number),
    };
    match &version.previous_hash {
        None => words.say_with("export-chain-first", "position", &position),
        Some(previous) => {
            let with_previous = say_in(
                words.lang,
                "export-chain-previous",
                &[("position", arg(position)), ("previous", arg(short_hash(previous)))],
            );
            // The chain is only as good as its links: say so if this one does not join up.
            let before = index.and_then(|index| index.checked_sub(1)).map(|index| &document.chain[index]);
            if before.is_some_and(|before| &before.hash != previous) {
                words.say_with("export-chain-broken", "position", &with_previous)
            } else {
                with_previous
            }
        }
    }
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

fn parts<'a>(document: &'a ExportDocument, words: &Words) -> Vec<Part<'a>> {
    let plan = &document.plan;
    let mut parts = Vec::new();
    let mut actions_placed = false;
    for (name, _) in SECTIONS {
        let section = plan.sections.iter().find(|section| section.name == name);
        let title = section.map(|section| clean(&section.title)).filter(|title| !title.trim().is_empty());
        parts.push(Part::Section {
            title: words.section_title(name, title),
            blocks: section.map(|section| blocks(&section.blocks)).unwrap_or_default(),
        });
        if name == ACTIONS_FOLLOW_SECTION {
            parts.push(Part::Actions(actions(document, words)));
            actions_placed = true;
        }
    }
    if !actions_placed {
        parts.push(Part::Actions(actions(document, words)));
    }
    // A section the schema does not know (a newer editor's) is still shown, after the rest.
    for section in &plan.sections {
        if !SECTIONS.iter().any(|(name, _)| *name == section.name) {
            parts.push(Part::Section { title: clean(&section.title), blocks: blocks(&section.blocks) });
        }
    }
    parts.push(Part::Section { title: Cow::Owned(words.network_title.clone()), blocks: network(document) });
    if document.copy_for.is_none() {
        parts.push(Part::Section {
            title: Cow::Owned(words.safety_notes_title.clone()),
            blocks: safety_notes(document, words),
        });
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
fn safety_notes<'a>(document: &'a ExportDocument, words: &Words) -> Vec<BlockView<'a>> {
    document
        .safety_notes
        .iter()
        .map(|note| {
            let line = format!(
                "{} ({}; {}, {}): {}",
                clean(&note.about),
                clean(&note.category),
                clean(&note.author),
                format_time(words, &note.written_at),
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

fn actions<'a>(document: &'a ExportDocument, words: &Words) -> Vec<ActionRow<'a>> {
    document.plan.actions.iter().map(|action| action_row(document, action, words)).collect()
}

fn action_row<'a>(document: &'a ExportDocument, action: &'a PlanAction, words: &Words) -> ActionRow<'a> {
    let who = document
        .participant_names
        .iter()
        .find(|(id, _)| *id == action.who)
        .map(|(_, name)| name.as_str())
        .unwrap_or(&action.who);
    ActionRow {
        what: or_placeholder(clean(&action.what), || words.say("export-not-written")),
        who: or_placeholder(clean(who), || words.say("export-not-set")),
        by_when: format_date(words, &action.by_when),
        how_we_know: or_placeholder(clean(&action.how_we_know), || words.say("export-not-written")),
        status: words.action_status(action.status),
    }
}

/// `text`, or the placeholder when it is empty.
fn or_placeholder<'a>(text: Cow<'a, str>, placeholder: impl FnOnce() -> String) -> Cow<'a, str> {
    if text.trim().is_empty() {
        Cow::Owned(placeholder())
    } else {
        text
    }
}

/// An RFC 3339 time as people read it in the UK, in the export's language. Text that is not a
/// time is shown as it is.
pub(super) fn format_time<'a>(words: &Words, text: &'a str) -> Cow<'a, str> {
    match words.time(text) {
        Some(time) => Cow::Owned(time),
        None => or_placeholder(clean(text), || words.say("export-not-recorded")),
    }
}

/// An ISO date as people read it, such as "4 March 2026". Text that is not a date is shown as
/// it is.
pub(super) fn format_date<'a>(words: &Words, text: &'a str) -> Cow<'a, str> {
    match words.date(text) {
        Some(date) => Cow::Owned(date),
        None => or_placeholder(clean(text), || words.say("export-not-set")),
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
    fn dates_times_and_codes_read_in_the_exports_language() {
        let english = Words::new(Lang::ENGLISH);
        assert_eq!(format_date(&english, "2026-03-04"), "4 March 2026");
        assert_eq!(format_date(&english, ""), "Not set");
        assert_eq!(format_date(&english, "next week"), "next week");
        assert_eq!(format_time(&english, "2026-03-04T14:05:00Z"), "4 March 2026 at 2:05pm GMT");
        assert_eq!(format_time(&english, "yesterday"), "yesterday");
        assert_eq!(format_time(&english, ""), "Not recorded");
        assert_eq!(english.code("decision", "agree"), "Agrees");
        assert_eq!(english.code("decision", "abstain"), "abstain");
        assert_eq!(english.code("role", "referrer"), "Referrer");
        assert_eq!(english.code("status", "proposed"), "Proposed for agreement");
        let welsh = Words::new(Lang::from_code("cy").unwrap());
        assert_eq!(format_date(&welsh, ""), "Heb ei osod");
    }

    #[test]
    fn chain_position_says_where_the_version_sits() {
        let document = testing::plain_document();
        let words = Words::new(Lang::ENGLISH);
        let chain_position = |document: &ExportDocument| super::chain_position(document, &words);
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
        let view = ExportView::new(&document, Lang::ENGLISH);
        let titles: Vec<String> = view
            .parts
            .iter()
            .map(|part| match part {
                Part::Section { title, .. } => title.to_string(),
                Part::Actions(_) => view.words.actions_title.clone(),
            })
            .collect();
        let mut expected: Vec<String> = SECTIONS.iter().map(|(_, title)| title.to_string()).collect();
        expected.insert(7, view.words.actions_title.clone());
        expected.extend([view.words.network_title.clone(), view.words.safety_notes_title.clone()]);
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
            view.parts
                .iter()
                .any(|part| matches!(part, Part::Section { title, .. } if *title == view.words.safety_notes_title))
        };
        assert!(has_notes(&ExportView::new(&document, Lang::ENGLISH)));
        document.copy_for = Some("Dad".into());
        let view = ExportView::new(&document, Lang::ENGLISH);
        assert!(!has_notes(&view));
        assert!(view.about.iter().any(|fact| fact.label == "Copy" && fact.value.starts_with("For Dad")));
        let network = view.parts.iter().find_map(|part| match part {
            Part::Section { title, blocks } if *title == view.words.network_title => Some(blocks),
            _ => None,
        });
        assert_eq!(network.unwrap()[0].text, "Aunt Sara (aunt); phone: 07700 900123");
    }

    #[test]
    fn who_shows_a_participant_name_when_the_id_is_known() {
        let document = testing::plain_document();
        let view = ExportView::new(&document, Lang::ENGLISH);
        let actions = view.parts.iter().find_map(|part| match part {
            Part::Actions(rows) => Some(rows),
            _ => None,
        });
        let who: Vec<&str> = actions.unwrap().iter().map(|row| &*row.who).collect();
        assert_eq!(who, ["Aunt Sara", "Mr Patel, school", "Not set"]);
    }
}
