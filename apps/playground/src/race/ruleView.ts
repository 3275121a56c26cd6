import type { RunSpec } from '../state/runSpec';
import { h } from '../ui/h';
import { morph } from '../ui/morph';
import { alignedTex, typeset } from '../ui/tex';
import { updateRule } from './updateRules';

/**
 * A run's update rule as its card shows it: the lecture's equations typeset by KaTeX with the
 * card's current values above their symbols, in the run's colour (the colour of its path),
 * and a sentence on what the rule does.
 *
 * One element per card, kept between changes of its run: the same element comes back while
 * what it shows (the TeX, the note, the schedule) is unchanged, and a change of values is
 * written into the shown formula ({@link morph}: the numbers' text nodes change, the rest of
 * KaTeX's tree stays), so a dragged slider re-typesets only when the rule's text changed and
 * never rebuilds the card's DOM.
 *
 * @example
 * const rule = ruleView('#ffd23f');
 * card.append(rule(run)); // later: rule(run) again after a change, same element
 */
export function ruleView(colour: string): (run: RunSpec) => HTMLElement {
  const formula = h('div', { class: 'rule-tex' });
  const note = h('figcaption', { class: 'rule-note' });
  const schedule = h('p', { class: 'rule-note' });
  const element = h('figure', { class: 'rule', style: `color: ${colour}`, 'aria-label': 'update rule' }, formula, note, schedule);
  let shownTex: string | undefined;
  return (run) => {
    const rule = updateRule(run.name, run.options);
    const tex = alignedTex(rule.lines);
    if (tex !== shownTex) {
      if (shownTex === undefined) typeset(formula, tex, true);
      else morph(formula, typeset(h('div'), tex, true));
      shownTex = tex;
    }
    if (note.textContent !== rule.note) note.textContent = rule.note;
    const scheduleText = run.schedule === '' ? '' : `ν follows the schedule ${run.schedule} (the value shown is its start).`;
    if (schedule.textContent !== scheduleText) schedule.textContent = scheduleText;
    if (schedule.hidden !== (scheduleText === '')) schedule.hidden = scheduleText === '';
    return element;
  };
}
