import { OPTIMIZER_NAMES, buildSchedule, optimizerEntry } from '../catalog';
import { h, formatNumber } from './h';
import type { OptionDescriptor, OptionValue } from '../state/optionValue';
import { runLr, type RunSpec } from '../state/runSpec';
import { optionControl } from './optionControl';

/** Options shown on the card itself; the rest are under "more". */
const MAIN_OPTIONS = new Set(['lr', 'momentum', 'nesterov', 'betas', 'eps', 'alpha', 'rho']);

const SCHEDULE_EXAMPLES = ['constant', 'step:100:0.5', 'exp:0.99', 'cosine:500', 'warmup:50:0.1', 'onecycle:0.1:500', 'sgdr:100:2', 'invtime:0.01'];

export interface RunCard {
  element: HTMLElement;
  /** Shows the optimizer's refusal (or clears it). */
  setError(message: string | undefined): void;
  /** Redraws the schedule preview for a new number of steps. */
  setSteps(steps: number): void;
}

/** Draws lr(step) over `steps` steps, log scale when it spans more than a decade. */
function drawSchedule(canvas: HTMLCanvasElement, lr: (step: number) => number, steps: number, colour: string): string {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return '';
  const w = canvas.width;
  const hgt = canvas.height;
  ctx.clearRect(0, 0, w, hgt);
  const values = Array.from({ length: w }, (_, i) => lr(Math.round((i / (w - 1)) * steps)));
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const log = lo > 0 && hi / lo > 10;
  const map = (v: number): number => (log ? Math.log(v) : v);
  const a = map(lo);
  const b = map(hi);
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  values.forEach((v, i) => {
    const y = b === a ? hgt / 2 : hgt - 3 - ((map(v) - a) / (b - a)) * (hgt - 6);
    if (i === 0) ctx.moveTo(i, y);
    else ctx.lineTo(i, y);
  });
  ctx.stroke();
  return `lr from ${formatNumber(values[0] ?? NaN)} to ${formatNumber(values[values.length - 1] ?? NaN)}, between ${formatNumber(lo)} and ${formatNumber(hi)}${log ? ' (log scale)' : ''}`;
}

/**
 * The card of one racing optimizer: algorithm, every option from the registry's descriptors,
 * the lr schedule with a preview, remove; and, when `decorate` is given, what it draws for
 * the run (the race's update rule), redrawn on every change.
 */
export function runCard(
  run: RunSpec,
  index: number,
  colour: string,
  steps: number,
  onChange: (run: RunSpec) => void,
  onRemove: () => void,
  /** Shown under the header (`head`) and atop the controls (`body`), redrawn on every change of the run (the race's update rule and its note). */
  decorate?: (run: RunSpec) => { head: Node; body?: Node },
): RunCard {
  const entry = optimizerEntry(run.name);
  const specs = (entry?.options ?? []) as readonly OptionDescriptor[];
  const valueOf = (spec: OptionDescriptor): OptionValue => run.options[spec.name] ?? (spec.default as OptionValue);
  const error = h('p', { class: 'error', role: 'status', hidden: true });
  const previewText = h('span', { class: 'sr-only' });
  const preview = h('canvas', { width: 160, height: 36, class: 'schedule-preview', role: 'img', 'aria-label': 'learning-rate schedule' });
  let currentSteps = steps;
  const redrawPreview = (): void => {
    let fn: (s: number) => number = () => runLr(run, specs);
    if (run.schedule !== '') {
      try {
        fn = buildSchedule(run.schedule, runLr(run, specs));
      } catch {
        // The schedule box shows the error; the preview keeps the constant.
      }
    }
    const text = drawSchedule(preview, fn, currentSteps, colour);
    preview.setAttribute('aria-label', `learning-rate schedule: ${text}`);
  };
  const decoration = h('div', { class: 'decoration' });
  const decorationBody = h('div', { class: 'decoration-note' });
  const redecorate = (): void => {
    if (decorate === undefined) return;
    const { head, body } = decorate(run);
    decoration.replaceChildren(head);
    decorationBody.replaceChildren(...(body === undefined ? [] : [body]));
  };
  // While a slider is dragged the decoration (typeset TeX, new DOM to lay out) is redrawn
  // just after the frame that shows the new paths, so that frame only paints canvases.
  let pending = false;
  const redecorateSoon = (): void => {
    if (decorate === undefined || pending) return;
    pending = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        pending = false;
        redecorate();
      }, 0),
    );
  };
  const changed = (): void => {
    redrawPreview();
    redecorateSoon();
    onChange(run);
  };
  const controls = specs.filter((s) => s.name !== 'maximize').map((spec) => {
    const control = optionControl(spec, valueOf(spec), (value) => {
      run.options[spec.name] = value;
      changed();
    });
    return { spec, control };
  });
  const scheduleId = `schedule-${index}-${Math.random().toString(36).slice(2, 7)}`;
  const scheduleInput = h('input', { type: 'text', id: scheduleId, value: run.schedule, placeholder: 'constant', list: 'schedule-examples', spellcheck: false, class: 'schedule' });
  const scheduleError = h('span', { class: 'error small', role: 'status' });
  scheduleInput.addEventListener('change', () => {
    const text = scheduleInput.value.trim();
    if (text === '' || text === 'constant') {
      run.schedule = '';
      scheduleInput.removeAttribute('aria-invalid');
      scheduleError.textContent = '';
      changed();
      return;
    }
    try {
      buildSchedule(text, runLr(run, specs));
      run.schedule = text;
      scheduleInput.removeAttribute('aria-invalid');
      scheduleError.textContent = '';
      changed();
    } catch (e) {
      scheduleInput.setAttribute('aria-invalid', 'true');
      scheduleError.textContent = (e as Error).message;
    }
  });
  const select = h('select', { 'aria-label': `optimizer ${index + 1} algorithm` }, ...OPTIMIZER_NAMES.map((name) => h('option', { value: name, selected: name === run.name }, optimizerEntry(name)?.title ?? name)));
  select.addEventListener('change', () => {
    // Another algorithm: its own defaults (a good lr for SGD is not one for Adam), same schedule.
    onChange({ name: select.value, options: {}, schedule: run.schedule });
  });
  // Two parts, so a page can lay the heads (algorithm and update rule) out apart from the controls.
  const element = h(
    'section',
    { class: 'run-card', style: `--run: ${colour}`, 'aria-label': `optimizer ${index + 1}` },
    h(
      'div',
      { class: 'card-head' },
      h(
        'header',
        {},
        h('span', { class: 'swatch', 'aria-hidden': 'true' }, String(index + 1)),
        select,
        h('button', { type: 'button', class: 'icon', title: 'Remove this optimizer', 'aria-label': `remove optimizer ${index + 1}`, onclick: onRemove }, '×'),
      ),
      decorate === undefined ? null : decoration,
    ),
    h(
      'div',
      { class: 'card-body', 'data-n': String(index + 1) },
      decorate === undefined ? null : decorationBody,
      ...controls.filter((c) => MAIN_OPTIONS.has(c.spec.name)).map((c) => c.control),
      h('div', { class: 'control' }, h('label', { for: scheduleId }, 'schedule'), scheduleInput),
      scheduleError,
      h('div', { class: 'preview-row' }, preview, previewText),
      controls.some((c) => !MAIN_OPTIONS.has(c.spec.name))
        ? h('details', {}, h('summary', {}, 'more options'), ...controls.filter((c) => !MAIN_OPTIONS.has(c.spec.name)).map((c) => c.control))
        : null,
      error,
    ),
  );
  redrawPreview();
  redecorate();
  return {
    element,
    setError(message) {
      // Untouched when unchanged: a slider change should not dirty the card's layout.
      if ((message ?? '') === error.textContent && error.hidden === (message === undefined)) return;
      error.hidden = message === undefined;
      error.textContent = message ?? '';
    },
    setSteps(n) {
      if (n !== currentSteps) {
        currentSteps = n;
        redrawPreview();
      }
    },
  };
}

/** The `<datalist>` of schedule examples the schedule boxes offer. */
export function scheduleExamples(): HTMLElement {
  return h('datalist', { id: 'schedule-examples' }, ...SCHEDULE_EXAMPLES.map((s) => h('option', { value: s })));
}
