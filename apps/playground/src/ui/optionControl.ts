import { h } from './h';
import { isValidOptionValue, type OptionDescriptor, type OptionValue } from '../state/optionValue';

/** Log-scale ranges for options that span decades. */
const LOG_RANGES: Record<string, [number, number]> = { lr: [1e-5, 10], eps: [1e-12, 1] };

let nextId = 0;

/** A slider (linear or log) beside an exact number box; both edit the same value. */
function numberControl(spec: OptionDescriptor, value: number, onChange: (v: number) => void, labelText: string): HTMLElement {
  const id = `opt-${nextId++}`;
  const log = LOG_RANGES[spec.name];
  const bounded = spec.min !== undefined && spec.max !== undefined;
  const linear: [number, number] | undefined = bounded
    ? [spec.min as number, spec.maxExclusive === true ? (spec.max as number) - 1e-3 : (spec.max as number)]
    : spec.name === 'momentum'
      ? [0, 0.99]
      : undefined;
  const box = h('input', { type: 'number', id, step: 'any', value: String(value), 'aria-label': labelText, class: 'num' });
  let slider: HTMLInputElement | undefined;
  if (log !== undefined) {
    slider = h('input', { type: 'range', min: Math.log10(log[0]), max: Math.log10(log[1]), step: 0.01, value: String(Math.log10(value)), 'aria-label': `${labelText} (log scale)` });
  } else if (linear !== undefined) {
    slider = h('input', { type: 'range', min: linear[0], max: linear[1], step: 0.001, value: String(value), 'aria-label': `${labelText} (slider)` });
  }
  const set = (v: number, from: 'box' | 'slider'): void => {
    if (!isValidOptionValue(v, spec)) {
      box.setAttribute('aria-invalid', 'true');
      return;
    }
    box.removeAttribute('aria-invalid');
    if (from === 'slider') box.value = String(v);
    else if (slider !== undefined) slider.value = String(log !== undefined ? Math.log10(v) : v);
    onChange(v);
  };
  slider?.addEventListener('input', () => {
    const raw = Number(slider.value);
    set(log !== undefined ? Number((10 ** raw).toPrecision(3)) : raw, 'slider');
  });
  box.addEventListener('change', () => set(box.value.trim() === '' ? NaN : Number(box.value), 'box'));
  return h('div', { class: 'control' }, h('label', { for: id, title: spec.description }, labelText), slider ?? '', box);
}

/**
 * A control for one optimizer option, drawn from its descriptor: numbers get a slider (log
 * for lr and eps) and a number box, pairs two of them, booleans a checkbox, choices a select.
 */
export function optionControl(spec: OptionDescriptor, value: OptionValue, onChange: (v: OptionValue) => void): HTMLElement {
  switch (spec.type) {
    case 'number':
      return numberControl(spec, value as number, onChange, spec.name);
    case 'numberPair': {
      const pair = [...(value as readonly [number, number])] as [number, number];
      // Each half is one number with the pair's bounds (checked as a number, not as a pair).
      const half = (k: 0 | 1): OptionDescriptor => ({ ...spec, type: 'number', default: (spec.default as readonly [number, number])[k] });
      return h(
        'div',
        { class: 'pair' },
        numberControl(half(0), pair[0], (v) => onChange([(pair[0] = v), pair[1]] as const), `${spec.name}[0]`),
        numberControl(half(1), pair[1], (v) => onChange([pair[0], (pair[1] = v)] as const), `${spec.name}[1]`),
      );
    }
    case 'boolean': {
      const id = `opt-${nextId++}`;
      const box = h('input', { type: 'checkbox', id, checked: value === true });
      box.addEventListener('change', () => onChange(box.checked));
      return h('div', { class: 'control check' }, box, h('label', { for: id, title: spec.description }, spec.name));
    }
    case 'choice': {
      const id = `opt-${nextId++}`;
      const select = h('select', { id }, ...(spec.choices ?? []).map((c) => h('option', { value: c, selected: c === value }, c)));
      select.addEventListener('change', () => onChange(select.value));
      return h('div', { class: 'control' }, h('label', { for: id, title: spec.description }, spec.name), select);
    }
  }
}
