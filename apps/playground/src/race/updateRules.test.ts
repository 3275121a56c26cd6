import katex from 'katex';
import { surfaces } from '@descent/datasets';
import { optimizerNames } from '@descent/optimizers';
import { describe, expect, it } from 'vitest';
import { alignedTex } from '../ui/tex';
import { LR_SLOT, texNumber, updateRule } from './updateRules';

const render = (tex: string): string => katex.renderToString(tex, { throwOnError: true, strict: 'error', output: 'html' });

describe('update rules in the lecture’s notation', () => {
  it('writes numbers as TeX', () => {
    expect(texNumber(0.001)).toBe('0.001');
    expect(texNumber(0.9)).toBe('0.9');
    expect(texNumber(1e-8)).toBe('10^{-8}');
    expect(texNumber(2e-6)).toBe('2{\\times}10^{-6}');
    expect(texNumber(0)).toBe('0');
  });

  const variants: Array<[string, Record<string, unknown>]> = [
    ['sgd', {}],
    ['sgd', { momentum: 0.9 }],
    ['sgd', { momentum: 0.9, nesterov: true }],
    ['sgd', { weightDecay: 0.01 }],
    ['rmsprop', { centered: true, momentum: 0.5 }],
    ['adam', { amsgrad: true }],
    ...optimizerNames.map((n): [string, Record<string, unknown>] => [n, {}]),
  ];
  for (const [name, options] of variants) {
    it(`${name} ${JSON.stringify(options)}: KaTeX typesets it (strict), with a note`, () => {
      const rule = updateRule(name, options);
      expect(rule.lines.length).toBeGreaterThan(0);
      expect(rule.note.length).toBeGreaterThan(20);
      const html = render(alignedTex(rule.lines));
      expect(html).toContain('katex');
      // No TeX left as text: no backslash in what the reader sees.
      expect(html.replace(/<[^>]+>/g, '')).not.toMatch(/\\[a-z]/i);
    });
  }

  it('fills in the card’s values, each above its symbol, and follows the options', () => {
    const sgd = alignedTex(updateRule('sgd', { lr: 0.01 }).lines);
    expect(sgd).toContain('\\underset{\\nu}{0.01}');
    const momentum = alignedTex(updateRule('sgd', { lr: 0.01, momentum: 0.5 }).lines);
    expect(momentum).toContain('\\underset{\\mu}{0.5}');
    expect(momentum).toContain('\\mathbf{v}^{[t+1]}');
    const nesterov = updateRule('sgd', { momentum: 0.9, nesterov: true });
    expect(alignedTex(nesterov.lines)).toContain('\\tilde{\\theta}');
    const adam = alignedTex(updateRule('adam', { lr: 0.05, betas: [0.8, 0.99] }).lines);
    expect(adam).toContain('\\underset{\\beta_1}{0.8}');
    expect(adam).toContain('\\underset{\\beta_2}{0.99}');
    expect(adam).toContain('\\underset{\\epsilon}{10^{-8}}');
    expect(updateRule('muon', {}).note).toMatch(/1×2 matrix/);
  });

  it('a scheduled lr is ν_t, its number in the slot the card refills as the playhead moves', () => {
    const rule = alignedTex(updateRule('adamw', { lr: 0.004, weightDecay: 0.01 }, true).lines);
    // AdamW's ν appears twice (the step and the decoupled decay): both are the scheduled value.
    expect(rule.match(new RegExp(`\\\\underset\\{\\\\nu_t\\}\\{\\\\htmlClass\\{${LR_SLOT}\\}\\{0\\.004\\}\\}`, 'g'))).toHaveLength(2);
    const html = katex.renderToString(rule, { throwOnError: true, output: 'html', trust: (context) => context.command === '\\htmlClass' });
    expect(html.match(new RegExp(`class="enclosing ${LR_SLOT}"`, 'g'))).toHaveLength(2);
    expect(alignedTex(updateRule('adamw', { lr: 0.004 }).lines)).not.toContain('htmlClass');
  });

  it('every surface formula typesets (no raw TeX on the page)', () => {
    for (const surface of Object.values(surfaces)) {
      const html = render(surface.formula);
      expect(html.replace(/<[^>]+>/g, ''), surface.name).not.toMatch(/\\[a-z]/i);
    }
  });
});
