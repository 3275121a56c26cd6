import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { LECTURE_LRS, lectureAlternatives } from './commands/lecture';
import { exitCodeFor } from './exitCodes';
import { collectSettings } from './options/collectSettings';
import { resolveRun } from './options/resolveRun';
import { createProgram } from './program';
import { expandGrid } from './sweep/expandGrid';

/** Runs `descent ...args` in this process and returns what it wrote and the error it ended with. */
async function parse(args: string[]): Promise<{ out: string; err: string; error: unknown }> {
  const program = createProgram();
  let out = '';
  let err = '';
  for (const command of [program, ...program.commands]) {
    command.configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (err += text) });
  }
  let error: unknown;
  try {
    await program.parseAsync(['node', 'descent', ...args]);
  } catch (e) {
    error = e;
  }
  return { out, err, error };
}

const COMMANDS = ['train', 'sweep', 'lecture', 'report', 'race', 'lr-find', 'schedule'];

describe('descent --help', () => {
  it('has every command', () => {
    expect(createProgram().commands.map((c) => c.name())).toEqual(COMMANDS);
  });

  it.each(COMMANDS)('descent %s --help shows examples of that command', async (name) => {
    const { out, error } = await parse([name, '--help']);
    expect(error).toMatchObject({ code: 'commander.helpDisplayed', exitCode: 0 });
    expect(out).toContain(`Usage: descent ${name}`);
    expect(out).toContain('Examples:');
    const examples = out.slice(out.indexOf('Examples:')).split('\n').filter((line) => line.trim().startsWith(`$ descent ${name}`));
    expect(examples.length, out).toBeGreaterThanOrEqual(2);
  });

  it('lecture --help gives its own defaults: 10 epochs, the wasm backend', async () => {
    const { out } = await parse(['lecture', '--help']);
    expect(out).toMatch(/--epochs <n>\s+epochs to train \(default 10, as in the lecture\)/);
    expect(out).toMatch(/--backend <name>\s+tfjs backend: wasm \(default here\)/);
    expect(out).toMatch(/--workers <n>\s+worker threads \(default: one per core\)/);
  });

  it('sweep --help says --workers defaults to one per core', async () => {
    const { out } = await parse(['sweep', '--help']);
    expect(out).toMatch(/--workers <n>\s+worker threads \(default: one per core\)/);
  });
});

describe('usage errors', () => {
  it.each(COMMANDS)('an unknown option of %s lists the valid ones, grouped as in --help, and exits 2', async (name) => {
    const args = name === 'report' ? ['report', 'runs/x', '--bogus', '1'] : name === 'schedule' ? ['schedule', 'cosine:10', '--bogus', '1'] : [name, '--bogus', '1'];
    const { err, error } = await parse(args);
    expect(error).toMatchObject({ code: 'commander.unknownOption' });
    expect(exitCodeFor(error)).toBe(2);
    const command = createProgram().commands.find((c) => c.name() === name)!;
    expect(err).toMatch(new RegExp(`^descent: ${name}: unknown option '--bogus'\nvalid options of descent ${name}:\n`));
    for (const option of command.options) expect(err).toContain(option.long!);
    expect(err).toMatch(new RegExp(`\\(descent ${name} --help for usage\\)\n$`));
    // Readable: wrapped lines, none longer than a terminal.
    for (const line of err.split('\n')) expect(line.length).toBeLessThanOrEqual(90);
  });

  it('groups train options as its --help does, and keeps commander\'s suggestion for a typo', async () => {
    const { err } = await parse(['train', '--optmizer', 'adam']);
    expect(err).toContain("descent: train: unknown option '--optmizer'\n(Did you mean --optimizer?)\nvalid options of descent train:\n  Experiment:\n    --config, --dataset");
    expect(err).toMatch(/\n {2}Optimizer options:\n {4}--lr, --momentum,/);
    expect(err).toMatch(/\n {2}Output:\n {4}--out, --resume, --force, --json, --quiet\n/);
  });

  it('other usage errors say where the help is, without the option list', async () => {
    const missing = await parse(['report']);
    expect(missing.err).toBe("descent: report: missing required argument 'dir'\n(descent report --help for usage)\n");
    expect(exitCodeFor(missing.error)).toBe(2);
    const unknown = await parse(['nope']);
    expect(unknown.err).toBe("descent: unknown command 'nope'\n(descent --help for usage)\n");
  });
});

describe('descent lecture defaults', () => {
  /** The runs `descent lecture ...args` would train, resolved as its action resolves them, without training. */
  function lecturePlans(args: string[]): ReturnType<typeof resolveRun>[] {
    const lecture = createProgram().commands.find((c) => c.name() === 'lecture')! as Command;
    lecture.parseOptions(args);
    const alternatives = lectureAlternatives(collectSettings('lecture', lecture, undefined, { lists: false }));
    return expandGrid(alternatives).map((p) => resolveRun('lecture', p.settings, p.name));
  }

  it("trains the lecture's 10 epochs unless --epochs says otherwise, on wasm, at the four learning rates", () => {
    const plans = lecturePlans([]);
    expect(plans.map((p) => p.name)).toEqual(['lr-0.0001', 'lr-0.01', 'lr-0.1', 'lr-1']);
    expect(plans.map((p) => p.train.optimizerOptions.lr)).toEqual([...LECTURE_LRS]);
    for (const plan of plans) {
      expect(plan.train).toMatchObject({ epochs: 10, hidden: [200], optimizer: 'sgd', batchSize: 64, seed: 0 });
      expect(plan.backend).toBe('wasm');
      expect(plan.data).toEqual({ dataset: 'mnist' });
    }
    const short = lecturePlans(['--epochs', '2', '--limit-train', '500', '--backend', 'cpu']);
    expect(short.map((p) => [p.train.epochs, p.backend, p.data.limitTrain])).toEqual(Array(4).fill([2, 'cpu', 500]));
  });
});
