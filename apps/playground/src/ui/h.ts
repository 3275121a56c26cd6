type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** Creates an element: `h('button', { class: 'x', onclick: f }, 'Play')`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Array<Node | string | null | undefined>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(key.replace(/^on/, ''), value);
    else if (key in element && key !== 'list' && key !== 'role' && !key.startsWith('aria-') && !key.startsWith('data-')) (element as unknown as Record<string, unknown>)[key] = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}

/**
 * Shows `text` in `element` by writing its text node's data when the text is its only child
 * (replacing the node would re-attach it to the layout), else by setting `textContent`.
 */
export function writeText(element: Element, text: string): void {
  const node = element.firstChild;
  if (node instanceof Text && node.nextSibling === null) node.data = text;
  else element.textContent = text;
}

/** Triggers a download of `blob` as `fileName`. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Formats a number compactly for labels: 3 significant digits, exponent form when far from 1. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const a = Math.abs(value);
  if (a >= 1e4 || a < 1e-3) return value.toExponential(2).replace('e+', 'e');
  return Number(value.toPrecision(3)).toString();
}
