// The whole check (`pnpm run check`, and so .ci/run): each step in order, with its time.
// Build steps stop the check when they fail (nothing after them means anything); the steps
// after them all run even when one fails, so one red bundle budget does not hide the tests'
// results, and the check exits 1 if any step failed.
import { spawnSync } from 'node:child_process';

const steps = [
  { name: 'chromium', command: 'node scripts/ensure-chromium.mjs', fatal: true },
  { name: 'build', command: 'turbo run build', fatal: true },
  { name: 'typecheck, lint, publint, attw', command: 'turbo run typecheck lint publint attw --continue' },
  { name: 'size budgets', command: 'node scripts/size-budgets.mjs' },
  { name: 'API reference (TypeDoc, validation as errors)', command: 'typedoc --logLevel Warn' },
  { name: 'tests', command: 'turbo run test --concurrency=1 --continue' },
];

const results = [];
for (const step of steps) {
  const start = Date.now();
  console.log(`\ncheck: ${step.name}: ${step.command}`);
  const { status } = spawnSync(step.command, { stdio: 'inherit', shell: true });
  const seconds = (Date.now() - start) / 1000;
  results.push({ ...step, ok: status === 0, seconds });
  if (status !== 0 && step.fatal) break;
}

console.log('\ncheck: summary');
for (const r of results) console.log(`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.seconds.toFixed(0).padStart(5)} s  ${r.name}`);
const skipped = steps.slice(results.length);
for (const s of skipped) console.log(`  skipped         ${s.name}`);
const failed = results.filter((r) => !r.ok).length + skipped.length;
console.log(failed === 0 ? 'check: every step passed' : `check: ${failed} step(s) failed or skipped`);
process.exit(failed === 0 ? 0 : 1);
