import { presets, surfaceCatalog } from '../catalog';
import { RACE_LIMITS, withLearningRate } from '../state/raceState';
import type { RunSpec } from '../state/runSpec';
import { h } from '../ui/h';
import { morphElement } from '../ui/morph';
import { runCard, scheduleExamples, type RunCard } from '../ui/runCard';
import { runColour } from '../ui/runLabel';
import { rewriteRule, ruleBlock, type RuleBlock } from './ruleBlock';

/** What the cards change: the race's runs, and the basin choice when a run is removed. */
export interface CardsHost {
  runs(): RunSpec[];
  steps(): number;
  /** The surface's name: a new card gets the lr tuned for it. */
  surface(): string;
  /** The runs changed (an option, an algorithm, an add or a remove): recompute. */
  changed(): void;
  /** Run `index` was removed. */
  removed(index: number): void;
}

/**
 * The optimizers' column: an "add optimizer" menu (every algorithm and the registry's
 * aliases, up to {@link RACE_LIMITS}.runs) and one card per run with its controls and its
 * update rule (typeset, in its path's colour, with the card's values; a scheduled lr at the
 * playhead). A new card, or a card
 * switched to another algorithm, gets the lr tuned for the surface. Keeps the keyboard focus
 * in the list when a card is replaced or removed.
 *
 * @example
 * const cards = new OptimizerCards(host);
 * cards.rebuild();
 */
export class OptimizerCards {
  readonly element: HTMLElement;
  private readonly host: CardsHost;
  private readonly list = h('div', { class: 'runs' });
  private readonly add = h('select', { id: 'add-run', 'aria-label': 'add an optimizer' }, h('option', { value: '' }, '+ add optimizer…'), ...presets().map((p, i) => h('option', { value: String(i) }, p.label)));
  private cards: RunCard[] = [];
  /** Each card's update rule, as last typeset. */
  private rules: RuleBlock[] = [];
  /** What each card's rule was typeset from (name, options, schedule), and its schedule. */
  private ruleKeys: string[] = [];
  private ruleSchedules: string[] = [];
  /** The step the picture shows: each scheduled rule writes its lr there. */
  private playhead = 0;

  constructor(host: CardsHost) {
    this.host = host;
    this.add.addEventListener('change', () => {
      const preset = presets()[Number(this.add.value)];
      this.add.value = '';
      if (preset === undefined || host.runs().length >= RACE_LIMITS.runs) return;
      host.runs().push(withLearningRate(surfaceCatalog, host.surface(), { name: preset.name, options: { ...(preset.options as RunSpec['options']) }, schedule: '' }));
      this.rebuild();
      host.changed();
    });
    this.element = h('div', { class: 'side' }, h('h2', {}, 'Optimizers'), this.list, scheduleExamples());
  }

  /** One card per run, afresh. */
  rebuild(): void {
    const host = this.host;
    this.rules = [];
    this.ruleKeys = [];
    this.ruleSchedules = [];
    this.cards = host.runs().map((run, i) =>
      runCard(
        run,
        i,
        runColour(i),
        host.steps(),
        (edited) => {
          // The card edits its own copy of the run (`run`, or a new one for another algorithm,
          // which gets the lr tuned for the surface): take it every time, since the view
          // replaces the runs with canonical copies.
          const next = edited === run ? run : withLearningRate(surfaceCatalog, host.surface(), edited);
          host.runs()[i] = next;
          if (next !== run) {
            this.rebuild();
            // The card was replaced: keep the keyboard focus on its algorithm select.
            this.cards[i]?.element.querySelector('select')?.focus();
          }
          host.changed();
        },
        () => {
          const hadFocus = this.list.contains(document.activeElement);
          host.runs().splice(i, 1);
          host.removed(i);
          this.rebuild();
          host.changed();
          // Keep the focus in the list: on the next card's remove button, else the add menu.
          if (hadFocus) ((this.cards[Math.min(i, this.cards.length - 1)]?.element.querySelector('header button') as HTMLElement | null) ?? this.add).focus();
        },
        (shown) => {
          // The rule is typeset again only when the run's options or schedule changed; an
          // unscheduled rule (its lr does not move with the playhead) is written into the
          // nodes shown, so a dragged slider changes a few text nodes, not a new subtree:
          // only the values that changed when they are plain numbers (no typesetting), else
          // the rule typeset afresh and morphed into the shown one.
          const key = JSON.stringify([shown.name, shown.options, shown.schedule]);
          const last = this.rules[i];
          if (last !== undefined && this.ruleKeys[i] === key) return { head: last.element, body: last.note };
          const unscheduled = last !== undefined && shown.schedule === '' && this.ruleSchedules[i] === '';
          this.ruleKeys[i] = key;
          if (unscheduled && rewriteRule(last, shown)) return { head: last.element, body: last.note };
          const rule = ruleBlock(shown, runColour(i), this.playhead);
          if (unscheduled && last.element.localName === rule.element.localName) {
            morphElement(last.element, rule.element);
            morphElement(last.note, rule.note);
            this.rules[i] = { element: last.element, note: last.note, tex: rule.tex, showStep: rule.showStep };
          } else this.rules[i] = rule;
          this.ruleSchedules[i] = shown.schedule;
          const shownRule = this.rules[i] as RuleBlock;
          return { head: shownRule.element, body: shownRule.note };
        },
      ),
    );
    // The menu is the list's last item: on a wide screen it takes the place after the cards' heads (styles.css).
    this.list.replaceChildren(...this.cards.map((c) => c.element), this.add);
    this.add.disabled = host.runs().length >= RACE_LIMITS.runs;
  }

  /** Shows each run's refusal (or clears it). */
  setErrors(errors: ReadonlyArray<string | undefined>): void {
    errors.forEach((error, i) => this.cards[i]?.setError(error));
  }

  /** Moves each scheduled rule's lr to step `step` (the playhead). */
  showPlayhead(step: number): void {
    this.playhead = step;
    for (const rule of this.rules) rule?.showStep(step);
  }

  /** Redraws the schedule previews for a new number of steps. */
  setSteps(steps: number): void {
    for (const card of this.cards) card.setSteps(steps);
  }
}
