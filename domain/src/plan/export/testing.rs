//! Export documents for the renderers' tests: a typical plan, an empty one, and one with hostile
//! text in every field a person can type into.

use kinplan_protocol::plan::SECTIONS;

use crate::plan::model::{
    ActionStatus, Block, ChainLink, DecisionView, ExportDocument, NetworkEntry, Plan, PlanAction, PlanMeta,
    SafetyNoteEntry, Section,
};

pub const HASH_1: &str = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809";
pub const HASH_2: &str = "2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a";
pub const HASH_3: &str = "3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b";

/// A sentence from the typical plan, to look for in an export.
pub const LATIN_SENTENCE: &str = "Grandma Rose will collect Amira from school on Tuesdays and Thursdays.";

/// Markup that must come out as text, never as markup.
pub const SCRIPT: &str = "<script>alert(1)</script>";
pub const IMAGE: &str = "\"><img src=x onerror=alert(1)>";
pub const LINK: &str = "[link](javascript:alert(1))";
pub const RIGHT_TO_LEFT: &str = "مرحبا بالعالم שלום";
pub const EMOJI: &str = "👨‍👩‍👧 🏠";

/// Paragraphs a family might write in its own language and script: Arabic, Hebrew and Bengali
/// (each "Aunt Sara will take Amira to school every morning."), and English with Arabic inside
/// ("I will take her every morning").
pub const ARABIC: &str = "ستأخذ الخالة سارة أميرة للمدرسة كل صباح.";
pub const HEBREW: &str = "דודה שרה תיקח את אמירה לבית הספר בכל בוקר.";
pub const BENGALI: &str = "সারা খালা প্রতিদিন সকালে আমিরাকে স্কুলে নিয়ে যাবেন।";
pub const MIXED: &str = "Aunt Sara will say سأوصلها كل صباح to Amira, and Mum agrees.";
/// Headings in the same languages: "Our worries".
pub const ARABIC_HEADING: &str = "مخاوفنا";
pub const HEBREW_HEADING: &str = "הדאגות שלנו";
pub const BENGALI_HEADING: &str = "আমাদের চিন্তা";

/// The typical plan with the worries written as `paragraphs`, a heading before them in the same
/// language as the first.
pub fn written_in(heading: &str, paragraphs: &[&str]) -> ExportDocument {
    let mut document = plain_document();
    let worries = document.plan.sections.iter_mut().find(|section| section.name == "worries").unwrap();
    worries.blocks = std::iter::once(block("heading", heading))
        .chain(paragraphs.iter().map(|text| block("paragraph", text)))
        .collect();
    document
}

/// Every kind of hostile text in one string, starting with a Markdown heading.
pub fn hostile_text() -> String {
    format!("# heading {SCRIPT} {IMAGE} {LINK} **bold** | table | `code` {RIGHT_TO_LEFT} {EMOJI} 'quoted' & done")
}

/// One word of 10,000 characters, which no line is wide enough for.
pub fn long_word() -> String {
    "Supercalifragilistic".repeat(500)
}

fn link(number: i64, hash: &str, previous_hash: Option<&str>, label: &str) -> ChainLink {
    ChainLink {
        number,
        hash: hash.to_string(),
        previous_hash: previous_hash.map(str::to_string),
        label: label.to_string(),
        created_at: format!("2026-03-0{number}T14:05:00Z"),
    }
}

fn block(kind: &str, text: &str) -> Block {
    Block { kind: kind.to_string(), text: text.to_string() }
}

fn section(name: &str, title: &str, blocks: Vec<Block>) -> Section {
    Section { name: name.to_string(), title: title.to_string(), blocks }
}

fn action(what: &str, who: &str, by_when: &str, how_we_know: &str, status: ActionStatus) -> PlanAction {
    PlanAction {
        id: format!("action-{}", what.len()),
        what: what.to_string(),
        who: who.to_string(),
        by_when: by_when.to_string(),
        how_we_know: how_we_know.to_string(),
        status,
    }
}

fn decision(name: &str, role: &str, decision: &str, comment: &str, hash: &str) -> DecisionView {
    DecisionView {
        name: name.to_string(),
        role: role.to_string(),
        decision: decision.to_string(),
        comment: comment.to_string(),
        version_hash: hash.to_string(),
        decided_at: "2026-03-03T15:30:00Z".to_string(),
    }
}

/// A plan as a family might write it: version 3 of 3, proposed, some sections empty.
pub fn plain_document() -> ExportDocument {
    let sections = SECTIONS
        .iter()
        .map(|(name, title)| {
            let blocks = match *name {
                "worries" => vec![
                    block("paragraph", "Amira has missed school 12 times this term."),
                    block("paragraph", "Mum is unwell and sometimes cannot get up in the morning."),
                ],
                "bottom_lines" => vec![
                    block("listItem", "Amira goes to school every day."),
                    block("listItem", "An adult is at home every night."),
                ],
                "strengths" => vec![block("paragraph", LATIN_SENTENCE)],
                "child_dreams" => vec![block("heading", "When I grow up"), block("paragraph", "I want to be a vet.")],
                "family_answers" => vec![block(
                    "paragraph",
                    "Señora García, Zoë and Ελένη will share the school run; Дмитрий helps at weekends.",
                )],
                _ => Vec::new(),
            };
            section(name, title, blocks)
        })
        .collect();
    ExportDocument {
        meeting_title: "Family network meeting for Amira".to_string(),
        version: link(3, HASH_3, Some(HASH_2), "Agreed in the room"),
        author: "Jo Smith (facilitator)".to_string(),
        status: "proposed".to_string(),
        plan: Plan {
            sections,
            actions: vec![
                action(
                    "Take Amira to school",
                    "p-sara",
                    "2026-04-01",
                    "School says she is there",
                    ActionStatus::OnTrack,
                ),
                action(
                    "Check attendance each week",
                    "Mr Patel, school",
                    "",
                    "Attendance above 95%",
                    ActionStatus::NotStarted,
                ),
                action("Find a bed for Amira at Grandma's", "", "2026-05-10", "", ActionStatus::Done),
            ],
            meta: PlanMeta { lead_family_member: "Aunt Sara".to_string(), review_date: "2026-06-01".to_string() },
        },
        chain: vec![
            link(1, HASH_1, None, "First draft"),
            link(2, HASH_2, Some(HASH_1), "After family time"),
            link(3, HASH_3, Some(HASH_2), "Agreed in the room"),
        ],
        decisions: vec![
            decision("Aunt Sara", "family", "agree", "", HASH_3),
            decision("Ms Okafor", "referrer", "needs_resource_approval", "The bed needs funding approval.", HASH_3),
            decision("Dr Lee", "practitioner", "do_not_agree", "Night-time care is not covered.", HASH_2),
        ],
        participant_names: vec![("p-sara".to_string(), "Aunt Sara".to_string())],
        copy_for: None,
        network: vec![NetworkEntry {
            name: "Aunt Sara".into(),
            relationship: "aunt".into(),
            kind: "family".into(),
            details: vec![("phone".into(), "07700 900123".into())],
        }],
        safety_notes: vec![SafetyNoteEntry {
            about: "Aunt Sara".into(),
            category: "arrangement".into(),
            body: "Arrives first.".into(),
            author: "Fay".into(),
            written_at: "2026-12-01T10:00:00Z".into(),
        }],
    }
}

/// A plan whose every field a person types into holds hostile text, and is long enough for the
/// PDF to need several pages.
pub fn hostile_document() -> ExportDocument {
    let hostile = hostile_text();
    let long = long_word();
    let starts = [
        "# heading".to_string(),
        "> quoted".to_string(),
        "1. numbered".to_string(),
        "- bulleted".to_string(),
        "    indented code".to_string(),
        "===".to_string(),
        "<!-- comment".to_string(),
        "first line\n# second line\n> third line".to_string(),
        hostile.clone(),
        long.clone(),
        LATIN_SENTENCE.to_string(),
    ];
    let sections = SECTIONS
        .iter()
        .map(|(name, _)| {
            let mut blocks: Vec<Block> = Vec::new();
            for kind in ["paragraph", "heading", "listItem", "<img src=x onerror=alert(1)>"] {
                blocks.extend(starts.iter().map(|text| block(kind, text)));
            }
            section(name, &hostile, blocks)
        })
        .collect();
    ExportDocument {
        meeting_title: hostile.clone(),
        version: ChainLink { label: hostile.clone(), ..link(3, HASH_3, Some(HASH_2), "") },
        author: hostile.clone(),
        status: hostile.clone(),
        plan: Plan {
            sections,
            actions: vec![
                action(&hostile, "p-evil", &hostile, &hostile, ActionStatus::NotOnTrack),
                action(&long, &hostile, "2026-04-01", &long, ActionStatus::OnTrack),
                action("| a | b |\n| --- | --- |", "line one\nline two", "", "cell | with pipe", ActionStatus::Done),
            ],
            meta: PlanMeta { lead_family_member: hostile.clone(), review_date: hostile.clone() },
        },
        chain: vec![
            link(1, HASH_1, None, &hostile),
            link(2, HASH_2, Some(HASH_1), &hostile),
            ChainLink { label: hostile.clone(), ..link(3, HASH_3, Some(HASH_2), "") },
        ],
        decisions: vec![
            decision(&hostile, &hostile, &hostile, &hostile, HASH_3),
            decision(&long, "family", "agree_with_comment", &long, HASH_3),
        ],
        participant_names: vec![("p-evil".to_string(), hostile.clone())],
        copy_for: Some(hostile.clone()),
        network: vec![NetworkEntry {
            name: hostile.clone(),
            relationship: hostile.clone(),
            kind: hostile.clone(),
            details: vec![(hostile.clone(), hostile.clone())],
        }],
        safety_notes: vec![SafetyNoteEntry {
            about: hostile.clone(),
            category: hostile.clone(),
            body: hostile.clone(),
            author: hostile.clone(),
            written_at: hostile.clone(),
        }],
    }
}

/// A plan with nothing in it at all, not even a chain.
pub fn empty_document() -> ExportDocument {
    ExportDocument {
        meeting_title: String::new(),
        version: ChainLink {
            number: 1,
            hash: HASH_1.to_string(),
            previous_hash: None,
            label: String::new(),
            created_at: String::new(),
        },
        author: String::new(),
        status: "draft".to_string(),
        plan: Plan { sections: Vec::new(), actions: Vec::new(), meta: PlanMeta::default() },
        chain: Vec::new(),
        decisions: Vec::new(),
        participant_names: Vec::new(),
        copy_for: None,
        network: Vec::new(),
        safety_notes: Vec::new(),
    }
}
