import { Command, Option } from 'commander';
import { racePresets } from '@descent/race';
import { optimizerSpecSetting } from '../options/settingSpecs';
import { RACE_BOUNDS } from '../race/raceBounds';
import type { RaceFlags } from '../race/raceCli';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * `descent race`: optimizers racing on a 2D surface of `@descent/datasets`, with a
 * leaderboard, trajectories (JSON, CSV), the contour picture (SVG, PNG), an animated GIF
 * and loss against step.
 *
 * @example
 * program.addCommand(raceCommand());
 * // descent race --surface beale --start 1,1.5 --optimizer sgd:lr=0.001 --optimizer adam:lr=0.1
 */
export function raceCommand(): Command {
  const command = new Command('race')
    .description('race optimizers on a 2D loss surface: leaderboard, trajectories, contour picture, animation')
    .addOption(new Option('--preset <name>', `a lecture scene: ${Object.keys(racePresets).join(', ')}`))
    .option('--surface <name>', 'surface of @descent/datasets (default: the preset\'s, else beale)')
    .option('--start <x,y>', "start point (default: the preset's, else the surface's first start)")
    .option('--steps <n>', `updates per optimizer, at most ${RACE_BOUNDS.steps.toLocaleString('en-US')} (and steps x optimizers at most ${RACE_BOUNDS.points.toLocaleString('en-US')}; default: 300, or the preset's)`)
    .option('--optimizer <spec>', `${optimizerSpecSetting.description}; repeatable`, collect)
    .option('--noise [std]', 'Gaussian noise on each gradient component (bare flag: std 1)')
    .option('--seed <n>', "seed of the gradient noise (default: the preset's, else 0)")
    .option('--tolerance <distance>', "distance to a minimum that counts as reached (default: 1% of the surface's view box diagonal)")
    .option('--out <dir>', 'output directory (default: race-<preset or surface>)')
    .option('--no-animation', 'skip the animated GIF')
    .option('--frames <n>', `frames of the animation, at most ${RACE_BOUNDS.frames} (and frames x size² at most ${RACE_BOUNDS.animationPixels.toLocaleString('en-US')})`, '60')
    .option('--size <px>', `side of the contour plot in pixels, ${RACE_BOUNDS.minSize} to ${RACE_BOUNDS.size}`, '400')
    .option('--levels <n>', 'contour levels, at most 100', '24')
    .option('--quiet', 'print the leaderboard only')
    .option('--json', 'print the leaderboard, the files written and the timings as JSON instead')
    .addHelpText(
      'after',
      `
Examples:
  $ descent race --preset beale                  # SGD, momentum, Nesterov, Adagrad, Adadelta, RMSProp, Adam on Beale's function
  $ descent race --surface rosenbrock --start -1.2,1 --steps 2000 --optimizer sgd:lr=0.001 --optimizer momentum:lr=0.001,momentum=0.9
  $ descent race --preset valley --noise 2 --seed 7 --out valley-noisy

Optimizers: sgd, adagrad, rmsprop, adam, adamw, adamax, nadam, radam, adadelta, lion, momentum, nesterov
(options in torch's names, camelCase; a pair is two numbers and a comma, betas=0.9,0.999, as --betas
takes it). Reached: within --tolerance of a listed minimum; diverged: a non-finite value, or 10x the
view box left; escaped: a saddle's view box left. Writes race.png/svg/gif, loss.png/svg,
trajectories.json/csv.`,
    )
    .action(async (flags: RaceFlags & { quiet?: boolean; json?: boolean }) => {
      // Loaded on use: `descent --help` and the other commands need neither Vega nor resvg.
      const { raceCli } = await import('../race/raceCli');
      const result = await raceCli(flags);
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify({ leaderboard: result.rows, files: result.files, timings: result.timings }, null, 1)}\n`);
        return;
      }
      process.stdout.write(`${result.leaderboard}\n`);
      if (flags.quiet !== true) {
        const t = result.timings;
        const ms = (part: { wall: number; cpu: number }): string => `${part.wall.toFixed(0)} ms`;
        process.stdout.write(`\nwrote ${result.files.join(', ')}\n`);
        process.stdout.write(
          `time: optimization ${ms(t.optimization)}, contour grid ${ms(t.grid)}, picture ${ms(t.picture)}, animation ${ms(t.animation)}, loss chart ${ms(t.lossChart)}\n`,
        );
      }
    });
  // Usage errors throw a CommanderError, which bin.ts turns into exit code 2.
  return command.exitOverride();
}
