import { isDescentError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { parseOptimizerSpec } from './optimizerSpec';
import { parseSetting } from './parseSetting';
import { optimizerSpecSetting } from './settingSpecs';

describe('parseOptimizerSpec (through the optimizer registry)', () => {
  it('types numbers, booleans, pairs and choices after the option descriptors', () => {
    expect(parseOptimizerSpec('momentum:lr=0.01,momentum=0.9')).toEqual({ name: 'momentum', options: { lr: 0.01, momentum: 0.9 }, label: 'momentum lr=0.01 momentum=0.9' });
    expect(parseOptimizerSpec('sgd:nesterov=true,momentum=0.5').options).toEqual({ nesterov: true, momentum: 0.5 });
    expect(parseOptimizerSpec('adam:epsPlacement=lecture').options).toEqual({ epsPlacement: 'lecture' });
  });

  it('reads a pair as two numbers and a comma, as --betas does, bare or bracketed', () => {
    expect(parseOptimizerSpec('adam:betas=0.8,0.99')).toEqual({ name: 'adam', options: { betas: [0.8, 0.99] }, label: 'adam betas=0.8,0.99' });
    expect(parseOptimizerSpec('adam:betas=0.8,0.99,lr=1e-3').options).toEqual({ betas: [0.8, 0.99], lr: 1e-3 });
    expect(parseOptimizerSpec('adam:lr=1e-3,betas=[0.8,0.99]').options).toEqual({ betas: [0.8, 0.99], lr: 1e-3 });
  });

  it('uses label=TEXT as the racer\'s name and the bare name without options', () => {
    expect(parseOptimizerSpec('adam:lr=0.1,label=Adam fast').label).toBe('Adam fast');
    expect(parseOptimizerSpec('lion')).toEqual({ name: 'lion', options: {}, label: 'lion' });
  });

  it('is one kind of setting: parseSetting reads it', () => {
    expect(parseSetting('race', optimizerSpecSetting, 'nesterov:lr=0.01')).toEqual({ name: 'nesterov', options: { lr: 0.01 }, label: 'nesterov lr=0.01' });
  });

  it.each([
    ['nope:lr=1', /unknown optimizer 'nope', expected one of sgd, .*momentum, nesterov/],
    ['adam:lr', /expected KEY=VALUE, got 'lr'/],
    ['adam:lr=fast', /lr must be a finite number, got 'fast'/],
    ['adam:gamma=2', /unknown option 'gamma' for adam, expected one of lr, betas/],
    ['sgd:nesterov=yes', /nesterov must be true or false, got 'yes'/],
    ['adam:betas=0.9', /betas must be two numbers A,B such as betas=0.9,0.999 \(or \[0.9,0.999\]\), got '0.9'/],
    ['adam:betas=0.9,lr=0.1', /betas must be two numbers A,B/],
    // The slash spelling is not a pair: it separates a sweep's alternatives.
    ['adam:betas=0.9/0.999', /betas must be two numbers A,B .*got '0.9\/0.999'/],
    ['adam:betas=[0.9,0.99,0.5]', /betas must be two numbers A,B/],
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
      parseOptimizerSpec(text);
    } catch (e) {
      error = e;
    }
    expect(isDescentError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toMatch(/^parseOptimizerSpec: in '/);
    expect((error as Error).message).toMatch(message);
  });
});
