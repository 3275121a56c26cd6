import { cpu, cpuData } from '@descent/core';
import { withNoise } from '@descent/datasets';
import { RACER_SHAPE, createRacer, racerEntry } from './createRacer';
import type { RaceScene, Racer } from './raceTypes';

/** A point or a vector of the plane, `[x, y]`. */
export type Vec = [number, number];

/** One update of one racer, seen from inside: where it was, what it was fed, what it kept, where it went. */
export interface StepProbe {
  /** The update looked at: from point `step` to point `step + 1`. */
  step: number;
  point: Vec;
  /** The gradient the optimizer was given (gradient noise included). */
  gradient: Vec;
  /** The lr of this update. */
  lr: number;
  /** The point after the update; null when the run has no update `step` (it ended). */
  next: Vec | null;
  /** The optimizer's state buffers (x, y) before and after the update, by torch-like name (`momentumBuffer`, `expAvg`, ...). */
  before: Record<string, Vec>;
  after: Record<string, Vec>;
}

/** An arrow of the step mode, in the surface's coordinates. */
export interface StepArrow {
  kind: 'gradient' | 'momentum' | 'step';
  /** The lecture's name for it, in TeX: `-\nu\nabla`, `\mu\mathbf{v}`, ... */
  tex: string;
  /** The same as plain text for a canvas label: `−ν∇`, `μv`, `Δθ`. */
  text: string;
  from: Vec;
  to: Vec;
}

function buffersOf(state: ReturnType<ReturnType<typeof createRacer>['stateDict']>): Record<string, Vec> {
  const out: Record<string, Vec> = {};
  const param = state.params.xy;
  if (param === undefined) return out;
  for (const [name, tensor] of Object.entries(param.buffers)) out[name] = [tensor.data[0] as number, tensor.data[1] as number];
  return out;
}

/**
 * Replays racer `index` of `scene` (the same optimizer, gradients and noise stream as
 * `runRace`) up to point `step` and records update `step` from inside: the gradient fed, the
 * lr, the state buffers before and after, the next point. What the step mode draws.
 *
 * @throws the racer's error when its options are refused.
 * @example
 * const probe = probeStep(scene, 1, 40); // momentum's 41st update
 */
export function probeStep(scene: RaceScene, index: number, step: number): StepProbe {
  const racer = scene.racers[index] as Racer;
  const position = cpu.fromArray([scene.start[0], scene.start[1]], RACER_SHAPE, 'xy');
  const gradient = cpu.zeros(RACER_SHAPE, 'xy');
  const p = cpuData(position);
  const g = cpuData(gradient);
  const noise = scene.noise ?? 0;
  const field = noise > 0 ? withNoise(scene.surface, { std: noise, seed: scene.seed ?? 0 }) : scene.surface;
  const out = new Float64Array(2);
  const optimizer = createRacer(racer, { xy: position });
  try {
    for (let t = 0; ; t++) {
      const point: Vec = t === 0 ? [scene.start[0], scene.start[1]] : [p[0] as number, p[1] as number];
      field.grad(p[0] as number, p[1] as number, out);
      g[0] = out[0] as number;
      g[1] = out[1] as number;
      const finite = Number.isFinite(out[0]) && Number.isFinite(out[1]);
      if (t === step || !finite || t >= scene.steps) {
        const before = buffersOf(optimizer.stateDict());
        const lr = optimizer.lr;
        if (!finite || t >= scene.steps) return { step: t, point, gradient: [out[0] as number, out[1] as number], lr, next: null, before, after: {} };
        optimizer.step([gradient]);
        return { step: t, point, gradient: [out[0] as number, out[1] as number], lr, next: [p[0] as number, p[1] as number], before, after: buffersOf(optimizer.stateDict()) };
      }
      optimizer.step([gradient]);
    }
  } finally {
    optimizer.dispose();
    cpu.dispose(position);
    cpu.dispose(gradient);
  }
}

const num = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/**
 * The arrows of the step mode for a probed update, in the lecture's terms:
 * the gradient step `-ν∇` (what plain SGD would do from here), the carried momentum (SGD's
 * `μv`, torch's `-lr μ b`; the Adam family's smoothed gradient `-ν m̂`; Muon's and Lion's
 * `-ν m`), the actual step `Δθ`, and for Nesterov the look-ahead point `θ + μv` where the
 * lecture evaluates the gradient.
 *
 * @example
 * const { arrows, lookahead } = stepArrows(probeStep(scene, 1, 40), scene.racers[1]);
 */
export function stepArrows(probe: StepProbe, racer: Racer): { arrows: StepArrow[]; lookahead: Vec | null } {
  const { point, gradient, lr } = probe;
  const at = (d: Vec): Vec => [point[0] + d[0], point[1] + d[1]];
  const arrows: StepArrow[] = [{ kind: 'gradient', tex: '-\\nu\\nabla', text: '−ν∇', from: point, to: at([-lr * gradient[0], -lr * gradient[1]]) }];
  const found = racerEntry(racer.name);
  const options = { ...(found?.entry.defaults ?? {}), ...(found?.implied ?? {}), ...racer.options };
  const algorithm = found?.entry.name ?? racer.name;
  let lookahead: Vec | null = null;
  const buf = probe.before.momentumBuffer;
  if (algorithm === 'sgd' && buf !== undefined) {
    const mu = num(options.momentum, 0);
    const carried: Vec = [-lr * mu * buf[0], -lr * mu * buf[1]];
    arrows.push({ kind: 'momentum', tex: '\\mu\\mathbf{v}', text: 'μv', from: point, to: at(carried) });
    if (options.nesterov === true) lookahead = at(carried);
  } else if (probe.after.expAvg !== undefined) {
    const m = probe.after.expAvg;
    const betas = options.betas as readonly number[] | undefined;
    // The Adam family's bias correction 1 - β1^t; Lion's momentum is used as it is.
    const corrected = algorithm !== 'lion' && Array.isArray(betas);
    const scale = corrected ? 1 / (1 - num(betas[0], 0.9) ** (probe.step + 1)) : 1;
    arrows.push({ kind: 'momentum', tex: corrected ? '-\\nu\\hat{\\mathbf{m}}' : '-\\nu\\mathbf{m}', text: corrected ? '−νm̂' : '−νm', from: point, to: at([-lr * scale * m[0], -lr * scale * m[1]]) });
  } else if (probe.after.momentumBuffer !== undefined) {
    const m = probe.after.momentumBuffer;
    arrows.push({ kind: 'momentum', tex: '-\\nu\\mathbf{m}', text: '−νm', from: point, to: at([-lr * m[0], -lr * m[1]]) });
  }
  if (probe.next !== null) arrows.push({ kind: 'step', tex: '\\Delta\\theta', text: 'Δθ', from: point, to: probe.next });
  return { arrows, lookahead };
}
