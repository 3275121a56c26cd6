import { formatNumber, h } from '../ui/h';
import { runColour, runLabel } from '../ui/runLabel';
import type { RunReference } from './lectureReference';
import { lessonOf } from './lectureLessons';
import { BLOW_UP, type RunProgress } from './runProgress';

function statusText(r: RunProgress): string {
  if (r.status === 'diverged') return `diverged at step ${r.divergedAt ?? '?'} (loss not finite)`;
  if (r.status === 'failed') return `failed: ${r.error ?? ''}`;
  return `${r.status}${r.blewUpAt === undefined ? '' : ` · blew up at step ${r.blewUpAt} (loss > ${BLOW_UP}× its start)`}`;
}

const isBad = (r: RunProgress): boolean => r.status === 'diverged' || r.status === 'failed' || r.blewUpAt !== undefined;

/** The results table: each run's step, smoothed loss, last test accuracy and status. */
export class ResultsTable {
  readonly element: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;

  constructor() {
    this.body = h('tbody');
    this.element = h(
      'table',
      { class: 'runs-table', id: 'exp-results' },
      h('caption', { class: 'sr-only' }, 'runs'),
      h('thead', {}, h('tr', {}, h('th', {}, 'run'), h('th', {}, 'step'), h('th', {}, 'loss (EMA)'), h('th', {}, 'test accuracy'), h('th', {}, 'status'))),
      this.body,
    );
  }

  render(runs: readonly RunProgress[]): void {
    this.body.replaceChildren(
      ...runs.map((r, i) => {
        const last = r.evaluations[r.evaluations.length - 1];
        return h(
          'tr',
          { 'data-status': r.status, 'data-diverged': isBad(r) ? 'true' : 'false' },
          h('td', {}, h('span', { class: 'dot', style: `background: ${runColour(i)}` }), `${i + 1}. ${runLabel(r.spec)}`),
          h('td', {}, String(r.losses.length)),
          h('td', {}, r.smoothed.length === 0 ? '—' : formatNumber(r.smoothed[r.smoothed.length - 1] as number)),
          h('td', {}, last === undefined ? '—' : `${(100 * last.accuracy).toFixed(1)}%`),
          h('td', { class: isBad(r) ? 'bad' : '' }, statusText(r)),
        );
      }),
    );
  }
}

/**
 * The lessons of the lecture's runs, under the charts: the lecture's claim, where to look,
 * and the run's figures now beside PyTorch's at the same step.
 */
export class LessonCaptions {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;

  constructor() {
    this.list = h('ul', { class: 'lessons', id: 'exp-lessons' });
    this.element = h('section', { class: 'exp-lessons', 'aria-labelledby': 'exp-lessons-title' }, h('h2', { id: 'exp-lessons-title' }, 'What each curve should teach'), this.list);
  }

  render(runs: readonly RunProgress[], references: ReadonlyArray<RunReference | undefined>): void {
    const items = runs.flatMap((r, i) => {
      const lesson = lessonOf(r.spec);
      if (lesson === undefined) return [];
      const step = r.losses.length;
      const ref = references[i];
      const now = step === 0 ? 'Not trained yet.' : `Now: loss ${formatNumber(r.smoothed[step - 1] as number)} at step ${step}`;
      const pytorch = ref === undefined || step === 0 || ref.smoothed[step - 1] === undefined ? '' : `; PyTorch at that step: ${formatNumber(ref.smoothed[step - 1] as number)}`;
      return [
        h(
          'li',
          { 'data-run': i },
          h('span', { class: 'dot', style: `background: ${runColour(i)}` }),
          h('strong', {}, `${i + 1}. ${runLabel(r.spec)}: `),
          `${lesson.claim} Watch for ${lesson.watch} `,
          h('span', { class: 'lesson-now' }, `${now}${pytorch}${step === 0 ? '' : '.'}`),
        ),
      ];
    });
    this.element.hidden = items.length === 0;
    this.list.replaceChildren(...items);
  }
}
