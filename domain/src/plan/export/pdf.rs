//! The PDF export: A4 pages laid out here, line by line, with DejaVu Sans embedded so that the
//! plan prints the same everywhere, with no browser and no other program.
//!
//! How it works: the text is turned into glyphs of the embedded fonts and measured with their own
//! advance widths; lines wrap at spaces, and a word wider than the line (a pasted link, or a
//! 10,000-character word) is broken wherever it must be. Pages fill top to bottom; a table row
//! taller than a page continues on the next, under its header again. Once every page is laid out,
//! each gets a footer ("page 2 of 5", the version and its hash), the fonts are cut down to the
//! glyphs used (`subsetter`), and `pdf-writer` writes the file, with a `ToUnicode` map so that
//! text can be searched, copied and read aloud.
//!
//! Limits, on purpose: there is no text shaping. Right-to-left text (Arabic, Hebrew) is drawn in
//! its logical order, left to right, and Arabic letters in their isolated forms, so it reads
//! backwards on paper; the HTML export lays it out properly. A character the font lacks (an
//! emoji, most CJK) is drawn as the replacement character "�", never dropped silently, and never
//! a panic. Invisible joiners and direction marks the font lacks are left out.

use std::borrow::Cow;
use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use super::view::{
    BlockKind, ExportView, Fact, Part, ABOUT_TITLE, ACTIONS_TITLE, ACTION_COLUMNS, ARRANGEMENTS_TITLE, DECISIONS_TITLE,
    DECISION_COLUMNS, NOTHING_WRITTEN, NO_DECISIONS,
};
use super::{TextDocument, TextPart};

/// DejaVu Sans (Bitstream Vera licence, `assets/fonts/LICENSE-DejaVu.txt`): Latin, Greek,
/// Cyrillic, Arabic, Hebrew and many symbols, in one file compiled into the binary.
static REGULAR_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// A4, in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm.
const MARGIN: f32 = 56.69;
/// Where the text stops, leaving room for the footer.
const CONTENT_BOTTOM: f32 = 64.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const FOOTER_BASELINE: f32 = 34.0;
const CELL_PADDING: f32 = 4.0;
const BULLET_INDENT: f32 = 14.0;
/// The width of a label column in a table of facts.
const LABEL_WIDTH: f32 = 150.0;

/// Near black, as GOV.UK's text colour, and a grey with enough contrast to read.
const TEXT_GREY: f32 = 0.04;
const MUTED_GREY: f32 = 0.31;
const BORDER_GREY: f32 = 0.35;
const FILL_GREY: f32 = 0.94;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    bold: bool,
    size: f32,
    line_height: f32,
    grey: f32,
}

const TITLE: Style = Style { bold: true, size: 20.0, line_height: 25.0, grey: TEXT_GREY };
const SUBTITLE: Style = Style { bold: false, size: 14.0, line_height: 19.0, grey: MUTED_GREY };
const HEADING: Style = Style { bold: true, size: 14.5, line_height: 19.0, grey: TEXT_GREY };
const SUBHEADING: Style = Style { bold: true, size: 12.0, line_height: 16.0, grey: TEXT_GREY };
const BODY: Style = Style { bold: false, size: 11.0, line_height: 15.5, grey: TEXT_GREY };
const MUTED: Style = Style { grey: MUTED_GREY, ..BODY };
const CELL: Style = Style { bold: false, size: 9.5, line_height: 13.0, grey: TEXT_GREY };
const CELL_BOLD: Style = Style { bold: true, ..CELL };
/// Hashes, a little smaller so that 64 hex digits fit on one line of a table.
const CODE: Style = Style { size: 8.0, ..CELL };
const FOOTER: Style = Style { bold: false, size: 8.0, line_height: 10.0, grey: MUTED_GREY };

/// One embedded font, and how it draws what it cannot.
struct Font<'a> {
    face: Face<'a>,
    data: &'a [u8],
    /// The PostScript name, after a subset tag.
    name: &'static str,
    units_per_em: f32,
    /// The glyph drawn for a character the font lacks: "�" if it has one, else "?".
    replacement: (GlyphId, char),
}

impl<'a> Font<'a> {
    fn new(data: &'a [u8], name: &'static str) -> Self {
        // The fonts are compiled in and tested below, so this holds for any input.
        let face = Face::parse(data, 0).expect("the embedded font is a valid TrueType font");
        let replacement = ['\u{FFFD}', '?']
            .into_iter()
            .find_map(|c| face.glyph_index(c).map(|glyph| (glyph, c)))
            .unwrap_or((GlyphId(0), '\u{FFFD}'));
        Font { units_per_em: f32::from(face.units_per_em()), face, data, name, replacement }
    }

    /// The glyph for a character, with the character it stands for in the text layer; `None`
    /// for an invisible character the font does not have.
    fn glyph(&self, c: char) -> Option<(GlyphId, char)> {
        match self.face.glyph_index(c) {
            Some(glyph) if glyph.0 != 0 => Some((glyph, c)),
            _ if is_invisible(c) => None,
            _ => Some(self.replacement),
        }
    }

    fn advance(&self, glyph: GlyphId, size: f32) -> f32 {
        f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) * size / self.units_per_em
    }
}

/// Characters that only join, separate or steer others, and show nothing themselves.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

struct Fonts<'a> {
    regular: Font<'a>,
    bold: Font<'a>,
}

impl Fonts<'static> {
    fn embedded() -> Self {
        Fonts { regular: Font::new(REGULAR_FONT, "DejaVuSans"), bold: Font::new(BOLD_FONT, "DejaVuSans-Bold") }
    }
}

impl<'a> Fonts<'a> {
    fn get(&self, bold: bool) -> &Font<'a> {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum GlyphKind {
    Visible,
    /// A place a line may break.
    Space,
    LineBreak,
}

/// One glyph of laid-out text: what to draw, how wide it is, and where a line may break.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    style: Style,
    id: GlyphId,
    /// The character it stands for, for the text layer.
    text: char,
    width: f32,
    kind: GlyphKind,
}

type Line = Vec<Glyph>;

/// Turns styled text into glyphs. Spaces that do not break (no-break, narrow and figure spaces)
/// stay glyphs like any other.
fn shape(fonts: &Fonts<'_>, runs: &[(Style, &str)]) -> Vec<Glyph> {
    let mut glyphs = Vec::new();
    for (style, text) in runs {
        let font = fonts.get(style.bold);
        for c in text.chars() {
            let kind = match c {
                '\n' => GlyphKind::LineBreak,
                '\u{00A0}' | '\u{2007}' | '\u{202F}' => GlyphKind::Visible,
                c if c.is_whitespace() => GlyphKind::Space,
                _ => GlyphKind::Visible,
            };
            let shown = if kind == GlyphKind::Visible { c } else { ' ' };
            let Some((id, text)) = font.glyph(shown) else { continue };
            let width = if kind == GlyphKind::LineBreak { 0.0 } else { font.advance(id, style.size) };
            glyphs.push(Glyph { style: *style, id, text, width, kind });
        }
    }
    glyphs
}

/// Breaks glyphs into lines no wider than `max_width`: at the last space that fits, or inside a
/// word that is wider than a line on its own. Spaces at either end of a line are dropped.
fn wrap(glyphs: &[Glyph], max_width: f32) -> Vec<Line> {
    fn finish(lines: &mut Vec<Line>, mut line: Line) {
        while line.last().is_some_and(|glyph| glyph.kind == GlyphKind::Space) {
            line.pop();
        }
        lines.push(line);
    }
    let width_of = |line: &[Glyph]| line.iter().map(|glyph| glyph.width).sum::<f32>();

    let mut lines = Vec::new();
    let mut line: Line = Vec::new();
    let mut width = 0.0;
    // Where the line may break: just after its last space.
    let mut break_after_space: Option<usize> = None;
    for glyph in glyphs {
        match glyph.kind {
            GlyphKind::LineBreak => {
                finish(&mut lines, std::mem::take(&mut line));
                width = 0.0;
                break_after_space = None;
            }
            GlyphKind::Space => {
                if !line.is_empty() {
                    line.push(*glyph);
                    width += glyph.width;
                    break_after_space = Some(line.len());
                }
            }
            GlyphKind::Visible => {
                if width + glyph.width > max_width && !line.is_empty() {
                    if let Some(at) = break_after_space.take() {
                        let rest = line.split_off(at);
                        finish(&mut lines, std::mem::replace(&mut line, rest));
                        width = width_of(&line);
                    }
                    // Still too wide: the word alone is wider than the line, so break it here.
                    if width + glyph.width > max_width && !line.is_empty() {
                        finish(&mut lines, std::mem::take(&mut line));
                        width = 0.0;
                    }
                }
                line.push(*glyph);
                width += glyph.width;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        finish(&mut lines, line);
    }
    lines
}

fn line_width(line: &[Glyph]) -> f32 {
    line.iter().map(|glyph| glyph.width).sum()
}

/// A run of glyphs in one style, placed on a page.
#[derive(Debug)]
struct TextRun {
    style: Style,
    x: f32,
    baseline: f32,
    glyphs: Vec<(GlyphId, char)>,
}

#[derive(Debug, Clone, Copy)]
struct Area {
    x: f32,
    y: f32,
    width: f32,
    height: f32,
}

#[derive(Debug, Default)]
struct Page {
    fills: Vec<Area>,
    borders: Vec<Area>,
    runs: Vec<TextRun>,
}

impl Page {
    fn draw_line(&mut self, line: &[Glyph], x: f32, top: f32, line_height: f32) {
        let first_run = self.runs.len();
        let mut x = x;
        for glyph in line {
            // The baseline sits so that the glyphs' ascent and descent are centred in the line.
            let baseline = top - (line_height - glyph.style.size) / 2.0 - 0.8 * glyph.style.size;
            let line_has_runs = self.runs.len() > first_run;
            match self.runs.last_mut() {
                Some(run) if line_has_runs && run.style == glyph.style => run.glyphs.push((glyph.id, glyph.text)),
                _ => self.runs.push(TextRun { style: glyph.style, x, baseline, glyphs: vec![(glyph.id, glyph.text)] }),
            }
            x += glyph.width;
        }
    }
}

/// A table cell: its text, its style, and whether it is a header (shaded).
struct Cell<'t> {
    text: Cow<'t, str>,
    style: Style,
    shaded: bool,
}

/// Lays out pages from the top down.
struct Layout<'f> {
    fonts: &'f Fonts<'f>,
    pages: Vec<Page>,
    page: Page,
    /// The top of the next line.
    y: f32,
    /// Nothing has been drawn on this page yet.
    fresh: bool,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts<'f>) -> Self {
        Layout { fonts, pages: Vec::new(), page: Page::default(), y: PAGE_HEIGHT - MARGIN, fresh: true }
    }

    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.page));
        self.y = PAGE_HEIGHT - MARGIN;
        self.fresh = true;
    }

    fn room(&self) -> f32 {
        self.y - CONTENT_BOTTOM
    }

    /// Starts a new page unless `height` fits on this one (or this one is empty).
    fn keep_together(&mut self, height: f32) {
        if self.room() < height && !self.fresh {
            self.new_page();
        }
    }

    fn gap(&mut self, height: f32) {
        if !self.fresh {
            self.y -= height;
        }
    }

    fn paragraph(&mut self, runs: &[(Style, &str)], bullet: bool) {
        let Some((first_style, _)) = runs.first() else { return };
        let indent = if bullet { BULLET_INDENT } else { 0.0 };
        let line_height = runs.iter().map(|(style, _)| style.line_height).fold(0.0, f32::max);
        let lines = wrap(&shape(self.fonts, runs), CONTENT_WIDTH - indent);
        for (index, line) in lines.iter().enumerate() {
            self.keep_together(line_height);
            if bullet && index == 0 {
                let mark = shape(self.fonts, &[(*first_style, "•")]);
                self.page.draw_line(&mark, MARGIN + 3.0, self.y, line_height);
            }
            self.page.draw_line(line, MARGIN + indent, self.y, line_height);
            self.y -= line_height;
            self.fresh = false;
        }
    }

    fn heading(&mut self, style: Style, text: &str, space_before: f32) {
        self.gap(space_before);
        // A heading is never the last thing on a page: keep it with what follows, which may be
        // a subheading and two lines, or two lines of a table.
        let next = if style == HEADING { SUBHEADING.line_height + 8.0 } else { 0.0 };
        self.keep_together(style.line_height + next + 2.0 * BODY.line_height + 2.0 * CELL_PADDING);
        self.paragraph(&[(style, text)], false);
        self.y -= 4.0;
    }

    /// A table with columns of the given widths, an optional header row repeated on every page
    /// it reaches, and rows that split across pages when they must.
    fn table(&mut self, widths: &[f32], header: Option<Vec<Cell<'_>>>, rows: Vec<Vec<Cell<'_>>>) {
        let fonts = self.fonts;
        let wrap_cells = |cells: &[Cell<'_>]| -> Vec<Vec<Line>> {
            cells
                .iter()
                .zip(widths)
                .map(|(cell, width)| wrap(&shape(fonts, &[(cell.style, &cell.text)]), width - 2.0 * CELL_PADDING))
                .collect()
        };
        let header = header.map(|cells| {
            let lines = wrap_cells(&cells);
            (cells, lines)
        });
        let line_height = CELL.line_height;
        let height_of = |lines: usize| lines as f32 * line_height + 2.0 * CELL_PADDING;
        let header_height = header.as_ref().map_or(0.0, |(_, lines)| height_of(tallest(lines)));

        let rows: Vec<(&Vec<Cell<'_>>, Vec<Vec<Line>>)> = rows.iter().map(|cells| (cells, wrap_cells(cells))).collect();
        let page_room = PAGE_HEIGHT - MARGIN - CONTENT_BOTTOM - header_height;
        // A small table of facts reads best on one page; a long one starts with two lines.
        let whole: f32 = rows.iter().map(|(_, lines)| height_of(tallest(lines))).sum();
        if header.is_none() && whole <= page_room {
            self.keep_together(whole);
        }
        self.keep_together(header_height + height_of(2));
        if let Some((cells, lines)) = &header {
            self.table_row(widths, cells, lines, 0..tallest(lines));
        }
        for (cells, lines) in &rows {
            let total = tallest(lines);
            let mut done = 0;
            while done < total {
                let left = total - done;
                if height_of(left) <= self.room() {
                    self.table_row(widths, cells, lines, done..total);
                    break;
                }
                // Split the row only if it would not fit on a page of its own, or if it is
                // already at the top of a page (so that every page makes progress).
                let fit = ((self.room() - 2.0 * CELL_PADDING) / line_height).floor().max(0.0) as usize;
                let at_top = self.y >= PAGE_HEIGHT - MARGIN - header_height - 1.0;
                if fit > 0 && (at_top || height_of(left) > page_room) {
                    self.table_row(widths, cells, lines, done..done + fit);
                    done += fit;
                }
                self.new_page();
                if let Some((cells, lines)) = &header {
                    self.table_row(widths, cells, lines, 0..tallest(lines));
                }
            }
        }
        self.y -= 10.0;
    }

    /// Draws lines `range` of a row's cells, with their borders.
    fn table_row(&mut self, widths: &[f32], cells: &[Cell<'_>], lines: &[Vec<Line>], range: std::ops::Range<usize>) {
        let height = range.len() as f32 * CELL.line_height + 2.0 * CELL_PADDING;
        let mut x = MARGIN;
        for ((cell, cell_lines), width) in cells.iter().zip(lines).zip(widths) {
            let cell_box = Area { x, y: self.y - height, width: *width, height };
            if cell.shaded {
                self.page.fills.push(cell_box);
            }
            self.page.borders.push(cell_box);
            let mut top = self.y - CELL_PADDING;
            for line in cell_lines.iter().take(range.end).skip(range.start) {
                self.page.draw_line(line, x + CELL_PADDING, top, CELL.line_height);
                top -= CELL.line_height;
            }
            x += width;
        }
        self.y -= height;
        self.fresh = false;
    }

    fn facts(&mut self, facts: &[Fact<'_>]) {
        let rows = facts
            .iter()
            .map(|fact| {
                vec![
                    Cell { text: Cow::Borrowed(fact.label), style: CELL_BOLD, shaded: true },
                    Cell {
                        text: Cow::Borrowed(&*fact.value),
                        style: if fact.is_code { CODE } else { CELL },
                        shaded: false,
                    },
                ]
            })
            .collect();
        self.table(&[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH], None, rows);
    }

    /// Adds "page 2 of 5" and `about` (for a plan, the version and its hash) at the foot of
    /// every page.
    fn finish(mut self, about: &str) -> Vec<Page> {
        self.pages.push(self.page);
        let count = self.pages.len();
        for (index, page) in self.pages.iter_mut().enumerate() {
            let number = shape(self.fonts, &[(FOOTER, &format!("Page {} of {count}", index + 1))]);
            let number_width = line_width(&number);
            page.draw_line(&number, PAGE_WIDTH - MARGIN - number_width, FOOTER_BASELINE + 8.0, FOOTER.line_height);
            let about = shape(self.fonts, &[(FOOTER, about)]);
            // Only the first line: the footer has one, and a hash is short.
            if let Some(line) = wrap(&about, CONTENT_WIDTH - number_width - 12.0).first() {
                page.draw_line(line, MARGIN, FOOTER_BASELINE + 8.0, FOOTER.line_height);
            }
        }
        self.pages
    }
}

fn tallest(lines: &[Vec<Line>]) -> usize {
    lines.iter().map(Vec::len).max().unwrap_or(0).max(1)
}

pub(super) fn render(view: &ExportView<'_>) -> Vec<u8> {
    let fonts = Fonts::embedded();
    let pages = lay_out(&fonts, view);
    let title = format!("{}: {}", view.meeting_title, view.subtitle.to_lowercase());
    let subject = format!("{}, SHA-256 {}", view.subtitle, view.version_hash);
    write(&fonts, &pages, &title, &subject)
}

fn lay_out(fonts: &Fonts<'_>, view: &ExportView<'_>) -> Vec<Page> {
    let mut layout = Layout::new(fonts);
    layout.paragraph(&[(TITLE, &view.meeting_title)], false);
    layout.gap(2.0);
    layout.paragraph(&[(SUBTITLE, &view.subtitle)], false);

    layout.heading(HEADING, ABOUT_TITLE, 14.0);
    layout.facts(&view.about);

    for part in &view.parts {
        match part {
            Part::Section { title, blocks } => {
                layout.heading(HEADING, title, 14.0);
                if blocks.is_empty() {
                    layout.paragraph(&[(MUTED, NOTHING_WRITTEN)], false);
                }
                for (index, block) in blocks.iter().enumerate() {
                    match block.kind {
                        BlockKind::Heading => layout.heading(SUBHEADING, &block.text, 6.0),
                        BlockKind::Paragraph => layout.paragraph(&[(BODY, &block.text)], false),
                        BlockKind::ListItem => layout.paragraph(&[(BODY, &block.text)], true),
                    }
                    let next_is_item = blocks.get(index + 1).is_some_and(|next| next.kind == BlockKind::ListItem);
                    layout.gap(if block.kind == BlockKind::ListItem && next_is_item { 2.0 } else { 6.0 });
                }
            }
            Part::Actions(rows) => {
                layout.heading(HEADING, ACTIONS_TITLE, 14.0);
                if rows.is_empty() {
                    layout.paragraph(&[(MUTED, NOTHING_WRITTEN)], false);
                } else {
                    let widths = [0.26, 0.15, 0.16, 0.26, 0.17].map(|share| share * CONTENT_WIDTH);
                    let header = ACTION_COLUMNS
                        .iter()
                        .map(|column| Cell { text: Cow::Borrowed(*column), style: CELL_BOLD, shaded: true })
                        .collect();
                    let rows = rows
                        .iter()
                        .map(|row| {
                            row.cells()
                                .into_iter()
                                .map(|text| Cell { text: Cow::Borrowed(text), style: CELL, shaded: false })
                                .collect()
                        })
                        .collect();
                    layout.table(&widths, Some(header), rows);
                }
            }
        }
    }

    layout.heading(HEADING, ARRANGEMENTS_TITLE, 14.0);
    layout.facts(&view.arrangements);

    layout.heading(HEADING, DECISIONS_TITLE, 14.0);
    if view.decisions.is_empty() {
        layout.paragraph(&[(MUTED, NO_DECISIONS)], false);
    }
    for decision in &view.decisions {
        // One small table per decision: six columns would leave the hash no room.
        let rows = DECISION_COLUMNS
            .iter()
            .zip(decision.cells())
            .enumerate()
            .map(|(index, (label, value))| {
                let is_hash = index == DECISION_COLUMNS.len() - 1;
                vec![
                    Cell { text: Cow::Borrowed(*label), style: CELL_BOLD, shaded: true },
                    Cell { text: value, style: if is_hash { CODE } else { CELL }, shaded: false },
                ]
            })
            .collect();
        layout.table(&[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH], None, rows);
    }
    layout.finish(&format!("Version {}, SHA-256 {}", view.version_number, view.version_hash))
}

/// A document that is not a plan (a subject access export), laid out with the same fonts,
/// headings and tables as a plan.
pub(super) fn render_text(document: &TextDocument) -> Vec<u8> {
    let fonts = Fonts::embedded();
    let mut layout = Layout::new(&fonts);
    layout.paragraph(&[(TITLE, &document.title)], false);
    layout.gap(2.0);
    layout.paragraph(&[(SUBTITLE, &document.subtitle)], false);
    for part in &document.parts {
        match part {
            TextPart::Heading(text) => layout.heading(HEADING, text, 14.0),
            TextPart::Subheading(text) => layout.heading(SUBHEADING, text, 8.0),
            TextPart::Paragraph(text) => {
                layout.paragraph(&[(BODY, text)], false);
                layout.gap(6.0);
            }
            TextPart::Muted(text) => {
                layout.paragraph(&[(MUTED, text)], false);
                layout.gap(6.0);
            }
            TextPart::Facts(facts) => {
                let rows = facts
                    .iter()
                    .map(|(label, value)| {
                        vec![
                            Cell { text: Cow::Borrowed(label), style: CELL_BOLD, shaded: true },
                            Cell { text: Cow::Borrowed(value), style: CELL, shaded: false },
                        ]
                    })
                    .collect();
                layout.table(&[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH], None, rows);
            }
        }
    }
    let pages = layout.finish(&document.footer);
    write(&fonts, &pages, &document.title, &document.subtitle)
}

/// The PDF name of a page's font resource.
fn resource_name(bold: bool) -> Name<'static> {
    if bold {
        Name(b"F2")
    } else {
        Name(b"F1")
    }
}

fn compress(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// Writes the laid-out pages as a PDF file.
fn write(fonts: &Fonts<'_>, pages: &[Page], title: &str, subject: &str) -> Vec<u8> {
    // Number the glyphs each font uses, in order of first use, for the subsets.
    let mut remappers = [GlyphRemapper::new(), GlyphRemapper::new()];
    let mut texts: [BTreeMap<u16, char>; 2] = [BTreeMap::new(), BTreeMap::new()];
    for run in pages.iter().flat_map(|page| &page.runs) {
        let which = usize::from(run.style.bold);
        for (glyph, text) in &run.glyphs {
            let new = remappers[which].remap(glyph.0);
            texts[which].entry(new).or_insert(*text);
        }
    }

    let mut pdf = Pdf::new();
    let mut next_id = 1;
    let mut new_ref = || {
        next_id += 1;
        Ref::new(next_id - 1)
    };
    let catalog_id = new_ref();
    let page_tree_id = new_ref();
    let info_id = new_ref();
    let font_ids = [new_ref(), new_ref()];
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (new_ref(), new_ref())).collect();

    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(page_tree_id).lang(TextStr("en-GB"));
    catalog.viewer_preferences().display_doc_title(true);
    catalog.finish();
    pdf.document_info(info_id)
        .title(TextStr(title))
        .subject(TextStr(subject))
        .creator(TextStr("kinplan"))
        .producer(TextStr("kinplan"));
    pdf.pages(page_tree_id).kids(page_ids.iter().map(|(page_id, _)| *page_id)).count(page_ids.len() as i32);

    for (page, (page_id, content_id)) in pages.iter().zip(&page_ids) {
        let mut writer = pdf.page(*page_id);
        writer.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT)).parent(page_tree_id).contents(*content_id);
        writer.resources().fonts().pair(resource_name(false), font_ids[0]).pair(resource_name(true), font_ids[1]);
        writer.finish();
        let content = page_content(page, &remappers);
        pdf.stream(*content_id, &compress(&content)).filter(Filter::FlateDecode);
    }

    for (which, font) in [&fonts.regular, &fonts.bold].into_iter().enumerate() {
        let ids = FontIds {
            type0: font_ids[which],
            cid: new_ref(),
            descriptor: new_ref(),
            file: new_ref(),
            to_unicode: new_ref(),
            cid_to_gid: new_ref(),
        };
        write_font(&mut pdf, font, which == 1, &remappers[which], &texts[which], ids);
    }
    pdf.finish()
}

fn page_content(page: &Page, remappers: &[GlyphRemapper; 2]) -> Vec<u8> {
    let mut content = Content::new();
    if !page.fills.is_empty() {
        content.set_fill_gray(FILL_GREY);
        for fill in &page.fills {
            content.rect(fill.x, fill.y, fill.width, fill.height);
        }
        content.fill_nonzero();
    }
    if !page.borders.is_empty() {
        content.set_line_width(0.6).set_stroke_gray(BORDER_GREY);
        for border in &page.borders {
            content.rect(border.x, border.y, border.width, border.height);
        }
        content.stroke();
    }
    content.begin_text();
    // The font and colour are set only when they change.
    let mut current: Option<Style> = None;
    for run in page.runs.iter().filter(|run| !run.glyphs.is_empty()) {
        if current.is_none_or(|style| style.bold != run.style.bold || style.size != run.style.size) {
            content.set_font(resource_name(run.style.bold), run.style.size);
        }
        if current.is_none_or(|style| style.grey != run.style.grey) {
            content.set_fill_gray(run.style.grey);
        }
        current = Some(run.style);
        content.set_text_matrix([1.0, 0.0, 0.0, 1.0, run.x, run.baseline]);
        let which = usize::from(run.style.bold);
        let bytes: Vec<u8> =
            run.glyphs.iter().flat_map(|(glyph, _)| remappers[which].get(glyph.0).unwrap_or(0).to_be_bytes()).collect();
        content.show(Str(&bytes));
    }
    content.end_text();
    content.finish().into_vec()
}

struct FontIds {
    type0: Ref,
    cid: Ref,
    descriptor: Ref,
    file: Ref,
    to_unicode: Ref,
    cid_to_gid: Ref,
}

/// Embeds a font as a CID-keyed TrueType font: the subset's glyph ids are the codes in the
/// content streams (two bytes each, `Identity-H`), so any character the font has can be drawn.
fn write_font(
    pdf: &mut Pdf,
    font: &Font<'_>,
    bold: bool,
    remapper: &GlyphRemapper,
    texts: &BTreeMap<u16, char>,
    ids: FontIds,
) {
    const SYSTEM_INFO: SystemInfo = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
    // A subset's name starts with six capitals; fixed ones keep the output reproducible.
    let base_name = format!("{}+{}", if bold { "KPLANB" } else { "KPLANR" }, font.name);
    let base_name = Name(base_name.as_bytes());
    let to_pdf_units = |value: f32| value * 1000.0 / font.units_per_em;

    pdf.type0_font(ids.type0)
        .base_font(base_name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(ids.cid)
        .to_unicode(ids.to_unicode);

    // The subset should always succeed for these fonts; if it ever did not, the whole font is
    // embedded and a map sends each code to its glyph in the full font.
    let subset = subsetter::subset(font.data, 0, remapper).ok();
    let widths: Vec<f32> = remapper
        .remapped_gids()
        .map(|old| to_pdf_units(f32::from(font.face.glyph_hor_advance(GlyphId(old)).unwrap_or(0))))
        .collect();
    let mut cid = pdf.cid_font(ids.cid);
    cid.subtype(CidFontType::Type2)
        .base_font(base_name)
        .system_info(SYSTEM_INFO)
        .font_descriptor(ids.descriptor)
        .default_width(0.0);
    cid.widths().consecutive(0, widths);
    if subset.is_some() {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    } else {
        cid.cid_to_gid_map_stream(ids.cid_to_gid);
    }
    cid.finish();
    if subset.is_none() {
        let map: Vec<u8> = remapper.remapped_gids().flat_map(u16::to_be_bytes).collect();
        pdf.stream(ids.cid_to_gid, &compress(&map)).filter(Filter::FlateDecode);
    }

    let face = &font.face;
    let bbox = face.global_bounding_box();
    let ascent = to_pdf_units(f32::from(face.ascender()));
    pdf.font_descriptor(ids.descriptor)
        .name(base_name)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            to_pdf_units(f32::from(bbox.x_min)),
            to_pdf_units(f32::from(bbox.y_min)),
            to_pdf_units(f32::from(bbox.x_max)),
            to_pdf_units(f32::from(bbox.y_max)),
        ))
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(to_pdf_units(f32::from(face.descender())))
        .cap_height(face.capital_height().map_or(ascent, |height| to_pdf_units(f32::from(height))))
        .stem_v(if bold { 140.0 } else { 80.0 })
        .font_file2(ids.file);

    let data = subset.as_deref().unwrap_or(font.data);
    pdf.stream(ids.file, &compress(data)).filter(Filter::FlateDecode).pair(Name(b"Length1"), data.len() as i32);

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), SYSTEM_INFO);
    for (glyph, text) in texts {
        cmap.pair(*glyph, *text);
    }
    pdf.stream(ids.to_unicode, &compress(&cmap.finish())).filter(Filter::FlateDecode);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::export::testing;

    /// Glyphs one point wide each, so that line breaking can be checked by counting.
    fn monospaced(text: &str) -> Vec<Glyph> {
        text.chars()
            .map(|c| Glyph {
                style: BODY,
                id: GlyphId(1),
                text: c,
                width: 1.0,
                kind: match c {
                    '\n' => GlyphKind::LineBreak,
                    ' ' => GlyphKind::Space,
                    _ => GlyphKind::Visible,
                },
            })
            .collect()
    }

    #[test]
    fn wraps_at_spaces_and_breaks_words_wider_than_a_line() {
        fn check(text: &str, width: f32, expected: &[&str]) {
            let lines: Vec<String> = wrap(&monospaced(text), width)
                .iter()
                .map(|line| line.iter().map(|glyph| glyph.text).collect())
                .collect();
            assert_eq!(lines, expected, "{text:?} in {width}");
        }
        check("", 5.0, &[""]);
        check("short", 10.0, &["short"]);
        check("aaa bbb ccc", 7.0, &["aaa bbb", "ccc"]);
        check("aaa bbb ccc", 6.0, &["aaa", "bbb", "ccc"]);
        check("abcdefghij", 4.0, &["abcd", "efgh", "ij"]);
        check("aa bbbbbb", 4.0, &["aa", "bbbb", "bb"]);
        check("ab   cd  ", 3.0, &["ab", "cd"]);
        check("  leading spaces", 20.0, &["leading spaces"]);
        check("one\ntwo\n\nfour", 20.0, &["one", "two", "", "four"]);
        check("exactly ten", 11.0, &["exactly ten"]);
    }

    #[test]
    fn the_font_covers_many_scripts_and_stands_in_for_what_it_lacks() {
        let fonts = Fonts::embedded();
        for font in [&fonts.regular, &fonts.bold] {
            for c in "éñøßçğłő ΩλΣ ЖдЯ ب ש € £ • … ’".chars().filter(|c| *c != ' ') {
                let (glyph, text) = font.glyph(c).unwrap();
                assert_ne!(glyph, font.replacement.0, "{c:?} is missing from {}", font.name);
                assert_eq!(text, c);
            }
            assert_eq!(font.replacement.1, '\u{FFFD}', "the font has a replacement character");
            for c in ['👨', '🏠', '\u{10FFFF}'] {
                assert_eq!(font.glyph(c), Some(font.replacement), "{c:?}");
            }
            // Joiners and marks that show nothing are left out when the font lacks them.
            for c in ['\u{200D}', '\u{FE0F}', '\u{202E}'] {
                assert!(font.glyph(c).is_none_or(|(glyph, _)| glyph != font.replacement.0), "{c:?}");
            }
        }
    }

    /// Every page's text, as a PDF reader extracts it through the fonts' `ToUnicode` maps.
    fn extract(pdf: &[u8]) -> Vec<String> {
        assert!(pdf.starts_with(b"%PDF-"));
        let document = lopdf::Document::load_mem(pdf).expect("the PDF parses");
        let pages: Vec<u32> = document.get_pages().keys().copied().collect();
        pages.iter().map(|page| document.extract_text(&[*page]).expect("the text extracts")).collect()
    }

    /// Text with its spaces and line ends removed, since extraction puts them where it likes.
    fn squashed(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn a_typical_plan_is_a_valid_pdf_with_searchable_text() {
        let pdf = render(&ExportView::new(&testing::plain_document()));
        eprintln!("typical plan: {} bytes", pdf.len());
        let pages = extract(&pdf);
        let all = squashed(&pages.concat());
        for expected in [
            "Family network meeting for Amira",
            "Family plan, version 3",
            testing::LATIN_SENTENCE,
            "Señora García, Zoë and Ελένη will share the school run; Дмитрий helps at weekends.",
            "What we are worried about",
            "If the plan does not work",
            "Nothing written yet.",
            "Proposed for agreement",
            "Aunt Sara",
            "Needs approval for resources",
            testing::HASH_3,
            testing::HASH_2,
        ] {
            assert!(all.contains(&squashed(expected)), "missing {expected:?} in {all}");
        }
        for (index, text) in pages.iter().enumerate() {
            let footer = format!("Page {} of {}", index + 1, pages.len());
            assert!(squashed(text).contains(&squashed(&footer)), "{footer:?} missing");
            // The footer has the whole hash on one line of every page.
            assert!(text.contains(testing::HASH_3), "page {} has no hash", index + 1);
        }
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/BaseFont /KPLANR+DejaVuSans") && text.contains("/FontFile2"));
        assert!(text.contains("/MediaBox [0 0 595.28 841.89]"));
        assert!(text.contains("/Lang (en-GB)"));
    }

    #[test]
    fn hostile_text_makes_a_valid_pdf_of_many_pages() {
        let pdf = render(&ExportView::new(&testing::hostile_document()));
        let pages = extract(&pdf);
        assert!(pages.len() > 1, "{} pages", pages.len());
        let all = squashed(&pages.concat());
        for expected in [
            testing::HASH_3,
            testing::LATIN_SENTENCE,
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "[link](javascript:alert(1))",
            // Right-to-left text in its logical order; emoji as replacement characters.
            "مرحبا",
            "שלום",
        ] {
            assert!(all.contains(&squashed(expected)), "missing {expected:?}");
        }
        // Emoji are replacement characters; the zero-width joiners between them are kept.
        assert!(all.contains("\u{FFFD}\u{200D}\u{FFFD}\u{200D}\u{FFFD}\u{FFFD}"));
        // The 10,000-character word is all there, broken across lines and pages.
        let footer = squashed(&format!("Version 3, SHA-256 {}", testing::HASH_3));
        let without_footers: String = pages
            .iter()
            .enumerate()
            .map(|(index, page)| {
                squashed(page)
                    .replace(&squashed(&format!("Page {} of {}", index + 1, pages.len())), "")
                    .replace(&footer, "")
            })
            .collect();
        assert!(without_footers.contains(&testing::long_word()));
        assert_eq!(squashed(&pages.last().unwrap()[..]).matches("Page").count(), 1);
    }

    #[test]
    fn everything_drawn_stays_inside_the_page() {
        let fonts = Fonts::embedded();
        for document in [testing::plain_document(), testing::hostile_document(), testing::empty_document()] {
            let pages = lay_out(&fonts, &ExportView::new(&document));
            for (number, page) in pages.iter().enumerate() {
                for run in &page.runs {
                    let font = fonts.get(run.style.bold);
                    let width: f32 = run.glyphs.iter().map(|(glyph, _)| font.advance(*glyph, run.style.size)).sum();
                    assert!(
                        run.x >= MARGIN - 0.01 && run.x + width <= PAGE_WIDTH - MARGIN + 0.01,
                        "page {number}: {run:?}"
                    );
                    assert!(run.baseline > FOOTER_BASELINE - 1.0 && run.baseline < PAGE_HEIGHT - MARGIN, "{run:?}");
                    if run.style != FOOTER {
                        assert!(run.baseline > CONTENT_BOTTOM, "page {number}: text over the footer: {run:?}");
                    }
                }
                for area in page.borders.iter().chain(&page.fills) {
                    assert!(area.y >= CONTENT_BOTTOM - 0.01 && area.y + area.height <= PAGE_HEIGHT - MARGIN + 0.01);
                    assert!(area.x >= MARGIN - 0.01 && area.x + area.width <= PAGE_WIDTH - MARGIN + 0.01);
                }
            }
        }
    }

    #[test]
    fn a_text_document_has_its_headings_facts_and_footer_and_no_bidi_controls() {
        let long = "A sentence that is long enough to wrap across the line more than once. ".repeat(80);
        let document = TextDocument {
            title: "Subject access export".into(),
            subtitle: "About Señora García".into(),
            footer: "kinplan subject access export".into(),
            parts: vec![
                TextPart::Heading("About this export".into()),
                TextPart::Paragraph("pay \u{202E}0001".into()),
                TextPart::Facts(vec![("Name".into(), "Ελένη".into()), ("Note".into(), long.clone())]),
                TextPart::Subheading("Sessions".into()),
                TextPart::Muted("Nothing held.".into()),
            ],
        };
        let pages = extract(&super::super::text_pdf(&document));
        assert!(pages.len() > 1, "the long note runs onto a second page");
        let all = squashed(&pages.concat());
        for expected in [
            "Subject access export",
            "About Señora García",
            "About this export",
            "pay 0001",
            "Ελένη",
            "Sessions",
            "Nothing held.",
        ] {
            assert!(all.contains(&squashed(expected)), "missing {expected:?} in {all}");
        }
        assert!(!all.contains('\u{202E}'));
        for (index, text) in pages.iter().enumerate() {
            let footer = format!("Page {} of {}", index + 1, pages.len());
            assert!(
                squashed(text).contains(&squashed(&footer)) && squashed(text).contains("kinplansubjectaccessexport")
            );
        }
    }

    #[test]
    fn an_empty_plan_is_short() {
        let pages = extract(&render(&ExportView::new(&testing::empty_document())));
        assert!(pages.len() <= 2, "{} pages", pages.len());
        assert!(squashed(&pages[0]).contains(&squashed("Untitled meeting")));
        assert!(squashed(&pages.concat()).contains(&squashed(NO_DECISIONS)));
    }
}
