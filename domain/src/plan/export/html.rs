//! The HTML export: one standalone page, ready to print on A4, with no scripts and nothing
//! loaded from anywhere else.
//!
//! The page is a `maud` template, which escapes everything it is given. The family's text goes
//! through [`Text`] as well, which also escapes `'`, so it is safe in any text or attribute
//! context. The page says its language and direction on `<html>`; each element of the family's
//! text carries `dir="auto"`, so that right-to-left writing is laid out right to left, and its
//! own `lang` where its script says it is in another language ([`super::text_language`]), so that
//! a screen reader speaks it in the right voice.

use maud::{html, Markup, PreEscaped, Render};

use super::view::{BlockKind, BlockView, ExportView, Fact, Part};
use super::{is_right_to_left_language, text_language};

/// GOV.UK's colours and type sizes, so a printed plan looks like other council documents.
/// `overflow-wrap: anywhere` lets a very long word wrap instead of widening the page.
const STYLE: &str = r#"
html {
  font-family: Arial, "Helvetica Neue", Helvetica, sans-serif; font-size: 100%; color: #0b0c0c; background: #fff;
}
body {
  margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 3rem; font-size: 1.1875rem; line-height: 1.5;
  overflow-wrap: anywhere;
}
h1 { font-size: 2.25rem; line-height: 1.2; margin: 1rem 0 0.25rem; }
h2 {
  font-size: 1.5rem; line-height: 1.25; margin: 2.5rem 0 0.75rem; padding-top: 0.75rem; border-top: 2px solid #b1b4b6;
}
h3 { font-size: 1.1875rem; margin: 1.25rem 0 0.5rem; }
p, ul { margin: 0 0 1rem; }
.subtitle { font-size: 1.5rem; color: #505a5f; margin-bottom: 1.5rem; }
.empty { color: #505a5f; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1.5rem; font-size: 1rem; }
th, td {
  border: 1px solid #505a5f; padding: 0.5rem 0.625rem; text-align: start; vertical-align: top; overflow-wrap: anywhere;
}
thead th, th[scope="row"] { background: #f3f2f1; }
table.facts th { width: 14rem; }
code {
  font-family: "Courier New", Courier, monospace; font-size: 1em; overflow-wrap: anywhere; word-break: break-all;
}
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid #b1b4b6; font-size: 1rem; color: #505a5f; }
@page { size: A4; margin: 20mm 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 12pt; }
  h1 { font-size: 22pt; }
  h2 { font-size: 16pt; break-after: avoid; page-break-after: avoid; }
  h3 { font-size: 13pt; break-after: avoid; page-break-after: avoid; }
  table { font-size: 12pt; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  .subtitle, .empty, footer { color: #0b0c0c; }
}
"#;

/// Only inline styles may run, and nothing may be fetched: a copy saved to a shared drive
/// cannot be made to load anything, even if an escape were ever missed.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// Escapes text for HTML: `&`, `<`, `>`, `"` and `'`, which is enough for any text or quoted
/// attribute context.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// A person's text, escaped, with its line breaks kept as `<br>`.
struct Text<'a>(&'a str);

impl Render for Text<'_> {
    fn render_to(&self, buffer: &mut String) {
        for (index, line) in self.0.split('\n').enumerate() {
            if index > 0 {
                buffer.push_str("<br>");
            }
            escape_into(line, buffer);
        }
    }
}

pub(super) fn render(view: &ExportView<'_>) -> String {
    let language = &*view.language;
    let lang = |text: &str| text_language(text, language);
    let direction = if is_right_to_left_language(language) { "rtl" } else { "ltr" };
    let title = format!("{}: {}", view.meeting_title, view.subtitle.to_lowercase());
    let page = html! {
        (PreEscaped("<!doctype html>\n"))
        html lang=(language) dir=(direction) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content=(CONTENT_SECURITY_POLICY);
                meta name="referrer" content="no-referrer";
                meta name="generator" content="kinplan";
                title { (Text(&title)) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    h1 dir="auto" lang=[lang(&view.meeting_title)] { (Text(&view.meeting_title)) }
                    p.subtitle { (view.subtitle) }
                    section {
                        h2 { (view.words.about_title) }
                        (facts(&view.about, language))
                    }
                    @for part in &view.parts {
                        section {
                            @match part {
                                Part::Section { title, blocks: section_blocks } => {
                                    h2 dir="auto" lang=[lang(title)] { (Text(title)) }
                                    (blocks(section_blocks, language, &view.words.nothing_written))
                                }
                                Part::Actions(rows) => {
                                    h2 { (view.words.actions_title) }
                                    @if rows.is_empty() {
                                        p.empty { (view.words.nothing_written) }
                                    } @else {
                                        table.actions {
                                            thead {
                                                tr { @for column in &view.words.action_columns { th scope="col" { (column) } } }
                                            }
                                            tbody {
                                                @for row in rows {
                                                    tr {
                                                        @for cell in row.cells() {
                                                            td dir="auto" lang=[lang(cell)] { (Text(cell)) }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    section {
                        h2 { (view.words.arrangements_title) }
                        (facts(&view.arrangements, language))
                    }
                    section {
                        h2 { (view.words.decisions_title) }
                        @if view.decisions.is_empty() {
                            p.empty { (view.words.no_decisions) }
                        } @else {
                            table.decisions {
                                thead { tr { @for column in &view.words.decision_columns { th scope="col" { (column) } } } }
                                tbody {
                                    @for decision in &view.decisions {
                                        tr {
                                            th scope="row" dir="auto" lang=[lang(&decision.name)] {
                                                (Text(&decision.name))
                                            }
                                            td dir="auto" lang=[lang(&decision.role)] { (Text(&decision.role)) }
                                            td dir="auto" lang=[lang(&decision.decision)] {
                                                (Text(&decision.decision))
                                            }
                                            td dir="auto" lang=[lang(&decision.comment)] { (Text(&decision.comment)) }
                                            td dir="auto" { (Text(&decision.decided_at)) }
                                            td {
                                                code { (Text(&decision.version_hash)) }
                                                @if let Some(note) = &decision.hash_note { " (" (note) ")" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                footer {
                    p {
                        (view.words.say_number("export-footer", "number", view.version_number)) " "
                        code { (Text(&view.version_hash)) } "."
                    }
                }
            }
        }
    };
    let mut html = page.into_string();
    html.push('\n');
    html
}

fn facts(facts: &[Fact<'_>], language: &str) -> Markup {
    html! {
        table.facts {
            tbody {
                @for fact in facts {
                    tr {
                        th scope="row" { (fact.label) }
                        td dir="auto" lang=[text_language(&fact.value, language)] {
                            @if fact.is_code { code { (Text(&fact.value)) } } @else { (Text(&fact.value)) }
                        }
                    }
                }
            }
        }
    }
}

/// A section's blocks, with list items that follow each other gathered into one list.
fn blocks(blocks: &[BlockView<'_>], language: &str, nothing_written: &str) -> Markup {
    let lang = |text: &str| text_language(text, language);
    let mut groups: Vec<&[BlockView<'_>]> = Vec::new();
    let mut rest = blocks;
    while let Some(first) = rest.first() {
        let length = match first.kind {
            BlockKind::ListItem => rest.iter().take_while(|block| block.kind == BlockKind::ListItem).count(),
            _ => 1,
        };
        let (group, after) = rest.split_at(length);
        groups.push(group);
        rest = after;
    }
    html! {
        @if blocks.is_empty() {
            p.empty { (nothing_written) }
        }
        @for group in groups {
            @match group[0].kind {
                BlockKind::Heading => h3 dir="auto" lang=[lang(&group[0].text)] { (Text(&group[0].text)) },
                BlockKind::Paragraph => p dir="auto" lang=[lang(&group[0].text)] { (Text(&group[0].text)) },
                BlockKind::ListItem => ul {
                    @for item in group { li dir="auto" lang=[lang(&item.text)] { (Text(&item.text)) } }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::plan::export::testing;

    #[test]
    fn escapes_the_five_characters() {
        fn check(input: &str, expected: &str) {
            let mut out = String::new();
            Text(input).render_to(&mut out);
            assert_eq!(out, expected, "{input:?}");
        }
        check("plain text", "plain text");
        check("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
        check("\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
        check("' onmouseover='x", "&#39; onmouseover=&#39;x");
        check("&amp; & &#60;", "&amp;amp; &amp; &amp;#60;");
        check("line one\nline two", "line one<br>line two");
        check("مرحبا بالعالم שלום 👨‍👩‍👧 🏠", "مرحبا بالعالم שלום 👨‍👩‍👧 🏠");
    }

    /// Every tag in the page, as its name and the names of its attributes. maud always quotes
    /// attribute values with `"` and escapes `"` inside them, so a value ends at the next `"`.
    fn tags(html: &str) -> Vec<(String, Vec<String>)> {
        let mut tags = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            rest = &rest[start + 1..];
            if let Some(after) = rest.strip_prefix("!doctype html>") {
                rest = after;
                continue;
            }
            let name_end = rest.find(|c: char| c.is_whitespace() || c == '>').expect("every tag is closed");
            let name = rest[..name_end].trim_start_matches('/').to_string();
            rest = &rest[name_end..];
            let mut attributes = Vec::new();
            loop {
                rest = rest.trim_start();
                if let Some(after) = rest.strip_prefix('>') {
                    rest = after;
                    break;
                }
                let attribute_end = rest.find(['=', '>', ' ']).expect("every tag is closed");
                attributes.push(rest[..attribute_end].to_string());
                rest = &rest[attribute_end..];
                if let Some(value) = rest.strip_prefix("=\"") {
                    let value_end = value.find('"').expect("every value is closed");
                    rest = &value[value_end + 1..];
                }
            }
            tags.push((name, attributes));
        }
        tags
    }

    #[test]
    fn the_tag_reader_sees_attributes() {
        let tags = tags("<!doctype html>\n<p a=\"x y=z\" b>t</p><br>");
        assert_eq!(
            tags,
            [
                ("p".to_string(), vec!["a".to_string(), "b".to_string()]),
                ("p".to_string(), vec![]),
                ("br".to_string(), vec![])
            ]
        );
    }

    #[test]
    fn hostile_text_cannot_add_tags_or_attributes() {
        let html = render(&ExportView::new(&testing::hostile_document(), Lang::ENGLISH));
        let allowed_tags = [
            "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "section", "table",
            "thead", "tbody", "tr", "th", "td", "ul", "li", "code", "br", "footer",
        ];
        let allowed_attributes = ["lang", "charset", "name", "content", "http-equiv", "dir", "class", "scope"];
        for (name, attributes) in tags(&html) {
            assert!(allowed_tags.contains(&name.as_str()), "unexpected tag {name:?}");
            for attribute in attributes {
                assert!(
                    allowed_attributes.contains(&attribute.as_str()),
                    "unexpected attribute {attribute:?} on {name}"
                );
            }
        }
        for raw in ["<script", "<img", "<!--", "javascript:alert(1)\">"] {
            assert!(!html.contains(raw), "raw {raw:?} in the page");
        }
        for escaped in [
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
            "[link](javascript:alert(1))",
            "&#39;quoted&#39; &amp; done",
            "<h1 dir=\"auto\"># heading &lt;script&gt;",
            "<td dir=\"auto\">line one<br>line two</td>",
            testing::RIGHT_TO_LEFT,
            testing::EMOJI,
        ] {
            assert!(html.contains(escaped), "missing {escaped:?}");
        }
        assert!(html.contains(&testing::long_word()));
        // Right-to-left text is in an element that finds its own direction.
        let body = html.find("<body>").unwrap();
        let rtl = body + html[body..].find(testing::RIGHT_TO_LEFT).unwrap();
        let opening = html[..rtl].rfind('<').unwrap();
        assert!(html[opening..rtl].contains("dir=\"auto\""), "{}", &html[opening..rtl]);
    }

    #[test]
    fn is_a_complete_printable_page() {
        let html = render(&ExportView::new(&testing::plain_document(), Lang::ENGLISH));
        assert!(
            html.starts_with("<!doctype html>\n<html lang=\"en-GB\" dir=\"ltr\"><head><meta charset=\"utf-8\">"),
            "{html}"
        );
        assert!(html.ends_with("</html>\n"));
        for expected in [
            "<title>Family network meeting for Amira: family plan, version 3</title>",
            "@page { size: A4; margin: 20mm 15mm; }",
            "@media print",
            "overflow-wrap: anywhere",
            "font-size: 100%",
            "<th scope=\"col\">What</th>",
            "<th scope=\"row\">Status</th><td dir=\"auto\">Proposed for agreement</td>",
            &format!("<th scope=\"row\">SHA-256 hash</th><td dir=\"auto\"><code>{}</code></td>", testing::HASH_3),
            &format!("version 3 of 3; previous {}…", &testing::HASH_2[..8]),
            &format!("<th scope=\"row\">Previous version's hash</th><td dir=\"auto\"><code>{}</code>", testing::HASH_2),
            "<h2 dir=\"auto\">The child&#39;s worries</h2><p class=\"empty\">Nothing written yet.</p>",
            concat!(
                "<ul><li dir=\"auto\">Amira goes to school every day.</li>",
                "<li dir=\"auto\">An adult is at home every night.</li></ul>"
            ),
            "<h3 dir=\"auto\">When I grow up</h3><p dir=\"auto\">I want to be a vet.</p>",
            "<td dir=\"auto\">Aunt Sara</td><td dir=\"auto\">1 April 2026</td>",
            concat!(
                "<th scope=\"row\" dir=\"auto\">Dr Lee</th><td dir=\"auto\">Practitioner</td>",
                "<td dir=\"auto\">Does not agree</td>"
            ),
            " (a different version)",
            testing::LATIN_SENTENCE,
        ] {
            assert!(html.contains(expected), "missing {expected:?} in:\n{html}");
        }
        // Nothing is loaded from anywhere.
        for external in ["src=", "href=", "url(", "@import", "<link", "<script"] {
            assert!(!html.contains(external), "{external:?} in the page");
        }
    }

    #[test]
    fn an_empty_plan_says_nothing_is_written() {
        let html = render(&ExportView::new(&testing::empty_document(), Lang::ENGLISH));
        // Ten sections, the actions, the network and (the case record's) safety notes.
        assert_eq!(html.matches("Nothing written yet.").count(), 13);
        assert!(html.contains("No decisions recorded on this version yet."));
        assert!(html.contains("<h1 dir=\"auto\">Untitled meeting</h1>"));
    }

    #[test]
    fn each_block_says_its_language_where_its_script_differs() {
        let document = testing::written_in(
            testing::ARABIC_HEADING,
            &[testing::ARABIC, testing::HEBREW, testing::BENGALI, testing::MIXED, testing::LATIN_SENTENCE],
        );
        let html = render(&ExportView::new(&document, Lang::ENGLISH));
        for expected in [
            format!("<h3 dir=\"auto\" lang=\"ar\">{}</h3>", testing::ARABIC_HEADING),
            format!("<p dir=\"auto\" lang=\"ar\">{}</p>", testing::ARABIC),
            format!("<p dir=\"auto\" lang=\"he\">{}</p>", testing::HEBREW),
            format!("<p dir=\"auto\" lang=\"bn\">{}</p>", testing::BENGALI),
            format!("<p dir=\"auto\">{}</p>", testing::MIXED),
            format!("<p dir=\"auto\">{}</p>", testing::LATIN_SENTENCE),
        ] {
            assert!(html.contains(&expected), "missing {expected:?}");
        }
    }

    #[test]
    fn a_page_in_a_right_to_left_language_says_so() {
        let document = testing::written_in(testing::ARABIC_HEADING, &[testing::ARABIC, testing::LATIN_SENTENCE]);
        let mut view = ExportView::new(&document, Lang::ENGLISH);
        view.language = "ur-PK".to_owned();
        let html = render(&view);
        assert!(html.starts_with("<!doctype html>\n<html lang=\"ur-PK\" dir=\"rtl\">"), "{html}");
        // Arabic script in an Urdu document is Urdu, so it has no `lang` of its own; nor has
        // Latin script, which is taken for the document's language like any other.
        assert!(html.contains(&format!("<p dir=\"auto\">{}</p>", testing::ARABIC)));
        assert!(html.contains(&format!("<p dir=\"auto\">{}</p>", testing::LATIN_SENTENCE)));
    }
}
