import type { RunSpec } from '../state/runSpec';
import { h } from '../ui/h';
import { alignedTex, typeset } from '../ui/tex';
import { updateRule } from './updateRules';

/**
 * A run's update rule as its card shows it: the lecture's equations typeset by KaTeX with the
 * card's current values above their symbols, in the run's colour (the colour of its path),
 * and a sentence on what the rule does.
 *
 * @example
 * card.append(ruleBlock({ name: 'adam', options: { lr: 0.05 }, schedule: '' }, '#ffd23f'));
 */
export function ruleBlock(run: RunSpec, colour: string): HTMLElement {
  const rule = updateRule(run.name, run.options);
  const formula = typeset(h('div', { class: 'rule-tex' }), alignedTex(rule.lines), true);
  const schedule = run.schedule === '' ? null : h('p', { class: 'rule-note' }, `ν follows the schedule ${run.schedule} (the value shown is its start).`);
  return h('figure', { class: 'rule', style: `color: ${colour}`, 'aria-label': 'update rule' }, formula, h('figcaption', { class: 'rule-note' }, rule.note), schedule);
}
