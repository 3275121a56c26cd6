import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { badInputs } from '../test/badInputs';
import type { BadInput } from '../test/badInputs';
import { runDescent, tempDir } from '../test/runDescent';
import { runProgram } from './runProgram';

/** Every path under `root`, with each file's size and time (what a failed command must not change). */
function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      const stat = statSync(path);
      out.push(`${path.slice(root.length)} ${stat.isDirectory() ? 'dir' : `${stat.size} ${stat.mtimeMs}`}`);
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(root);
  return out;
}

function prepare(input: BadInput): { root: string; out: string; args: string[] } {
  const root = tempDir('bad-input');
  input.setup?.(root);
  const out = join(root, 'out');
  return { root, out, args: input.args.map((a) => a.replace('$OUT', out).replace('$ROOT', root)) };
}

const STACK = /\n\s+at .*:\d+:\d+/;
const tally = { tried: 0, clear: 0, stackTraces: 0, filesLeft: 0 };
let stderr = '';

beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(() => {
  process.stdout.write(`bad-input corpus: ${tally.tried} tried, ${tally.clear} clear errors, ${tally.stackTraces} stack traces, ${tally.filesLeft} with files left behind\n`);
});

describe('the bad-input corpus (in-process, every command)', () => {
  it.each(Object.entries(badInputs))(
    '%s: exit 2, a message naming what was wrong and what was expected, no stack trace, nothing written',
    async (_name, input) => {
      const { root, out, args } = prepare(input);
      const before = listing(root);
      const code = await runProgram(['node', 'descent', ...args]);
      tally.tried++;
      const left = existsSync(out) || listing(root).join('\n') !== before.join('\n');
      if (STACK.test(stderr)) tally.stackTraces++;
      if (left) tally.filesLeft++;
      const line = stderr.split('\n')[0]!.replace(/^descent: /, '');
      if (code === 2 && input.message.test(line) && stderr.startsWith('descent: ')) tally.clear++;
      expect(stderr).not.toMatch(STACK);
      expect(line).toMatch(input.message);
      expect(code).toBe(2);
      expect(left).toBe(false);
    },
    60_000,
  );
});

describe('the bad-input corpus through the built binary (a sample)', () => {
  it.each(['train --seed 1e300', 'report <bad metrics line>', 'sweep --resume <tampered run name>', 'train --data <labels out of range>'])(
    '%s: the same exit code and message from a real process',
    async (name) => {
      const input = badInputs[name]!;
      const { root, out, args } = prepare(input);
      const before = listing(root);
      const result = await runDescent(args);
      expect(result.stderr).not.toMatch(STACK);
      expect(result.stderr.split('\n')[0]!.replace(/^descent: /, '')).toMatch(input.message);
      expect(result.code).toBe(2);
      expect(existsSync(out)).toBe(false);
      expect(listing(root)).toEqual(before);
    },
    60_000,
  );
});
