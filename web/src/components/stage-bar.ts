// The stage bar of a meeting: the five stages in order with the current one marked, a timer
// since the stage began, and, for the facilitator, buttons to move the meeting on. On the shared
// screen the stages are in the meeting's language and the facilitator's buttons in theirs.

import type { Stage } from '../api'
import { h, replaceChildren, uniqueId } from '../dom'
import { STAGES, clock, durationWords, stageName } from '../format'
import { PLACE, around, languageAttributes, pageLanguage, t, type Translator } from '../i18n'

export interface StageBar {
  element: HTMLElement
  setStage(stage: Stage, changedAt: string): void
  destroy(): void
}

export function stageBar(options: {
  stage: Stage
  changedAt: string
  canMove: boolean
  onMove: (stage: Stage) => Promise<void>
  /** The language of the stages and the timer (the page's unless given). */
  shown?: Translator
}): StageBar {
  const shown = options.shown ?? pageLanguage()
  let stage = options.stage
  let changedAt = Date.parse(options.changedAt)
  const headingId = uniqueId('stage-heading')
  const steps = h('ol', { class: 'kp-stages' })
  const current = h('strong', { class: 'kp-stage-name', 'data-testid': 'current-stage' })
  const timer = h('span', { class: 'kp-timer', role: 'timer', 'data-testid': 'stage-timer' })
  const timerWords = h('span', { class: 'govuk-visually-hidden' })
  const controls = h('div', { class: 'kp-stage-controls' })
  // "Now: X. This stage began 12:30 ago", the clock seen and the words read out.
  const began = shown.t('stage-bar-began', { time: PLACE })
  const shownPart = shown === pageLanguage() ? {} : languageAttributes(shown)
  const element = h(
    'section',
    { class: 'kp-stage-bar', 'aria-labelledby': headingId },
    h('div', shownPart,
      h('h2', { class: 'govuk-visually-hidden', id: headingId }, shown.t('stage-bar-heading')),
      steps,
      h(
        'p',
        { class: 'govuk-body kp-stage-now' },
        ...around(shown.t('stage-bar-now', { stage: PLACE }), current),
        ' ',
        h('span', { 'aria-hidden': 'true' }, ...around(began, timer)),
        h('span', { class: 'govuk-visually-hidden' }, ...around(began, timerWords)),
      ),
    ),
    controls,
  )
  let busy = false

  async function move(next: Stage, trigger: HTMLButtonElement): Promise<void> {
    if (busy) return
    busy = true
    trigger.disabled = true
    try {
      await options.onMove(next)
    } finally {
      busy = false
      trigger.disabled = false
    }
  }

  function drawControls(): void {
    if (!options.canMove || stage === 'closed') {
      replaceChildren(controls)
      return
    }
    const index = STAGES.indexOf(stage)
    const next = STAGES[index + 1]
    const nextButton =
      next && next !== 'closed'
        ? h('button', { type: 'button', class: 'govuk-button kp-inline-button', 'data-module': 'govuk-button' }, t(`staff-stage-bar-move-on-${next}`))
        : null
    nextButton?.addEventListener('click', () => void move(next, nextButton))
    const selectId = uniqueId('stage-select')
    const choice = h(
      'select',
      { class: 'govuk-select', id: selectId },
      STAGES.filter((item) => item !== stage && item !== 'closed').map((item) => h('option', { value: item }, stageName(item, pageLanguage()))),
    )
    const goButton = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary kp-inline-button', 'data-module': 'govuk-button' }, t('staff-stage-bar-go'))
    goButton.addEventListener('click', () => void move(choice.value as Stage, goButton))
    replaceChildren(
      controls,
      nextButton,
      h(
        'details',
        { class: 'govuk-details kp-stage-other' },
        h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, t('staff-stage-bar-other'))),
        h(
          'div',
          { class: 'govuk-details__text' },
          h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: selectId }, t('staff-stage-bar-stage')), choice),
          goButton,
        ),
      ),
    )
  }

  function drawSteps(): void {
    const index = STAGES.indexOf(stage)
    replaceChildren(
      steps,
      STAGES.map((item, i) =>
        h(
          'li',
          {
            class: `kp-stage${i < index ? ' kp-stage--done' : ''}${i === index ? ' kp-stage--current' : ''}`,
            'aria-current': i === index ? 'step' : null,
          },
          h('span', { class: 'kp-stage__number' }, shown.number(i + 1)),
          ' ',
          stageName(item, shown),
        ),
      ),
    )
    current.textContent = stageName(stage, shown)
  }

  function tick(): void {
    const elapsed = Date.now() - changedAt
    timer.textContent = clock(elapsed)
    const words = durationWords(elapsed, shown)
    if (timerWords.textContent !== words) timerWords.textContent = words
  }

  drawSteps()
  drawControls()
  tick()
  const interval = window.setInterval(tick, 1000)
  return {
    element,
    setStage(next, at) {
      const changed = next !== stage
      stage = next
      changedAt = Date.parse(at)
      if (changed) {
        drawSteps()
        drawControls()
      }
      tick()
    },
    destroy() {
      window.clearInterval(interval)
    },
  }
}
