import { optimizerCatalog } from '../catalog';
import { encodeExperiment, type ExperimentState } from '../state/experimentState';
import { download } from '../ui/h';
import { runLabel } from '../ui/runLabel';
import type { RunProgress } from './runProgress';

/** The JSON "Export JSON" downloads: the experiment's link and state, and every step of every run. */
export interface ExperimentExport {
  format: 'descent-playground-experiment';
  link: string;
  state: ExperimentState;
  engine: string;
  runs: Array<{
    label: string;
    status: RunProgress['status'];
    losses: Array<number | null>;
    lrs: number[];
    evaluations: RunProgress['evaluations'];
    divergedAt: number | null;
    blewUpAt: number | null;
  }>;
}

/** Builds the export (JSON has no NaN: a non-finite loss is written as null). */
export function experimentExport(state: ExperimentState, runs: readonly RunProgress[], engine: string): ExperimentExport {
  const hash = encodeExperiment(state, optimizerCatalog);
  return {
    format: 'descent-playground-experiment',
    link: `${location.origin}${location.pathname}#${hash}`,
    state,
    engine,
    runs: runs.map((r) => ({
      label: runLabel(r.spec),
      status: r.status,
      losses: r.losses.map((l) => (Number.isFinite(l) ? l : null)),
      lrs: r.lrs,
      evaluations: r.evaluations,
      divergedAt: r.divergedAt ?? null,
      blewUpAt: r.blewUpAt ?? null,
    })),
  };
}

/** Downloads {@link experimentExport} as `descent-experiment.json`. */
export function exportRuns(state: ExperimentState, runs: readonly RunProgress[], engine: string): void {
  download(new Blob([JSON.stringify(experimentExport(state, runs, engine))], { type: 'application/json' }), 'descent-experiment.json');
}
