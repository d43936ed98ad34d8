//! An export's own words in its recipient's language: headings, labels, column names, the words
//! for codes, and dates and times as people read them, in UK time (Europe/London, with summer
//! time). Every word comes from `i18n/{language}/server.ftl`.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use chrono_tz::Europe::London;
use kinplan_protocol::plan::SECTIONS;

use crate::i18n::{arg, say_in, text, Lang};
use crate::plan::model::ActionStatus;

/// The words of one export.
#[derive(Debug, Clone)]
pub(super) struct Words {
    pub lang: Lang,
    pub nothing_written: String,
    pub no_decisions: String,
    pub actions_title: String,
    pub arrangements_title: String,
    pub decisions_title: String,
    pub about_title: String,
    pub network_title: String,
    pub safety_notes_title: String,
    pub action_columns: [String; 5],
    pub decision_columns: [String; 6],
}

impl Words {
    pub fn new(lang: Lang) -> Self {
        let say = |id: &str| say_in(lang, id, &[]);
        Words {
            lang,
            nothing_written: say("export-nothing-written"),
            no_decisions: say("export-no-decisions"),
            actions_title: say("export-actions"),
            arrangements_title: say("export-arrangements"),
            decisions_title: say("export-decisions"),
            about_title: say("export-about"),
            network_title: say("export-network"),
            safety_notes_title: say("export-safety-notes"),
            action_columns: [
                say("export-column-what"),
                say("export-column-who"),
                say("export-column-by-when"),
                say("export-column-how-we-know"),
                say("export-column-status"),
            ],
            decision_columns: [
                say("export-column-name"),
                say("export-column-role"),
                say("export-column-decision"),
                say("export-column-comment"),
                say("export-column-when"),
                say("export-column-version-decided"),
            ],
        }
    }

    /// Message `id` in this export's language.
    pub fn say(&self, id: &str) -> String {
        say_in(self.lang, id, &[])
    }

    /// Message `id` with one text argument.
    pub fn say_with(&self, id: &str, name: &str, value: &str) -> String {
        say_in(self.lang, id, &[(name, text(value))])
    }

    /// Message `id` with one number argument.
    pub fn say_number(&self, id: &str, name: &str, value: i64) -> String {
        say_in(self.lang, id, &[(name, arg(value))])
    }

    /// A section's title in this language: the schema's, unless the plan gave it a title of its
    /// own (anything but the schema's English title), which is kept as written.
    pub fn section_title<'a>(&self, name: &str, written: Option<Cow<'a, str>>) -> Cow<'a, str> {
        let schema_title = SECTIONS.iter().find(|(section, _)| *section == name).map(|(_, title)| *title);
        match (written, schema_title) {
            (Some(written), Some(schema)) if written.trim() != schema => written,
            (Some(written), None) => written,
            (_, Some(_)) => Cow::Owned(self.say(&format!("section-{}", name.replace('_', "-")))),
            (None, None) => Cow::Borrowed(""),
        }
    }

    pub fn action_status(&self, status: ActionStatus) -> String {
        let id = match status {
            ActionStatus::NotStarted => "export-action-not-started",
            ActionStatus::OnTrack => "export-action-on-track",
            ActionStatus::Done => "export-action-done",
            ActionStatus::NotOnTrack => "export-action-not-on-track",
        };
        self.say(id)
    }

    /// A stored code's words (`draft`, `family`, `agree`, …); a code this kinplan does not know
    /// is shown as it is.
    pub fn code<'a>(&self, family: &str, code: &'a str) -> Cow<'a, str> {
        let known: &[&str] = match family {
            "status" => &["draft", "proposed", "final"],
            "role" => &["family", "practitioner", "referrer", "facilitator"],
            "decision" => {
                &["agree", "agree_with_comment", "do_not_agree", "agreed", "not_agreed", "needs_resource_approval"]
            }
            _ => &[],
        };
        if known.contains(&code) {
            Cow::Owned(self.say(&format!("export-{family}-{}", code.replace('_', "-"))))
        } else {
            Cow::Borrowed(code)
        }
    }

    /// A day as people read it, such as "4 March 2026"; `None` when `text` is not a
    /// YYYY-MM-DD date.
    pub fn date(&self, text: &str) -> Option<String> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().map(|date| self.day(date))
    }

    fn day(&self, date: NaiveDate) -> String {
        let month = self.say(&format!("month-{}", date.month()));
        say_in(
            self.lang,
            "export-date",
            &[("day", arg(i64::from(date.day()))), ("month", arg(month)), ("year", arg(i64::from(date.year())))],
        )
    }

    /// An RFC 3339 time as people read it in the UK, such as "4 March 2026 at 2:05pm GMT";
    /// `None` when `text` is not such a time.
    pub fn time(&self, text: &str) -> Option<String> {
        let time = DateTime::parse_from_rfc3339(text.trim()).ok()?.with_timezone(&London);
        let (pm, hour12) = time.hour12();
        let zone = time.format("%Z").to_string();
        Some(say_in(
            self.lang,
            "export-time",
            &[
                ("date", arg(self.day(time.date_naive()))),
                ("hour12", arg(i64::from(hour12))),
                ("hour24", arg(format!("{:02}", time.hour()))),
                ("minute", arg(format!("{:02}", time.minute()))),
                ("meridiem", arg(if pm { "pm" } else { "am" })),
                ("zone", arg(zone)),
            ],
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_uk_time_with_summer_time_in_each_language() {
        let english = Words::new(Lang::ENGLISH);
        assert_eq!(english.time("2026-03-04T14:05:00Z").unwrap(), "4 March 2026 at 2:05pm GMT");
        assert_eq!(english.time("2026-07-01T13:30:00Z").unwrap(), "1 July 2026 at 2:30pm BST", "summer time");
        assert_eq!(english.time("2026-06-30T23:30:00-01:00").unwrap(), "1 July 2026 at 1:30am BST");
        assert_eq!(english.time("2026-10-25T00:30:00Z").unwrap(), "25 October 2026 at 1:30am BST");
        assert_eq!(
            english.time("2026-10-25T01:30:00Z").unwrap(),
            "25 October 2026 at 1:30am GMT",
            "the clocks go back"
        );
        assert_eq!(english.time("yesterday"), None);
        assert_eq!(english.date("2026-02-28").unwrap(), "28 February 2026");
        assert_eq!(english.date("2026-02-30"), None);
        let welsh = Words::new(Lang::from_code("cy").unwrap());
        assert_eq!(welsh.time("2026-07-01T13:30:00Z").unwrap(), "1 Gorffennaf 2026 am 14:30 BST");
        let arabic = Words::new(Lang::from_code("ar").unwrap());
        assert!(arabic.date("2026-03-04").unwrap().contains("مارس"), "{}", arabic.date("2026-03-04").unwrap());
    }

    #[test]
    fn codes_and_sections_are_in_the_exports_language_and_unknown_ones_as_they_are() {
        let welsh = Words::new(Lang::from_code("cy").unwrap());
        assert_ne!(welsh.code("decision", "agree"), "agree");
        assert_eq!(welsh.code("decision", "shrug"), "shrug");
        let english = Words::new(Lang::ENGLISH);
        assert_eq!(english.code("decision", "needs_resource_approval"), "Needs approval for resources");
        for (name, title) in SECTIONS {
            assert_eq!(english.section_title(name, None), title, "English section titles are the schema's");
            assert_eq!(english.section_title(name, Some(Cow::Borrowed(title))), title);
            assert_ne!(welsh.section_title(name, Some(Cow::Borrowed(title))), title, "{name} in Welsh");
        }
        assert_eq!(welsh.section_title("worries", Some(Cow::Borrowed("Our own words"))), "Our own words");
        assert_eq!(english.action_status(ActionStatus::NotOnTrack), ActionStatus::NotOnTrack.label());
    }
}
