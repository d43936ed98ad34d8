// How a person shows in presence and in other people's editors: their name and a colour that
// white text reads well on (all colours here have a contrast of at least 4.5:1 with white).

import { t } from '../i18n'

export interface LiveUser {
  name: string
  color: string
}

const COLOURS = ['#1d70b8', '#00703c', '#4c2c92', '#912b88', '#942514', '#505a5f', '#0b6e66', '#6f4b00']

export function colourFor(key: string): string {
  let hash = 0
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return COLOURS[hash % COLOURS.length]
}

/** A colour from someone else's presence, if it is a plain six-digit colour; else a safe grey. */
export function safeColour(value: unknown): string {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value) ? value : '#505a5f'
}

/** A name from someone else's presence, as text. */
export function safeName(value: unknown): string {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 80) : t('someone')
}
