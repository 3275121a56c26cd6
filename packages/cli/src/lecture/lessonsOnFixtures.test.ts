import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LECTURE_SETUP } from './lectureSetup';
import { lessonCriteria, measureLessons } from './lessons';
import type { LessonCurve } from './lessons';
import { pytorchLectureCurves } from './pytorchCurves';

// descent's evaluations from `descent lecture` with its defaults, and PyTorch's replay of
// the same runs from the same initial weights and batch order (scripts/replay-lecture-pytorch.py).
const descent = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/descent-lecture-evaluations.json', import.meta.url)), 'utf8')) as {
  curves: LessonCurve[];
};

describe("the main job's lessons against PyTorch's replay", () => {
  it('the shipped replay is of the default setup, every step and evaluation of every run', () => {
    const pytorch = pytorchLectureCurves(LECTURE_SETUP);
    expect(pytorch?.framework).toMatch(/^PyTorch 1\./);
    expect(pytorch!.curves.map((c) => [c.name, c.losses.length, c.evaluations.length])).toEqual(LECTURE_SETUP.runs.map((r) => [r.name, 6 * 938, 1 + 6 * 4]));
    expect(pytorchLectureCurves({ ...LECTURE_SETUP, seed: 1 })).toBeUndefined();
  });

  it('every lesson is computed on both, and descent and PyTorch reach the same verdict on each', () => {
    const lessons = measureLessons(descent.curves, pytorchLectureCurves(LECTURE_SETUP)!.curves);
    expect(lessons.map((l) => l.id)).toEqual(lessonCriteria.map((c) => c.id));
    for (const lesson of lessons) {
      expect(lesson.value, lesson.id).not.toBeNull();
      expect(lesson.pytorch?.value, lesson.id).not.toBeNull();
      expect(lesson.observed, lesson.id).toBe(lesson.pytorch!.observed);
    }
    // Below lr 1 the two trajectories agree to float32 rounding, so do the numbers.
    const value = (id: string): [number | null, number | null | undefined] => {
      const l = lessons.find((x) => x.id === id)!;
      return [l.value, l.pytorch?.value];
    };
    for (const id of ['low-lr-slow', 'high-lr-fast-start', 'high-lr-worse-end']) {
      const [d, p] = value(id);
      expect(Math.abs(d! - p!) / p!, id).toBeLessThan(1e-4);
    }
  });
});
