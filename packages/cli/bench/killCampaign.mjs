// The kill -9 campaign: kills `descent train` and `descent sweep` at random moments, resumes
// them, and checks that no file is corrupt and that every resumed run ends bitwise-equal to
// an uninterrupted one. Run by hand: node bench/killCampaign.mjs [tries=6]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const tries = Number(process.argv[2] ?? 6);
const TRAIN = ['--dataset', 'moons', '--limit-train', '20000', '--limit-test', '500', '--hidden', '64', '--epochs', '3', '--backend', 'cpu', '--quiet'];
const SWEEP = [...TRAIN, '--lr', '0.1,0.01', '--workers', '2'];

function run(args, killAfterMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/** Every JSON file of a folder tree parses (metrics.jsonl line by line); the names of those that do not. */
function corruptFiles(dir) {
  const bad = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) bad.push(...corruptFiles(path));
    else if (entry.endsWith('.json')) {
      try {
        JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        bad.push(path);
      }
    } else if (entry.endsWith('.jsonl')) {
      for (const line of readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '')) {
        try {
          JSON.parse(line);
        } catch {
          bad.push(path);
          break;
        }
      }
    }
  }
  return bad;
}

const numbers = (dir) =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const { seconds, evalSeconds, ...rest } = JSON.parse(l);
      return JSON.stringify(rest);
    })
    .join('\n');

const root = mkdtempSync(join(tmpdir(), 'descent-kill-'));
const reference = { train: join(root, 'ref-train'), sweep: join(root, 'ref-sweep') };
await run(['train', ...TRAIN, '--out', reference.train]);
await run(['sweep', ...SWEEP, '--out', reference.sweep]);
const tally = { tried: 0, killed: 0, corrupt: 0, bitwiseEqual: 0, different: 0 };
for (let i = 0; i < tries; i++) {
  const command = i % 2 === 0 ? 'train' : 'sweep';
  const dir = join(root, `${command}-${i}`);
  const delay = 2500 + Math.random() * 6000;
  const first = await run([command, ...(command === 'train' ? TRAIN : SWEEP), '--out', dir], delay);
  tally.tried++;
  if (first.signal === 'SIGKILL') tally.killed++;
  if (existsSync(dir)) tally.corrupt += corruptFiles(dir).length > 0 ? 1 : 0;
  const flags = command === 'train' ? TRAIN : SWEEP;
  let resumed = existsSync(dir) && readdirSync(dir).length > 0 ? await run([command, '--out', dir, '--resume', '--quiet']) : await run([command, ...flags, '--out', dir]);
  // Killed before its first checkpoint: nothing to continue (exit 2 says so); start it over.
  if (resumed.code === 2 && resumed.stderr.includes('has no checkpoint')) resumed = await run([command, ...flags, '--out', dir, '--force']);
  const runs = command === 'train' ? [['', '']] : [['lr-0.1', 'lr-0.1'], ['lr-0.01', 'lr-0.01']];
  const equal = resumed.code === 0 && runs.every(([a, b]) => existsSync(join(dir, a, 'metrics.jsonl')) && numbers(join(dir, a)) === numbers(join(reference[command], b)));
  if (equal) tally.bitwiseEqual++;
  else tally.different++;
  console.log(`${command} killed after ${(delay / 1000).toFixed(1)} s (${first.signal ?? `exit ${first.code}`}); resume exit ${resumed.code}; ${equal ? 'bitwise-equal' : 'DIFFERENT'}${resumed.code === 0 ? '' : `: ${resumed.stderr.trim()}`}`);
}
console.log(`kill -9 campaign: ${tally.tried} tried (${tally.killed} killed mid-run), ${tally.corrupt} with a corrupt file, ${tally.bitwiseEqual} resumed bitwise-equal, ${tally.different} different`);
process.exitCode = tally.corrupt === 0 && tally.different === 0 ? 0 : 1;
