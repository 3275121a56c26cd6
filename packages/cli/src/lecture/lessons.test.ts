import { describe, expect, it } from 'vitest';
import { countRises, lessonCriteria, measureLessons, optimizerLessonCriteria } from './lessons';
import type { LessonCurve } from './lessons';

const curve = (name: string, losses: number[]): LessonCurve => ({ name, evaluations: losses.map((testLoss, step) => ({ step, testLoss })) });

/** Runs shaped as the lecture describes them: every claim shows. */
const textbook: LessonCurve[] = [
  curve('lr-0.0001', [2.3, 2.28, 2.25, 2.2]),
  curve('lr-0.01', [2.3, 0.6, 0.4, 0.3]),
  curve('lr-0.1', [2.3, 0.2, 0.12, 0.14]),
  curve('lr-1', [2.3, 0.25, 0.35, 0.2, 0.3]),
  curve('lr-1-halved', [2.3, 0.25, 0.12, 0.09]),
];

describe('the lessons of the lecture', () => {
  it('countRises counts rises above the relative margin only', () => {
    expect(countRises([1, 1.05, 1.2, 1.1, 1.5], 0.1)).toBe(2);
    expect(countRises([1, 1.01, 1.02], 0.02)).toBe(0);
    expect(countRises([3], 0.1)).toBe(0);
  });

  it('every criterion shows on runs shaped as the lecture says, with the expected numbers', () => {
    const lessons = measureLessons(textbook);
    expect(lessons.map((l) => l.id)).toEqual(lessonCriteria.map((c) => c.id));
    const value = Object.fromEntries(lessons.map((l) => [l.id, l.value]));
    expect(value['low-lr-slow']).toBeCloseTo(2.2 / 0.3, 12);
    expect(value['well-chosen-lr-steady']).toBe(0);
    expect(value['high-lr-fast-start']).toBeCloseTo(0.2 / 0.6, 12);
    expect(value['high-lr-worse-end']).toBeCloseTo(0.14 / 0.12, 12);
    expect(value['very-high-lr-oscillates']).toBe(2);
    expect(value['decay-remedy']).toBeCloseTo(0.09 / 0.3, 12);
    expect(lessons.every((l) => l.observed)).toBe(true);
    expect(lessons.every((l) => l.pytorch === null)).toBe(true);
  });

  it('says not observed where a run contradicts its claim, and where a run is missing or diverged', () => {
    const flat = textbook.map((c) => (c.name === 'lr-0.1' ? curve('lr-0.1', [2.3, 0.5, 0.2, 0.1]) : c));
    const lessons = measureLessons(flat, textbook);
    const worse = lessons.find((l) => l.id === 'high-lr-worse-end')!;
    expect(worse).toMatchObject({ value: 1, observed: false, pytorch: { observed: true } });
    expect(lessons.find((l) => l.id === 'high-lr-fast-start')).toMatchObject({ observed: false });
    const missing = measureLessons(textbook.filter((c) => c.name !== 'lr-1-halved'));
    expect(missing.find((l) => l.id === 'decay-remedy')).toMatchObject({ value: null, observed: false });
    const diverged = measureLessons(textbook.map((c) => (c.name === 'lr-1' ? curve('lr-1', [2.3, Number.NaN]) : c)));
    expect(diverged.find((l) => l.id === 'very-high-lr-oscillates')).toMatchObject({ value: null, observed: false });
  });

  it('a run that never learns is not "steady", and lr 1 rising no more than lr 1e-2 is no oscillation', () => {
    const stuck = textbook.map((c) => (c.name === 'lr-0.01' ? curve('lr-0.01', [2.3, 2.2, 2.1, 2.0]) : c));
    expect(measureLessons(stuck).find((l) => l.id === 'well-chosen-lr-steady')).toMatchObject({ value: 0, observed: false });
    const bumpy = textbook.map((c) => (c.name === 'lr-0.01' ? curve('lr-0.01', [2.3, 0.6, 0.7, 0.4, 0.5, 0.3]) : c));
    expect(measureLessons(bumpy).find((l) => l.id === 'very-high-lr-oscillates')).toMatchObject({ value: 0, observed: false });
  });
});

describe("the lecture's advice on optimizers", () => {
  const finals = (values: Record<string, number>): LessonCurve[] => Object.entries(values).map(([name, v]) => curve(name, [2.3, v]));

  it('Adam near the best and SGD-family within 10% of Adam: both observed, with the ratios', () => {
    const lessons = measureLessons(finals({ sgd: 0.2, momentum: 0.11, nesterov: 0.12, adagrad: 0.3, rmsprop: 0.12, adam: 0.1 }), undefined, optimizerLessonCriteria);
    expect(lessons.map((l) => [l.id, l.value, l.observed])).toEqual([
      ['adam-safe-default', 1, true],
      ['also-try-sgd', 0.11 / 0.1, true],
    ]);
  });

  it('Adam far behind the best, SGD far behind Adam: neither observed; a missing run gives null', () => {
    const lessons = measureLessons(finals({ sgd: 0.5, momentum: 0.4, nesterov: 0.45, adagrad: 0.1, rmsprop: 0.12, adam: 0.2 }), undefined, optimizerLessonCriteria);
    expect(lessons.map((l) => [l.value, l.observed])).toEqual([
      [2, false],
      [2, false],
    ]);
    expect(measureLessons(finals({ adam: 0.1 }), undefined, optimizerLessonCriteria).map((l) => l.value)).toEqual([null, null]);
  });
});
