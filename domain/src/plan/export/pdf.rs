//! The PDF export: A4 pages laid out here, with the text shaped in whatever script it is written
//! in, and written by `krilla` as a tagged PDF that a screen reader can follow, with the fonts
//! embedded so that the plan prints the same everywhere, with no browser and no other program.
//!
//! How it works: each paragraph is split by the Unicode bidirectional algorithm (`unicode-bidi`)
//! into runs of one direction, each run into pieces of one font (a character takes the first of
//! the embedded fonts that has it: Noto Sans, then Noto Sans Arabic, Hebrew, Devanagari and
//! Bengali, then DejaVu Sans for the symbols the others lack), and each piece is shaped by
//! `rustybuzz`, so that Arabic letters join and Indic clusters form. Lines break where Unicode
//! allows (`unicode-linebreak`), measured with the shaped glyphs' widths; a word wider than the
//! line (a pasted link, or a 10,000-character word) is broken between its clusters. Each line is
//! put in visual order, and a right-to-left paragraph is aligned to the right. Pages fill top to
//! bottom; a table row taller than a page continues on the next, under its header again.
//!
//! The file is tagged: the structure tree has the headings (H1 to H3), paragraphs, lists
//! (L, LI, Lbl, LBody) and tables (Table, TR, TH, TD) in reading order, a paragraph in another
//! language than the document's carries its own `/Lang` ([`super::text_language`]), and what only
//! the layout needs (table borders and shading, the footers' "page 2 of 5" with the version and
//! its hash, a table header repeated on a later page) is marked as an artifact. It conforms to
//! PDF/UA-1 as far as krilla's PDF/UA-1 validator tells: every document is written with that
//! validator on, and the tests render every kind of text through it. Were it ever to refuse a
//! document, the error is logged and the same document is written without the claim, rather than
//! leave a family without its plan; the tests make sure that this does not happen.
//!
//! A character no font has (an emoji, most CJK) is drawn as the replacement character "�", with
//! the character itself in the text layer; it is never dropped silently, and never a panic.
//! Invisible joiners and marks that no font has are left out.

use std::cell::RefCell;
use std::collections::HashMap;
use std::num::NonZeroU16;
use std::ops::Range;
use std::sync::LazyLock;

use krilla::color::luma;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagKind, TagTree,
};
use krilla::text::{Font, GlyphId};
use krilla::{Document, SerializeSettings};
use unicode_bidi::{BidiInfo, Level};

use super::view::{BlockKind, ExportView, Fact, Part};
use super::{is_right_to_left_language, text_language, TextDocument, TextPart};
use crate::i18n::{arg, say_in, text, Lang};

/// The embedded fonts, regular and bold, in the order a character looks for its glyph. Noto
/// (SIL Open Font License, `assets/fonts/LICENSE-Noto.txt`) for Latin, Greek, Cyrillic and the
/// scripts the families kinplan serves write most; DejaVu Sans (Bitstream Vera licence,
/// `assets/fonts/LICENSE-DejaVu.txt`) last, for arrows, ticks, stars and other symbols that Noto
/// Sans does not have. The first must have "�", which stands in for what none of them has.
static FONT_FILES: [(&[u8], &[u8]); 6] = [
    (
        include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf"),
        include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf"),
    ),
    (
        include_bytes!("../../../assets/fonts/NotoSansArabic-Regular.ttf"),
        include_bytes!("../../../assets/fonts/NotoSansArabic-Bold.ttf"),
    ),
    (
        include_bytes!("../../../assets/fonts/NotoSansHebrew-Regular.ttf"),
        include_bytes!("../../../assets/fonts/NotoSansHebrew-Bold.ttf"),
    ),
    (
        include_bytes!("../../../assets/fonts/NotoSansDevanagari-Regular.ttf"),
        include_bytes!("../../../assets/fonts/NotoSansDevanagari-Bold.ttf"),
    ),
    (
        include_bytes!("../../../assets/fonts/NotoSansBengali-Regular.ttf"),
        include_bytes!("../../../assets/fonts/NotoSansBengali-Bold.ttf"),
    ),
    (
        include_bytes!("../../../assets/fonts/DejaVuSans.ttf"),
        include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf"),
    ),
];

/// A4, in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm.
const MARGIN: f32 = 56.69;
/// Where the text stops, from the top, leaving room for the footer.
const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - 64.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// The footer's line, from the top.
const FOOTER_TOP: f32 = PAGE_HEIGHT - 42.0;
const CELL_PADDING: f32 = 4.0;
const BULLET_INDENT: f32 = 14.0;
/// The width of a label column in a table of facts.
const LABEL_WIDTH: f32 = 150.0;

/// Near black, as GOV.UK's text colour, and a grey with enough contrast to read (out of 255).
const TEXT_GREY: u8 = 10;
const MUTED_GREY: u8 = 79;
const BORDER_GREY: u8 = 89;
const FILL_GREY: u8 = 240;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    bold: bool,
    size: f32,
    line_height: f32,
    grey: u8,
}

const TITLE: Style = Style { bold: true, size: 20.0, line_height: 26.0, grey: TEXT_GREY };
const SUBTITLE: Style = Style { bold: false, size: 14.0, line_height: 19.0, grey: MUTED_GREY };
const HEADING: Style = Style { bold: true, size: 14.5, line_height: 20.0, grey: TEXT_GREY };
const SUBHEADING: Style = Style { bold: true, size: 12.0, line_height: 17.0, grey: TEXT_GREY };
const BODY: Style = Style { bold: false, size: 11.0, line_height: 16.0, grey: TEXT_GREY };
const MUTED: Style = Style { grey: MUTED_GREY, ..BODY };
const CELL: Style = Style { bold: false, size: 9.5, line_height: 13.5, grey: TEXT_GREY };
const CELL_BOLD: Style = Style { bold: true, ..CELL };
/// Hashes, a little smaller so that 64 hex digits fit on one line of a table.
const CODE: Style = Style { size: 8.0, ..CELL };
const FOOTER: Style = Style { bold: false, size: 8.0, line_height: 10.0, grey: MUTED_GREY };

/// One embedded font, for both of its users.
struct Face {
    /// For krilla, which embeds it, cut down to the glyphs used.
    font: Font,
    /// For rustybuzz, which shapes text with it, and for looking up which characters it has.
    shaper: rustybuzz::Face<'static>,
    units_per_em: f32,
}

impl Face {
    fn new(data: &'static [u8]) -> Self {
        // The fonts are compiled in and tested below, so these hold for any input.
        let shaper = rustybuzz::Face::from_slice(data, 0).expect("the embedded font is a valid font");
        let font = Font::new(data.into(), 0).expect("krilla reads the embedded font");
        Face { units_per_em: shaper.units_per_em() as f32, font, shaper }
    }

    fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some_and(|glyph| glyph.0 != 0)
    }

    /// A glyph's advance, in ems.
    fn advance(&self, glyph: u16) -> f32 {
        f32::from(self.shaper.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(glyph)).unwrap_or(0)) / self.units_per_em
    }
}

/// The fonts of one weight, in fallback order.
struct Faces {
    bold: bool,
    faces: Vec<Face>,
    /// The glyph of "�" in the first font.
    replacement: u16,
}

struct Fonts {
    regular: Faces,
    bold: Faces,
}

impl Fonts {
    fn embedded() -> Self {
        let weight = |bold: bool| {
            let faces: Vec<Face> = FONT_FILES
                .iter()
                .map(|(regular, bold_file)| Face::new(if bold { bold_file } else { regular }))
                .collect();
            let replacement = faces[0].shaper.glyph_index('\u{FFFD}').map_or(0, |glyph| glyph.0);
            Faces { bold, faces, replacement }
        };
        Fonts { regular: weight(false), bold: weight(true) }
    }

    fn get(&self, bold: bool) -> &Faces {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// Read once: parsing and hashing the fonts for every export would cost more than laying it out.
static FONTS: LazyLock<Fonts> = LazyLock::new(Fonts::embedded);

thread_local! {
    /// Shape plans, one for each font, direction and script met: making a plan costs more than
    /// shaping a line with it. A handful at most, kept for the thread's life.
    static SHAPE_PLANS: RefCell<HashMap<(bool, usize, bool, u32), rustybuzz::ShapePlan>> =
        RefCell::new(HashMap::new());
}

/// Characters that only join, separate or steer others, and show nothing themselves.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Which font draws a character.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Choice {
    Face(usize),
    /// No font has it: drawn as "�".
    Missing,
    /// Invisible, and no font has it: left out.
    Skip,
}

/// The first font that has `c`; but a character that is not a letter (a space, a digit, a mark,
/// punctuation) stays in the font of the character before it if that font has it, so that an
/// Arabic sentence is shaped as one piece, spaces and all.
fn choose_face(faces: &Faces, c: char, previous: Option<Choice>) -> Choice {
    if let Some(Choice::Face(index)) = previous {
        if !c.is_alphabetic() && faces.faces[index].has(c) {
            return Choice::Face(index);
        }
    }
    match faces.faces.iter().position(|face| face.has(c)) {
        Some(index) => Choice::Face(index),
        None if is_invisible(c) => Choice::Skip,
        None => Choice::Missing,
    }
}

/// One shaped glyph. Its measures are in ems, so it serves any size.
#[derive(Debug, Clone)]
struct Glyph {
    /// Which of the style's fonts draws it.
    face: usize,
    id: u16,
    /// The text of its cluster, as byte offsets into its line's (or, before lines are made, its
    /// paragraph's) text.
    text: Range<usize>,
    advance: f32,
    x_offset: f32,
    y_offset: f32,
}

impl krilla::text::Glyph for Glyph {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(u32::from(self.id))
    }

    fn text_range(&self) -> Range<usize> {
        self.text.clone()
    }

    fn x_advance(&self, size: f32) -> f32 {
        self.advance * size
    }

    fn x_offset(&self, size: f32) -> f32 {
        self.x_offset * size
    }

    fn y_offset(&self, size: f32) -> f32 {
        self.y_offset * size
    }

    fn y_advance(&self, _size: f32) -> f32 {
        0.0
    }

    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

/// A cluster: the glyphs that stand for one piece of text, which a line never splits.
#[derive(Debug)]
struct Cluster {
    text: Range<usize>,
    /// Its glyphs, in logical order (for right-to-left text, the reverse of how they are drawn).
    glyphs: Range<usize>,
    right_to_left: bool,
    width: f32,
    is_space: bool,
}

/// Text that can be drawn: control characters tidied, line ends as `\n`, and the few characters
/// a PDF's text layer may not hold (U+FEFF, U+FFFE) left out.
fn drawable(text: &str) -> String {
    super::view::clean(text).chars().filter(|c| !matches!(c, '\u{FEFF}' | '\u{FFFE}')).collect()
}

/// The base direction of a paragraph, as HTML's `dir="auto"` finds it: from its first strong
/// character, left to right if it has none.
fn base_level(text: &str) -> Level {
    match unicode_bidi::get_base_direction_full(text) {
        unicode_bidi::Direction::Rtl => Level::rtl(),
        _ => Level::ltr(),
    }
}

/// Shapes `text` (already [`drawable`]) piece by piece: each piece is of one direction and one
/// font. Returns the glyphs and the clusters, both in logical order.
fn shape(faces: &Faces, text: &str, bidi: &BidiInfo<'_>, size: f32) -> (Vec<Glyph>, Vec<Cluster>) {
    // Split into pieces of one level and one font; line ends belong to no piece.
    let mut pieces: Vec<(Range<usize>, Choice, Level)> = Vec::new();
    let mut previous: Option<Choice> = None;
    for (index, c) in text.char_indices() {
        if c == '\n' {
            previous = None;
            continue;
        }
        let choice = choose_face(faces, c, previous);
        previous = Some(choice);
        if choice == Choice::Skip {
            continue;
        }
        let level = bidi.levels[index];
        let end = index + c.len_utf8();
        match pieces.last_mut() {
            Some((range, last_choice, last_level))
                if range.end == index
                    && *last_choice == choice
                    && *last_level == level
                    && choice != Choice::Missing =>
            {
                range.end = end;
            }
            _ => pieces.push((index..end, choice, level)),
        }
    }

    let mut glyphs: Vec<Glyph> = Vec::new();
    let mut clusters: Vec<Cluster> = Vec::new();
    for (range, choice, level) in pieces {
        let right_to_left = level.is_rtl();
        let first = glyphs.len();
        match choice {
            Choice::Face(index) => {
                let face = &faces.faces[index];
                let mut buffer = rustybuzz::UnicodeBuffer::new();
                buffer.push_str(&text[range.clone()]);
                buffer.guess_segment_properties();
                buffer.set_direction(if right_to_left {
                    rustybuzz::Direction::RightToLeft
                } else {
                    rustybuzz::Direction::LeftToRight
                });
                let key = (faces.bold, index, right_to_left, buffer.script().tag().as_u32());
                let shaped = SHAPE_PLANS.with_borrow_mut(|plans| {
                    let plan = plans.entry(key).or_insert_with(|| {
                        rustybuzz::ShapePlan::new(&face.shaper, buffer.direction(), Some(buffer.script()), None, &[])
                    });
                    rustybuzz::shape_with_plan(&face.shaper, plan, buffer)
                });
                let em = face.units_per_em;
                let mut shaped_glyphs: Vec<Glyph> = shaped
                    .glyph_infos()
                    .iter()
                    .zip(shaped.glyph_positions())
                    .map(|(info, position)| {
                        let start = range.start + info.cluster as usize;
                        let glyph = Glyph {
                            face: index,
                            id: info.glyph_id as u16,
                            text: start..start,
                            advance: position.x_advance as f32 / em,
                            x_offset: position.x_offset as f32 / em,
                            y_offset: position.y_offset as f32 / em,
                        };
                        if glyph.id == 0 {
                            // The font could not draw what it was given (a broken cluster it
                            // offers no dotted circle for): stand in as for a missing character.
                            replacement(faces, start)
                        } else {
                            glyph
                        }
                    })
                    .collect();
                // rustybuzz gives right-to-left glyphs in visual order; lines are made in logical
                // order.
                if right_to_left {
                    shaped_glyphs.reverse();
                }
                glyphs.extend(shaped_glyphs);
            }
            Choice::Missing => glyphs.push(replacement(faces, range.start)),
            Choice::Skip => {}
        }
        // Gather the piece's glyphs into clusters, each running to where the next one starts.
        let mut at = first;
        while at < glyphs.len() {
            let start = glyphs[at].text.start;
            let count = glyphs[at..].iter().take_while(|glyph| glyph.text.start == start).count();
            let end = glyphs.get(at + count).map_or(range.end, |next| next.text.start.min(range.end)).max(start + 1);
            let end = (start + 1..=end).rev().find(|end| text.is_char_boundary(*end)).unwrap_or(range.end);
            for glyph in &mut glyphs[at..at + count] {
                glyph.text = start..end;
            }
            let width = glyphs[at..at + count].iter().map(|glyph| glyph.advance).sum::<f32>() * size;
            clusters.push(Cluster {
                text: start..end,
                glyphs: at..at + count,
                right_to_left,
                width,
                is_space: text[start..end].chars().all(char::is_whitespace),
            });
            at += count;
        }
    }
    (glyphs, clusters)
}

/// "�" from the first font, standing for the character at `start`.
fn replacement(faces: &Faces, start: usize) -> Glyph {
    Glyph {
        face: 0,
        id: faces.replacement,
        text: start..start,
        advance: faces.faces[0].advance(faces.replacement),
        x_offset: 0.0,
        y_offset: 0.0,
    }
}

/// A run of glyphs of one font, in the order they are drawn.
#[derive(Debug, Clone)]
struct GlyphRun {
    face: usize,
    glyphs: Vec<Glyph>,
}

/// One line, ready to draw from left to right.
#[derive(Debug, Clone)]
struct TextLine {
    style: Style,
    /// The text the glyphs stand for, in logical order.
    text: String,
    runs: Vec<GlyphRun>,
    width: f32,
    right_to_left: bool,
}

impl TextLine {
    fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }
}

/// A paragraph in lines no wider than `max_width`: broken where Unicode allows a break, or
/// between clusters where a word is wider than a line on its own. Spaces at either end of a line
/// are not drawn. A paragraph's base direction comes from its first strong character.
fn lines(text: &str, style: Style, max_width: f32) -> Vec<TextLine> {
    let text = drawable(text);
    let faces = FONTS.get(style.bold);
    let base = base_level(&text);
    let bidi = BidiInfo::new(&text, Some(base));
    let (glyphs, clusters) = shape(faces, &text, &bidi, style.size);

    let ranges = break_lines(&text, &clusters, max_width);
    ranges.into_iter().map(|range| make_line(&text, style, &bidi, &glyphs, &clusters[range], base.is_rtl())).collect()
}

/// Where `text`'s lines start and end, as ranges of its clusters (in logical order): greedily,
/// at the last place Unicode allows a break that leaves the line no wider than `max_width`, or
/// between two clusters of a word that is wider than a line on its own; and at every line end,
/// so that an empty line stays. Spaces at either end of a line are left out.
fn break_lines(text: &str, clusters: &[Cluster], max_width: f32) -> Vec<Range<usize>> {
    let mut allowed = vec![false; text.len() + 1];
    for (at, _) in unicode_linebreak::linebreaks(text) {
        allowed[at] = true;
    }
    let line_ends = |from: usize, to: usize| text[from..to].matches('\n').count();

    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    let mut width = 0.0;
    let mut last_break: Option<usize> = None;
    let mut previous_end = 0;
    for (index, cluster) in clusters.iter().enumerate() {
        let ends = line_ends(previous_end, cluster.text.start);
        if ends > 0 {
            ranges.push(start..index);
            ranges.extend(std::iter::repeat_n(index..index, ends - 1));
            start = index;
            width = 0.0;
            last_break = None;
        }
        previous_end = cluster.text.end;
        if index > start && allowed[cluster.text.start] {
            last_break = Some(index);
        }
        if !cluster.is_space && index > start && width + cluster.width > max_width {
            if let Some(at) = last_break.take().filter(|at| *at > start) {
                ranges.push(start..at);
                start = at;
                width = clusters[at..index].iter().map(|cluster| cluster.width).sum();
            }
            if index > start && width + cluster.width > max_width {
                ranges.push(start..index);
                start = index;
                width = 0.0;
            }
        }
        width += cluster.width;
    }
    ranges.push(start..clusters.len());
    // A line end at the very end adds no line of its own, as in HTML; two add an empty one.
    let ends = line_ends(previous_end, text.len());
    ranges.extend(std::iter::repeat_n(clusters.len()..clusters.len(), ends.saturating_sub(1)));
    for range in &mut ranges {
        while range.start < range.end && clusters[range.start].is_space {
            range.start += 1;
        }
        while range.end > range.start && clusters[range.end - 1].is_space {
            range.end -= 1;
        }
    }
    ranges
}

/// Puts a line's clusters (in logical order) in visual order, as runs of one font.
fn make_line(
    text: &str,
    style: Style,
    bidi: &BidiInfo<'_>,
    glyphs: &[Glyph],
    clusters: &[Cluster],
    right_to_left: bool,
) -> TextLine {
    let (Some(first), Some(last)) = (clusters.first(), clusters.last()) else {
        return TextLine { style, text: String::new(), runs: Vec::new(), width: 0.0, right_to_left };
    };
    let line_range = first.text.start..last.text.end;
    let paragraph = bidi
        .paragraphs
        .iter()
        .find(|paragraph| paragraph.range.contains(&line_range.start))
        .unwrap_or(&bidi.paragraphs[0]);
    let (levels, visual_runs) = bidi.visual_runs(paragraph, line_range.clone());

    let mut runs: Vec<GlyphRun> = Vec::new();
    let mut push = |glyph: &Glyph| {
        let glyph =
            Glyph { text: glyph.text.start - line_range.start..glyph.text.end - line_range.start, ..glyph.clone() };
        match runs.last_mut() {
            Some(run) if run.face == glyph.face => run.glyphs.push(glyph),
            _ => runs.push(GlyphRun { face: glyph.face, glyphs: vec![glyph] }),
        }
    };
    for visual_run in visual_runs {
        let mut in_run: Vec<&Cluster> =
            clusters.iter().filter(|cluster| visual_run.contains(&cluster.text.start)).collect();
        if levels.get(visual_run.start).is_some_and(|level| level.is_rtl()) {
            in_run.reverse();
        }
        for cluster in in_run {
            let cluster_glyphs = &glyphs[cluster.glyphs.clone()];
            if cluster.right_to_left {
                cluster_glyphs.iter().rev().for_each(&mut push);
            } else {
                cluster_glyphs.iter().for_each(&mut push);
            }
        }
    }
    let width = clusters.iter().map(|cluster| cluster.width).sum();
    TextLine { style, text: text[line_range].to_owned(), runs, width, right_to_left }
}

/// A node of the structure tree as it is laid out: content is known by a leaf number until the
/// pages are drawn and krilla gives each its identifier.
#[derive(Debug)]
enum StructureNode {
    Group(StructureGroup),
    Leaf(usize),
}

#[derive(Debug)]
struct StructureGroup {
    tag: TagKind,
    children: Vec<StructureNode>,
}

impl StructureGroup {
    fn new(tag: impl Into<TagKind>) -> Self {
        StructureGroup { tag: tag.into(), children: Vec::new() }
    }
}

/// What a line is to a reader: content (a leaf of the structure tree), or an artifact of the
/// layout.
#[derive(Debug, Clone, Copy)]
enum Mark {
    Content(usize),
    Artifact(ArtifactType),
}

#[derive(Debug, Clone, Copy)]
struct Area {
    x: f32,
    y: f32,
    width: f32,
    height: f32,
}

#[derive(Debug)]
struct PlacedLine {
    line: TextLine,
    x: f32,
    baseline: f32,
    mark: Mark,
}

/// One page's drawing, top-down coordinates.
#[derive(Debug, Default)]
struct Page {
    fills: Vec<Area>,
    borders: Vec<Area>,
    lines: Vec<PlacedLine>,
}

/// A heading, for the outline (the bookmarks a reader shows beside the pages).
struct OutlineEntry {
    level: u16,
    title: String,
    page: usize,
    y: f32,
}

/// A table cell: its text, its style, and how it is tagged.
struct Cell<'t> {
    text: &'t str,
    style: Style,
    kind: CellKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum CellKind {
    /// A column's header, shaded, repeated on every page the table reaches.
    ColumnHeader,
    /// A row's label, shaded.
    RowHeader,
    Data,
}

/// Lays out pages from the top down, and the structure tree alongside.
struct Layout {
    language: String,
    pages: Vec<Page>,
    page: Page,
    /// The top of the next line.
    y: f32,
    /// Nothing has been drawn on this page yet.
    fresh: bool,
    /// Open groups of the structure tree, the root first (only the root's children are
    /// written: krilla makes the Document element above them).
    open: Vec<StructureGroup>,
    leaf_count: usize,
    outline: Vec<OutlineEntry>,
}

impl Layout {
    fn new(language: &str) -> Self {
        Layout {
            language: language.to_owned(),
            pages: Vec::new(),
            page: Page::default(),
            y: MARGIN,
            fresh: true,
            open: vec![StructureGroup::new(Tag::Part)],
            leaf_count: 0,
            outline: Vec::new(),
        }
    }

    /// The language of `text` where it is not the document's.
    fn lang(&self, text: &str) -> Option<String> {
        text_language(text, &self.language).map(str::to_owned)
    }

    fn begin(&mut self, tag: impl Into<TagKind>) {
        self.open.push(StructureGroup::new(tag));
    }

    fn end(&mut self) {
        let group = self.open.pop().expect("a group is open");
        self.add(StructureNode::Group(group));
    }

    fn add(&mut self, node: StructureNode) {
        self.open.last_mut().expect("the root is open").children.push(node);
    }

    fn new_leaf(&mut self) -> usize {
        self.leaf_count += 1;
        self.leaf_count - 1
    }

    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.page));
        self.y = MARGIN;
        self.fresh = true;
    }

    fn room(&self) -> f32 {
        CONTENT_BOTTOM - self.y
    }

    /// Starts a new page unless `height` fits on this one (or this one is empty).
    fn keep_together(&mut self, height: f32) {
        if self.room() < height && !self.fresh {
            self.new_page();
        }
    }

    fn gap(&mut self, height: f32) {
        if !self.fresh {
            self.y += height;
        }
    }

    /// Places a line in a box from `x` to `x + width` whose top is `top`: to the left, or to the
    /// right for a right-to-left line.
    fn place(&mut self, line: TextLine, x: f32, width: f32, top: f32, line_height: f32, mark: Mark) {
        if line.is_empty() {
            return;
        }
        // The baseline sits so that the glyphs' ascent and descent are centred in the line.
        let baseline = top + (line_height - line.style.size) / 2.0 + 0.8 * line.style.size;
        let x = if line.right_to_left { x + width - line.width } else { x };
        self.page.lines.push(PlacedLine { line, x, baseline, mark });
    }

    /// A paragraph's lines, each a leaf of the open group; or, with `bullet`, a list item: a
    /// bullet before its first line as its label, and the lines as its body.
    fn paragraph(&mut self, text: &str, style: Style, bullet: bool) {
        let indent = if bullet { BULLET_INDENT } else { 0.0 };
        let lines = lines(text, style, CONTENT_WIDTH - indent);
        let right_to_left = lines.first().is_some_and(|line| line.right_to_left);
        let mut label = None;
        if bullet {
            self.begin(Tag::LI);
            self.begin(Tag::Lbl);
            let leaf = self.new_leaf();
            self.add(StructureNode::Leaf(leaf));
            self.end();
            self.begin(TagKind::from(Tag::LBody).with_lang(self.lang(text)));
            label = Some(leaf);
        }
        for line in lines {
            self.keep_together(style.line_height);
            let top = self.y;
            if let Some(leaf) = label.take() {
                let mark = lines_of_one("•", style);
                let x = if right_to_left { PAGE_WIDTH - MARGIN - 3.0 - mark.width } else { MARGIN + 3.0 };
                self.place(mark, x, 0.0, top, style.line_height, Mark::Content(leaf));
            }
            let x = if right_to_left { MARGIN } else { MARGIN + indent };
            let leaf = self.new_leaf();
            if !line.is_empty() {
                self.add(StructureNode::Leaf(leaf));
            }
            self.place(line, x, CONTENT_WIDTH - indent, top, style.line_height, Mark::Content(leaf));
            self.y += style.line_height;
            self.fresh = false;
        }
        if bullet {
            self.end();
            self.end();
        }
    }

    /// A paragraph as a P of its own, in its own language.
    fn tagged_paragraph(&mut self, text: &str, style: Style) {
        self.begin(TagKind::from(Tag::P).with_lang(self.lang(text)));
        self.paragraph(text, style, false);
        self.end();
    }

    fn heading(&mut self, level: u16, text: &str, space_before: f32) {
        let style = match level {
            1 => TITLE,
            2 => HEADING,
            _ => SUBHEADING,
        };
        self.gap(space_before);
        // A heading is never the last thing on a page: keep it with what follows, which may be
        // a subheading and two lines, or two lines of a table.
        let next = if level == 2 { SUBHEADING.line_height + 8.0 } else { 0.0 };
        self.keep_together(style.line_height + next + 2.0 * BODY.line_height + 2.0 * CELL_PADDING);
        let level_number = NonZeroU16::new(level).expect("heading levels start at 1");
        self.begin(TagKind::from(Tag::Hn(level_number, Some(text.to_owned()))).with_lang(self.lang(text)));
        self.outline.push(OutlineEntry { level, title: text.to_owned(), page: self.pages.len(), y: self.y });
        self.paragraph(text, style, false);
        self.end();
        if level > 1 {
            self.y += 4.0;
        }
    }

    /// List items that follow each other, as one list.
    fn list(&mut self, items: &[&str]) {
        self.begin(Tag::L(ListNumbering::Disc));
        for (index, item) in items.iter().enumerate() {
            self.paragraph(item, BODY, true);
            self.gap(if index + 1 < items.len() { 2.0 } else { 6.0 });
        }
        self.end();
    }

    /// A table with columns of the given widths, an optional header row repeated (as an
    /// artifact) on every page it reaches, and rows that split across pages when they must.
    fn table(&mut self, widths: &[f32], header: Option<Vec<Cell<'_>>>, rows: Vec<Vec<Cell<'_>>>) {
        let wrap_cells = |cells: &[Cell<'_>]| -> Vec<Vec<TextLine>> {
            cells
                .iter()
                .zip(widths)
                .map(|(cell, width)| lines(cell.text, cell.style, width - 2.0 * CELL_PADDING))
                .collect()
        };
        let header = header.map(|cells| {
            let lines = wrap_cells(&cells);
            (cells, lines)
        });
        let line_height = CELL.line_height;
        let height_of = |lines: usize| lines as f32 * line_height + 2.0 * CELL_PADDING;
        let header_height = header.as_ref().map_or(0.0, |(_, lines)| height_of(tallest(lines)));

        let rows: Vec<(Vec<Cell<'_>>, Vec<Vec<TextLine>>)> = rows
            .into_iter()
            .map(|cells| {
                let lines = wrap_cells(&cells);
                (cells, lines)
            })
            .collect();
        let page_room = CONTENT_BOTTOM - MARGIN - header_height;
        // A small table of facts reads best on one page; a long one starts with two lines.
        let whole: f32 = rows.iter().map(|(_, lines)| height_of(tallest(lines))).sum();
        if header.is_none() && whole <= page_room {
            self.keep_together(whole);
        }
        self.keep_together(header_height + height_of(2));
        self.begin(Tag::Table);
        if let Some((cells, lines)) = &header {
            let mut row = self.row_group(cells);
            self.table_row(widths, cells, lines, 0..tallest(lines), Some(&mut row));
            self.add(StructureNode::Group(row));
        }
        for (cells, lines) in &rows {
            let mut row = self.row_group(cells);
            let total = tallest(lines);
            let mut done = 0;
            while done < total {
                let left = total - done;
                if height_of(left) <= self.room() {
                    self.table_row(widths, cells, lines, done..total, Some(&mut row));
                    break;
                }
                // Split the row only if it would not fit on a page of its own, or if it is
                // already at the top of a page (so that every page makes progress).
                let fit = ((self.room() - 2.0 * CELL_PADDING) / line_height).floor().max(0.0) as usize;
                let at_top = self.y <= MARGIN + header_height + 1.0;
                if fit > 0 && (at_top || height_of(left) > page_room) {
                    self.table_row(widths, cells, lines, done..done + fit, Some(&mut row));
                    done += fit;
                }
                self.new_page();
                if let Some((cells, lines)) = &header {
                    // Repeated for the eye only: a reader has heard it once.
                    self.table_row(widths, cells, lines, 0..tallest(lines), None);
                }
            }
            self.add(StructureNode::Group(row));
        }
        self.end();
        self.y += 10.0;
    }

    /// A row of the structure tree, with a group for each cell.
    fn row_group(&self, cells: &[Cell<'_>]) -> StructureGroup {
        let mut row = StructureGroup::new(Tag::TR);
        row.children = cells
            .iter()
            .map(|cell| {
                let tag: TagKind = match cell.kind {
                    CellKind::ColumnHeader => Tag::TH(TableHeaderScope::Column).into(),
                    CellKind::RowHeader => Tag::TH(TableHeaderScope::Row).into(),
                    CellKind::Data => Tag::TD.into(),
                };
                StructureNode::Group(StructureGroup::new(tag.with_lang(self.lang(cell.text))))
            })
            .collect();
        row
    }

    /// Draws lines `range` of a row's cells, with their borders, each line a leaf of its cell's
    /// group in `row`; with no `row` (a header repeated on a later page), as artifacts.
    fn table_row(
        &mut self,
        widths: &[f32],
        cells: &[Cell<'_>],
        lines: &[Vec<TextLine>],
        range: Range<usize>,
        mut row: Option<&mut StructureGroup>,
    ) {
        let height = range.len() as f32 * CELL.line_height + 2.0 * CELL_PADDING;
        let mut x = MARGIN;
        for (column, ((cell, cell_lines), width)) in cells.iter().zip(lines).zip(widths).enumerate() {
            let cell_box = Area { x, y: self.y, width: *width, height };
            if cell.kind != CellKind::Data {
                self.page.fills.push(cell_box);
            }
            self.page.borders.push(cell_box);
            let mut top = self.y + CELL_PADDING;
            for line in cell_lines.iter().take(range.end).skip(range.start) {
                let mark = match row.as_deref_mut() {
                    Some(row) => {
                        let leaf = self.new_leaf();
                        if let (false, Some(StructureNode::Group(group))) =
                            (line.is_empty(), row.children.get_mut(column))
                        {
                            group.children.push(StructureNode::Leaf(leaf));
                        }
                        Mark::Content(leaf)
                    }
                    None => Mark::Artifact(ArtifactType::PaginationOther),
                };
                self.place(line.clone(), x + CELL_PADDING, width - 2.0 * CELL_PADDING, top, CELL.line_height, mark);
                top += CELL.line_height;
            }
            x += width;
        }
        self.y += height;
        self.fresh = false;
    }

    fn facts(&mut self, facts: &[Fact<'_>]) {
        let rows = facts
            .iter()
            .map(|fact| {
                vec![
                    Cell { text: &fact.label, style: CELL_BOLD, kind: CellKind::RowHeader },
                    Cell { text: &fact.value, style: if fact.is_code { CODE } else { CELL }, kind: CellKind::Data },
                ]
            })
            .collect();
        self.table(&[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH], None, rows);
    }

    /// Adds "page 2 of 5" and `about` (for a plan, the version and its hash) at the foot of
    /// every page, as artifacts.
    fn finish(mut self, about: &str, lang: Lang) -> (Vec<Page>, StructureGroup, Vec<OutlineEntry>) {
        self.pages.push(std::mem::take(&mut self.page));
        while self.open.len() > 1 {
            self.end();
        }
        let count = self.pages.len();
        for (index, page) in self.pages.iter_mut().enumerate() {
            let page_of = say_in(lang, "export-page", &[("page", arg(index as i64 + 1)), ("pages", arg(count as i64))]);
            let number = lines_of_one(&page_of, FOOTER);
            let number_width = number.width;
            let footer = Mark::Artifact(ArtifactType::Footer);
            let baseline = FOOTER_TOP + (FOOTER.line_height - FOOTER.size) / 2.0 + 0.8 * FOOTER.size;
            page.lines.push(PlacedLine { line: number, x: PAGE_WIDTH - MARGIN - number_width, baseline, mark: footer });
            // Only the first line: the footer has one, and a hash is short.
            if let Some(line) = lines(about, FOOTER, CONTENT_WIDTH - number_width - 12.0).into_iter().next() {
                page.lines.push(PlacedLine { line, x: MARGIN, baseline, mark: footer });
            }
        }
        let root = self.open.pop().expect("the root is open");
        (self.pages, root, self.outline)
    }
}

/// Text that fits on one line, such as a footer's page number or a bullet.
fn lines_of_one(text: &str, style: Style) -> TextLine {
    let mut all = lines(text, style, f32::INFINITY);
    all.truncate(1);
    all.pop().unwrap_or(TextLine { style, text: String::new(), runs: Vec::new(), width: 0.0, right_to_left: false })
}

fn tallest(lines: &[Vec<TextLine>]) -> usize {
    lines.iter().map(Vec::len).max().unwrap_or(0).max(1)
}

pub(super) fn render(view: &ExportView<'_>) -> Vec<u8> {
    let (pages, structure, outline) = lay_out(view);
    let title = format!("{}: {}", view.meeting_title, view.subtitle.to_lowercase());
    let subject = format!("{}, SHA-256 {}", view.subtitle, view.version_hash);
    write(&Written {
        pages: &pages,
        structure: &structure,
        outline: &outline,
        title: &title,
        subject: &subject,
        language: &view.language,
    })
}

fn lay_out(view: &ExportView<'_>) -> (Vec<Page>, StructureGroup, Vec<OutlineEntry>) {
    let mut layout = Layout::new(&view.language);
    layout.heading(1, &view.meeting_title, 0.0);
    layout.gap(2.0);
    layout.tagged_paragraph(&view.subtitle, SUBTITLE);

    layout.heading(2, &view.words.about_title, 14.0);
    layout.facts(&view.about);

    for part in &view.parts {
        match part {
            Part::Section { title, blocks } => {
                layout.heading(2, title, 14.0);
                if blocks.is_empty() {
                    layout.tagged_paragraph(&view.words.nothing_written, MUTED);
                }
                let mut index = 0;
                while index < blocks.len() {
                    let block = &blocks[index];
                    match block.kind {
                        BlockKind::Heading => {
                            layout.heading(3, &block.text, 6.0);
                            layout.gap(6.0);
                        }
                        BlockKind::Paragraph => {
                            layout.tagged_paragraph(&block.text, BODY);
                            layout.gap(6.0);
                        }
                        BlockKind::ListItem => {
                            let items: Vec<&str> = blocks[index..]
                                .iter()
                                .take_while(|block| block.kind == BlockKind::ListItem)
                                .map(|block| &*block.text)
                                .collect();
                            index += items.len() - 1;
                            layout.list(&items);
                        }
                    }
                    index += 1;
                }
            }
            Part::Actions(rows) => {
                layout.heading(2, &view.words.actions_title, 14.0);
                if rows.is_empty() {
                    layout.tagged_paragraph(&view.words.nothing_written, MUTED);
                } else {
                    let widths = [0.26, 0.15, 0.16, 0.26, 0.17].map(|share| share * CONTENT_WIDTH);
                    let header = view
                        .words
                        .action_columns
                        .iter()
                        .map(|column| Cell { text: column, style: CELL_BOLD, kind: CellKind::ColumnHeader })
                        .collect();
                    let rows = rows
                        .iter()
                        .map(|row| {
                            row.cells()
                                .into_iter()
                                .map(|text| Cell { text, style: CELL, kind: CellKind::Data })
                                .collect()
                        })
                        .collect();
                    layout.table(&widths, Some(header), rows);
                }
            }
        }
    }

    layout.heading(2, &view.words.arrangements_title, 14.0);
    layout.facts(&view.arrangements);

    layout.heading(2, &view.words.decisions_title, 14.0);
    if view.decisions.is_empty() {
        layout.tagged_paragraph(&view.words.no_decisions, MUTED);
    }
    for decision in &view.decisions {
        // One small table per decision: six columns would leave the hash no room.
        let cells = decision.cells();
        let columns = &view.words.decision_columns;
        let rows = columns
            .iter()
            .zip(&cells)
            .enumerate()
            .map(|(index, (label, value))| {
                let is_hash = index == columns.len() - 1;
                vec![
                    Cell { text: label, style: CELL_BOLD, kind: CellKind::RowHeader },
                    Cell { text: value, style: if is_hash { CODE } else { CELL }, kind: CellKind::Data },
                ]
            })
            .collect();
        layout.table(&[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH], None, rows);
    }
    let about = say_in(
        view.words.lang,
        "export-pdf-footer",
        &[("number", arg(view.version_number)), ("hash", text(&view.version_hash))],
    );
    layout.finish(&about, view.words.lang)
}

/// A document that is not a plan (a subject access export), laid out with the same fonts,
/// headings and tables as a plan.
pub(super) fn render_text(document: &TextDocument, language: &str) -> Vec<u8> {
    let mut layout = Layout::new(language);
    layout.heading(1, &document.title, 0.0);
    layout.gap(2.0);
    layout.tagged_paragraph(&document.subtitle, SUBTITLE);
    for part in &document.parts {
        match part {
            TextPart::Heading(text) => layout.heading(2, text, 14.0),
            TextPart::Subheading(text) => layout.heading(3, text, 8.0),
            TextPart::Paragraph(text) => {
                layout.tagged_paragraph(text, BODY);
                layout.gap(6.0);
            }
            TextPart::Muted(text) => {
                layout.tagged_paragraph(text, MUTED);
                layout.gap(6.0);
            }
            TextPart::Facts(facts) => {
                let rows = facts
                    .iter()
                    .map(|(label, value)| {
                        vec![
                            Cell { text: label, style: CELL_BOLD, kind: CellKind::RowHeader },
                            Cell { text: value, style: CELL, kind: CellKind::Data },
                        ]
                    })
                    .collect();
                layout.table(&[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH], None, rows);
            }
        }
    }
    let (pages, structure, outline) = layout.finish(&document.footer, Lang::ENGLISH);
    write(&Written {
        pages: &pages,
        structure: &structure,
        outline: &outline,
        title: &document.title,
        subject: &document.subtitle,
        language,
    })
}

/// Everything that goes into the file.
struct Written<'a> {
    pages: &'a [Page],
    structure: &'a StructureGroup,
    outline: &'a [OutlineEntry],
    title: &'a str,
    subject: &'a str,
    language: &'a str,
}

/// Writes the laid-out pages as a PDF/UA-1 file; see the module's documentation for what
/// happens if krilla's validator ever refuses one.
fn write(written: &Written<'_>) -> Vec<u8> {
    match write_with(written, true) {
        Ok(pdf) => pdf,
        Err(error) => {
            tracing::error!(error = %error, "krilla's PDF/UA-1 validator refused an export; it is written without the claim");
            write_with(written, false)
                .unwrap_or_else(|error| panic!("the embedded fonts could not be written: {error}"))
        }
    }
}

/// Why krilla would not write a file.
#[derive(Debug)]
struct WriteError(krilla::error::KrillaError);

impl std::fmt::Display for WriteError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{:?}", self.0)
    }
}

fn write_with(written: &Written<'_>, validated: bool) -> Result<Vec<u8>, WriteError> {
    let mut configuration = ConfigurationBuilder::new();
    if validated {
        configuration = configuration.with_accessibility_validator(Accessibility::UA1);
    }
    let settings = SerializeSettings {
        configuration: configuration.finish().expect("PDF/UA-1 has a PDF version"),
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut identifiers: Vec<Option<Identifier>> = Vec::new();
    for page in written.pages {
        let mut pdf_page =
            document.start_page_with(PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("A4 is a size"));
        let mut surface = pdf_page.surface();
        draw_page(&mut surface, page, &mut identifiers);
        surface.finish();
        pdf_page.finish();
    }

    let mut tree = TagTree::new().with_lang(Some(written.language.to_owned()));
    for child in &written.structure.children {
        if let Some(node) = to_krilla(child, &identifiers) {
            tree.push(node);
        }
    }
    document.set_tag_tree(tree);
    document.set_outline(outline(written.outline));
    let mut metadata = Metadata::new()
        .title(written.title.to_owned())
        .description(written.subject.to_owned())
        .language(written.language.to_owned())
        .creator("kinplan".to_owned())
        .producer("kinplan".to_owned());
    if is_right_to_left_language(written.language) {
        metadata = metadata.text_direction(krilla::metadata::TextDirection::RightToLeft);
    }
    document.set_metadata(metadata);
    document.finish().map_err(WriteError)
}

fn to_krilla(node: &StructureNode, identifiers: &[Option<Identifier>]) -> Option<Node> {
    match node {
        StructureNode::Leaf(leaf) => identifiers.get(*leaf).copied().flatten().map(Node::Leaf),
        StructureNode::Group(group) => {
            let children: Vec<Node> = group.children.iter().filter_map(|child| to_krilla(child, identifiers)).collect();
            (!children.is_empty()).then(|| Node::Group(TagGroup::with_children(group.tag.clone(), children)))
        }
    }
}

/// The headings as bookmarks: the title and the sections at the top, subheadings under their
/// section.
fn outline(entries: &[OutlineEntry]) -> Outline {
    let mut outline = Outline::new();
    let mut section: Option<OutlineNode> = None;
    for entry in entries {
        let node = OutlineNode::new(entry.title.clone(), XyzDestination::new(entry.page, Point::from_xy(0.0, entry.y)));
        if entry.level <= 2 {
            if let Some(previous) = section.take() {
                outline.push_child(previous);
            }
            section = Some(node);
        } else {
            match section.as_mut() {
                Some(parent) => parent.push_child(node),
                None => outline.push_child(node),
            }
        }
    }
    if let Some(last) = section {
        outline.push_child(last);
    }
    outline
}

fn grey(level: u8) -> Fill {
    Fill { paint: luma::Color::new(level).into(), ..Fill::default() }
}

fn draw_page(surface: &mut Surface<'_>, page: &Page, identifiers: &mut Vec<Option<Identifier>>) {
    let rectangles = |areas: &[Area]| {
        let mut path = PathBuilder::new();
        for area in areas {
            if let Some(rect) = Rect::from_xywh(area.x, area.y, area.width, area.height) {
                path.push_rect(rect);
            }
        }
        path.finish()
    };
    let layout = ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout));
    if let Some(path) = rectangles(&page.fills) {
        surface.start_tagged(layout);
        surface.set_stroke(None);
        surface.set_fill(Some(grey(FILL_GREY)));
        surface.draw_path(&path);
        surface.end_tagged();
    }
    if let Some(path) = rectangles(&page.borders) {
        surface.start_tagged(layout);
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: luma::Color::new(BORDER_GREY).into(),
            width: 0.6,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
        surface.end_tagged();
    }
    surface.set_stroke(None);
    let fonts = &*FONTS;
    for placed in &page.lines {
        match placed.mark {
            Mark::Content(leaf) => {
                let identifier = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                if identifiers.len() <= leaf {
                    identifiers.resize(leaf + 1, None);
                }
                identifiers[leaf] = Some(identifier);
            }
            Mark::Artifact(kind) => {
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
            }
        }
        let line = &placed.line;
        let faces = fonts.get(line.style.bold);
        surface.set_fill(Some(grey(line.style.grey)));
        let mut x = placed.x;
        for run in &line.runs {
            let face = &faces.faces[run.face];
            surface.draw_glyphs(
                Point::from_xy(x, placed.baseline),
                &run.glyphs,
                face.font.clone(),
                &line.text,
                line.style.size,
                false,
            );
            x += run.glyphs.iter().map(|glyph| glyph.advance).sum::<f32>() * line.style.size;
        }
        surface.end_tagged();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::plan::export::testing;
    use crate::plan::model::ExportDocument;

    /// Clusters one point wide each, one a character, so that line breaking can be checked by
    /// counting.
    fn monospaced(text: &str) -> Vec<Cluster> {
        text.char_indices()
            .filter(|(_, c)| *c != '\n')
            .map(|(index, c)| Cluster {
                text: index..index + c.len_utf8(),
                glyphs: 0..1,
                right_to_left: false,
                width: 1.0,
                is_space: c.is_whitespace(),
            })
            .collect()
    }

    #[test]
    fn breaks_lines_where_unicode_allows_and_inside_words_wider_than_a_line() {
        fn check(text: &str, width: f32, expected: &[&str]) {
            let clusters = monospaced(text);
            let lines: Vec<String> = break_lines(text, &clusters, width)
                .into_iter()
                .map(|range| clusters[range].iter().map(|cluster| &text[cluster.text.clone()]).collect())
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
        check("one\n", 20.0, &["one"]);
        check("exactly ten", 11.0, &["exactly ten"]);
        // Unicode's rules, not only spaces: after a hyphen, never before a closing mark.
        check("well-known", 6.0, &["well-", "known"]);
        check("a (b) c!", 5.0, &["a (b)", "c!"]);
    }

    /// A line's clusters' text in the order they are drawn, left to right.
    fn visual(line: &TextLine) -> String {
        let mut shown = String::new();
        let mut previous = None;
        for glyph in line.runs.iter().flat_map(|run| &run.glyphs) {
            if previous != Some(glyph.text.clone()) {
                shown.push_str(&line.text[glyph.text.clone()]);
                previous = Some(glyph.text.clone());
            }
        }
        shown
    }

    #[test]
    fn lines_are_drawn_in_visual_order_and_know_their_direction() {
        fn check(text: &str, expected: &str, right_to_left: bool) {
            let lines = lines(text, BODY, CONTENT_WIDTH);
            assert_eq!(lines.len(), 1, "{text:?}");
            assert_eq!(visual(&lines[0]), expected, "{text:?}");
            assert_eq!(lines[0].right_to_left, right_to_left, "{text:?}");
            assert_eq!(lines[0].text, text);
        }
        check("plain text", "plain text", false);
        check("abc אבג def", "abc גבא def", false);
        check("אבג abc.", ".abc גבא", true);
        check("שלום 123", "123 םולש", true);
        check("says «ابت» and", "says «تبا» and", false);
        // Direction comes from the first strong character, as HTML's dir="auto" finds it.
        check("12 ابت", "تبا 12", true);
        check("- abc", "- abc", false);
    }

    #[test]
    fn a_right_to_left_paragraph_is_aligned_to_the_right() {
        let mut layout = Layout::new("en-GB");
        layout.tagged_paragraph(testing::ARABIC, BODY);
        layout.tagged_paragraph(testing::LATIN_SENTENCE, BODY);
        let (pages, _, _) = layout.finish("", Lang::ENGLISH);
        let [arabic, latin] = [&pages[0].lines[0], &pages[0].lines[1]];
        assert!((arabic.x + arabic.line.width - (PAGE_WIDTH - MARGIN)).abs() < 0.01, "{}", arabic.x);
        assert!((latin.x - MARGIN).abs() < 0.01, "{}", latin.x);
    }

    #[test]
    fn a_word_wider_than_a_line_is_broken_in_any_script() {
        for word in [testing::long_word(), "ستأخذ".repeat(300), "আমিরাকে".repeat(200), "👨".repeat(300)]
        {
            let lines = lines(&word, BODY, 100.0);
            assert!(lines.len() > 3, "{} lines", lines.len());
            for line in &lines {
                assert!(line.width <= 100.01, "{} is wider than the line", line.width);
            }
            let text: String = lines.iter().map(|line| line.text.as_str()).collect();
            assert_eq!(text, word, "nothing is lost between the lines");
        }
    }

    #[test]
    fn the_fonts_cover_many_scripts_and_stand_in_for_what_they_lack() {
        let fonts = &*FONTS;
        for faces in [&fonts.regular, &fonts.bold] {
            let sample = "éñøßçğłő ΩλΣ ЖдЯ € £ • … ’ مرحبا پ ڭ ۔ שלום हिन्दी বাংলা ✓ ✗ → ★ ☎";
            for c in sample.chars().filter(|c| !c.is_whitespace()) {
                assert!(matches!(choose_face(faces, c, None), Choice::Face(_)), "no font has {c:?}");
            }
            assert_ne!(faces.replacement, 0, "the first font has a replacement character");
            for c in ['👨', '🏠', '\u{10FFFF}', '中'] {
                assert_eq!(choose_face(faces, c, None), Choice::Missing, "{c:?}");
            }
            // Invisible characters no font has are left out, never drawn as "�".
            for c in ['\u{200D}', '\u{FE0F}', '\u{E0001}', '\u{2064}'] {
                assert_ne!(choose_face(faces, c, None), Choice::Missing, "{c:?}");
            }
            // Spaces and punctuation stay with the script around them.
            assert_eq!(choose_face(faces, ' ', Some(Choice::Face(1))), Choice::Face(1));
            assert_eq!(choose_face(faces, 'a', Some(Choice::Face(1))), Choice::Face(0));
        }
    }

    /// Strings of up to 120 characters drawn from every script and kind of character the layout
    /// treats apart, from a fixed seed: each lays out in lines no wider than the column, loses
    /// no visible character, and a plan of them passes the validator.
    #[test]
    fn any_mix_of_scripts_lays_out_and_validates() {
        let pool: Vec<char> = concat!(
            "aZé ΩЖ مرحبا پ ١٢ שלום हिन्दी বাংলা 12,.!?()«»-/\n\t",
            "\u{0301}\u{064B}\u{09C7}\u{094D}\u{05B4}\u{200B}\u{200C}\u{200D}\u{200E}\u{200F}\u{2066}\u{202E}",
            "\u{00AD}\u{FEFF}\u{FFFE}\u{E000}\u{FE0F}中👨🏽✓→★\u{2028}\u{0007}",
        )
        .chars()
        .collect();
        let mut seed: u64 = 0x5eed_cafe;
        let mut next = move |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        let mut texts = Vec::new();
        for _ in 0..300 {
            let length = next(120);
            let text: String = (0..length).map(|_| pool[next(pool.len())]).collect();
            let width = 20.0 + next(400) as f32;
            let lines = lines(&text, BODY, width);
            for line in &lines {
                let one_cluster = line.runs.iter().map(|run| run.glyphs.len()).sum::<usize>() <= 4;
                assert!(line.width <= width + 0.01 || one_cluster, "{text:?}: {} in {width}", line.width);
            }
            let visible = |c: &char| !c.is_whitespace() && !is_invisible(*c);
            let shown: String = lines.iter().flat_map(|line| line.text.chars()).filter(visible).collect();
            let typed: String = drawable(&text).chars().filter(visible).collect();
            assert_eq!(shown, typed, "{text:?}");
            texts.push(text);
        }
        let paragraphs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let document = testing::written_in(&texts[0], &paragraphs);
        if let Err(error) = validated(&ExportView::new(&document, Lang::ENGLISH)) {
            panic!("{error}");
        }
    }

    /// Every page's text, as lopdf extracts it through the fonts' `ToUnicode` maps.
    fn extract(pdf: &[u8]) -> Vec<String> {
        assert!(pdf.starts_with(b"%PDF-"));
        let document = lopdf::Document::load_mem(pdf).expect("the PDF parses");
        let pages: Vec<u32> = document.get_pages().keys().copied().collect();
        pages.iter().map(|page| document.extract_text(&[*page]).expect("the text extracts")).collect()
    }

    /// Text with its spaces and line ends removed, since extraction puts them where it likes,
    /// and the bidirectional embeddings pdftotext adds.
    fn squashed(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace() && !crate::plan::export::is_bidi_control(*c)).collect()
    }

    /// Every stream of the file, decompressed, as text.
    fn streams(pdf: &[u8]) -> String {
        let document = lopdf::Document::load_mem(pdf).expect("the PDF parses");
        let mut inside = String::new();
        for object in document.objects.values() {
            if let Ok(stream) = object.as_stream() {
                let content = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
                inside.push_str(&String::from_utf8_lossy(&content));
            }
        }
        inside
    }

    /// The file as krilla writes it with its PDF/UA-1 validator on, or what the validator said.
    fn validated(view: &ExportView<'_>) -> Result<Vec<u8>, WriteError> {
        let (pages, structure, outline) = lay_out(view);
        let written = Written {
            pages: &pages,
            structure: &structure,
            outline: &outline,
            title: "A plan",
            subject: "",
            language: &view.language,
        };
        write_with(&written, true)
    }

    #[test]
    fn a_typical_plan_is_a_tagged_pdf_with_searchable_text() {
        let pdf = render(&ExportView::new(&testing::plain_document(), Lang::ENGLISH));
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
        let document = lopdf::Document::load_mem(&pdf).unwrap();
        let catalog = document.catalog().unwrap();
        assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en-GB");
        let mark_info = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
        assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap(), "MarkInfo says the file is tagged");
        assert!(catalog.has(b"StructTreeRoot"));
        let preferences = catalog.get(b"ViewerPreferences").unwrap().as_dict().unwrap();
        assert!(preferences.get(b"DisplayDocTitle").unwrap().as_bool().unwrap(), "readers show the title");
        for page in document.get_pages().values() {
            let page = document.get_dictionary(*page).unwrap();
            let media_box: Vec<f32> =
                page.get(b"MediaBox").unwrap().as_array().unwrap().iter().map(|n| n.as_float().unwrap()).collect();
            assert_eq!(media_box, [0.0, 0.0, 595.28, 841.89], "A4");
        }
        let text = String::from_utf8_lossy(&pdf);
        assert!(
            text.contains("Family network meeting for Amira: family plan, version 3"),
            "the title is in the metadata"
        );
        assert!(text.contains("<pdfuaid:part>1</pdfuaid:part>"), "the file claims PDF/UA-1");
        let inside = streams(&pdf);
        assert!(inside.contains("/FontFile2") || text.contains("/FontFile2"), "the fonts are embedded");
        let footers = inside.matches("/Artifact<</Attached[/Bottom]/Subtype/Footer/Type/Pagination>>BDC").count();
        assert_eq!(footers, 2 * pages.len(), "each page's number and version are footer artifacts");
    }

    #[test]
    fn every_document_passes_krillas_pdf_ua_1_validator() {
        let mut bidi = testing::hostile_document();
        bidi.plan.sections[0].blocks[0].text = "pay \u{202E}0001\u{202C} \u{2067}now\u{2069} \u{FEFF}\u{FFFE}".into();
        let awkward = [
            // Marks with nothing to sit on, broken Indic clusters, joiners on their own.
            "\u{0301}\u{064B} \u{09C7}\u{09CB} \u{094D}\u{200D}\u{200C} x\u{0308}\u{0308}\u{0308}",
            // Private use, CJK, emoji sequences and flags, a zero-width space at each end.
            "\u{200B}\u{E000}中文 👩🏽‍🚒 🇬🇧 \u{1F3F4}\u{E0067}\u{E0062}\u{E007F}\u{200B}",
            // Numbers and punctuation in right-to-left text.
            "(١٢٣) ٤٥٪ — «שלום, עולם!» 12:30",
        ];
        let awkward_document =
            testing::written_in(testing::ARABIC_HEADING, &[awkward[0], awkward[1], awkward[2], testing::MIXED]);
        for (name, document) in [
            ("typical", testing::plain_document()),
            ("hostile", testing::hostile_document()),
            ("empty", testing::empty_document()),
            ("bidirectional controls", bidi),
            ("awkward", awkward_document),
            ("Arabic", testing::written_in(testing::ARABIC_HEADING, &[testing::ARABIC])),
            ("Hebrew", testing::written_in(testing::HEBREW_HEADING, &[testing::HEBREW])),
            ("Bengali", testing::written_in(testing::BENGALI_HEADING, &[testing::BENGALI])),
        ] {
            if let Err(error) = validated(&ExportView::new(&document, Lang::ENGLISH)) {
                panic!("{name}: {error}");
            }
        }
    }

    #[test]
    fn hostile_text_makes_a_valid_pdf_of_many_pages() {
        let pdf = render(&ExportView::new(&testing::hostile_document(), Lang::ENGLISH));
        let pages = extract(&pdf);
        assert!(pages.len() > 1, "{} pages", pages.len());
        let all = squashed(&pages.concat());
        for expected in [
            testing::HASH_3,
            testing::LATIN_SENTENCE,
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "[link](javascript:alert(1))",
        ] {
            assert!(all.contains(&squashed(expected)), "missing {expected:?}");
        }
        // The emoji are drawn as "�"; the text layer has the characters they stand for.
        assert!(all.contains('👨'), "the emoji are in the text layer");
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
        for document in [
            testing::plain_document(),
            testing::hostile_document(),
            testing::empty_document(),
            testing::written_in(testing::ARABIC_HEADING, &[testing::ARABIC, &"ستأخذ ".repeat(400)]),
        ] {
            let (pages, _, _) = lay_out(&ExportView::new(&document, Lang::ENGLISH));
            for (number, page) in pages.iter().enumerate() {
                for placed in &page.lines {
                    let is_footer = matches!(placed.mark, Mark::Artifact(ArtifactType::Footer));
                    let line = &placed.line;
                    assert!(
                        placed.x >= MARGIN - 0.01 && placed.x + line.width <= PAGE_WIDTH - MARGIN + 0.01,
                        "page {number}: {:?} at {} is {} wide",
                        line.text,
                        placed.x,
                        line.width
                    );
                    assert!(placed.baseline > MARGIN && placed.baseline < PAGE_HEIGHT - FOOTER.size, "{placed:?}");
                    if !is_footer {
                        assert!(placed.baseline < CONTENT_BOTTOM, "page {number}: text over the footer: {placed:?}");
                    }
                }
                for area in page.borders.iter().chain(&page.fills) {
                    assert!(area.y >= MARGIN - 0.01 && area.y + area.height <= CONTENT_BOTTOM + 0.01, "{area:?}");
                    assert!(area.x >= MARGIN - 0.01 && area.x + area.width <= PAGE_WIDTH - MARGIN + 0.01, "{area:?}");
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
        let pdf = super::super::text_pdf(&document);
        let pages = extract(&pdf);
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
        let (_, tags) = structure(&pdf);
        let headings: Vec<&str> = tags.iter().map(|(tag, _)| tag.as_str()).filter(|tag| tag.starts_with('H')).collect();
        assert_eq!(headings, ["H1", "H2", "H3"]);
        assert!(String::from_utf8_lossy(&pdf).contains("<pdfuaid:part>1</pdfuaid:part>"));
    }

    #[test]
    fn an_empty_plan_is_short() {
        let pages = extract(&render(&ExportView::new(&testing::empty_document(), Lang::ENGLISH)));
        assert!(pages.len() <= 2, "{} pages", pages.len());
        assert!(squashed(&pages[0]).contains(&squashed("Untitled meeting")));
        assert!(squashed(&pages.concat()).contains(&squashed("No decisions recorded on this version yet.")));
    }

    /// The structure tree's elements in reading order (depth first), each with its `/Lang`;
    /// and whether the catalog says the file is tagged.
    fn structure(pdf: &[u8]) -> (bool, Vec<(String, Option<String>)>) {
        fn walk(document: &lopdf::Document, object: &lopdf::Object, out: &mut Vec<(String, Option<String>)>) {
            let object = match object {
                lopdf::Object::Reference(id) => document.get_object(*id).expect("the reference resolves"),
                other => other,
            };
            match object {
                lopdf::Object::Array(items) => items.iter().for_each(|item| walk(document, item, out)),
                lopdf::Object::Dictionary(element) => {
                    if let Ok(tag) = element.get(b"S").and_then(lopdf::Object::as_name) {
                        let lang = element
                            .get(b"Lang")
                            .ok()
                            .and_then(|lang| lang.as_str().ok())
                            .map(|lang| String::from_utf8_lossy(lang).into_owned());
                        out.push((String::from_utf8_lossy(tag).into_owned(), lang));
                    }
                    if let Ok(kids) = element.get(b"K") {
                        walk(document, kids, out);
                    }
                }
                _ => {}
            }
        }
        let document = lopdf::Document::load_mem(pdf).expect("the PDF parses");
        let catalog = document.catalog().expect("a catalog");
        let marked = catalog
            .get(b"MarkInfo")
            .and_then(lopdf::Object::as_dict)
            .and_then(|info| info.get(b"Marked"))
            .and_then(lopdf::Object::as_bool)
            .unwrap_or(false);
        let root = catalog.get(b"StructTreeRoot").expect("a structure tree");
        let root = document.dereference(root).expect("the root resolves").1.as_dict().expect("a dictionary");
        let mut tags = Vec::new();
        walk(&document, root.get(b"K").expect("the root has children"), &mut tags);
        (marked, tags)
    }

    /// The headings and paragraphs the structure tree should have for a plan, in order.
    fn expected_headings_and_paragraphs(view: &ExportView<'_>) -> Vec<String> {
        let mut expected = vec!["H1", "P", "H2"];
        for part in &view.parts {
            expected.push("H2");
            match part {
                Part::Section { blocks, .. } if blocks.is_empty() => expected.push("P"),
                Part::Section { blocks, .. } => expected.extend(blocks.iter().filter_map(|block| match block.kind {
                    BlockKind::Heading => Some("H3"),
                    BlockKind::Paragraph => Some("P"),
                    BlockKind::ListItem => None,
                })),
                Part::Actions(rows) if rows.is_empty() => expected.push("P"),
                Part::Actions(_) => {}
            }
        }
        expected.extend(["H2", "H2"]);
        if view.decisions.is_empty() {
            expected.push("P");
        }
        expected.into_iter().map(str::to_owned).collect()
    }

    #[test]
    fn the_structure_tree_follows_the_reading_order_with_each_paragraphs_language() {
        let document = testing::written_in(
            testing::ARABIC_HEADING,
            &[testing::ARABIC, testing::HEBREW, testing::BENGALI, testing::MIXED],
        );
        let view = ExportView::new(&document, Lang::ENGLISH);
        let (marked, tags) = structure(&render(&view));
        assert!(marked, "MarkInfo /Marked true");
        assert_eq!(tags[0], ("Document".to_owned(), Some("en-GB".to_owned())));
        let headings_and_paragraphs: Vec<String> =
            tags.iter().map(|(tag, _)| tag.clone()).filter(|tag| tag == "P" || tag.starts_with('H')).collect();
        assert_eq!(headings_and_paragraphs, expected_headings_and_paragraphs(&view));

        // The worries, in their languages: the heading and the paragraph in Arabic, then
        // Hebrew, Bengali, and English with Arabic inside (the document's language).
        let worries = tags.iter().position(|(tag, _)| tag == "H3").expect("the worries' heading");
        let languages: Vec<(&str, Option<&str>)> =
            tags[worries..worries + 5].iter().map(|(tag, lang)| (tag.as_str(), lang.as_deref())).collect();
        assert_eq!(
            languages,
            [("H3", Some("ar")), ("P", Some("ar")), ("P", Some("he")), ("P", Some("bn")), ("P", None)]
        );
        // Lists and tables are tagged as such.
        for tag in ["L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD"] {
            assert!(tags.iter().any(|(found, _)| found == tag), "no {tag}");
        }
    }

    /// Where the lines whose text is part of `text` are drawn: the page (from 1) and the top and
    /// bottom of the lines, in points from the top.
    fn place_of(pages: &[Page], text: &str) -> (usize, f32, f32) {
        for (index, page) in pages.iter().enumerate() {
            let lines: Vec<&PlacedLine> = page
                .lines
                .iter()
                .filter(|placed| !placed.line.text.is_empty() && text.contains(placed.line.text.trim()))
                .collect();
            if let (Some(first), Some(last)) = (lines.first(), lines.last()) {
                let size = first.line.style.size;
                return (index + 1, first.baseline - 1.1 * size, last.baseline + 0.4 * size);
            }
        }
        panic!("{text:?} is not drawn");
    }

    /// What pdftotext (Debian's poppler-utils) reads in a band of a page. It decides the
    /// direction of what it reads by the letters there, left to right if most are, and then
    /// reads right-to-left runs backwards; so a paragraph is read in a band of its own, as a
    /// person would select it.
    fn pdftotext(pdf: &[u8], page: usize, top: f32, bottom: f32) -> String {
        let path = std::env::temp_dir().join(format!("kinplan-pdftotext-{}-{top}.pdf", std::process::id()));
        std::fs::write(&path, pdf).unwrap();
        let output = std::process::Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string(), "-x", "0", "-y"])
            .arg(format!("{}", top.floor()))
            .args(["-W", "596", "-H"])
            .arg(format!("{}", (bottom - top).ceil()))
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext runs: install Debian's poppler-utils (apt-get install poppler-utils)");
        std::fs::remove_file(&path).ok();
        assert!(output.status.success(), "pdftotext: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).expect("pdftotext writes UTF-8")
    }

    #[test]
    fn pdftotext_reads_arabic_hebrew_and_bengali_back_as_typed() {
        for (heading, paragraph) in [
            (testing::ARABIC_HEADING, testing::ARABIC),
            (testing::HEBREW_HEADING, testing::HEBREW),
            (testing::BENGALI_HEADING, testing::BENGALI),
            ("Both", testing::MIXED),
        ] {
            let document: ExportDocument = testing::written_in(heading, &[paragraph]);
            let view = ExportView::new(&document, Lang::ENGLISH);
            let pdf = render(&view);
            let (pages, _, _) = lay_out(&view);
            for typed in [heading, paragraph] {
                let (page, top, bottom) = place_of(&pages, typed);
                let read = pdftotext(&pdf, page, top, bottom);
                // pdftotext puts spaces where glyphs leave gaps (a Bengali vowel sign placed
                // left of its letter leaves one inside a word) and wraps right-to-left runs in
                // embedding controls; the letters must be those typed, in the order typed.
                assert_eq!(squashed(&read), squashed(typed), "pdftotext read {read:?} for {typed:?}");
            }
        }
    }

    /// A ligature of two letters is one glyph: its text is the two letters in the order they were
    /// typed. (pdftotext 22.12 reverses them when it reads a right-to-left run backwards, so
    /// the sentences above avoid ligatures; the text layer itself is checked here.)
    #[test]
    fn a_ligature_stands_for_its_letters_in_logical_order() {
        let document = testing::written_in(testing::ARABIC_HEADING, &["إلى"]);
        let inside = streams(&render(&ExportView::new(&document, Lang::ENGLISH)));
        let lam_alef_maksura = "<06440649>";
        assert!(inside.contains(lam_alef_maksura) || inside.contains(&lam_alef_maksura.to_lowercase()), "{inside}");
    }

    #[test]
    fn the_same_plan_always_gives_the_same_bytes() {
        let document = testing::written_in(testing::ARABIC_HEADING, &[testing::ARABIC, testing::MIXED]);
        assert_eq!(
            render(&ExportView::new(&document, Lang::ENGLISH)),
            render(&ExportView::new(&document, Lang::ENGLISH))
        );
    }
}
