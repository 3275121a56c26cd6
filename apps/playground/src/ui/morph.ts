/**
 * Makes the children of `target` equal to those of `source`, keeping every node of `target`
 * whose place, tag and attributes `source` repeats and writing only the texts and attributes
 * that differ; a node that does not match is replaced by its copy from `source`. A typeset
 * formula whose numbers changed (an lr slider moved) then costs the browser a few new text
 * nodes to lay out, not a new subtree of hundreds of elements to style.
 *
 * Returns how many nodes were written or replaced (0: `target` already showed `source`).
 *
 * @example
 * const next = typeset(document.createElement('div'), tex, true);
 * morph(shown, next); // `shown` now reads as `next`, with its own nodes where they match
 */
export function morph(target: Node, source: Node): number {
  let writes = 0;
  let to = target.firstChild;
  let from = source.firstChild;
  while (from !== null) {
    const next = from.nextSibling;
    if (to === null) {
      target.appendChild(from.cloneNode(true));
      writes++;
    } else if (!sameKind(to, from)) {
      const replaced: Node = to;
      to = to.nextSibling;
      target.replaceChild(from.cloneNode(true), replaced);
      writes++;
      from = next;
      continue;
    } else if (to.nodeType === Node.ELEMENT_NODE) {
      // Equal subtrees (most of a formula whose numbers changed) are compared natively, at once.
      if (!to.isEqualNode(from)) writes += morphAttributes(to as Element, from as Element) + morph(to, from);
    } else if (to.nodeValue !== from.nodeValue) {
      to.nodeValue = from.nodeValue;
      writes++;
    }
    to = to === null ? null : to.nextSibling;
    from = next;
  }
  // Extra nodes of `target` go.
  while (to !== null) {
    const extra: ChildNode = to as ChildNode;
    to = to.nextSibling;
    extra.remove();
    writes++;
  }
  return writes;
}

/**
 * {@link morph} for an element itself: its attributes and its children become those of
 * `source` (same tag expected), the element staying in place.
 *
 * @example
 * morphElement(shownFigure, freshFigure);
 */
export function morphElement(target: Element, source: Element): number {
  return morphAttributes(target, source) + morph(target, source);
}

/** Whether `a` can be kept in place of `b`: same node type and, for elements, same tag and namespace. */
function sameKind(a: Node, b: Node): boolean {
  if (a.nodeType !== b.nodeType) return false;
  if (a.nodeType !== Node.ELEMENT_NODE) return true;
  return (a as Element).localName === (b as Element).localName && (a as Element).namespaceURI === (b as Element).namespaceURI;
}

/** Copies the attributes of `from` that `to` lacks or has otherwise, and drops those `from` lacks; returns how many it wrote. */
function morphAttributes(to: Element, from: Element): number {
  let writes = 0;
  const wanted = from.attributes;
  for (let i = 0; i < wanted.length; i++) {
    const { name, value } = wanted[i] as Attr;
    if (to.getAttribute(name) !== value) {
      to.setAttribute(name, value);
      writes++;
    }
  }
  const had = to.attributes;
  if (had.length !== wanted.length) {
    for (let i = had.length - 1; i >= 0; i--) {
      const { name } = had[i] as Attr;
      if (!from.hasAttribute(name)) {
        to.removeAttribute(name);
        writes++;
      }
    }
  }
  return writes;
}
