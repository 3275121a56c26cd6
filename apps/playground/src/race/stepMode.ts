import { probeStep, stepArrows, type RaceScene, type Trajectory } from '@descent/race';
import { formatNumber, h } from '../ui/h';
import { runColour } from '../ui/runLabel';
import type { RacerArrows } from './stepLayer';

/**
 * The step mode's arrows for every racer at the playhead: each racer's update from its
 * point at the playhead (replayed by `@descent/race`'s `probeStep`: the same optimizer,
 * gradients and noise as the race), as `stepArrows` names them. A refused run, or one that
 * stopped before the playhead, has none.
 *
 * @example
 * const arrows = stepModeArrows(scene, trajectories, 40);
 */
export function stepModeArrows(scene: RaceScene, trajectories: readonly Trajectory[], playhead: number): RacerArrows[] {
  return trajectories.map((t, i) => {
    if (t.outcome === 'refused' || playhead > t.steps) return { colour: runColour(i), arrows: [], lookahead: null };
    const probe = probeStep(scene, i, playhead);
    const { arrows, lookahead } = stepArrows(probe, scene.racers[i]!);
    return { colour: runColour(i), arrows, lookahead };
  });
}

const pair = (v: readonly [number, number]): string => `(${formatNumber(v[0])}, ${formatNumber(v[1])})`;

/**
 * The step mode in words, under the figure: for each racer the update shown, each arrow's
 * vector and the scale it is drawn at.
 *
 * @example
 * readout.replaceChildren(...stepReadout(arrows, labels, scales, 40));
 */
export function stepReadout(racers: readonly RacerArrows[], labels: readonly string[], scales: readonly number[], playhead: number): HTMLElement[] {
  return racers.map((racer, i) => {
    const parts = racer.arrows.map((a) => `${a.text} = ${pair([a.to[0] - a.from[0], a.to[1] - a.from[1]])}`);
    if (racer.lookahead !== null) parts.push(`θ̃ = ${pair(racer.lookahead)}`);
    const text = parts.length === 0 ? 'no update here' : `${parts.join(', ')}; drawn ×${formatNumber(scales[i] ?? 1)}`;
    return h('li', { 'data-run': i }, h('span', { class: 'dot', style: `background: ${racer.colour}` }), `${i + 1}. ${labels[i] ?? ''}, update ${playhead} → ${playhead + 1}: ${text}`);
  });
}
