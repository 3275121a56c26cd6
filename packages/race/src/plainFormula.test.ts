import { surfaces } from '@descent/datasets';
import { describe, expect, it } from 'vitest';
import { plainFormula } from './plainFormula';

describe('plainFormula', () => {
  it('turns the surfaces\' TeX into readable text', () => {
    expect(plainFormula(surfaces.valley.formula)).toBe('f = 0.05 x² + 5 (y - 0.5 sin(x/2))²');
    expect(plainFormula(surfaces.beale.formula)).toBe('f = (1.5 - x + xy)² + (2.25 - x + xy²)² + (2.625 - x + xy³)²');
    expect(plainFormula('\\frac{1}{2} x^{10} \\cdot \\pi')).toBe('(1)/(2) x^(10) · π');
  });
});
