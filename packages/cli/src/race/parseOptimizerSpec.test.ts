import { isDescentError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { racerSpec } from './catalog';

describe('parseOptimizerSpec (through the optimizer registry)', () => {
  it('types numbers, booleans, pairs and choices after the option descriptors', () => {
    expect(racerSpec('momentum:lr=0.01,momentum=0.9')).toEqual({ name: 'momentum', options: { lr: 0.01, momentum: 0.9 }, label: 'momentum lr=0.01 momentum=0.9' });
    expect(racerSpec('sgd:nesterov=true,momentum=0.5').options).toEqual({ nesterov: true, momentum: 0.5 });
    expect(racerSpec('adam:betas=0.8/0.99').options).toEqual({ betas: [0.8, 0.99] });
    expect(racerSpec('adam:betas=[0.8,0.99],lr=1e-3').options).toEqual({ betas: [0.8, 0.99], lr: 1e-3 });
    expect(racerSpec('adam:epsPlacement=lecture').options).toEqual({ epsPlacement: 'lecture' });
  });

  it('uses label=TEXT as the racer\'s name and the bare name without options', () => {
    expect(racerSpec('adam:lr=0.1,label=Adam fast').label).toBe('Adam fast');
    expect(racerSpec('lion')).toEqual({ name: 'lion', options: {}, label: 'lion' });
  });

  it.each([
    ['nope:lr=1', /unknown optimizer 'nope', expected one of sgd, .*momentum, nesterov/],
    ['adam:lr', /expected KEY=VALUE, got 'lr'/],
    ['adam:lr=fast', /lr must be a finite number, got 'fast'/],
    ['adam:gamma=2', /unknown option 'gamma' for adam, expected one of lr, betas/],
    ['sgd:nesterov=yes', /nesterov must be true or false, got 'yes'/],
    ['adam:betas=0.9', /betas must be a pair A\/B or \[A,B\], got '0.9'/],
    ['adam:lr=1,lr=2', /option 'lr' given twice/],
    ['adam:epsPlacement=nowhere', /epsPlacement must be one of/],
    ['adam:', /expected KEY=VALUE options after 'adam:', got none/],
    ['adam:lr=0.1,,label=x', /expected KEY=VALUE between commas, got an empty item/],
    ['adam:lr=0.1,', /got an empty item/],
    ['adam:label=', /label must not be empty/],
    ['adam:label=a,label=b', /option 'label' given twice/],
  ])('rejects %s with INVALID_ARGUMENT', (text, message) => {
    let error: unknown;
    try {
      racerSpec(text);
    } catch (e) {
      error = e;
    }
    expect(isDescentError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toMatch(/^parseOptimizerSpec: in '/);
    expect((error as Error).message).toMatch(message);
  });
});
