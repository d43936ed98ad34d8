//! What a live document may become: the schema of each kind of document, the limits every
//! document keeps, and the index of the document's structure that checking an update needs.
//!
//! yrs trusts an update's shape. An update that nests types thousands deep is accepted, and
//! deleting it then recurses until the thread's stack overflows, which aborts the whole process.
//! So every update is read first ([`crate::update`]), placed against what the document already
//! holds, and refused whole if any of its items would go deeper than the limit, or anywhere the
//! document's schema has no place for it. Only then may it be applied.
//!
//! [`DocumentShape`] remembers, for every item the document has, which type it sits in, and for
//! every type its depth and its role in the schema. Items that one client wrote one after another
//! into the same type are kept as one run, so the index stays small beside the document.

use std::collections::HashMap;

use crate::plan::{
    ACTIONS, ACTION_FIELDS, COMMENTS, FAMILY_NOTES, META, META_LEAD_FAMILY_MEMBER, META_REVIEW_DATE, SECTIONS,
};
use crate::update::{
    decode_update, Content, ItemId, NewItem, ParentReference, Struct, TypeKind, UpdateDecodeError, UpdateStructure,
};

/// How deep types may nest by default: a root type is at depth 1.
pub const DEFAULT_MAX_DEPTH: u16 = 64;

/// The element names the plan's rich-text editors write (TipTap's StarterKit, task lists).
pub const RICH_TEXT_ELEMENTS: [&str; 11] = [
    "paragraph",
    "heading",
    "blockquote",
    "bulletList",
    "orderedList",
    "listItem",
    "taskList",
    "taskItem",
    "codeBlock",
    "hardBreak",
    "horizontalRule",
];

/// The attributes those elements carry.
pub const RICH_TEXT_ATTRIBUTES: [&str; 5] = ["level", "start", "type", "checked", "language"];

/// The marks text may carry. y-prosemirror may add `--` and a hash to a mark's key.
pub const RICH_TEXT_MARKS: [&str; 6] = ["bold", "italic", "strike", "code", "underline", "link"];

/// The keys of a comment's map in the comments document.
pub const COMMENT_FIELDS: [&str; 5] = ["id", "author", "section", "text", "created_at"];

/// Which schema a document follows, from its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// A meeting's plan (`meeting/{id}/plan`).
    Plan,
    /// A meeting's practitioners' comments.
    Comments,
    /// The family's private space, and an interpreter's glossary: rich text only.
    FamilyTime,
    /// A document outside any meeting: any shape, within the depth limit.
    Free,
}

/// The role a type plays in its document's schema, which says what it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Rich text: a root fragment (no attributes) or an element (with attributes).
    RichText {
        is_root: bool,
    },
    /// Text inside rich text.
    RichTextRun,
    ActionList,
    Action,
    Meta,
    CommentList,
    Comment,
    /// Anything goes (documents outside meetings).
    Free,
}

/// Why an update was refused. The message is for the person whose client sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpdateRefused {
    #[error("the update could not be read: {0}")]
    Malformed(#[from] UpdateDecodeError),
    #[error("the update nests types deeper than {limit} levels")]
    TooDeep { limit: u16 },
    #[error("the update does not fit this document: {0}")]
    Schema(String),
    /// Honest clients can meet this when another server node has not yet passed on what they
    /// saw; it is worth catching up and trying again.
    #[error("the update builds on content this document does not have")]
    MissingDependency,
}

/// Which type an item sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Root(u16),
    Type(ItemId),
    /// Garbage-collected, or inside something deleted: yrs discards what goes there.
    Discarded,
}

/// What is known of a type.
#[derive(Debug, Clone, Copy)]
struct TypeInfo {
    depth: u16,
    role: Role,
}

/// Clocks of one client written into one type, one after another.
#[derive(Debug, Clone, Copy)]
struct Run {
    clock: u32,
    length: u32,
    container: Container,
    /// The items are values of map keys (attributes), not entries of a sequence.
    keyed: bool,
}

/// The index of a document's structure, kept beside its yrs document by its owner.
#[derive(Debug)]
pub struct DocumentShape {
    schema: Schema,
    max_depth: u16,
    roots: Vec<(String, TypeInfo)>,
    types: HashMap<ItemId, TypeInfo>,
    runs: HashMap<u64, Vec<Run>>,
}

/// An item of the update being checked, with what has been worked out about it.
struct Staged<'u, 'a> {
    item: Option<&'u NewItem<'a>>,
    id: ItemId,
    length: u32,
    /// Where the item sits; none until resolved.
    placed: Option<(Container, bool)>,
    /// Its own type's depth and role, when it creates one.
    own_type: Option<TypeInfo>,
    visiting: bool,
}

impl DocumentShape {
    pub fn new(schema: Schema, max_depth: u16) -> Self {
        DocumentShape { schema, max_depth, roots: Vec::new(), types: HashMap::new(), runs: HashMap::new() }
    }

    /// The schema for a document, from its name.
    pub fn schema_for(document: &str) -> Schema {
        let Some(rest) = document.strip_prefix("meeting/") else { return Schema::Free };
        // A private room's document (meeting/{id}/family-time/{room}), and an interpreter's
        // glossary (meeting/{id}/glossary/{participant}): rich text notes, as the family's.
        if matches!(rest.split('/').nth(1), Some("family-time" | "glossary")) {
            return Schema::FamilyTime;
        }
        match rest.rsplit_once('/') {
            Some((_, "plan")) => Schema::Plan,
            Some((_, "comments")) => Schema::Comments,
            Some((_, "family-time")) => Schema::FamilyTime,
            _ => Schema::Free,
        }
    }

    pub fn schema(&self) -> Schema {
        self.schema
    }

    /// Records what stored state holds, without refusing anything: it was accepted when written,
    /// and a family must never be locked out of their own plan. An update that does not read is
    /// passed over, as yrs passes it over when loading.
    pub fn record_stored(&mut self, update: &[u8]) {
        let Ok(structure) = decode_update(update) else { return };
        // Checking would refuse a stored document that breaks today's rules; placing alone is
        // enough to know where later updates go.
        let _ = self.place(&structure.structs, false);
    }

    /// Checks an update against the schema and the depth limit, and remembers its items when it
    /// passes. Nothing is remembered from an update that is refused.
    pub fn check(&mut self, update: &[u8]) -> Result<(), UpdateRefused> {
        let structure = decode_update(update)?;
        self.check_structure(&structure)
    }

    /// [`check`](Self::check), for an update already read with [`decode_update`].
    pub fn check_structure(&mut self, structure: &UpdateStructure<'_>) -> Result<(), UpdateRefused> {
        self.check_reach(structure)?;
        self.place(&structure.structs, true)
    }

    /// Each client's clocks must follow on from what the document has, with no gap, and the
    /// update may delete only clocks that the document or the update holds. yrs keeps what lies
    /// beyond a gap aside until the gap is filled, and some of its arithmetic on such clocks
    /// underflows; an honest client only builds on what it was sent.
    fn check_reach(&self, structure: &UpdateStructure<'_>) -> Result<(), UpdateRefused> {
        let mut reach: HashMap<u64, u32> = HashMap::new();
        for read in &structure.structs {
            let (id, length) = match read {
                Struct::Skip { .. } => continue,
                Struct::Item(item) => (item.id, item.length),
                Struct::Collected { id, length } => (*id, *length),
            };
            let known = reach.entry(id.client).or_insert_with(|| self.known_end(id.client));
            if id.clock > *known {
                return Err(UpdateRefused::MissingDependency);
            }
            *known = (*known).max(id.clock.saturating_add(length));
        }
        for &(client, clock, length) in &structure.deletions {
            let known = reach.get(&client).copied().unwrap_or_else(|| self.known_end(client));
            if clock.saturating_add(length) > known {
                return Err(UpdateRefused::MissingDependency);
            }
        }
        Ok(())
    }

    /// The clock after the last one the document holds of `client`.
    fn known_end(&self, client: u64) -> u32 {
        self.runs.get(&client).and_then(|runs| runs.last()).map_or(0, |run| run.clock + run.length)
    }

    /// Works out where every item of an update goes, checks it when `enforce` is set, and, when
    /// all is well, adds the update's runs and types to the index.
    fn place(&mut self, structs: &[Struct<'_>], enforce: bool) -> Result<(), UpdateRefused> {
        let mut staged: Vec<Staged<'_, '_>> = structs
            .iter()
            .map(|read| match read {
                Struct::Item(item) => Staged {
                    item: Some(item),
                    id: item.id,
                    length: item.length,
                    placed: None,
                    own_type: None,
                    visiting: false,
                },
                Struct::Collected { id, length } | Struct::Skip { id, length } => Staged {
                    item: None,
                    id: *id,
                    length: *length,
                    placed: Some((Container::Discarded, false)),
                    own_type: None,
                    visiting: false,
                },
            })
            .collect();
        let skips: Vec<bool> = structs.iter().map(|read| matches!(read, Struct::Skip { .. })).collect();
        // Items of one client come in clock order within an update; index them to find origins.
        let mut by_client: HashMap<u64, Vec<usize>> = HashMap::new();
        for (index, item) in staged.iter().enumerate() {
            if !skips[index] {
                by_client.entry(item.id.client).or_default().push(index);
            }
        }
        if enforce {
            self.check_acyclic(&staged, &by_client)?;
        }
        let mut new_roots: Vec<(String, TypeInfo)> = Vec::new();
        for start in 0..staged.len() {
            self.resolve(start, &mut staged, &by_client, &mut new_roots, enforce)?;
        }
        // All is well: remember it.
        self.roots.extend(new_roots);
        for (index, item) in staged.iter().enumerate() {
            if skips[index] {
                continue;
            }
            if let Some(info) = item.own_type {
                self.types.insert(item.id, info);
            }
            let (container, keyed) = item.placed.unwrap_or((Container::Discarded, false));
            self.add_run(item.id, item.length, container, keyed);
        }
        Ok(())
    }

    /// Places the staged item `start` and whatever it depends on, without recursion. What the
    /// document already holds wins over what the update says of the same clocks, since yrs
    /// passes over the part of an update it already has.
    fn resolve(
        &self,
        start: usize,
        staged: &mut [Staged<'_, '_>],
        by_client: &HashMap<u64, Vec<usize>>,
        new_roots: &mut Vec<(String, TypeInfo)>,
        enforce: bool,
    ) -> Result<(), UpdateRefused> {
        let mut stack = vec![start];
        while let Some(&current) = stack.last() {
            if staged[current].placed.is_some() {
                stack.pop();
                continue;
            }
            let item = staged[current].item.expect("only items are unplaced");
            // What the item's place depends on: a root, a type, or its origin's place.
            let wanted = match item.parent {
                ParentReference::Root(_) => None,
                ParentReference::Item(parent) => Some(parent),
                ParentReference::FromOrigin => item.origin.or(item.right_origin),
            };
            let known = wanted.and_then(|id| self.find_run(id));
            let dependency = match (wanted, known) {
                (Some(id), None) => find_staged(staged, by_client, id),
                _ => None,
            };
            if let Some(dependency) = dependency {
                if staged[dependency].placed.is_none() {
                    if staged[dependency].visiting || dependency == current {
                        return Err(UpdateRefused::Schema("the update's items refer to each other in a circle".into()));
                    }
                    staged[current].visiting = true;
                    stack.push(dependency);
                    continue;
                }
            }
            if wanted.is_some() && known.is_none() && dependency.is_none() && enforce {
                return Err(UpdateRefused::MissingDependency);
            }
            // Everything it depends on is placed: place it.
            let (container, keyed) = match (item.parent, wanted) {
                (ParentReference::Root(name), _) => {
                    let (index, _) = self.root_info(name, new_roots, enforce)?;
                    (Container::Root(index), item.parent_sub.is_some())
                }
                (ParentReference::Item(parent), _) => (Container::Type(parent), item.parent_sub.is_some()),
                (ParentReference::FromOrigin, _) => match (known, dependency) {
                    (Some(run), _) => (run.container, run.keyed),
                    (None, Some(index)) => staged[index].placed.expect("placed above"),
                    (None, None) => (Container::Discarded, false),
                },
            };
            // A container that is not a type (deleted, collected, or plain values) discards what
            // goes in it, as yrs does.
            let parent_info = self.container_info(container, new_roots, staged, by_client);
            let container = if parent_info.is_some() { container } else { Container::Discarded };
            let own_type = match (parent_info, &item.content) {
                (Some(parent), Content::Type(kind)) => {
                    let depth = parent.depth.saturating_add(1);
                    if enforce && depth > self.max_depth {
                        return Err(UpdateRefused::TooDeep { limit: self.max_depth });
                    }
                    Some(TypeInfo { depth, role: child_role(parent.role, *kind) })
                }
                _ => None,
            };
            if enforce {
                if let Some(parent) = parent_info {
                    check_content(parent.role, item, keyed)?;
                }
            }
            staged[current].placed = Some((container, keyed));
            staged[current].own_type = own_type;
            staged[current].visiting = false;
            stack.pop();
        }
        Ok(())
    }

    /// Every reference an item makes (its origin, right origin and parent) must point to what
    /// the document or the update holds, and to what existed before it. yrs follows these links when it resolves concurrent inserts, and loops
    /// for ever on a circle of them; an honest client cannot make one. A depth-first walk over
    /// the update's own items, without recursion.
    fn check_acyclic(
        &self,
        staged: &[Staged<'_, '_>],
        by_client: &HashMap<u64, Vec<usize>>,
    ) -> Result<(), UpdateRefused> {
        const UNSEEN: u8 = 0;
        const OPEN: u8 = 1;
        const DONE: u8 = 2;
        // Every reference must be to something the document or the update holds: yrs sets an
        // item with a missing right origin aside, and its lengths go wrong when it is deleted.
        for item in staged.iter().filter_map(|staged| staged.item) {
            let parent = match item.parent {
                ParentReference::Item(parent) => Some(parent),
                _ => None,
            };
            let missing = [item.origin, item.right_origin, parent]
                .into_iter()
                .flatten()
                .any(|id| self.find_run(id).is_none() && find_staged(staged, by_client, id).is_none());
            if missing {
                return Err(UpdateRefused::MissingDependency);
            }
        }
        let references = |index: usize| -> Vec<usize> {
            let Some(item) = staged[index].item else { return Vec::new() };
            let parent = match item.parent {
                ParentReference::Item(parent) => Some(parent),
                _ => None,
            };
            [item.origin, item.right_origin, parent]
                .into_iter()
                .flatten()
                .filter(|id| self.find_run(*id).is_none())
                .filter_map(|id| find_staged(staged, by_client, id))
                .collect()
        };
        let mut state = vec![UNSEEN; staged.len()];
        for start in 0..staged.len() {
            if state[start] != UNSEEN {
                continue;
            }
            let mut stack = vec![(start, references(start), 0usize)];
            state[start] = OPEN;
            while let Some((node, edges, next)) = stack.last_mut() {
                if let Some(&target) = edges.get(*next) {
                    *next += 1;
                    match state[target] {
                        OPEN => {
                            return Err(UpdateRefused::Schema(
                                "the update's items refer to each other in a circle".into(),
                            ))
                        }
                        UNSEEN => {
                            state[target] = OPEN;
                            let target_edges = references(target);
                            stack.push((target, target_edges, 0));
                        }
                        _ => {}
                    }
                } else {
                    state[*node] = DONE;
                    stack.pop();
                }
            }
        }
        Ok(())
    }

    /// A root type's index and info, adding it (to `new_roots`) when first seen. A root the
    /// schema does not have is refused when enforcing, and free otherwise.
    fn root_info(
        &self,
        name: &str,
        new_roots: &mut Vec<(String, TypeInfo)>,
        enforce: bool,
    ) -> Result<(u16, TypeInfo), UpdateRefused> {
        let known = self.roots.iter().chain(new_roots.iter()).position(|(root, _)| root == name);
        if let Some(index) = known {
            let info = self.roots.iter().chain(new_roots.iter()).nth(index).expect("found above").1;
            return Ok((index as u16, info));
        }
        let role = match root_role(self.schema, name) {
            Some(role) => role,
            None if enforce => {
                return Err(UpdateRefused::Schema(format!("this document has no part called {name:?}")));
            }
            None => Role::Free,
        };
        let index = self.roots.len() + new_roots.len();
        let Ok(index) = u16::try_from(index) else {
            return Err(UpdateRefused::Schema("the document has too many root types".into()));
        };
        let info = TypeInfo { depth: 1, role };
        new_roots.push((name.to_owned(), info));
        Ok((index, info))
    }

    fn container_info(
        &self,
        container: Container,
        new_roots: &[(String, TypeInfo)],
        staged: &[Staged<'_, '_>],
        by_client: &HashMap<u64, Vec<usize>>,
    ) -> Option<TypeInfo> {
        match container {
            Container::Root(index) => {
                self.roots.iter().chain(new_roots.iter()).nth(usize::from(index)).map(|(_, info)| *info)
            }
            Container::Type(id) => match self.find_run(id) {
                Some(_) => self.types.get(&id).copied(),
                None => find_staged(staged, by_client, id).and_then(|index| staged[index].own_type),
            },
            Container::Discarded => None,
        }
    }

    fn find_run(&self, id: ItemId) -> Option<&Run> {
        let runs = self.runs.get(&id.client)?;
        let after = runs.partition_point(|run| run.clock <= id.clock);
        let run = runs.get(after.checked_sub(1)?)?;
        (id.clock - run.clock < run.length).then_some(run)
    }

    /// Adds clocks to a client's runs, leaving out any the index has already (an update may
    /// repeat what the document holds).
    fn add_run(&mut self, id: ItemId, length: u32, container: Container, keyed: bool) {
        let runs = self.runs.entry(id.client).or_default();
        let mut clock = id.clock;
        let end = id.clock.saturating_add(length);
        // Skip the part already known.
        let after = runs.partition_point(|run| run.clock <= clock);
        if let Some(previous) = after.checked_sub(1).map(|index| runs[index]) {
            clock = clock.max(previous.clock.saturating_add(previous.length));
        }
        let next_start = runs.get(after).map_or(u32::MAX, |run| run.clock);
        let end = end.min(next_start);
        if clock >= end {
            return;
        }
        let run = Run { clock, length: end - clock, container, keyed };
        if after == runs.len() {
            if let Some(last) = runs.last_mut() {
                if last.clock + last.length == run.clock && last.container == run.container && last.keyed == run.keyed {
                    last.length += run.length;
                    return;
                }
            }
            runs.push(run);
        } else {
            runs.insert(after, run);
        }
    }

    /// How many runs and types the index holds, for tests and memory accounting.
    pub fn index_size(&self) -> (usize, usize) {
        (self.runs.values().map(Vec::len).sum(), self.types.len())
    }
}

fn find_staged(staged: &[Staged<'_, '_>], by_client: &HashMap<u64, Vec<usize>>, id: ItemId) -> Option<usize> {
    let indices = by_client.get(&id.client)?;
    let after = indices.partition_point(|&index| staged[index].id.clock <= id.clock);
    let index = *indices.get(after.checked_sub(1)?)?;
    (id.clock - staged[index].id.clock < staged[index].length).then_some(index)
}

fn root_role(schema: Schema, name: &str) -> Option<Role> {
    match schema {
        Schema::Free => Some(Role::Free),
        Schema::Plan if SECTIONS.iter().any(|(section, _)| *section == name) => Some(Role::RichText { is_root: true }),
        Schema::Plan if name == ACTIONS => Some(Role::ActionList),
        Schema::Plan if name == META => Some(Role::Meta),
        Schema::Comments if name == COMMENTS => Some(Role::CommentList),
        Schema::FamilyTime if name == FAMILY_NOTES => Some(Role::RichText { is_root: true }),
        _ => None,
    }
}

fn child_role(parent: Role, kind: TypeKind<'_>) -> Role {
    match (parent, kind) {
        (Role::RichText { .. }, TypeKind::XmlElement(_)) => Role::RichText { is_root: false },
        (Role::RichText { .. }, TypeKind::XmlText) => Role::RichTextRun,
        (Role::ActionList, TypeKind::Map) => Role::Action,
        (Role::CommentList, TypeKind::Map) => Role::Comment,
        // Anything else was refused by `check_content`, or is in a free document.
        _ => Role::Free,
    }
}

/// Whether an item may sit in a type of role `parent`. `keyed` says it is a map key's value
/// (an attribute), whether the key was written or taken from its origin. A key written in the
/// update is checked; one taken from an origin was checked when the origin came.
fn check_content(parent: Role, item: &NewItem<'_>, keyed: bool) -> Result<(), UpdateRefused> {
    let refuse = |what: &str| Err(UpdateRefused::Schema(what.to_owned()));
    if matches!(item.content, Content::Deleted) {
        return Ok(());
    }
    let key_allowed = |allowed: &[&str]| item.parent_sub.is_none_or(|key| allowed.contains(&key));
    match parent {
        Role::Free => Ok(()),
        Role::RichText { is_root } => match (&item.content, keyed) {
            (Content::Type(TypeKind::XmlElement(name)), false) if RICH_TEXT_ELEMENTS.contains(name) => Ok(()),
            (Content::Type(TypeKind::XmlElement(name)), false) => {
                refuse(&format!("rich text may not hold an element called {name:?}"))
            }
            (Content::Type(TypeKind::XmlText), false) => Ok(()),
            (Content::Any, true) if !is_root && key_allowed(&RICH_TEXT_ATTRIBUTES) => Ok(()),
            (_, true) => refuse("rich text may not have this attribute"),
            _ => refuse("rich text may hold only elements and text"),
        },
        Role::RichTextRun => match (&item.content, keyed) {
            (Content::String(_), false) => Ok(()),
            (Content::Format { key }, false) => {
                let mark = key.split_once("--").map_or(*key, |(mark, _)| mark);
                if RICH_TEXT_MARKS.contains(&mark) {
                    Ok(())
                } else {
                    refuse(&format!("text may not carry the mark {key:?}"))
                }
            }
            _ => refuse("text may hold only characters and marks"),
        },
        Role::ActionList => match (&item.content, keyed) {
            (Content::Type(TypeKind::Map), false) => Ok(()),
            _ => refuse("the actions list may hold only actions"),
        },
        Role::CommentList => match (&item.content, keyed) {
            (Content::Type(TypeKind::Map), false) => Ok(()),
            _ => refuse("the comments list may hold only comments"),
        },
        Role::Action => keyed_value(item, keyed, &ACTION_FIELDS, "an action"),
        Role::Comment => keyed_value(item, keyed, &COMMENT_FIELDS, "a comment"),
        Role::Meta => keyed_value(item, keyed, &[META_LEAD_FAMILY_MEMBER, META_REVIEW_DATE], "the plan's details"),
    }
}

fn keyed_value(item: &NewItem<'_>, keyed: bool, fields: &[&str], what: &str) -> Result<(), UpdateRefused> {
    if !keyed || !matches!(item.content, Content::Any) {
        return Err(UpdateRefused::Schema(format!("{what} holds only named plain values")));
    }
    match item.parent_sub {
        Some(key) if !fields.contains(&key) => {
            Err(UpdateRefused::Schema(format!("{what} has no field called {key:?}")))
        }
        _ => Ok(()),
    }
}
