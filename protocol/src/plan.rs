//! The family plan, schema version 1: the shared names any Yjs editor or integration uses to read
//! and write a plan document (`meeting/{id}/plan`). This module is the one source of the schema.
//!
//! A plan document holds these root types:
//!
//! | root name | Yjs type | what it holds |
//! |---|---|---|
//! | each of [`SECTIONS`] | `Y.XmlFragment` | rich text, the shape ProseMirror / TipTap bind to: block elements (`paragraph`, `heading`, `bulletList` > `listItem` > `paragraph`, …) holding `Y.XmlText` |
//! | [`ACTIONS`] | `Y.Array` of `Y.Map` | one map per action with the string keys of [`ACTION_FIELDS`] |
//! | [`META`] | `Y.Map` | [`META_LEAD_FAMILY_MEMBER`] and [`META_REVIEW_DATE`], strings |
//!
//! An action's `who` is a participant id or a plain name; `by_when` and `review_date` are ISO
//! dates (`YYYY-MM-DD`); `status` is one of [`ACTION_STATUSES`]. Practitioners' comments are not
//! in the plan: they live in the meeting's own `comments` document, a `Y.Array` named
//! [`COMMENTS`] of `Y.Map`s (`id`, `author`, `section`, `text`, `created_at`). The family's private
//! space (`meeting/{id}/family-time`) is one `Y.XmlFragment` named [`FAMILY_NOTES`].

/// The schema's name and version, carried in every canonical rendering.
pub const SCHEMA: &str = "kinplan-plan/1";

/// The rich-text sections, in the order a plan is read, with their titles in plain English.
pub const SECTIONS: [(&str, &str); 10] = [
    ("worries", "What we are worried about"),
    ("bottom_lines", "Bottom lines: what must happen for the child to be safe"),
    ("strengths", "What is working well"),
    ("child_worries", "The child's worries"),
    ("child_good_things", "Good things for the child"),
    ("child_dreams", "The child's hopes and dreams"),
    ("family_answers", "The family's answers to the questions"),
    ("support_requested", "Support we are asking for"),
    ("contingency", "If the plan does not work"),
    ("monitoring", "How we will know the plan is working"),
];

/// The `Y.Array` of actions.
pub const ACTIONS: &str = "actions";
/// The keys of each action's `Y.Map`.
pub const ACTION_FIELDS: [&str; 6] = ["id", "what", "who", "by_when", "how_we_know", "status"];
/// The values an action's `status` may take.
pub const ACTION_STATUSES: [&str; 4] = ["not_started", "on_track", "done", "not_on_track"];

/// The `Y.Map` of facts about the plan.
pub const META: &str = "meta";
pub const META_LEAD_FAMILY_MEMBER: &str = "lead_family_member";
pub const META_REVIEW_DATE: &str = "review_date";

/// The `Y.Array` of practitioners' comments, in the meeting's `comments` document.
pub const COMMENTS: &str = "comments";

/// The one `Y.XmlFragment` of the family's private space, the meeting's `family-time` document:
/// free rich text, no schema beyond it.
pub const FAMILY_NOTES: &str = "notes";
