import { optimizerCatalog } from '../catalog';
import { encodeExperiment, type ExperimentState } from '../state/experimentState';
import { h } from '../ui/h';

/** The learning-rate experiment (in progress). */
export class ExperimentView {
  readonly element: HTMLElement;
  state: ExperimentState;
  private readonly onChange: (hash: string) => void;
  constructor(state: ExperimentState, onChange: (hash: string) => void) {
    this.state = state;
    this.onChange = onChange;
    this.element = h('div', { class: 'experiment' }, h('p', {}, 'The experiment view is being built.'));
  }
  load(state: ExperimentState): void {
    this.state = state;
  }
  writeUrl(): void {
    this.onChange(encodeExperiment(this.state, optimizerCatalog));
  }
  pause(): void {}
}
