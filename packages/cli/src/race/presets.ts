/** A scene of the lecture: a surface, a start, a number of steps and the racers. */
export interface RacePreset {
  surface: string;
  start: [number, number];
  steps: number;
  optimizers: string[];
  description: string;
}

/**
 * The lecture's animations (Radford, cs231n "Neural Networks Part 3"), reproduced with
 * the optimizers of the lecture. Learning rates are chosen so that each scene shows what
 * the lecture says about it; any `--optimizer`, `--start`, `--steps` given with a preset
 * replaces the preset's.
 */
export const racePresets: Readonly<Record<string, RacePreset>> = {
  beale: {
    surface: 'beale',
    start: [0.7, 1.4],
    steps: 500,
    optimizers: [
      'sgd:lr=0.001,label=SGD',
      'momentum:lr=0.001,momentum=0.9,label=Momentum',
      'nesterov:lr=0.001,momentum=0.9,label=Nesterov',
      'adagrad:lr=1,label=Adagrad',
      // torch's default lr=1 barely moves in 500 steps here (its first steps are ~sqrt(eps)).
      'adadelta:lr=10,label=Adadelta',
      'rmsprop:lr=0.03,label=RMSProp',
      'adam:lr=0.1,label=Adam',
    ],
    description: "Beale's function: the adaptive methods head for the minimum at (3, 0.5); SGD crawls on the plateau.",
  },
  saddle: {
    surface: 'saddle',
    start: [1.8, 0.001],
    steps: 150,
    optimizers: [
      'sgd:lr=0.01,label=SGD',
      'momentum:lr=0.01,momentum=0.9,label=Momentum',
      'nesterov:lr=0.01,momentum=0.9,label=Nesterov',
      'adagrad:lr=0.3,label=Adagrad',
      'adadelta:lr=1,label=Adadelta',
      'rmsprop:lr=0.01,label=RMSProp',
      'adam:lr=0.05,label=Adam',
    ],
    description: 'The saddle x² - y²: SGD slides to the saddle point and lingers; the adaptive methods break symmetry and escape along y.',
  },
  valley: {
    surface: 'valley',
    start: [-7.5, 1.5],
    steps: 300,
    optimizers: [
      'sgd:lr=0.15,label=SGD',
      'momentum:lr=0.03,momentum=0.9,label=Momentum',
      'nesterov:lr=0.03,momentum=0.9,label=Nesterov',
      'adagrad:lr=1,label=Adagrad',
      'adadelta:lr=10,label=Adadelta',
      'rmsprop:lr=0.05,label=RMSProp',
      'adam:lr=0.1,label=Adam',
    ],
    description: 'A long narrow valley: SGD bounces between the walls and crawls along the floor; momentum rolls down it.',
  },
};
