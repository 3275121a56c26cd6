import { buildSchedule, optimizerEntry } from '../catalog';
import type { OptionDescriptor } from '../state/optionValue';
import { runLr, type RunSpec } from '../state/runSpec';
import { h } from '../ui/h';
import { alignedTex, typeset, typesetInto } from '../ui/tex';
import { LR_SLOT, texNumber, updateRule } from './updateRules';

/** A run's typeset update rule, and what moves it with the playhead. */
export interface RuleBlock {
  /** The typeset rule (and, with a schedule, the step its lr is shown at). */
  element: HTMLElement;
  /** What the rule does, in a sentence (the rule's description). */
  note: HTMLElement;
  /** The TeX the rule shows (with a schedule, the lr at the step it was typeset for). */
  tex: string;
  /**
   * Shows the lr of the update from the playhead's point (step `step`) to the next: with a
   * schedule, the rule's ν_t becomes the schedule's value at `step` and the card says which
   * step; a constant lr does not move. Touches the page only when the number shown changes.
   */
  showStep(step: number): void;
}

let notes = 0;

/**
 * A run's update rule as its card shows it: the lecture's equations typeset by KaTeX with the
 * card's current values above their symbols, in the run's colour (the colour of its path),
 * and a sentence on what the rule does (`note`, shown apart). A scheduled lr is written ν_t, with its value at the
 * playhead ({@link RuleBlock.showStep}).
 *
 * @example
 * const rule = ruleBlock({ name: 'adam', options: { lr: 0.05 }, schedule: 'warmup:50:0.1' }, '#ffd23f', 120);
 * card.append(rule.element, rule.note);
 * rule.showStep(121);
 */
export function ruleBlock(run: RunSpec, colour: string, step = 0): RuleBlock {
  let lrAt: ((step: number) => number) | undefined;
  if (run.schedule !== '') {
    try {
      lrAt = buildSchedule(run.schedule, runLr(run, (optimizerEntry(run.name)?.options ?? []) as readonly OptionDescriptor[]));
    } catch {
      // The card's schedule box says what is wrong; the rule shows the constant lr.
    }
  }
  const options = lrAt === undefined ? run.options : { ...run.options, lr: lrAt(step) };
  const rule = updateRule(run.name, options, lrAt !== undefined);
  const tex = alignedTex(rule.lines);
  const formula = typeset(h('div', { class: 'rule-tex' }), tex, true);
  const noteId = `rule-note-${++notes}`;
  const note = h('p', { class: 'rule-note', id: noteId }, rule.note);
  const element = h('figure', { class: 'rule', style: `color: ${colour}`, 'aria-label': 'update rule', 'aria-describedby': noteId }, formula);
  if (lrAt === undefined) return { element, note, tex, showStep: () => undefined };
  const schedule = lrAt;
  const stepNote = h('p', { class: 'rule-note rule-step' });
  element.append(stepNote);
  const slots = Array.from(formula.querySelectorAll(`.${LR_SLOT}`));
  // The MathML copy (what a screen reader reads): ν's number is the <mn> under each ν_t.
  const spoken = Array.from(formula.querySelectorAll('munder')).filter((m) => m.lastElementChild?.textContent === 'νt');
  let shownStep = -1;
  let shownTex = texNumber(schedule(step));
  const showStep = (at: number): void => {
    if (at !== shownStep) {
      shownStep = at;
      stepNote.textContent = `ν_t at step ${at} (the playhead), schedule ${run.schedule}`;
    }
    const tex = texNumber(schedule(at));
    if (tex === shownTex) return;
    shownTex = tex;
    for (const slot of slots) typesetInto(slot, tex);
    for (const m of spoken) {
      const number = m.querySelector('mn');
      if (number !== null) number.textContent = String(Number(schedule(at).toPrecision(3)));
    }
  };
  showStep(step);
  return { element, note, tex, showStep };
}

/** A value written above its symbol (`\\underset{symbol}{value}`, {@link updateRule}'s way), its value as the second group. */
const VALUE = /\\underset\{((?:[^{}]|\{[^{}]*\})*)\}\{([^{}]*)\}/g;
/** A value whose TeX is a plain decimal: KaTeX sets it as one text node, every digit of the same height, so only that text differs when it changes. */
const PLAIN = /^\d+(?:\.\d+)?$/;

/**
 * Shows the rule of `run` (unscheduled) in `block` (an unscheduled rule) by rewriting, in
 * place, the values that changed, when every one of them is a plain decimal before and after
 * (an lr slider moving from 0.001 to 0.00126): their text in the typeset HTML and in the
 * MathML, and the TeX annotation, so the block reads exactly as the rule typeset afresh,
 * without typesetting the whole formula again (a dragged slider does this every frame).
 * Returns false, writing nothing, when anything else changed (another line, a value
 * written `2×10⁻⁶`): then the rule is typeset afresh.
 *
 * @example
 * if (!rewriteRule(shown, { name: 'sgd', options: { lr: 0.00126 }, schedule: '' })) shown = ruleBlock(run, colour);
 */
export function rewriteRule(block: RuleBlock, run: RunSpec): boolean {
  if (run.schedule !== '') return false;
  const rule = updateRule(run.name, run.options);
  const tex = alignedTex(rule.lines);
  if (tex === block.tex) return true;
  const before = [...block.tex.matchAll(VALUE)];
  const after = [...tex.matchAll(VALUE)];
  const skeleton = (text: string): string => text.replace(VALUE, (_all, symbol: string) => `\\underset{${symbol}}{}`);
  if (before.length !== after.length || skeleton(block.tex) !== skeleton(tex)) return false;
  const changed = after.map((m, k) => k).filter((k) => after[k]?.[2] !== before[k]?.[2]);
  if (!changed.every((k) => PLAIN.test(before[k]?.[2] ?? '') && PLAIN.test(after[k]?.[2] ?? ''))) return false;
  // Each value's text in the HTML (the \\underset's body: the op-limits box's `mop`) and in
  // the MathML (the munder's first child); each must read the old value, else nothing is written.
  const html = Array.from(block.element.querySelectorAll('.katex-html .op-limits'));
  const mathml = Array.from(block.element.querySelectorAll('.katex-mathml munder'));
  if (html.length !== before.length || mathml.length !== before.length) return false;
  const writes: Array<[Node, string]> = [];
  for (const k of changed) {
    const old = before[k]?.[2] as string;
    const box = Array.from(html[k]?.querySelectorAll('.mop') ?? []).find((e) => e.textContent === old && e.childNodes.length === 1);
    const number = mathml[k]?.firstElementChild;
    if (box?.firstChild?.nodeType !== Node.TEXT_NODE || number?.textContent !== old) return false;
    writes.push([box.firstChild, after[k]?.[2] as string]);
    const mn = number.querySelector('mn') ?? number;
    if (mn.childNodes.length !== 1 || mn.firstChild?.nodeType !== Node.TEXT_NODE) return false;
    writes.push([mn.firstChild, after[k]?.[2] as string]);
  }
  const annotation = block.element.querySelector('.katex-mathml annotation');
  if (annotation?.firstChild?.nodeType !== Node.TEXT_NODE || annotation.textContent !== block.tex) return false;
  writes.push([annotation.firstChild, tex]);
  for (const [node, text] of writes) (node as Text).data = text;
  if (block.note.textContent !== rule.note) block.note.textContent = rule.note;
  block.tex = tex;
  return true;
}
