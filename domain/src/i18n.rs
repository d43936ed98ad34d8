//! The languages kinplan speaks, and its words in each: one translation system (Project Fluent)
//! for the web app and the server.
//!
//! The languages are listed in `i18n/languages.toml`; each has a folder beside it holding
//! `web.ftl` (the web app's words, which the server hands to the app) and `server.ftl` (the API's
//! errors and the exports' words). Both are compiled into the binary. A file's first line says
//! whether a qualified translator has reviewed it (`## Review: reviewed`); a language is reviewed
//! only when both its files are, and an unreviewed one is shown to nobody until a manager turns it
//! on (`languages_enabled`). English is the source: every other file is checked against it by the
//! tests below, and a message a file lacks falls back to English.
//!
//! An API request is answered in its caller's language: the server scopes each request with
//! [`in_language`], starting from the browser's `Accept-Language` and narrowing to a participant's
//! own language once they are known ([`set_current`]); [`say`] reads it. Exports are made in their
//! recipient's language, passed explicitly ([`say_in`]).

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;
use utoipa::ToSchema;

/// The message files, by language code: (code, server.ftl, web.ftl).
static FILES: &[(&str, &str, &str)] = &[
    ("en", include_str!("../../i18n/en/server.ftl"), include_str!("../../i18n/en/web.ftl")),
    ("cy", include_str!("../../i18n/cy/server.ftl"), include_str!("../../i18n/cy/web.ftl")),
    ("ar", include_str!("../../i18n/ar/server.ftl"), include_str!("../../i18n/ar/web.ftl")),
];
static LANGUAGES_TOML: &str = include_str!("../../i18n/languages.toml");

/// The first line of a file a qualified translator has reviewed.
const REVIEWED: &str = "## Review: reviewed";

/// Which way a language's text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// One language kinplan has words in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Language {
    /// A BCP 47 language tag, such as `cy`.
    pub code: String,
    /// Its name in English.
    pub name: String,
    /// Its own name, as its speakers write it.
    pub native_name: String,
    pub direction: Direction,
    /// Whether a qualified translator has reviewed both its message files.
    pub reviewed: bool,
}

#[derive(Deserialize)]
struct LanguagesFile {
    language: Vec<LanguageEntry>,
}

#[derive(Deserialize)]
struct LanguageEntry {
    code: String,
    name: String,
    native_name: String,
    direction: Direction,
}

struct Catalog {
    languages: Vec<Language>,
    bundles: Vec<FluentBundle<FluentResource>>,
    web: Vec<&'static str>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let listed: LanguagesFile = toml::from_str(LANGUAGES_TOML).expect("i18n/languages.toml is valid");
    let mut languages = Vec::new();
    let mut bundles = Vec::new();
    let mut web = Vec::new();
    for entry in listed.language {
        let (_, server_ftl, web_ftl) = FILES
            .iter()
            .find(|(code, _, _)| *code == entry.code)
            .unwrap_or_else(|| panic!("i18n/{}/ has no message files compiled in", entry.code));
        let reviewed = first_line(server_ftl) == REVIEWED && first_line(web_ftl) == REVIEWED;
        bundles.push(bundle(&entry.code, server_ftl));
        web.push(*web_ftl);
        languages.push(Language {
            code: entry.code,
            name: entry.name,
            native_name: entry.native_name,
            direction: entry.direction,
            reviewed,
        });
    }
    assert_eq!(languages.first().map(|language| language.code.as_str()), Some("en"), "English comes first");
    Catalog { languages, bundles, web }
});

fn first_line(file: &str) -> &str {
    file.lines().next().unwrap_or("").trim()
}

fn bundle(code: &str, source: &str) -> FluentBundle<FluentResource> {
    let tag: LanguageIdentifier = code.parse().unwrap_or_else(|_| panic!("{code} is a language tag"));
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // No isolation marks around arguments: exports and error messages carry them to places (a
    // PDF's text, a log) where they would be stray characters; pages isolate with `dir="auto"`.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("i18n/{code}/server.ftl does not parse: {errors:?}"));
    bundle.add_resource(resource).unwrap_or_else(|errors| panic!("i18n/{code}/server.ftl: {errors:?}"));
    bundle
}

/// A language kinplan has words in: a handle, cheap to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(usize);

impl Lang {
    pub const ENGLISH: Lang = Lang(0);

    /// The language `code` names (`cy`, `ar`, `en-GB` as `en`, any case), if kinplan has it.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim();
        let primary = code.split(['-', '_']).next().unwrap_or(code);
        CATALOG
            .languages
            .iter()
            .position(|language| language.code.eq_ignore_ascii_case(code))
            .or_else(|| CATALOG.languages.iter().position(|language| language.code.eq_ignore_ascii_case(primary)))
            .map(Lang)
    }

    /// The language a recorded language names: a code, or the language's name in English or in
    /// itself ("Arabic", "Cymraeg").
    pub fn from_recorded(recorded: &str) -> Option<Lang> {
        let recorded = recorded.trim();
        if recorded.is_empty() {
            return None;
        }
        Lang::from_code(recorded).or_else(|| {
            CATALOG
                .languages
                .iter()
                .position(|language| language.name.eq_ignore_ascii_case(recorded) || language.native_name == recorded)
                .map(Lang)
        })
    }

    pub fn language(self) -> &'static Language {
        &CATALOG.languages[self.0]
    }

    pub fn code(self) -> &'static str {
        &self.language().code
    }

    pub fn direction(self) -> Direction {
        self.language().direction
    }

    /// The web app's message file in this language.
    pub fn web_messages(self) -> &'static str {
        CATALOG.web[self.0]
    }
}

/// Every language kinplan has words in, English first.
pub fn languages() -> &'static [Language] {
    &CATALOG.languages
}

/// Which languages may be shown: the reviewed ones and those a manager turned on.
#[derive(Debug, Clone, Default)]
pub struct Enabled {
    turned_on: Vec<String>,
}

impl Enabled {
    pub fn new(turned_on: Vec<String>) -> Self {
        Enabled { turned_on }
    }

    pub fn allows(&self, lang: Lang) -> bool {
        let language = lang.language();
        language.reviewed || self.turned_on.contains(&language.code)
    }

    /// The language `code` names, if it may be shown.
    pub fn lang(&self, code: &str) -> Option<Lang> {
        Lang::from_code(code).filter(|lang| self.allows(*lang))
    }

    /// The first language of an `Accept-Language` header that may be shown, by its weights.
    pub fn negotiate(&self, accept_language: &str) -> Lang {
        let mut wanted: Vec<(f32, &str)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let weight = pieces
                    .find_map(|piece| piece.trim().strip_prefix("q="))
                    .and_then(|weight| weight.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (!tag.is_empty() && tag != "*" && weight > 0.0).then_some((weight, tag))
            })
            .collect();
        wanted.sort_by(|a, b| b.0.total_cmp(&a.0));
        wanted.iter().find_map(|(_, tag)| self.lang(tag)).unwrap_or(Lang::ENGLISH)
    }
}

/// The words of message `id` in `lang`, with `args`; English when `lang`'s file lacks it, and the
/// id itself (never a panic) when English does too.
pub fn say_in(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let fluent_args = (!args.is_empty()).then(|| {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        fluent_args
    });
    for candidate in [lang, Lang::ENGLISH] {
        let bundle = &CATALOG.bundles[candidate.0];
        let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else { continue };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
        if errors.is_empty() {
            return text.into_owned();
        }
        tracing::warn!(id, language = candidate.code(), ?errors, "a message did not format");
    }
    tracing::warn!(id, "no message of that id");
    id.to_owned()
}

/// An argument for a message.
pub fn arg<'a>(value: impl Into<FluentValue<'a>>) -> FluentValue<'a> {
    value.into()
}

/// Text as a message argument.
pub fn text(value: &str) -> FluentValue<'_> {
    FluentValue::String(Cow::Borrowed(value))
}

tokio::task_local! {
    static CURRENT: Cell<Lang>;
}

/// Runs `work` with `lang` as the language of what it says (an API request, answered in its
/// caller's language).
pub async fn in_language<F: std::future::Future>(lang: Lang, work: F) -> F::Output {
    CURRENT.scope(Cell::new(lang), work).await
}

/// Narrows the current request's language, once its caller is known.
pub fn set_current(lang: Lang) {
    let _ = CURRENT.try_with(|current| current.set(lang));
}

/// The current request's language; English outside a request.
pub fn current() -> Lang {
    CURRENT.try_with(Cell::get).unwrap_or(Lang::ENGLISH)
}

/// The words of message `id` in the current request's language.
pub fn say(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    say_in(current(), id, args)
}

/// The language a participant's pages and copies are in: the one they chose, else the one their
/// record names, else the meeting's; each only if it may be shown.
pub fn participant_language(enabled: &Enabled, page_language: &str, recorded: &str, meeting_language: &str) -> Lang {
    enabled
        .lang(page_language)
        .or_else(|| Lang::from_recorded(recorded).filter(|lang| enabled.allows(*lang)))
        .or_else(|| enabled.lang(meeting_language))
        .unwrap_or(Lang::ENGLISH)
}

/// The message ids a Fluent file defines, in order (terms, starting with `-`, included).
pub fn message_ids(source: &str) -> Vec<&str> {
    source
        .lines()
        .filter(|line| line.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '-'))
        .filter_map(|line| line.split_once('=').map(|(id, _)| id.trim()))
        .collect()
}

/// The variables (`$name`) each message of a file is given, by message id: those it uses, and,
/// with `with_comments`, those the comment just above it names (a message may be given an
/// argument that English leaves out and another language uses, such as a 24-hour clock).
pub fn variables_by_message(source: &str, with_comments: bool) -> HashMap<&str, Vec<&str>> {
    let mut variables: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut current: Option<&str> = None;
    let mut commented: Vec<&str> = Vec::new();
    for line in source.lines() {
        if line.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '-') {
            current = line.split_once('=').map(|(id, _)| id.trim());
            if let Some(id) = current {
                variables.entry(id).or_default().append(&mut commented);
            }
        } else if line.starts_with('#') {
            current = None;
            if with_comments && line.starts_with("# ") {
                commented.extend(dollar_names(line));
            }
            continue;
        } else if line.trim().is_empty() {
            commented.clear();
        }
        let Some(id) = current else { continue };
        variables.entry(id).or_default().extend(dollar_names(line));
    }
    for names in variables.values_mut() {
        names.sort_unstable();
        names.dedup();
    }
    variables
}

/// The `$name`s in a line.
fn dollar_names(line: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('$') {
        rest = &rest[start + 1..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
        if end > 0 {
            names.push(&rest[..end]);
        }
        rest = &rest[end..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_english_message_and_no_other() {
        let (_, english, _) = FILES[0];
        let english_ids = message_ids(english);
        let english_variables = variables_by_message(english, true);
        assert!(english_ids.len() > 10, "English has its messages");
        for (code, server, _) in &FILES[1..] {
            let ids = message_ids(server);
            let missing: Vec<_> = english_ids.iter().filter(|id| !ids.contains(id)).collect();
            let extra: Vec<_> = ids.iter().filter(|id| !english_ids.contains(id)).collect();
            assert!(missing.is_empty(), "i18n/{code}/server.ftl lacks {missing:?}");
            assert!(extra.is_empty(), "i18n/{code}/server.ftl has messages English has not: {extra:?}");
            let variables = variables_by_message(server, false);
            // A translation may leave a variable out (a Welsh sentence cannot use an English
            // noun), never use one English does not give it.
            for id in &english_ids {
                let given = english_variables.get(id).cloned().unwrap_or_default();
                for used in variables.get(id).cloned().unwrap_or_default() {
                    assert!(given.contains(&used), "i18n/{code}/server.ftl's {id} uses ${used}, which it is not given");
                }
            }
        }
    }

    #[test]
    fn every_file_parses_and_says_whether_it_was_reviewed() {
        assert_eq!(languages().len(), FILES.len());
        for (code, server, web) in FILES {
            for (name, file) in [("server.ftl", server), ("web.ftl", web)] {
                let line = first_line(file);
                assert!(
                    line == REVIEWED || line == "## Review: unreviewed",
                    "i18n/{code}/{name} must begin with its review line, not {line:?}"
                );
                assert!(FluentResource::try_new(file.to_string()).is_ok(), "i18n/{code}/{name} parses");
            }
        }
        assert!(Lang::ENGLISH.language().reviewed, "English, the source, is reviewed");
    }

    #[test]
    fn languages_are_found_by_code_and_by_name() {
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::ENGLISH));
        assert_eq!(Lang::from_code("CY").map(Lang::code), Some("cy"));
        assert_eq!(Lang::from_code("xx"), None);
        assert_eq!(Lang::from_recorded("Arabic").map(Lang::code), Some("ar"));
        assert_eq!(Lang::from_recorded("Cymraeg").map(Lang::code), Some("cy"));
        assert_eq!(Lang::from_recorded("Polish"), None);
        assert_eq!(Lang::from_code("ar").map(Lang::direction), Some(Direction::Rtl));
    }

    #[test]
    fn only_reviewed_or_turned_on_languages_are_shown() {
        let welsh = Lang::from_code("cy").unwrap();
        let arabic = Lang::from_code("ar").unwrap();
        let none = Enabled::default();
        let reviewed = |lang: Lang| lang.language().reviewed;
        assert_eq!(none.allows(welsh), reviewed(welsh));
        let welsh_on = Enabled::new(vec!["cy".into()]);
        assert!(welsh_on.allows(welsh));
        assert_eq!(welsh_on.allows(arabic), reviewed(arabic));
        assert_eq!(
            welsh_on.negotiate("ar;q=0.9, cy;q=0.8, en;q=0.5").code(),
            if reviewed(arabic) { "ar" } else { "cy" }
        );
        assert_eq!(welsh_on.negotiate("fr, de;q=0.5"), Lang::ENGLISH);
        assert_eq!(welsh_on.negotiate(""), Lang::ENGLISH);
        assert_eq!(welsh_on.negotiate("cy;q=0, en"), Lang::ENGLISH);
        let everyone = Enabled::new(vec!["cy".into(), "ar".into()]);
        assert_eq!(participant_language(&everyone, "", "Arabic", "en").code(), "ar");
        assert_eq!(participant_language(&everyone, "cy", "Arabic", "en").code(), "cy");
        assert_eq!(participant_language(&everyone, "", "Polish", "cy").code(), "cy");
        assert_eq!(
            participant_language(&none, "", "Arabic", "en"),
            if reviewed(arabic) { arabic } else { Lang::ENGLISH }
        );
    }

    #[test]
    fn a_message_is_said_in_its_language_and_falls_back_to_english() {
        let welsh = Lang::from_code("cy").unwrap();
        let english = say_in(Lang::ENGLISH, "error-sign-in", &[]);
        assert_eq!(english, "sign in first");
        assert_ne!(say_in(welsh, "error-sign-in", &[]), english, "Welsh has its own words");
        assert_eq!(say_in(welsh, "no-such-message", &[]), "no-such-message");
        let tries = |left: i64| say_in(Lang::ENGLISH, "error-wrong-code", &[("left", arg(left))]);
        assert!(tries(1).contains("1 more try"), "{}", tries(1));
        assert!(tries(2).contains("2 more tries"), "{}", tries(2));
    }

    #[test]
    fn the_built_in_privacy_notice_reads_in_english_as_the_migration_stored_it() {
        let migration = include_str!("../../store/migrations/sqlite/20261206000004_consent.sql");
        let stored = migration.split("VALUES (1,\n'").nth(1).and_then(|rest| rest.split("',\n'kinplan'").next());
        let stored = stored.expect("the migration holds the first notice").replace("''", "'");
        assert_eq!(say_in(Lang::ENGLISH, "privacy-notice-built-in", &[]), stored);
        let second = include_str!("../../store/migrations/sqlite/20261207000001_retention_and_erasure.sql");
        let added = second.split("SELECT 2, body || '\n").nth(1).and_then(|rest| rest.split("', 'kinplan'").next());
        assert_eq!(say_in(Lang::ENGLISH, "privacy-notice-data-map", &[]), added.expect("the second notice's line"));
        let welsh = say_in(Lang::from_code("cy").unwrap(), "privacy-notice-built-in", &[]);
        assert_eq!(welsh.lines().count(), 5, "five paragraphs in Welsh too: {welsh}");
    }

    #[tokio::test]
    async fn a_request_is_answered_in_its_callers_language() {
        let welsh = Lang::from_code("cy").unwrap();
        assert_eq!(current(), Lang::ENGLISH);
        let said = in_language(Lang::ENGLISH, async {
            set_current(welsh);
            say("error-sign-in", &[])
        })
        .await;
        assert_eq!(said, say_in(welsh, "error-sign-in", &[]));
        assert_eq!(current(), Lang::ENGLISH, "outside the request, English again");
    }
}
