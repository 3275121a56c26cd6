import './styles.css';
import { optimizerCatalog, surfaceCatalog } from './catalog';
import { RaceView } from './race/raceView';
import { decodeExperiment, encodeExperiment } from './state/experimentState';
import { decodeRace, defaultRace, encodeRace } from './state/raceState';
import { problemLines } from './state/problemList';
import { splitHash } from './state/query';
import { h } from './ui/h';
import type { ExperimentView } from './experiment/experimentView';

type ViewName = 'race' | 'experiment';

const main = document.querySelector('main') as HTMLElement;
const problemsBox = document.querySelector('#problems') as HTMLElement;
const tabs = Array.from(document.querySelectorAll<HTMLAnchorElement>('nav a[data-view]'));

let race: RaceView | undefined;
let experiment: ExperimentView | undefined;
let current: ViewName = 'race';

/** Rewrites the hash without a history entry and without a hashchange. */
function writeHash(hash: string): void {
  history.replaceState(null, '', `#${hash}`);
}

function showProblems(problems: string[]): void {
  problemsBox.hidden = problems.length === 0;
  problemsBox.replaceChildren(
    h('p', {}, h('strong', {}, 'Some of this link could not be read; those parts use their defaults:')),
    h('ul', {}, ...problemLines(problems).map((p) => h('li', {}, p))),
    h('button', { type: 'button', class: 'dismiss', onclick: () => showProblems([]) }, 'Dismiss'),
  );
}

function select(view: ViewName): void {
  current = view;
  for (const tab of tabs) tab.setAttribute('aria-current', tab.dataset.view === view ? 'page' : 'false');
  document.title = view === 'race' ? 'descent · optimizer race' : 'descent · learning-rate experiment';
}

async function route(): Promise<void> {
  const { view, pairs } = splitHash(location.hash);
  const problems: string[] = [];
  let name: ViewName = 'race';
  if (view === 'experiment') name = 'experiment';
  else if (view !== 'race' && view !== '') problems.push(`unknown view '${view}', showing the race`);
  select(name);
  if (name === 'race') {
    // The experiment trains on in its worker; its runs are there when its tab is shown again.
    const { state, problems: more } = view === 'race' ? decodeRace(pairs, surfaceCatalog, optimizerCatalog) : { state: defaultRace(surfaceCatalog), problems: [] };
    problems.push(...more);
    if (race === undefined) race = new RaceView(state, writeHash);
    else race.load(state);
    main.replaceChildren(race.element);
    race.draw();
  } else {
    // dispose, not only stop: a hash write still pending must not replace the experiment's.
    race?.dispose();
    const { state, problems: more } = decodeExperiment(pairs, optimizerCatalog);
    problems.push(...more);
    if (experiment === undefined) {
      const { ExperimentView } = await import('./experiment/experimentView');
      experiment = new ExperimentView(state, writeHash);
    } else experiment.load(state);
    main.replaceChildren(experiment.element);
  }
  showProblems(problems);
  // Normalise the link to exactly what is on screen.
  if (name === 'race' && race !== undefined) race.flushUrl();
  if (name === 'experiment' && experiment !== undefined) experiment.writeUrl();
}

window.addEventListener('hashchange', () => void route());
for (const tab of tabs) {
  tab.addEventListener('click', (event) => {
    event.preventDefault();
    const view = tab.dataset.view as ViewName;
    if (view === current) return;
    if (view === 'race') location.hash = race === undefined ? 'race' : encodeRace(race.state, optimizerCatalog);
    else location.hash = experiment === undefined ? 'experiment' : encodeExperiment(experiment.state, optimizerCatalog);
  });
}

// The page is ready once the first view is shown: aria-busy says so to assistive technology
// (and to the end-to-end tests, which read only what a user can).
main.setAttribute('aria-busy', 'true');
void route().then(() => main.setAttribute('aria-busy', 'false'));
