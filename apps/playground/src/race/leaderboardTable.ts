import type { LeaderboardRow, Surface, Trajectory } from '@descent/race';
import type { RunSpec } from '../state/runSpec';
import { formatNumber, h, writeText } from '../ui/h';
import { runColour, runLabel } from '../ui/runLabel';

/** What a row says in its last column: where the run ended, in words. */
function ending(row: LeaderboardRow, trajectory: Trajectory, surface: Surface): string {
  switch (row.status) {
    case 'refused':
      return 'refused';
    case 'diverged':
      return `diverged at step ${trajectory.steps}`;
    case 'escaped':
      return `escaped at step ${trajectory.steps}`;
    default: {
      const m = surface.minima[row.endsAt];
      if (m !== undefined) return `${m.kind} (${formatNumber(m.x)}, ${formatNumber(m.y)})`;
      return row.status === 'reached, then left' ? 'reached, then left' : 'no minimum';
    }
  }
}

/**
 * The leaderboard of `@descent/race` as a table: rank, run (with its colour), steps to the
 * minimum, final f, where it ended.
 *
 * @example
 * const board = leaderboardTable();
 * board.update(rows, trajectories, state.runs, surface);
 */
export function leaderboardTable(): { element: HTMLTableElement; update(rows: readonly LeaderboardRow[], trajectories: readonly Trajectory[], runs: readonly RunSpec[], surface: Surface): void } {
  const body = h('tbody');
  /** What each shown row says: its run, whether it lost, its cells' texts. */
  let shown: Array<{ i: number; lost: boolean; texts: string[] }> = [];
  const element = h(
    'table',
    { class: 'leaderboard', id: 'leaderboard' },
    h('caption', {}, 'Leaderboard: steps to reach a global minimum (within 1% of the view’s diagonal), then final loss'),
    h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'optimizer'), h('th', {}, 'steps to min'), h('th', {}, 'final f'), h('th', {}, 'ends at'))),
    body,
  );
  const row = ({ i, lost, texts }: { i: number; lost: boolean; texts: string[] }): HTMLTableRowElement =>
    h(
      'tr',
      { 'data-run': i },
      h('td', {}, texts[0]),
      h('td', {}, h('span', { class: 'dot', style: `background: ${runColour(i)}` }), texts[1]),
      h('td', {}, texts[2]),
      h('td', {}, texts[3]),
      h('td', { class: lost ? 'bad' : '' }, texts[4]),
    );
  return {
    element,
    update(rows, trajectories, runs, surface) {
      const cells = rows.map((row, rank) => {
        const i = row.index;
        const t = trajectories[i] as Trajectory;
        const lost = row.status === 'diverged' || row.status === 'refused';
        return { i, lost, texts: [String(rank + 1), `${i + 1}. ${runLabel(runs[i] as RunSpec)}`, row.stepsToMinimum === null ? '—' : String(row.stepsToMinimum), row.status === 'refused' ? '—' : formatNumber(row.finalLoss), ending(row, t, surface)] };
      });
      // As many rows as shown (a slider move, even one that reorders the runs): each row is
      // rewritten in place, only what changed (its run's number and colour, the lost mark, the
      // texts), so the rows are not rebuilt (new DOM to style and lay out) every frame.
      if (cells.length !== shown.length) body.replaceChildren(...cells.map(row));
      else
        cells.forEach((c, k) => {
          const tr = body.rows[k] as HTMLTableRowElement;
          const was = shown[k] as { i: number; lost: boolean; texts: string[] };
          if (c.i !== was.i) {
            tr.dataset.run = String(c.i);
            ((tr.cells[1] as HTMLTableCellElement).firstChild as HTMLElement).style.background = runColour(c.i);
          }
          if (c.lost !== was.lost) (tr.cells[4] as HTMLTableCellElement).className = c.lost ? 'bad' : '';
          c.texts.forEach((text, j) => {
            if (text === was.texts[j]) return;
            const cell = tr.cells[j] as HTMLTableCellElement;
            // The optimizer's cell keeps its colour dot: its text is the last child.
            if (j === 1) (cell.lastChild as Text).data = text;
            else writeText(cell, text);
          });
        });
      shown = cells;
    },
  };
}
