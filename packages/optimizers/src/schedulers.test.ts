import { cpu } from '@descent/core';
import { schedule } from '@descent/schedulers';
import { expect, it } from 'vitest';
import { sgd } from './sgd';

it('takes a @descent/schedulers schedule as lr: step k uses lr(k), as a torch scheduler stepped after each optimizer.step()', () => {
  const lr = schedule({ type: 'step', stepSize: 2, gamma: 0.5, initial: 0.1 });
  const w = cpu.fromArray([0]);
  const optimizer = sgd({ w }, { lr });
  let expected = 0;
  for (let k = 0; k < 6; k++) {
    expect(optimizer.lr).toBeCloseTo(lr(k), 12);
    optimizer.step([cpu.fromArray([-1])]); // w <- w + lr(k)
    expected += lr(k);
  }
  expect(cpu.read(w)[0]).toBeCloseTo(expected, 6);
  expect(expected).toBeCloseTo(0.1 + 0.1 + 0.05 + 0.05 + 0.025 + 0.025, 12);
});
