//! Times the PDF export of a typical plan and of a large one (200 actions), and says how big the
//! files are: `cargo run --release -p kinplan-domain --example pdf_export`. The figures are in
//! docs/BENCHMARKS.md. With `KINPLAN_PDF_DIR` set, the files are written there to look at.

use std::time::{Duration, Instant};

use kinplan_domain::i18n::Lang;
use kinplan_domain::plan::export::{render, ExportFormat};
use kinplan_domain::plan::model::{
    ActionStatus, Block, ChainLink, DecisionView, ExportDocument, NetworkEntry, Plan, PlanAction, PlanMeta,
    SafetyNoteEntry, Section,
};
use kinplan_protocol::plan::SECTIONS;

const HASHES: [&str; 3] = [
    "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809",
    "2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a",
    "3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b",
];

/// A plan as a family writes one, in English or in Arabic: every section with a few paragraphs
/// or a list, `actions` actions, five decisions, a network of eight.
fn plan(actions: usize, arabic: bool) -> ExportDocument {
    let paragraph = if arabic {
        "ستأخذ الخالة سارة أميرة للمدرسة كل صباح، وتتصل الجدة بالمدرسة كل يوم جمعة لتعرف كيف كان الأسبوع."
    } else {
        "Grandma Rose will collect Amira from school on Tuesdays and Thursdays, and Aunt Sara will ring \
         the school every Friday to hear how the week went."
    };
    let item = if arabic {
        "ستأخذ الخالة سارة أميرة للمدرسة كل صباح."
    } else {
        "Amira goes to school every day."
    };
    let block = |kind: &str, text: &str| Block { kind: kind.to_owned(), text: text.to_owned() };
    let sections = SECTIONS
        .iter()
        .enumerate()
        .map(|(index, (name, title))| Section {
            name: (*name).to_owned(),
            title: (*title).to_owned(),
            blocks: if index % 3 == 1 {
                (0..4).map(|_| block("listItem", item)).collect()
            } else {
                (0..3).map(|_| block("paragraph", paragraph)).collect()
            },
        })
        .collect();
    let link = |number: usize| ChainLink {
        number: number as i64 + 1,
        hash: HASHES[number].to_owned(),
        previous_hash: number.checked_sub(1).map(|previous| HASHES[previous].to_owned()),
        label: "Agreed in the room".to_owned(),
        created_at: "2026-03-04T14:05:00Z".to_owned(),
    };
    ExportDocument {
        meeting_title: "Family network meeting for Amira".to_owned(),
        version: link(2),
        author: "Jo Smith (facilitator)".to_owned(),
        status: "proposed".to_owned(),
        plan: Plan {
            sections,
            actions: (0..actions)
                .map(|index| PlanAction {
                    id: format!("action-{index}"),
                    what: format!("Take Amira to school on day {index} and wait until she is inside"),
                    who: "Aunt Sara".to_owned(),
                    by_when: "2026-04-01".to_owned(),
                    how_we_know: "The school says she is there, and her teacher rings Mum".to_owned(),
                    status: ActionStatus::OnTrack,
                })
                .collect(),
            meta: PlanMeta { lead_family_member: "Aunt Sara".to_owned(), review_date: "2026-06-01".to_owned() },
        },
        chain: (0..3).map(link).collect(),
        decisions: (0..5)
            .map(|index| DecisionView {
                name: format!("Person {index}"),
                role: "family".to_owned(),
                decision: "agree_with_comment".to_owned(),
                comment: "We will keep to the plan and meet again in six weeks.".to_owned(),
                version_hash: HASHES[2].to_owned(),
                decided_at: "2026-03-04T15:30:00Z".to_owned(),
            })
            .collect(),
        participant_names: Vec::new(),
        copy_for: None,
        network: (0..8)
            .map(|index| NetworkEntry {
                name: format!("Relative {index}"),
                relationship: "aunt".to_owned(),
                kind: "family".to_owned(),
                details: vec![("phone".to_owned(), "07700 900123".to_owned())],
            })
            .collect(),
        safety_notes: vec![SafetyNoteEntry {
            about: "Aunt Sara".to_owned(),
            category: "arrangement".to_owned(),
            body: "Arrives first.".to_owned(),
            author: "Fay".to_owned(),
            written_at: "2026-12-01T10:00:00Z".to_owned(),
        }],
    }
}

fn main() {
    let cases = [
        ("typical plan (12 actions)", plan(12, false), 50),
        ("large plan (200 actions)", plan(200, false), 10),
        ("typical plan in Arabic (12 actions)", plan(12, true), 50),
    ];
    println!("| document | first export | median of the next | size |");
    println!("|---|---|---|---|");
    for (name, document, rounds) in cases {
        let start = Instant::now();
        let first = render(&document, ExportFormat::Pdf, Lang::ENGLISH);
        let first_time = start.elapsed();
        let mut times: Vec<Duration> = (0..rounds)
            .map(|_| {
                let start = Instant::now();
                let pdf = render(&document, ExportFormat::Pdf, Lang::ENGLISH);
                let elapsed = start.elapsed();
                assert_eq!(pdf.len(), first.len());
                elapsed
            })
            .collect();
        times.sort();
        if let Some(directory) = std::env::var_os("KINPLAN_PDF_DIR") {
            let file = name.split(" (").next().unwrap_or(name).replace(' ', "-");
            std::fs::write(std::path::Path::new(&directory).join(format!("{file}.pdf")), &first).unwrap();
        }
        let median = times[times.len() / 2];
        println!(
            "| {name} | {:.1} ms | {:.1} ms ({rounds} rounds) | {:.1} KiB |",
            first_time.as_secs_f64() * 1000.0,
            median.as_secs_f64() * 1000.0,
            first.len() as f64 / 1024.0
        );
    }
}
