// Building DOM nodes without HTML strings. Every piece of text goes in as a text node, so text
// that people typed can never become markup. Nothing in the app sets innerHTML.

export type Child = Node | string | number | null | undefined | false | Child[]
export type AttrValue = string | number | boolean | null | undefined | EventListener
export type Attrs = Record<string, AttrValue>

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return
  if (Array.isArray(child)) {
    for (const item of child) append(parent, item)
  } else if (child instanceof Node) {
    parent.appendChild(child)
  } else {
    parent.appendChild(document.createTextNode(String(child)))
  }
}

function setAttributes(element: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value)
    } else if (value === true) {
      element.setAttribute(name, '')
    } else {
      element.setAttribute(name, String(value))
    }
  }
}

/** An HTML element with attributes (`onclick` and the like become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  setAttributes(element, attrs)
  append(element, children)
  return element
}

const SVG_NS = 'http://www.w3.org/2000/svg'

/** An SVG element, the same way. */
export function s(tag: string, attrs?: Attrs | null, ...children: Child[]): SVGElement {
  const element = document.createElementNS(SVG_NS, tag) as SVGElement
  setAttributes(element, attrs)
  append(element, children)
  return element
}

/** Replaces everything inside `parent` with `children`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild)
  append(parent, children)
}

let nextId = 0
/** An id unique on this page, for labels and aria references. */
export function uniqueId(prefix: string): string {
  nextId += 1
  return `${prefix}-${nextId}`
}
