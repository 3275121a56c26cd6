import { cpu } from '@descent/core';
import { expect, it } from 'vitest';
import { allFinite } from './finite';

it('allFinite finds a NaN or an infinity at any position, including the unrolled tail', () => {
  for (const n of [1, 4, 7, 9]) {
    expect(allFinite(cpu, cpu.fromArray(new Array(n).fill(1.5)))).toBe(true);
    for (let i = 0; i < n; i++) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const values = new Array(n).fill(-2);
        values[i] = bad;
        expect(allFinite(cpu, cpu.fromArray(values)), `n=${n} i=${i} ${bad}`).toBe(false);
      }
    }
  }
});
