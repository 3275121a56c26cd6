import { describe, expect, it } from 'vitest';
import { createOutput, useColor } from './output';

const ESC = '\u001b[';

/** A stream that records what is written to it; `isTTY` as a terminal would set it. */
function stream(isTTY: boolean): { isTTY: boolean; text: string; write(text: string): boolean } {
  return {
    isTTY,
    text: '',
    write(text: string) {
      this.text += text;
      return true;
    },
  };
}

/** An output over two recording streams (`isTTY` as given) that has written a green result and a red warning. */
function writeResultAndWarning(stdoutIsTTY: boolean, stderrIsTTY: boolean) {
  const stdout = stream(stdoutIsTTY);
  const stderr = stream(stderrIsTTY);
  const out = createOutput({}, { stdout, stderr }, {});
  out.result(`${out.paint('green', 'done', 'stdout')}: 1 epochs`);
  out.warn(out.paint('red', 'train: diverged', 'stderr'));
  return { out, stdout, stderr };
}

describe('createOutput: colours per stream', () => {
  it('colours stderr on a terminal but writes plain text to stdout redirected into a file (descent train > file)', () => {
    const { out, stdout, stderr } = writeResultAndWarning(false, true);
    expect(out.color).toEqual({ stdout: false, stderr: true });
    expect(stdout.text).toBe('done: 1 epochs\n');
    expect(stderr.text).toBe(`${ESC}31mtrain: diverged${ESC}39m\n`);
    expect(out.interactive).toBe(true);
  });

  it('colours stdout on a terminal while stderr goes to a file (2> log), and draws no bars then', () => {
    const { out, stdout, stderr } = writeResultAndWarning(true, false);
    expect(out.color).toEqual({ stdout: true, stderr: false });
    expect(stdout.text).toBe(`${ESC}32mdone${ESC}39m: 1 epochs\n`);
    expect(stderr.text).toBe('train: diverged\n');
    expect(out.interactive).toBe(false);
  });

  it('honours NO_COLOR on terminals, and FORCE_COLOR off terminals (NO_COLOR wins over both)', () => {
    const ttys = { stdout: stream(true), stderr: stream(true) };
    expect(createOutput({}, ttys, { NO_COLOR: '1' }).color).toEqual({ stdout: false, stderr: false });
    expect(createOutput({}, ttys, { NO_COLOR: '' }).color).toEqual({ stdout: true, stderr: true });
    const pipes = { stdout: stream(false), stderr: stream(false) };
    expect(createOutput({}, pipes, {}).color).toEqual({ stdout: false, stderr: false });
    expect(createOutput({}, pipes, { FORCE_COLOR: '1' }).color).toEqual({ stdout: true, stderr: true });
    expect(createOutput({}, pipes, { FORCE_COLOR: '' }).color).toEqual({ stdout: true, stderr: true });
    expect(createOutput({}, ttys, { FORCE_COLOR: '0' }).color).toEqual({ stdout: false, stderr: false });
    expect(createOutput({}, ttys, { FORCE_COLOR: 'false' }).color).toEqual({ stdout: false, stderr: false });
    expect(useColor({ isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
    const painted = createOutput({}, pipes, { FORCE_COLOR: '1' });
    expect(painted.paint('bold', 'x', 'stdout')).toBe(`${ESC}1mx${ESC}22m`);
  });

  it('--quiet prints only warnings; --json only the JSON on stdout; both together: the JSON and warnings', () => {
    const quiet = { stdout: stream(true), stderr: stream(true) };
    const q = createOutput({ quiet: true }, quiet, {});
    q.info('backend wasm');
    q.result('done');
    q.printJson({ a: 1 });
    q.warn('descent: bad');
    expect(quiet.stdout.text).toBe('');
    expect(quiet.stderr.text).toBe('descent: bad\n');
    expect(q.interactive).toBe(false);
    const json = { stdout: stream(false), stderr: stream(false) };
    const j = createOutput({ json: true, quiet: true }, json, {});
    j.info('backend wasm');
    j.result('done');
    j.printJson({ a: 1 });
    expect(JSON.parse(json.stdout.text)).toEqual({ a: 1 });
    expect(json.stderr.text).toBe('');
  });
});
