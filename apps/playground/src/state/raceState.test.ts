import { describe, expect, it } from 'vitest';
import { optimizerCatalog, surfaceCatalog } from '../catalog';
import { splitHash } from './query';
import { decodeRace, defaultRace, encodeRace, type RaceState } from './raceState';

const decode = (hash: string) => {
  const { view, pairs } = splitHash(hash);
  expect(view).toBe('race');
  return decodeRace(pairs, surfaceCatalog, optimizerCatalog);
};

describe('race state in the URL hash', () => {
  it('round-trips the default race exactly, with no problems', () => {
    const state = defaultRace(surfaceCatalog);
    const { state: back, problems } = decode(`#${encodeRace(state, optimizerCatalog)}`);
    expect(problems).toEqual([]);
    expect(back).toEqual(state);
  });

  it('round-trips every kind of field: pairs, booleans, choices, schedules, awkward floats', () => {
    const state: RaceState = {
      surface: 'himmelblau',
      start: [-3.7, 0.1 + 0.2],
      steps: 1234,
      noise: 0.35,
      seed: 4_000_000_000,
      speed: 17,
      frame: 600,
      runs: [
        { name: 'adam', options: { lr: 0.0123456789, betas: [0.8, 0.9999], amsgrad: true, epsPlacement: 'lecture' }, schedule: 'multistep:30,60:0.1' },
        { name: 'sgd', options: { lr: 1e-5, momentum: 0.95, nesterov: true }, schedule: '{"type":"cosine","tMax":100}' },
        { name: 'lion', options: {}, schedule: 'warmup:5:0.1' },
      ],
      basin: 2,
      preset: 'noisy',
      arrows: true,
    };
    const hash = encodeRace(state, optimizerCatalog);
    const { state: back, problems } = decode(hash);
    expect(problems).toEqual([]);
    expect(back).toEqual(state);
    // Readable: commas and colons stay as they are.
    expect(hash).toContain('start=-3.7,0.30000000000000004');
    expect(hash).toContain('schedule=multistep:30,60:0.1');
    expect(hash).toContain('speed=17&frame=600&opt=');
    expect(hash).toMatch(/&basin=2&preset=noisy&arrows=1$/);
  });

  it('gives a link without optimizers the classic four at the lr tuned for its surface', () => {
    const lrs = (hash: string) => decode(hash).state.runs.map((r) => [r.name, r.options.lr, r.options.momentum]);
    expect(lrs('#race?surface=goldsteinPrice')).toEqual([
      ['sgd', 2e-6, undefined],
      ['sgd', 1e-6, 0.9],
      ['rmsprop', undefined, undefined], // 0.01, the registry's default: left out
      ['adam', 0.1, undefined],
    ]);
    expect(lrs('#race')).toEqual([
      ['sgd', 0.002, undefined],
      ['sgd', undefined, 0.9], // 0.001, the registry's default: left out
      ['rmsprop', undefined, undefined], // 0.01, likewise
      ['adam', 0.1, undefined],
    ]);
    expect(decode('#race?preset=bogus').problems).toEqual(["preset 'bogus' is unknown, no caption"]);
  });

  it('starts a link that names a lecture scene from that scene; its other fields override it', () => {
    const { state, problems } = decode('#race?preset=beale');
    expect(problems).toEqual([]);
    expect(state).toMatchObject({ surface: 'beale', start: [0.7, 1.4], steps: 500, preset: 'beale' });
    expect(state.runs.map((r) => r.name)).toEqual(['sgd', 'sgd', 'sgd', 'adagrad', 'adadelta', 'rmsprop', 'adam']);
    expect(state.runs[1]!.options).toEqual({ momentum: 0.9 });
    const noisy = decode('#race?preset=noisy&steps=100').state;
    expect(noisy).toMatchObject({ surface: 'himmelblau', noise: 10, seed: 1, steps: 100, frame: 100 });
    expect(noisy.runs[1]!.schedule).toBe('step:60:0.5');
    expect(decode(`#${encodeRace(noisy, optimizerCatalog)}`).state).toEqual(noisy);
  });

  it('keeps the animation position: frame 0 and mid-way round-trip, the end is left out', () => {
    const state = defaultRace(surfaceCatalog);
    expect(state.frame).toBe(state.steps);
    expect(encodeRace(state, optimizerCatalog)).not.toContain('frame');
    for (const frame of [0, 1, 137, 499]) {
      const hash = encodeRace({ ...state, frame }, optimizerCatalog);
      expect(hash).toContain(`&frame=${frame}&`);
      expect(decode(hash)).toEqual({ state: { ...state, frame }, problems: [] });
    }
    // Checked against the link's own steps, wherever the two stand in it.
    expect(decode('#race?frame=250&steps=300').state).toMatchObject({ steps: 300, frame: 250 });
    expect(decode('#race?steps=300').state.frame).toBe(300);
  });

  it('falls back to the whole paths on a bad frame, and says so', () => {
    for (const [hash, expected] of [
      ['#race?frame=abc', 'frame=abc'],
      ['#race?frame=-1', 'frame=-1'],
      ['#race?frame=2.5', 'frame=2.5'],
      ['#race?frame=', 'frame='],
      ['#race?frame=1e9', 'frame=1e9'],
      ['#race?frame=%zz', 'frame='],
      ['#race?steps=100&frame=101', 'frame=101: past the last step (100)'],
      ['#race?steps=abc&frame=501', 'frame=501: past the last step (500)'],
    ] as const) {
      const { state, problems } = decode(hash);
      expect(state.frame, hash).toBe(state.steps);
      expect(problems.join('\n'), hash).toContain(expected);
    }
  });

  it('an empty hash or a bare view gives the defaults', () => {
    expect(decode('#race')).toEqual({ state: defaultRace(surfaceCatalog), problems: [] });
    expect(decode('race?')).toEqual({ state: defaultRace(surfaceCatalog), problems: [] });
  });

  it('falls back field by field and says what it did', () => {
    const { state, problems } = decode(
      '#race?surface=atlantis&start=9,9,9&steps=-4&noise=lots&seed=1.5&speed=1e9&opt=adam;lr=abc;betas=0.9&opt=nope;lr=1&opt=sgd;momentum=0.5;frobnicate=2;schedule=step:x&basin=7&colour=red',
    );
    const defaults = defaultRace(surfaceCatalog);
    expect(state.surface).toBe(defaults.surface);
    expect(state.start).toEqual(defaults.start);
    expect(state.steps).toBe(defaults.steps);
    expect(state.noise).toBe(defaults.noise);
    expect(state.seed).toBe(defaults.seed);
    expect(state.speed).toBe(defaults.speed);
    expect(state.runs).toEqual([
      { name: 'adam', options: {}, schedule: '' },
      { name: 'sgd', options: { momentum: 0.5 }, schedule: '' },
    ]);
    expect(state.basin).toBe(-1);
    const text = problems.join('\n');
    for (const expected of [
      "surface 'atlantis' is unknown",
      'start=9,9,9',
      'steps=-4',
      'noise=lots',
      'seed=1.5',
      'speed=1e9',
      'lr=abc is not a valid value',
      'betas=0.9 is not a valid value',
      "unknown optimizer 'nope'",
      "unknown option 'frobnicate'",
      "schedule 'step:x' is invalid",
      'basin=7',
      "unknown field 'colour'",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('survives malformed percent-encoding and garbage', () => {
    const { state, problems } = decode('#race?surface=%E0%A4%A&opt=%&&&=&start=%zz');
    expect(state.surface).toBe('rosenbrock');
    expect(problems.length).toBeGreaterThan(0);
    expect(state.runs).toEqual([]);
  });

  it('keeps a start only inside the view box, and options only inside their range', () => {
    expect(decode('#race?surface=rosenbrock&start=100,0').problems[0]).toMatch(/start=100,0/);
    const { state, problems } = decode('#race?opt=adam;betas=0.9,1&opt=sgd;lr=0&opt=rmsprop;eps=0');
    expect(state.runs.map((r) => r.options)).toEqual([{}, { lr: 0 }, {}]);
    expect(problems).toHaveLength(2);
  });

  it('takes at most 8 optimizers', () => {
    const { state, problems } = decode(`#race?${Array.from({ length: 10 }, () => 'opt=adam').join('&')}`);
    expect(state.runs).toHaveLength(8);
    expect(problems.join()).toMatch(/at most 8/);
  });
});
