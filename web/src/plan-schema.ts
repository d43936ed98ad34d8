// The family plan's shared names (schema kinplan-plan/1), as protocol/src/plan.rs defines them:
// the rich-text sections and their titles, the actions array, the meta map, and the comments.
// People read each section's title and hint in their own language, from web.ftl
// (`plan-section-NAME-title` and `-hint`); the English titles here are the protocol's.

import { pageLanguage, type Translator } from './i18n'

export interface SectionDefinition {
  name: string
  /** The protocol's English title, which the exports and the server's checks use. */
  title: string
}

export const SECTIONS: SectionDefinition[] = [
  { name: 'worries', title: 'What we are worried about' },
  { name: 'bottom_lines', title: 'Bottom lines: what must happen for the child to be safe' },
  { name: 'strengths', title: 'What is working well' },
  { name: 'child_worries', title: "The child's worries" },
  { name: 'child_good_things', title: 'Good things for the child' },
  { name: 'child_dreams', title: "The child's hopes and dreams" },
  { name: 'family_answers', title: "The family's answers to the questions" },
  { name: 'support_requested', title: 'Support we are asking for' },
  { name: 'contingency', title: 'If the plan does not work' },
  { name: 'monitoring', title: 'How we will know the plan is working' },
]

/** The Y.Array of actions; each a Y.Map of ACTION_FIELDS. */
export const ACTIONS = 'actions'
export const ACTION_FIELDS = ['id', 'what', 'who', 'by_when', 'how_we_know', 'status'] as const
export type ActionField = (typeof ACTION_FIELDS)[number]

/** The Y.Map of facts about the plan. */
export const META = 'meta'
export const META_LEAD_FAMILY_MEMBER = 'lead_family_member'
export const META_REVIEW_DATE = 'review_date'

/** The Y.Array of comments in the meeting's comments document; each a Y.Map. */
export const COMMENTS = 'comments'

/** The family's private space (the family-time document) is one rich-text fragment. */
export const FAMILY_TIME_FRAGMENT = 'notes'

/** The message id of a section's words, such as `plan-section-bottom-lines-title`. */
function sectionMessage(name: string, part: 'title' | 'hint'): string {
  return `plan-section-${name.replace(/_/g, '-')}-${part}`
}

/** A section's title in `tr`'s language (the page's unless given); a section the schema does not name keeps its own name. */
export function sectionTitle(name: string, tr: Translator = pageLanguage()): string {
  const known = SECTIONS.find((section) => section.name === name)
  return known ? tr.t(sectionMessage(name, 'title')) : name
}

/** The prompt under a section's title. */
export function sectionHint(name: string, tr: Translator = pageLanguage()): string {
  return tr.t(sectionMessage(name, 'hint'))
}
