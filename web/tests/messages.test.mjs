// The message files (i18n/LANG/web.ftl) against the app: every file parses without errors and opens
// with its review line; every message the code asks for by name is in English; each translation
// has every message the family's pages use (the staff pages' messages, "staff-…", are English
// only) and nothing English lacks; and each translated message uses the same variables as the
// English one, so that no name or number is dropped or invented.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { FluentResource } from '@fluent/bundle'
import { repoDir, webDir } from './harness.mjs'

const i18nDir = join(repoDir, 'i18n')
const TRANSLATIONS = ['cy', 'ar']

function source(code) {
  return readFileSync(join(i18nDir, code, 'web.ftl'), 'utf8')
}

/** The file's messages: id → the variables its value and attributes use. */
function messages(code) {
  const text = source(code)
  const resource = new FluentResource(text)
  const found = new Map()
  for (const entry of resource.body) {
    if (!entry.id || entry.id.startsWith('-')) continue
    found.set(entry.id, variables(entry))
  }
  return { text, resource, found }
}

/** The `$variables` anywhere in a parsed message. */
function variables(node, into = new Set()) {
  if (Array.isArray(node)) {
    for (const item of node) variables(item, into)
  } else if (node && typeof node === 'object') {
    if (node.type === 'var' && typeof node.name === 'string') into.add(node.name)
    for (const value of Object.values(node)) variables(value, into)
  }
  return into
}

/** The lines that are neither blank, a comment, the start of a message nor indented under one. */
function junk(text) {
  return text.split('\n').filter((line) => line.trim() && !line.startsWith('#') && !/^[a-zA-Z][\w-]* =/.test(line) && !/^\s/.test(line))
}

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

test('English is reviewed, and the translations say they are not yet', () => {
  assert.equal(source('en').split('\n')[0], '## Review: reviewed')
  for (const code of TRANSLATIONS) assert.equal(source(code).split('\n')[0], '## Review: unreviewed', code)
})

test('every file parses cleanly', () => {
  for (const code of ['en', ...TRANSLATIONS]) {
    const { text, found } = messages(code)
    assert.deepEqual(junk(text), [], `${code}/web.ftl has lines Fluent cannot read`)
    // Every message line the parser should have read is there.
    const declared = text.split('\n').filter((line) => /^[a-zA-Z][\w-]* =/.test(line)).length
    assert.equal(found.size, declared, `${code}/web.ftl: ${declared} messages written, ${found.size} read`)
  }
})

test('every message the app asks for by name is in English', () => {
  const english = messages('en').found
  const missing = []
  for (const file of sourceFiles(join(webDir, 'src'))) {
    const code = readFileSync(file, 'utf8')
    for (const match of code.matchAll(/\bt\(\s*'([a-z][\w-]*)'/g)) {
      if (!english.has(match[1])) missing.push(`${match[1]} (${file.slice(webDir.length + 1)})`)
    }
  }
  assert.deepEqual(missing, [])
})

test('each translation has every family message, with the same variables', () => {
  const english = messages('en').found
  for (const code of TRANSLATIONS) {
    const translated = messages(code).found
    const problems = []
    for (const [id, names] of english) {
      if (id.startsWith('staff-')) continue
      if (!translated.has(id)) {
        problems.push(`missing ${id}`)
        continue
      }
      const theirs = translated.get(id)
      const wanted = [...names].sort().join(', ')
      const got = [...theirs].sort().join(', ')
      if (wanted !== got) problems.push(`${id}: English uses {${wanted}}, ${code} uses {${got}}`)
    }
    for (const id of translated.keys()) if (!english.has(id)) problems.push(`${id} is not in English`)
    assert.deepEqual(problems, [], `${code}/web.ftl`)
  }
})
