import katex from 'katex';
import 'katex/dist/katex.min.css';

/**
 * Typesets TeX into `element` with KaTeX (HTML output, with MathML for screen readers).
 * Throws on TeX KaTeX cannot read: every formula the playground shows is checked by a unit
 * test, so a raw `\tfrac12` never reaches the page.
 *
 * @param display - display style (a block, larger fractions); default inline.
 * @example
 * typeset(h('span'), '\\theta^{[t+1]} = \\theta^{[t]} - \\nu\\nabla');
 */
export function typeset<E extends HTMLElement>(element: E, tex: string, display = false): E {
  // \htmlClass only (a slot the page refills, as the scheduled lr's): no other HTML from TeX.
  katex.render(tex, element, { throwOnError: true, displayMode: display, output: 'htmlAndMathml', strict: 'ignore', trust: (context) => context.command === '\\htmlClass' });
  return element;
}

/**
 * Typesets the TeX of a number (`2{\times}10^{-6}`) into `slot`, a `\htmlClass` box of a
 * formula {@link typeset} wrote: only its HTML (the formula around it keeps its size).
 */
export function typesetInto(slot: Element, tex: string): void {
  const scratch = document.createElement('span');
  katex.render(tex, scratch, { throwOnError: true, output: 'html' });
  const html = scratch.querySelector('.katex-html');
  slot.replaceChildren(...Array.from(html?.childNodes ?? []));
}

/** Equations `left &= right` as one aligned block, as {@link typeset} takes it. */
export function alignedTex(lines: readonly string[]): string {
  return `\\begin{aligned}${lines.join('\\\\[2pt]')}\\end{aligned}`;
}
