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
  const targetChildren = target.childNodes;
  const sourceChildren = Array.from(source.childNodes);
  // Extra nodes of `target` go; missing ones are appended below.
  while (targetChildren.length > sourceChildren.length) {
    (target.lastChild as ChildNode).remove();
    writes++;
  }
  sourceChildren.forEach((from, i) => {
    const to = targetChildren[i];
    if (to === undefined) {
      target.appendChild(from.cloneNode(true));
      writes++;
    } else if (!sameKind(to, from)) {
      target.replaceChild(from.cloneNode(true), to);
      writes++;
    } else if (to.nodeType === Node.ELEMENT_NODE) {
      writes += morphAttributes(to as Element, from as Element) + morph(to, from);
    } else if (to.nodeValue !== from.nodeValue) {
      to.nodeValue = from.nodeValue;
      writes++;
    }
  });
  return writes;
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
  for (const { name, value } of Array.from(from.attributes)) {
    if (to.getAttribute(name) !== value) {
      to.setAttribute(name, value);
      writes++;
    }
  }
  for (const { name } of Array.from(to.attributes)) {
    if (!from.hasAttribute(name)) {
      to.removeAttribute(name);
      writes++;
    }
  }
  return writes;
}
