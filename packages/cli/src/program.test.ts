import { describe, expect, it } from 'vitest';
import { LECTURE_LRS, lectureSetupFrom } from './lecture/lectureCli';
import { exitCodeFor } from './exitCodes';
import { createProgram } from './program';

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

  it('lecture --help gives its own defaults: 6 epochs, 4 evaluations per epoch', async () => {
    const { out } = await parse(['lecture', '--help']);
    expect(out).toMatch(/--epochs <n>\s+epochs to train \(default 6\)/);
    expect(out).toMatch(/--evals-per-epoch <n>\s+evaluations of the whole test set per epoch \(default 4\)/);
    expect(out).toMatch(/--workers <n>\s+worker threads \(default: one per core/);
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
  it("trains the lecture's four learning rates and lr 1 halved every epoch, the flags overriding epochs and seed", () => {
    const setup = lectureSetupFrom({});
    expect(setup.runs.map((r) => r.name)).toEqual(['lr-0.0001', 'lr-0.01', 'lr-0.1', 'lr-1', 'lr-1-halved']);
    expect(setup.runs.slice(0, 4).map((r) => r.lr)).toEqual([...LECTURE_LRS]);
    expect(setup.runs[4]).toMatchObject({ lr: 1, decay: { every: 1, factor: 0.5 } });
    expect(setup).toMatchObject({ hidden: [200], batchSize: 64, epochs: 6, seed: 0, trainPerEpoch: 60000, evalsPerEpoch: 4 });
    expect(lectureSetupFrom({ epochs: '2', seed: '3' })).toMatchObject({ epochs: 2, seed: 3 });
    expect(() => lectureSetupFrom({ epochs: '0' })).toThrow(/^lecture: --epochs must be an integer in \[1, 1000\], got '0'/);
  });
});
