// The whole check (`pnpm run check`, and so .ci/run): each step in order, with its time.
// Build steps stop the check when they fail (nothing after them means anything); the steps
// after them all run even when one fails, so one red bundle budget does not hide the tests'
// results, and the check exits 1 if any step failed. A failed step's error lines (a failing
// test's name and its assertion) are repeated under the summary, so that the end of a long log
// says what failed.
import { spawn } from 'node:child_process';

const steps = [
  { name: 'chromium', command: 'node scripts/ensure-chromium.mjs', fatal: true },
  { name: 'build', command: 'turbo run build', fatal: true },
  { name: 'typecheck, lint, publint, attw', command: 'turbo run typecheck lint publint attw --continue' },
  { name: 'size budgets', command: 'node scripts/size-budgets.mjs' },
  { name: 'API reference (TypeDoc, validation as errors)', command: 'typedoc --logLevel Warn' },
  { name: 'tests', command: 'turbo run test --concurrency=1 --continue' },
];

/** What a line that says what failed looks like (vitest's, turbo's, tsc's and eslint's), colours removed. */
const failure = /(\bFAIL\b|\u00d7|AssertionError|TimeoutError|timed out|\bERROR\b|error TS\d+|\d+:\d+\s+error\s)/;
const MAX_LINES = 20;

/** Runs `command` in a shell, its output passed through; resolves with its exit status and the lines that look like failures. */
function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['inherit', 'pipe', 'pipe'] });
    const lines = [];
    const keep = (line) => {
      const plain = line.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').trimEnd();
      if (failure.test(plain) && lines.length < MAX_LINES) lines.push(plain);
    };
    const watch = (stream, out) => {
      // Decoded as UTF-8 across chunks (a multi-byte character such as vitest's × can be split), whole lines kept.
      stream.setEncoding('utf8');
      let rest = '';
      stream.on('data', (text) => {
        out.write(text);
        const parts = (rest + text).split('\n');
        rest = parts.pop();
        parts.forEach(keep);
      });
      stream.on('end', () => keep(rest));
    };
    watch(child.stdout, process.stdout);
    watch(child.stderr, process.stderr);
    child.on('close', (status) => resolve({ status, lines }));
  });
}

const results = [];
for (const step of steps) {
  const start = Date.now();
  console.log(`\ncheck: ${step.name}: ${step.command}`);
  const { status, lines } = await run(step.command);
  const seconds = (Date.now() - start) / 1000;
  results.push({ ...step, ok: status === 0, seconds, lines });
  if (status !== 0 && step.fatal) break;
}

console.log('\ncheck: summary');
for (const r of results) console.log(`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.seconds.toFixed(0).padStart(5)} s  ${r.name}`);
const skipped = steps.slice(results.length);
for (const s of skipped) console.log(`  skipped         ${s.name}`);
for (const r of results.filter((x) => !x.ok && x.lines.length > 0)) {
  console.log(`check: what ${r.name} said of its failures (its first ${MAX_LINES} such lines; the whole output is above):`);
  for (const line of r.lines) console.log(`  ${line}`);
}
const failed = results.filter((r) => !r.ok).length + skipped.length;
console.log(failed === 0 ? 'check: every step passed' : `check: ${failed} step(s) failed or skipped`);
process.exit(failed === 0 ? 0 : 1);
