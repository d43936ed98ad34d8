//! Exports of one plan version: Markdown, HTML, PDF and JSON, made from an [`ExportDocument`].
//!
//! Every format is rendered from the same [`view::ExportView`], so the four say the same things
//! in the same order and words; each renderer only decides how to lay them out and how to keep
//! the family's own text from being read as markup. Rendering is pure: bytes out, no IO, and it
//! never fails, whatever the text holds.

mod html;
mod json;
mod markdown;
mod pdf;
mod view;
mod words;

#[cfg(test)]
mod testing;

use crate::plan::model::ExportDocument;

/// The formats a plan version can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// Markdown, for pasting into a case record or a wiki.
    Md,
    /// A standalone HTML page, ready to print.
    Html,
    /// An A4 PDF, ready to print or attach.
    Pdf,
    /// The export document as JSON, for other systems to read.
    Json,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] = [ExportFormat::Md, ExportFormat::Html, ExportFormat::Pdf, ExportFormat::Json];

    /// The `Content-Type` to serve the export with.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Md => "text/markdown; charset=utf-8",
            ExportFormat::Html => "text/html; charset=utf-8",
            ExportFormat::Pdf => "application/pdf",
            ExportFormat::Json => "application/json",
        }
    }

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Html => "html",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Json => "json",
        }
    }

    /// Reads a format from a query parameter or a file extension, in any case: `md` (or
    /// `markdown`), `html` (or `htm`), `pdf`, `json`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(ExportFormat::Md),
            "html" | "htm" => Some(ExportFormat::Html),
            "pdf" => Some(ExportFormat::Pdf),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }
}

/// Renders one plan version in the given format. The same document always gives the same bytes.
/// Bidirectional controls are taken out of every text first, in every format.
pub fn render(document: &ExportDocument, format: ExportFormat) -> Vec<u8> {
    let document = &without_bidi_controls(document);
    match format {
        ExportFormat::Json => json::render(document),
        ExportFormat::Md => markdown::render(&view::ExportView::new(document)).into_bytes(),
        ExportFormat::Html => html::render(&view::ExportView::new(document)).into_bytes(),
        ExportFormat::Pdf => pdf::render(&view::ExportView::new(document)),
    }
}

/// A document of headings, paragraphs and tables of facts that is not a plan (a subject access
/// export), for [`text_pdf`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextDocument {
    pub title: String,
    pub subtitle: String,
    /// What the foot of every page says beside its number.
    pub footer: String,
    pub parts: Vec<TextPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextPart {
    Heading(String),
    Subheading(String),
    Paragraph(String),
    /// A paragraph in grey, for "nothing here" and notes.
    Muted(String),
    /// A table of labelled values.
    Facts(Vec<(String, String)>),
}

/// `document` as an A4 PDF, with the plan exports' fonts and layout; bidirectional controls are
/// taken out of every text first, as for a plan.
pub fn text_pdf(document: &TextDocument) -> Vec<u8> {
    let clean = |text: &str| text.chars().filter(|c| !is_bidi_control(*c)).collect::<String>();
    let parts = document
        .parts
        .iter()
        .map(|part| match part {
            TextPart::Heading(text) => TextPart::Heading(clean(text)),
            TextPart::Subheading(text) => TextPart::Subheading(clean(text)),
            TextPart::Paragraph(text) => TextPart::Paragraph(clean(text)),
            TextPart::Muted(text) => TextPart::Muted(clean(text)),
            TextPart::Facts(facts) => {
                TextPart::Facts(facts.iter().map(|(label, value)| (clean(label), clean(value))).collect())
            }
        })
        .collect();
    let document = TextDocument {
        title: clean(&document.title),
        subtitle: clean(&document.subtitle),
        footer: clean(&document.footer),
        parts,
    };
    pdf::render_text(&document)
}

/// The embeddings, overrides and isolates of Unicode's bidirectional algorithm (U+202A to U+202E,
/// U+2066 to U+2069). Typed into a name, a title or the plan, they make a printed plan read
/// differently from what was written ("pay 0001" shown as "pay 1000").
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `document` with every bidirectional control removed from every string it holds (names,
/// titles, labels, the plan's text, decisions), whatever field it is in.
fn without_bidi_controls(document: &ExportDocument) -> ExportDocument {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(text) if text.chars().any(is_bidi_control) => {
                text.retain(|c| !is_bidi_control(c));
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            serde_json::Value::Object(fields) => fields.values_mut().for_each(strip),
            _ => {}
        }
    }
    let Ok(mut value) = serde_json::to_value(document) else { return document.clone() };
    strip(&mut value);
    serde_json::from_value(value).unwrap_or_else(|_| document.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_are_recognised_and_nothing_else() {
        for c in
            ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']
        {
            assert!(is_bidi_control(c), "{c:?}");
        }
        for c in ['a', '\u{200F}', '\u{2029}', '\u{206A}', 'ب', '\u{05D0}'] {
            assert!(!is_bidi_control(c), "{c:?}");
        }
    }

    #[test]
    fn formats_have_a_content_type_and_extension() {
        fn check(format: ExportFormat, content_type: &str, extension: &str) {
            assert_eq!(format.content_type(), content_type);
            assert_eq!(format.extension(), extension);
            assert_eq!(ExportFormat::parse(extension), Some(format));
        }
        check(ExportFormat::Md, "text/markdown; charset=utf-8", "md");
        check(ExportFormat::Html, "text/html; charset=utf-8", "html");
        check(ExportFormat::Pdf, "application/pdf", "pdf");
        check(ExportFormat::Json, "application/json", "json");
    }

    #[test]
    fn parse_accepts_common_spellings_only() {
        fn check(text: &str, expected: Option<ExportFormat>) {
            assert_eq!(ExportFormat::parse(text), expected, "{text:?}");
        }
        check("MD", Some(ExportFormat::Md));
        check("markdown", Some(ExportFormat::Md));
        check(" Html ", Some(ExportFormat::Html));
        check("htm", Some(ExportFormat::Html));
        check("PDF", Some(ExportFormat::Pdf));
        check("json", Some(ExportFormat::Json));
        check("", None);
        check("docx", None);
        check("pdf.exe", None);
    }

    #[test]
    fn serde_reads_the_extension_names_the_command_line_takes() {
        for format in ExportFormat::ALL {
            let from_serde: ExportFormat = serde_json::from_str(&format!("\"{}\"", format.extension())).unwrap();
            assert_eq!(from_serde, format);
        }
    }

    #[test]
    fn every_format_renders_hostile_text_without_panicking() {
        let hostile = testing::hostile_document();
        let empty = testing::empty_document();
        for format in ExportFormat::ALL {
            assert!(!render(&hostile, format).is_empty());
            assert!(!render(&empty, format).is_empty());
            // The same document always gives the same bytes.
            assert_eq!(render(&hostile, format), render(&hostile, format));
        }
    }
}
