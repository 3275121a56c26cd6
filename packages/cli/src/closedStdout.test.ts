import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../test/runDescent';

/** Runs the binary with its stdout's reading end closed at once, as `descent ... | head -0` does. */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout (piped into head)', () => {
  it.each([[['--help']], [['train', '--help']], [['schedule', 'cosine:1000', '--json']], [['race', '--help']], [['schedule', 'cosine:1000']]])(
    'ends %j quietly: no EPIPE trace, exit 0',
    async (args) => {
      const { code, stderr } = await withClosedStdout(args);
      expect(stderr).toBe('');
      expect(code).toBe(0);
    },
    30_000,
  );
});
