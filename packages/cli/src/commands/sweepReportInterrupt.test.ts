import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runDescent, tempDir } from '../../test/runDescent';

const CHARTS = ['training-loss', 'test-accuracy', 'test-loss', 'loss-vs-lr'];

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)).map((f) => join(name, f)) : [name]));
}

/** A PNG is whole when it ends with its IEND chunk. */
function wholePng(bytes: Buffer): boolean {
  return bytes.subarray(1, 4).toString() === 'PNG' && bytes.subarray(-8, -4).toString() === 'IEND';
}

/**
 * A sweep sent Ctrl-C `when` its report is being rendered: `marker` (the report's start line),
 * then `delay` ms, or once the first chart's file exists (mid-render); with `twice`, a second
 * Ctrl-C once the first one's hint is printed.
 */
function sweepInterrupted(when: { delay: number } | 'first chart written', twice = false) {
  const dir = join(tempDir('sweep-report-sigint'), 'grid');
  let sent = false;
  const started = runDescent(
    ['sweep', '--limit-train', '500', '--limit-test', '100', '--backend', 'wasm', '--epochs', '1', '--lr', '0.01,0.1', '--workers', '1', '--out', dir],
    {
      onStderr: (text, child) => {
        if (twice && text.includes('Ctrl-C again to quit') && child.exitCode === null) child.kill('SIGINT');
        if (sent || !text.includes('writing the report')) return;
        sent = true;
        if (when === 'first chart written') {
          const poll = setInterval(() => {
            if (existsSync(join(dir, 'training-loss.svg')) || child.exitCode !== null) {
              clearInterval(poll);
              child.kill('SIGINT');
            }
          }, 2);
        } else setTimeout(() => child.kill('SIGINT'), when.delay);
      },
    },
  );
  return started.then((finished) => ({ ...finished, dir, sent }));
}

describe('descent sweep: Ctrl-C while the report is rendered (the built binary)', () => {
  // The rendering never yields to the event loop by itself; without the polls the signal was
  // caught but dropped when the handler went, and the sweep ended with 0 and no hint.
  it('ends with 130 and the hint, the report whole (no temporary file), at any moment of the rendering', async () => {
    const cases = [{ delay: 0 }, { delay: 150 }, 'first chart written'] as const;
    const [quit, ...results] = await Promise.all([sweepInterrupted({ delay: 0 }, true), ...cases.map((when) => sweepInterrupted(when))]);
    // A second Ctrl-C quits at once: 130, and every report file is whole or absent.
    expect(quit.code, quit.stderr).toBe(130);
    expect(quit.stderr).toContain(`report ${quit.dir} renders it again`);
    expect(filesUnder(quit.dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    if (existsSync(join(quit.dir, 'report.html'))) expect(readFileSync(join(quit.dir, 'report.html'), 'utf8')).toMatch(/<\/html>\n$/);
    for (const chart of CHARTS) {
      if (existsSync(join(quit.dir, `${chart}.svg`))) expect(readFileSync(join(quit.dir, `${chart}.svg`), 'utf8')).toMatch(/<\/svg>\s*$/);
      if (existsSync(join(quit.dir, `${chart}.png`))) expect(wholePng(readFileSync(join(quit.dir, `${chart}.png`)))).toBe(true);
    }
    for (const { code, stderr, stdout, dir, sent } of results) {
      expect(sent).toBe(true);
      expect(code, stderr).toBe(130);
      // The hint is a command that runs, as typed.
      expect(stderr).toContain(`sweep: interrupted: finishing the report (Ctrl-C again to quit); the runs are saved, and node ${relative(process.cwd(), BIN)} report ${dir} renders it again`);
      expect(stdout).toContain(`report: ${join(dir, 'report.html')}`);
      const files = filesUnder(dir);
      expect(files.filter((f) => f.includes('.tmp'))).toEqual([]);
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/<\/html>\n$/);
      for (const chart of CHARTS) {
        expect(readFileSync(join(dir, `${chart}.svg`), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
        expect(wholePng(readFileSync(join(dir, `${chart}.png`)))).toBe(true);
      }
      for (const run of ['lr-0.01', 'lr-0.1']) expect(JSON.parse(readFileSync(join(dir, run, 'summary.json'), 'utf8'))).toMatchObject({ status: 'completed' });
    }
  }, 300_000);
});
