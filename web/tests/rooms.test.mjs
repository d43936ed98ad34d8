// Private rooms and safety notes, as people see them in the browser: the facilitator makes a room
// for each side of a separated family and puts people in them (the server refuses to put Dad with
// Mum, and the page says why); in private family time Mum and Gran write together, Dad and the
// people in no room see none of it; when the facilitator moves Gran to "Everyone else" her page
// opens that room's notes by itself. Safety notes reach the facilitator and a practitioner, and
// Mum's pages never ask for them.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ApiClient,
  checkAccessibility,
  editor,
  editorText,
  joinWithLink,
  newPerson,
  screenshot,
  serverAndBrowserForThisFile,
  setUpMeeting,
  signIn,
  typeInto,
  waitEditable,
  waitForText,
} from './harness.mjs'

let server
let browser

serverAndBrowserForThisFile(
  [
    { email: 'f@council.example', name: 'Fay', role: 'facilitator' },
    { email: 's@council.example', name: 'Sam', role: 'practitioner' },
  ],
  (started, launched) => {
    server = started
    browser = launched
  },
)

const MUM_SIDE = 'Mum’s side'
const DAD_SIDE = 'Dad’s side'
const MUM_WORDS = 'Mum: I can do the school run.'
const GRAN_WORDS = 'Gran: Lily stays with me on Fridays.'
const DAD_WORDS = 'Dad: I will phone the school.'
const GRAN_MOVED_WORDS = 'Gran here, in the other room.'
const NOTE = 'Mum disclosed controlling behaviour; arrange separate arrival times.'

/** The row of room `name` in the table of rooms. */
const roomRow = (page, name) => page.getByTestId('rooms').locator(`tr[data-room="${name}"]`)

/** Waits until `person` is listed in room `room`. */
async function waitInRoom(page, room, person, timeout = 5000) {
  await roomRow(page, room).locator('li').filter({ hasText: new RegExp(`^${person}$`) }).waitFor({ timeout })
}

/** The people listed in room `room`. */
async function membersOf(page, room) {
  return roomRow(page, room).locator('li').allInnerTexts()
}

async function putInRoom(page, person, room) {
  const form = page.locator(`form[data-room-person="${person}"]`)
  await form.getByLabel(`Room for ${person}`).selectOption({ label: room })
  await form.getByRole('button', { name: `Save ${person}'s room` }).click()
}

test('private rooms keep a separated family apart, a moved person follows their room, and safety notes stay with staff', { timeout: 170000 }, async () => {
  const api = await ApiClient.signedIn(server.base, 'f@council.example')
  const { meeting, people, links } = await setUpMeeting(api, 'Plan for Lily', [
    { display_name: 'Lily', relationship: 'The child', kind: 'child' },
    { display_name: 'Mum', relationship: 'Mother', kind: 'family', link: 'plain' },
    { display_name: 'Dad', relationship: 'Father', kind: 'family', link: 'plain' },
    { display_name: 'Gran', relationship: 'Grandmother', kind: 'family', link: 'plain' },
    { display_name: 'Ray', relationship: 'Uncle', kind: 'family', link: 'plain' },
    { display_name: 'Sam', relationship: 'Social worker', kind: 'practitioner', staff_email: 's@council.example' },
  ])
  await api.call('POST', `/api/meetings/${meeting.id}/separations`, {
    first_id: people.Mum.id,
    second_id: people.Dad.id,
    no_shared_room: true,
    reason: 'Non-molestation order.',
  })

  // The facilitator makes two rooms; a room needs a name, and names are not used twice.
  const fay = await newPerson(browser, server.base)
  await signIn(fay.page, 'f@council.example')
  await fay.page.goto(`/meetings/${meeting.id}/network`)
  await fay.page.getByRole('heading', { level: 2, name: 'Private rooms' }).waitFor()
  for (const name of ['Lily', 'Mum', 'Dad', 'Gran', 'Ray']) await waitInRoom(fay.page, 'Everyone else', name)
  assert.deepEqual(await membersOf(fay.page, 'Everyone else'), ['Lily', 'Mum', 'Dad', 'Gran', 'Ray'], 'practitioners are in no room')
  const roomForm = fay.page.locator('form.kp-room-form')
  await roomForm.getByRole('button', { name: 'Add the room' }).click()
  await waitForText(roomForm.locator('.govuk-error-summary'), 'Enter a name for the room', 3000)
  await checkAccessibility(fay.page, 'private rooms with an empty room name')
  await roomForm.getByLabel('Room name').fill(MUM_SIDE)
  await roomForm.getByRole('button', { name: 'Add the room' }).click()
  await roomRow(fay.page, MUM_SIDE).waitFor()
  await fay.page.locator('form.kp-room-form').getByLabel('Room name').fill(DAD_SIDE)
  await fay.page.locator('form.kp-room-form').getByRole('button', { name: 'Add the room' }).click()
  await roomRow(fay.page, DAD_SIDE).waitFor()
  await fay.page.locator('form.kp-room-form').getByLabel('Room name').fill(MUM_SIDE.toUpperCase())
  await fay.page.locator('form.kp-room-form').getByRole('button', { name: 'Add the room' }).click()
  await waitForText(fay.page.locator('form.kp-room-form .govuk-error-summary'), 'already', 3000)

  // Mum and Gran in Mum's side; Dad cannot join them, and the page says why.
  await putInRoom(fay.page, 'Mum', MUM_SIDE)
  await waitInRoom(fay.page, MUM_SIDE, 'Mum')
  await putInRoom(fay.page, 'Gran', MUM_SIDE)
  await waitInRoom(fay.page, MUM_SIDE, 'Gran')
  await putInRoom(fay.page, 'Dad', MUM_SIDE)
  const choices = fay.page.locator('.kp-room-choices')
  await waitForText(choices.locator('.govuk-error-summary'), 'There is a problem', 3000)
  await waitForText(choices.locator('.govuk-error-summary'), 'kept apart by a separation', 3000)
  await waitForText(choices.locator('form[data-room-person="Dad"] .govuk-form-group--error'), 'kept apart by a separation', 3000)
  assert.ok(!(await membersOf(fay.page, MUM_SIDE)).includes('Dad'), 'Dad is not put with Mum')
  assert.equal(await fay.page.getByRole('heading', { name: 'Saved' }).count(), 0, 'no earlier confirmation contradicts the refusal')
  await checkAccessibility(fay.page, 'private rooms with a refused move')
  await screenshot(fay.page, 'rooms-refused')
  await putInRoom(fay.page, 'Dad', DAD_SIDE)
  await waitInRoom(fay.page, DAD_SIDE, 'Dad')
  assert.deepEqual(await membersOf(fay.page, 'Everyone else'), ['Lily', 'Ray'], 'everyone on the family side in no other room')
  assert.deepEqual(await membersOf(fay.page, MUM_SIDE), ['Mum', 'Gran'])

  // Safety notes: the form says what is missing, then the note is listed.
  const notes = fay.page.locator('.kp-safety-notes')
  await notes.getByRole('button', { name: 'Add the note' }).click()
  await waitForText(notes.locator('.govuk-error-summary'), 'Choose a category', 3000)
  await waitForText(notes.locator('.govuk-error-summary'), 'Enter the note', 3000)
  await notes.getByLabel('About').selectOption({ label: 'Mum' })
  await notes.getByLabel('Screening').check()
  await notes.getByLabel('Note', { exact: true }).fill(NOTE)
  await notes.getByRole('button', { name: 'Add the note' }).click()
  await fay.page.getByRole('heading', { name: 'Safety note added' }).waitFor()
  await waitForText(fay.page.getByTestId('safety-notes'), NOTE, 5000)
  await waitForText(fay.page.getByTestId('safety-notes'), 'About: Mum', 5000)
  await waitForText(fay.page.getByTestId('safety-notes'), 'Added by Fay', 5000)
  await checkAccessibility(fay.page, 'network page with rooms and a safety note')
  await screenshot(fay.page, 'rooms-and-safety-notes-facilitator')

  // Private family time.
  await api.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'information' })
  await api.call('PUT', `/api/meetings/${meeting.id}/stage`, { stage: 'private-family-time' })

  const family = {}
  for (const name of ['Mum', 'Gran', 'Dad', 'Ray']) {
    family[name] = await newPerson(browser, server.base, 'phone')
  }
  // Mum's pages never ask for what is staff only.
  const mumAsked = []
  family.Mum.page.on('request', (request) => mumAsked.push(request.url()))
  for (const name of ['Mum', 'Gran', 'Dad', 'Ray']) {
    await joinWithLink(family[name].page, server.base, links[name].url)
    await family[name].page.getByTestId('family-space').waitFor()
    await waitEditable(family[name].page, 'notes')
  }
  const { Mum: mum, Gran: gran, Dad: dad, Ray: ray } = family

  // Mum and Gran write together; Dad and Ray, in other rooms, see none of it.
  await typeInto(mum.page, 'notes', MUM_WORDS)
  await waitForText(editor(gran.page, 'notes'), MUM_WORDS, 5000)
  await typeInto(gran.page, 'notes', ` ${GRAN_WORDS}`)
  await waitForText(editor(mum.page, 'notes'), GRAN_WORDS, 5000)
  await typeInto(dad.page, 'notes', DAD_WORDS)
  await mum.page.waitForTimeout(1000)
  for (const [who, page] of [['Dad', dad.page], ['Ray', ray.page]]) {
    const words = await page.locator('body').innerText()
    assert.ok(!words.includes(MUM_WORDS) && !words.includes(GRAN_WORDS), `${who} sees Mum's room's notes`)
  }
  assert.ok(!(await mum.page.locator('body').innerText()).includes(DAD_WORDS), "Mum sees Dad's room's notes")
  await checkAccessibility(mum.page, "Mum's private room")
  await screenshot(mum.page, 'rooms-mum-private-time')

  // The facilitator moves Gran to "Everyone else": her page opens that room's notes by itself.
  await putInRoom(fay.page, 'Gran', 'Everyone else')
  await waitInRoom(fay.page, 'Everyone else', 'Gran')
  await gran.page.getByRole('heading', { name: 'You are in another private room now' }).waitFor({ timeout: 5000 })
  await waitEditable(gran.page, 'notes', 5000)
  const granNow = await editorText(gran.page, 'notes')
  assert.ok(!granNow.includes(MUM_WORDS) && !granNow.includes(GRAN_WORDS), `Gran's new room shows Mum's room's notes: ${granNow}`)
  await typeInto(gran.page, 'notes', GRAN_MOVED_WORDS)
  await waitForText(editor(ray.page, 'notes'), GRAN_MOVED_WORDS, 5000)
  await mum.page.waitForTimeout(1000)
  assert.ok(!(await editorText(mum.page, 'notes')).includes(GRAN_MOVED_WORDS), 'Mum no longer sees what Gran writes')
  assert.ok(!(await gran.page.locator('body').innerText()).includes(MUM_WORDS), "Gran's page no longer holds Mum's room's notes")
  await checkAccessibility(gran.page, "Gran's page after her move")
  await screenshot(gran.page, 'rooms-gran-moved')

  // A practitioner reads the rooms and the safety note, and changes nothing.
  const sam = await newPerson(browser, server.base)
  await signIn(sam.page, 's@council.example')
  await sam.page.goto(`/meetings/${meeting.id}/network`)
  await sam.page.getByRole('heading', { level: 2, name: 'Private rooms' }).waitFor()
  await waitInRoom(sam.page, MUM_SIDE, 'Mum')
  await waitForText(sam.page.getByTestId('safety-notes'), NOTE, 5000)
  assert.equal(await sam.page.locator('.kp-rooms form, .kp-safety-notes form').count(), 0, 'practitioners read rooms and notes without forms')
  await checkAccessibility(sam.page, "a practitioner's rooms and safety notes")

  // Mum's network page has no rooms and no safety notes, and never holds the note.
  await mum.page.getByRole('link', { name: 'People', exact: true }).click()
  await mum.page.getByRole('heading', { level: 1, name: 'People in the network' }).waitFor()
  await mum.page.getByRole('heading', { level: 2, name: 'Contact details' }).waitFor()
  assert.equal(await mum.page.getByRole('heading', { name: 'Safety notes' }).count(), 0)
  assert.equal(await mum.page.getByRole('heading', { name: 'Private rooms' }).count(), 0)
  const mumHtml = await mum.page.content()
  for (const secret of [NOTE, 'controlling behaviour', MUM_SIDE, DAD_SIDE]) assert.ok(!mumHtml.includes(secret), `Mum's page holds ${secret}`)
  const staffOnly = mumAsked.filter((url) => url.includes('/safety-notes') || url.includes('/rooms'))
  assert.deepEqual(staffOnly, [], "Mum's pages ask for staff-only things")
  const refused = await mum.page.evaluate(async (id) => (await fetch(`/api/meetings/${id}/safety-notes`)).status, meeting.id)
  assert.equal(refused, 403, 'the server refuses safety notes to the family')
  await checkAccessibility(mum.page, "Mum's network page")

  for (const person of [fay, mum, gran, dad, ray, sam]) await person.context.close()
})
