// A TipTap rich-text editor bound to one Y.XmlFragment of a live document (a plan section or the
// family's private notes), showing other people's carets with their names.

import { Editor, Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import StarterKit from '@tiptap/starter-kit'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { h } from '../dom'
import type { LiveDocument } from './document'
import { safeColour, safeName, type LiveUser } from './people'

/** `dir="auto"` on every block of text, so that each paragraph runs in its own text's direction. */
function blockDirections(doc: ProseMirrorNode): DecorationSet {
  const decorations: Decoration[] = []
  doc.descendants((node, position) => {
    if (!node.isTextblock) return true
    decorations.push(Decoration.node(position, position + node.nodeSize, { dir: 'auto' }))
    return false
  })
  return DecorationSet.create(doc, decorations)
}

/**
 * Each paragraph, heading and list item takes its direction from its own words (Arabic runs right
 * to left, English left to right) in a page of any language. Decorations, not node attributes:
 * the direction is the reader's view, and never written into the shared document.
 */
const TextFollowsItsDirection = Extension.create({
  name: 'textFollowsItsDirection',
  addProseMirrorPlugins() {
    const key = new PluginKey<DecorationSet>('textFollowsItsDirection')
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_config, state) => blockDirections(state.doc),
          apply: (transaction, previous) => (transaction.docChanged ? blockDirections(transaction.doc) : previous),
        },
        props: {
          decorations(state) {
            return key.getState(state)
          },
        },
      }),
    ]
  },
})

export interface SectionEditor {
  element: HTMLElement
  editor: Editor
  setEditable(editable: boolean): void
  destroy(): void
}

function caret(user: Record<string, unknown>): HTMLElement {
  const colour = safeColour(user.color)
  const label = h('span', { class: 'kp-caret__label' }, safeName(user.name))
  label.style.backgroundColor = colour
  const mark = h('span', { class: 'kp-caret', 'aria-hidden': 'true' }, label)
  mark.style.borderColor = colour
  return mark
}

export function sectionEditor(
  live: LiveDocument,
  field: string,
  user: LiveUser,
  labels: { labelledBy: string; describedBy?: string },
): SectionEditor {
  const element = h('div', { class: 'kp-editor', 'data-field': field })
  const attributes = (editable: boolean): Record<string, string> => {
    const attrs: Record<string, string> = {
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-labelledby': labels.labelledBy,
      class: 'kp-editor__content',
      spellcheck: 'true',
    }
    if (labels.describedBy) attrs['aria-describedby'] = labels.describedBy
    if (!editable) attrs['aria-readonly'] = 'true'
    return attrs
  }
  const editable = live.canEdit
  const editor = new Editor({
    element,
    editable,
    extensions: [
      // Every StarterKit node and mark stays, so that text another Yjs editor wrote (a heading,
      // a code block) is shown rather than dropped. Collaboration brings its own undo history;
      // the trailing node would write an empty paragraph on opening, even for readers.
      StarterKit.configure({
        undoRedo: false,
        trailingNode: false,
        link: { openOnClick: false, autolink: false, linkOnPaste: false },
      }),
      Collaboration.configure({ document: live.doc, field }),
      CollaborationCaret.configure({ provider: live.provider, user, render: caret }),
      TextFollowsItsDirection,
    ],
    editorProps: { attributes: attributes(editable) },
  })
  element.classList.toggle('kp-editor--readonly', !editable)
  return {
    element,
    editor,
    setEditable(canEdit: boolean) {
      if (editor.isDestroyed) return
      editor.setEditable(canEdit)
      editor.setOptions({ editorProps: { attributes: attributes(canEdit) } })
      element.classList.toggle('kp-editor--readonly', !canEdit)
    },
    destroy() {
      editor.destroy()
    },
  }
}
