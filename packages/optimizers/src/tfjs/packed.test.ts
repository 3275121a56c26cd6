import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestSource } from '@descent/test-utils/newestSource';
import { describe, expect, it } from 'vitest';

/**
 * What a TensorFlow.js user gets from npm: `pnpm pack` of @descent/core and
 * @descent/optimizers (their built dist), installed with npm into a fresh project beside
 * @tensorflow/tfjs and nothing else, then a script run with node in that project that
 * compiles a tf.sequential model with tfjsOptimizer('adamw', ...), fits it, saves and reloads
 * it with its optimizer, fits on and compares with an uninterrupted run, counting tensors.
 * Needs the npm registry (for @tensorflow/tfjs); skipped, saying so, when it cannot be reached.
 */

const packages = fileURLToPath(new URL('../../..', import.meta.url));
const INSTALL_TIMEOUT_MS = 300_000;

function checkBuilt(name: string): void {
  const dist = join(packages, name, 'dist', 'index.js');
  let built: number;
  try {
    built = statSync(dist).mtimeMs;
  } catch {
    throw new Error(`packages/${name} has no dist: run \`pnpm build\` before this test (turbo's test task does)`);
  }
  if (newestSource(join(packages, name, 'src')) > built) throw new Error(`packages/${name}/dist is older than its src: run \`pnpm build\` first`);
}

function pnpmCommand(): [string, string[]] {
  const direct = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  return direct.status === 0 ? ['pnpm', []] : ['npx', ['-y', 'pnpm@10']];
}

function registryReachable(): boolean {
  const r = spawnSync('npm', ['view', '@tensorflow/tfjs@4.22.0', 'version'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 && r.stdout.trim() === '4.22.0';
}

const app = String.raw`
import * as tf from '@tensorflow/tfjs';
import { tfjsOptimizer } from '@descent/optimizers/tfjs';

await tf.setBackend('cpu');
const n = 64;
const x = tf.tidy(() => tf.tensor2d(Array.from({ length: n * 2 }, (_, i) => Math.sin(i * 0.7)), [n, 2]));
const y = tf.tidy(() => tf.tensor2d(Array.from({ length: n }, (_, i) => Math.cos(i * 0.3)), [n, 1]));
const options = { lr: 0.01, weightDecay: 0.05, groups: [{ params: /bias$/, weightDecay: 0 }], clipGradNorm: 1, telemetry: true };
const fitOptions = { batchSize: 16, shuffle: false, verbose: 0 };

function makeModel(init) {
  const model = tf.sequential({ layers: [
    tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
  ] });
  if (init) model.setWeights(init);
  return model;
}
const read = (model) => model.getWeights().map((w) => Array.from(w.dataSync()));

const initModel = makeModel();
const init = initModel.getWeights().map((w) => tf.keep(w.clone()));
initModel.dispose();

// Uninterrupted: 5 epochs.
const full = makeModel(init);
full.compile({ optimizer: tfjsOptimizer('adamw', options), loss: 'meanSquaredError' });
await full.fit(x, y, { ...fitOptions, epochs: 5 });

// 3 epochs, counting tensors at every epoch's end.
const model = makeModel(init);
const optimizer = tfjsOptimizer('adamw', options);
model.compile({ optimizer, loss: 'meanSquaredError' });
const counts = [];
const reports = [];
await model.fit(x, y, { ...fitOptions, epochs: 3, callbacks: {
  onBatchEnd: () => reports.push(optimizer.lastReport.updateToWeight),
  onEpochEnd: () => counts.push(tf.memory().numTensors),
} });

// Save with the optimizer, load, fit 2 more epochs.
let artifacts;
await model.save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }), { includeOptimizer: true });
const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
const resumedCounts = [];
await loaded.fit(x, y, { ...fitOptions, epochs: 2, callbacks: { onEpochEnd: () => resumedCounts.push(tf.memory().numTensors) } });

const a = read(loaded).flat();
const b = read(full).flat();
console.log(JSON.stringify({
  isOptimizer: optimizer instanceof tf.Optimizer,
  loadedClass: loaded.optimizer.getClassName(),
  counts,
  resumedCounts,
  reports: reports.length,
  telemetryPositive: reports.every((r) => r > 0),
  steps: loaded.optimizer.stepCount,
  identical: a.length === b.length && a.every((v, i) => Object.is(v, b[i])),
  moved: a.some((v, i) => v !== init.flatMap((t) => Array.from(t.dataSync()))[i]),
}));
`;

describe('the packed tarballs in a fresh npm project', () => {
  it(
    'install with @tensorflow/tfjs, compile, fit, save and reload with the optimizer, numTensors flat',
    async (context) => {
      checkBuilt('core');
      checkBuilt('optimizers');
      if (!registryReachable()) {
        console.warn('packed.test: the npm registry cannot be reached (npm view @tensorflow/tfjs failed): skipping the fresh-install check');
        context.skip();
        return;
      }
      const root = mkdtempSync(join(tmpdir(), 'descent-packed-'));
      try {
        const [pnpm, prefix] = pnpmCommand();
        for (const name of ['core', 'optimizers']) {
          execFileSync(pnpm, [...prefix, 'pack', '--pack-destination', root], { cwd: join(packages, name), stdio: 'pipe', timeout: 120_000 });
        }
        const tarballs = readdirSync(root).filter((f) => f.endsWith('.tgz'));
        expect(tarballs.sort()).toEqual([expect.stringMatching(/^descent-core-.*\.tgz$/), expect.stringMatching(/^descent-optimizers-.*\.tgz$/)]);
        const project = join(root, 'app');
        execFileSync('mkdir', [project]);
        writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'descent-packed-check', private: true, type: 'module' }));
        const install = spawnSync(
          'npm',
          ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.map((t) => join(root, t)), '@tensorflow/tfjs@4.22.0'],
          { cwd: project, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS },
        );
        expect(install.status, `npm install failed:\n${install.stderr}`).toBe(0);
        // Only what was asked for: the two tarballs and tfjs (no workspace links).
        const installed = JSON.parse(execFileSync('npm', ['ls', '--json', '--depth=0'], { cwd: project, encoding: 'utf8' })) as {
          dependencies: Record<string, { resolved?: string }>;
        };
        expect(Object.keys(installed.dependencies).sort()).toEqual(['@descent/core', '@descent/optimizers', '@tensorflow/tfjs']);
        writeFileSync(join(project, 'app.mjs'), app);
        const run = spawnSync('node', ['app.mjs'], { cwd: project, encoding: 'utf8', timeout: 180_000 });
        expect(run.status, `node app.mjs failed:\n${run.stderr}`).toBe(0);
        const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
        console.log(`packed.test: ${JSON.stringify(result)}`);
        expect(result).toMatchObject({ isOptimizer: true, loadedClass: 'DescentOptimizer', reports: 12, telemetryPositive: true, steps: 20, identical: true, moved: true });
        const counts = result.counts as number[];
        expect(counts).toHaveLength(3);
        expect(new Set(counts).size).toBe(1);
        const resumed = result.resumedCounts as number[];
        expect(resumed).toHaveLength(2);
        expect(resumed[1]).toBe(resumed[0]);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
