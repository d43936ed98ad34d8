// The family plan's shared names (schema kinplan-plan/1), as protocol/src/plan.rs defines them:
// the rich-text sections and their titles, the actions array, the meta map, and the comments.

export interface SectionDefinition {
  name: string
  title: string
  /** A plain-English prompt shown under the title. */
  hint: string
}

export const SECTIONS: SectionDefinition[] = [
  { name: 'worries', title: 'What we are worried about', hint: 'What has happened, and what might happen if nothing changes.' },
  { name: 'bottom_lines', title: 'Bottom lines: what must happen for the child to be safe', hint: 'What children’s services need to see in the plan.' },
  { name: 'strengths', title: 'What is working well', hint: 'Strengths, and who helps already.' },
  { name: 'child_worries', title: "The child's worries", hint: 'In the child’s own words where possible.' },
  { name: 'child_good_things', title: 'Good things for the child', hint: 'What the child likes and who makes them feel safe.' },
  { name: 'child_dreams', title: "The child's hopes and dreams", hint: 'What the child hopes for.' },
  { name: 'family_answers', title: "The family's answers to the questions", hint: 'The family’s answers to the questions they were asked.' },
  { name: 'support_requested', title: 'Support we are asking for', hint: 'Help from services, such as a bed, a car seat or a course.' },
  { name: 'contingency', title: 'If the plan does not work', hint: 'What will happen, and who will do it.' },
  { name: 'monitoring', title: 'How we will know the plan is working', hint: 'Who checks, and how often.' },
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

export function sectionTitle(name: string): string {
  return SECTIONS.find((section) => section.name === name)?.title ?? name
}
