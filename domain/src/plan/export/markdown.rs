//! The Markdown export (CommonMark with GitHub's tables), for pasting into a case record.
//!
//! The family's text must read as text wherever the Markdown is shown: every character that
//! Markdown or HTML could act on is backslash-escaped, leading spaces (which would start a code
//! block) are dropped, and text inside a table stays on one line.

use std::fmt::Write;

use super::view::{BlockKind, BlockView, ExportView, Fact, Part};

/// The characters escaped wherever they appear. CommonMark lets any ASCII punctuation be
/// escaped, so an escape is never wrong; these are the ones that can start emphasis, code,
/// links, images, raw HTML, entities, tables, headings, quotes, lists, fences, setext
/// underlines, strikethrough, maths or attributes in the common Markdown dialects.
const SPECIAL: &[char] =
    &['\\', '`', '*', '_', '[', ']', '(', ')', '#', '+', '-', '.', '!', '|', '<', '>', '&', '~', '=', '$', '{', '}'];

/// Escapes one line of user text so that it renders as exactly that text.
fn escape_line(line: &str) -> String {
    // Four leading spaces would make an indented code block; any leading space is lost anyway.
    let line = line.trim_start();
    let mut escaped = String::with_capacity(line.len() + line.len() / 4);
    for c in line.chars() {
        if SPECIAL.contains(&c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// The escaped, non-blank lines of user text.
fn escaped_lines(text: &str) -> Vec<String> {
    text.split('\n').filter(|line| !line.trim().is_empty()).map(escape_line).collect()
}

/// User text for a paragraph or list item: its lines kept apart by hard line breaks (a
/// backslash at the end of a line), each continuation line indented by `indent`.
fn escape_block(text: &str, indent: &str) -> String {
    escaped_lines(text).join(&format!("\\\n{indent}"))
}

/// User text that must stay on one line: a heading, or a table cell.
fn escape_inline(text: &str) -> String {
    escaped_lines(text).join(" ")
}

pub(super) fn render(view: &ExportView<'_>) -> String {
    let mut out = String::new();
    let _ = write_document(&mut out, view);
    out
}

fn write_document(out: &mut String, view: &ExportView<'_>) -> std::fmt::Result {
    writeln!(out, "# {}\n", escape_inline(&view.meeting_title))?;
    writeln!(out, "{}\n", escape_inline(&view.subtitle))?;
    writeln!(out, "## {}\n", view.words.about_title)?;
    write_facts(out, &view.about)?;
    for part in &view.parts {
        match part {
            Part::Section { title, blocks } => {
                writeln!(out, "## {}\n", escape_inline(title))?;
                write_blocks(out, blocks, &view.words.nothing_written)?;
            }
            Part::Actions(rows) => {
                writeln!(out, "## {}\n", view.words.actions_title)?;
                if rows.is_empty() {
                    writeln!(out, "{}\n", view.words.nothing_written)?;
                } else {
                    write_table(
                        out,
                        &view.words.action_columns,
                        rows.iter().map(|row| row.cells().map(escape_inline)),
                    )?;
                }
            }
        }
    }
    writeln!(out, "## {}\n", view.words.arrangements_title)?;
    write_facts(out, &view.arrangements)?;
    writeln!(out, "## {}\n", view.words.decisions_title)?;
    if view.decisions.is_empty() {
        writeln!(out, "{}", view.words.no_decisions)?;
    } else {
        let rows = view.decisions.iter().map(|row| row.cells().map(|cell| escape_inline(&cell)));
        write_table(out, &view.words.decision_columns, rows)?;
    }
    // One newline at the end, however the last part ended.
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    Ok(())
}

fn write_facts(out: &mut String, facts: &[Fact<'_>]) -> std::fmt::Result {
    for fact in facts {
        // A hash is shown as code when it is plain hex, as a hash should be; anything else is
        // escaped like any other text, since a code span cannot escape a backtick.
        let value = if fact.is_code && fact.value.chars().all(|c| c.is_ascii_alphanumeric()) {
            format!("`{}`", fact.value)
        } else {
            escape_inline(&fact.value)
        };
        writeln!(out, "- **{}:** {value}", fact.label)?;
    }
    writeln!(out)
}

fn write_blocks(out: &mut String, blocks: &[BlockView<'_>], nothing_written: &str) -> std::fmt::Result {
    if blocks.is_empty() {
        return writeln!(out, "{}\n", nothing_written);
    }
    for (index, block) in blocks.iter().enumerate() {
        match block.kind {
            BlockKind::Heading => writeln!(out, "### {}\n", escape_inline(&block.text))?,
            BlockKind::Paragraph => writeln!(out, "{}\n", escape_block(&block.text, ""))?,
            BlockKind::ListItem => {
                writeln!(out, "- {}", escape_block(&block.text, "  "))?;
                // A list ends with a blank line; its items stay together.
                let next_is_item = blocks.get(index + 1).is_some_and(|next| next.kind == BlockKind::ListItem);
                if !next_is_item {
                    writeln!(out)?;
                }
            }
        }
    }
    Ok(())
}

fn write_table<const N: usize>(
    out: &mut String,
    headers: &[String; N],
    rows: impl Iterator<Item = [String; N]>,
) -> std::fmt::Result {
    writeln!(out, "| {} |", headers.join(" | "))?;
    writeln!(out, "|{}", " --- |".repeat(N))?;
    for row in rows {
        writeln!(out, "| {} |", row.join(" | "))?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::plan::export::testing;

    fn check(input: &str, expected: &str) {
        assert_eq!(escape_block(input, "  "), expected, "{input:?}");
    }

    #[test]
    fn escapes_inline_markup() {
        check("plain words, stay plain", "plain words, stay plain");
        check("**bold** _em_ `code`", "\\*\\*bold\\*\\* \\_em\\_ \\`code\\`");
        check("[link](javascript:alert(1))", "\\[link\\]\\(javascript:alert\\(1\\)\\)");
        check("![image](x.png)", "\\!\\[image\\]\\(x\\.png\\)");
        check("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\</script\\>");
        check("&amp; &#60;", "\\&amp; \\&\\#60;");
        check("a \\ b", "a \\\\ b");
        check("~~gone~~ $x$ {.class}", "\\~\\~gone\\~\\~ \\$x\\$ \\{\\.class\\}");
        check("| table |", "\\| table \\|");
        check("مرحبا بالعالم שלום 👨‍👩‍👧", "مرحبا بالعالم שלום 👨‍👩‍👧");
    }

    #[test]
    fn escapes_what_would_start_a_block() {
        check("# heading", "\\# heading");
        check("> quoted", "\\> quoted");
        check("1. numbered", "1\\. numbered");
        check("2) numbered", "2\\) numbered");
        check("- bulleted", "\\- bulleted");
        check("+ bulleted", "\\+ bulleted");
        check("    indented code", "indented code");
        check("```rust", "\\`\\`\\`rust");
        check("===", "\\=\\=\\=");
        check("<!-- comment", "\\<\\!\\-\\- comment");
    }

    #[test]
    fn keeps_lines_apart_without_starting_blocks() {
        check("first\n# second\n\n> third", "first\\\n  \\# second\\\n  \\> third");
        check("\n\n", "");
        assert_eq!(escape_inline("one\ntwo | three"), "one two \\| three");
    }

    #[test]
    fn typical_plan_reads_well() {
        let markdown = render(&ExportView::new(&testing::plain_document(), Lang::ENGLISH));
        for expected in [
            "# Family network meeting for Amira\n\nFamily plan, version 3\n",
            "- **Status:** Proposed for agreement\n",
            &format!("- **SHA-256 hash:** `{}`\n", testing::HASH_3),
            &format!("- **Place in the history:** version 3 of 3; previous {}…\n", &testing::HASH_2[..8]),
            "- **Saved on:** 3 March 2026 at 2:05pm GMT\n",
            "## What is working well\n\nGrandma Rose will collect Amira from school on Tuesdays and Thursdays\\.\n",
            concat!(
                "## Bottom lines: what must happen for the child to be safe\n\n",
                "- Amira goes to school every day\\.\n- An adult"
            ),
            "## The child's worries\n\nNothing written yet.\n",
            "### When I grow up\n",
            "| What | Who | By when | How we will know it is working | Status |\n| --- | --- | --- | --- | --- |\n",
            "| Take Amira to school | Aunt Sara | 1 April 2026 | School says she is there | On track |\n",
            "- **Lead family member:** Aunt Sara\n- **Review date:** 1 June 2026\n",
            "| Ms Okafor | Referrer | Needs approval for resources | The bed needs funding approval\\. |",
            &format!(
                "| Dr Lee | Practitioner | Does not agree | Night\\-time care is not covered\\. | {} | {} {} |",
                "3 March 2026 at 3:30pm GMT",
                testing::HASH_2,
                "\\(a different version\\)"
            ),
        ] {
            assert!(markdown.contains(expected), "missing {expected:?} in:\n{markdown}");
        }
        assert!(markdown.ends_with("|\n") && !markdown.ends_with("\n\n"));
    }

    /// Whether `raw` occurs without a backslash escaping its first character (an odd number of
    /// backslashes before it).
    fn has_unescaped(markdown: &str, raw: &str) -> bool {
        markdown.match_indices(raw).any(|(index, _)| {
            let backslashes = markdown[..index].chars().rev().take_while(|c| *c == '\\').count();
            backslashes % 2 == 0
        })
    }

    #[test]
    fn finds_unescaped_text() {
        fn check(markdown: &str, expected: bool) {
            assert_eq!(has_unescaped(markdown, "<b"), expected, "{markdown:?}");
        }
        check("<b", true);
        check("a \\<b", false);
        check("a \\\\<b", true);
        check("\\<b <b", true);
        check("none", false);
    }

    #[test]
    fn hostile_text_stays_text() {
        let markdown = render(&ExportView::new(&testing::hostile_document(), Lang::ENGLISH));
        // The escaped forms are there.
        assert!(markdown.contains("\\<script\\>alert\\(1\\)\\</script\\>"));
        assert!(markdown.contains("\"\\>\\<img src\\=x onerror\\=alert\\(1\\)\\>"));
        assert!(markdown.contains("\\[link\\]\\(javascript:alert\\(1\\)\\)"));
        assert!(markdown.contains("\\*\\*bold\\*\\*"));
        assert!(markdown.contains(testing::RIGHT_TO_LEFT) && markdown.contains(testing::EMOJI));
        assert!(markdown.contains(&testing::long_word()));
        // The raw forms are not.
        for raw in ["<script", "<img", "[link](javascript:", "**bold**", "`code`", "| table |", "<!--"] {
            assert!(!has_unescaped(&markdown, raw), "raw {raw:?} in the Markdown");
        }
        for line in markdown.lines() {
            // No line starts a heading, quote, list, code block or HTML of the user's making.
            for start in ["# heading", "#heading", "> ", "1. ", "    ", "===", "<", "- bulleted", "- #"] {
                assert!(!line.starts_with(start), "line starts with {start:?}: {line:?}");
            }
            let headings = ["# ", "## ", "### "];
            if let Some(heading) = headings.iter().find(|heading| line.starts_with(*heading)) {
                let text = &line[heading.len()..];
                assert!(!text.starts_with('#'), "heading of user text not escaped: {line:?}");
            }
        }
    }

    #[test]
    fn tables_keep_their_shape() {
        let markdown = render(&ExportView::new(&testing::hostile_document(), Lang::ENGLISH));
        let mut in_table = false;
        let mut columns = 0;
        for line in markdown.lines() {
            if line.starts_with("| ") {
                // Count the unescaped pipes: every row of a table has as many as its header.
                let pipes = line.len() - line.replace('|', "").len() - line.matches("\\|").count();
                if !in_table {
                    columns = pipes;
                    in_table = true;
                }
                assert_eq!(pipes, columns, "row breaks its table: {line:?}");
            } else {
                in_table = false;
            }
        }
        assert!(markdown.contains("| \\| a \\| b \\| \\| \\-\\-\\- \\| \\-\\-\\- \\| | line one line two |"));
    }

    #[test]
    fn an_empty_plan_says_nothing_is_written() {
        let markdown = render(&ExportView::new(&testing::empty_document(), Lang::ENGLISH));
        assert!(markdown.starts_with("# Untitled meeting\n"));
        let sections = "ten sections, the actions, the network and the safety notes";
        assert_eq!(markdown.matches("Nothing written yet.").count(), 13, "{sections}:\n{markdown}");
        assert!(markdown.contains("- **Previous version's hash:** None: this is the first version\n"));
        assert!(markdown.contains("- **Lead family member:** Not chosen yet\n- **Review date:** Not set\n"));
        assert!(markdown.ends_with(&"No decisions recorded on this version yet.\n"));
    }
}
