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
  const formula = typeset(h('div', { class: 'rule-tex' }), alignedTex(rule.lines), true);
  const noteId = `rule-note-${++notes}`;
  const note = h('p', { class: 'rule-note', id: noteId }, rule.note);
  const element = h('figure', { class: 'rule', style: `color: ${colour}`, 'aria-label': 'update rule', 'aria-describedby': noteId }, formula);
  if (lrAt === undefined) return { element, note, showStep: () => undefined };
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
  return { element, note, showStep };
}
