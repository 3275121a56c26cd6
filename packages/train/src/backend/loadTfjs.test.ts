import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs `body` in a fresh Node process in this package's folder (the built package, as a user
 * imports it: `@descent/train` resolves to dist/ by its own name) and returns what it printed
 * as JSON. `tfjsFiles()` there counts the files of @tensorflow packages Node has loaded (ESM
 * imports of those CommonJS packages go through the same module cache).
 */
function inFreshProcess(body: string, type: 'module' | 'commonjs' = 'module'): Record<string, unknown> {
  const prelude =
    type === 'module'
      ? "import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/');"
      : '';
  const script = `${prelude}
const tfjsFiles = () => Object.keys(require.cache).filter((f) => f.includes('@tensorflow')).length;
const moons = (seed) => { const set = require('@descent/datasets').moons({ n: 256, noise: 0.1, seed }); return { images: set.x, labels: set.y, count: set.n }; };
const out = {};
(async () => { ${body} })().then(() => console.log(JSON.stringify(out)), (error) => { console.error(error); process.exit(1); });`;
  const stdout = execFileSync(process.execPath, [`--input-type=${type}`, '-e', script], { cwd: packageRoot, encoding: 'utf8' });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

const config = "{ hidden: [16], optimizer: 'sgd', optimizerOptions: { lr: 0.1 }, epochs: 2, batchSize: 32, seed: 0 }";

describe('TensorFlow.js is loaded on demand (the built package in a fresh process)', () => {
  it("initBackend('descent') and a whole training run load no file of tfjs; createMlp then says to initialise a tfjs backend", () => {
    const out = inFreshProcess(`
      const t = await import('@descent/train');
      out.afterImport = tfjsFiles();
      await t.initBackend('descent', { threads: 1 });
      const result = await t.train(${config}, { train: moons(1), test: moons(2) });
      out.status = result.status; out.backend = result.backend; out.accuracy = result.epochs[1].testAccuracy;
      out.afterTraining = tfjsFiles();
      try { t.createMlp({ sizes: [2, 2] }); } catch (error) { out.code = error.code; out.message = error.message; }
    `);
    expect(out).toMatchObject({ afterImport: 0, afterTraining: 0, status: 'completed', backend: 'descent', code: 'INVALID_STATE' });
    expect(out.accuracy).toBeGreaterThan(0.8);
    expect(out.message).toMatch(/^createMlp: TensorFlow\.js is not loaded yet: await initBackend\(/);
  }, 120_000);

  it("a tfjs backend loads it: initBackend('cpu') then createMlp and train on tfjs work (gradients registered), ESM and CommonJS", () => {
    const body = (load: string): string => `
      const t = ${load};
      await t.initBackend('cpu');
      out.loaded = tfjsFiles() > 0;
      const mlp = t.createMlp({ sizes: [2, 3], seed: 1 });
      out.names = mlp.names; mlp.dispose();
      const result = await t.train(${config}, { train: moons(1), test: moons(2) });
      out.status = result.status; out.backend = result.backend; out.accuracy = result.epochs[1].testAccuracy;
    `;
    for (const [type, load] of [
      ['module', "await import('@descent/train')"],
      ['commonjs', "require('@descent/train')"],
    ] as const) {
      const out = inFreshProcess(body(load), type);
      expect(out, type).toMatchObject({ loaded: true, names: ['fc1.weight', 'fc1.bias'], status: 'completed', backend: 'cpu' });
      expect(out.accuracy, type).toBeGreaterThan(0.8);
    }
  }, 120_000);

  it('train without initBackend (tfjs engine by default) and trainModel on tf.Variables load tfjs themselves', () => {
    const out = inFreshProcess(`
      const t = await import('@descent/train');
      const first = await t.train(${config}, { train: moons(1), test: moons(2) });
      out.first = first.status;
      const tf = require('@tensorflow/tfjs-core');
      const w = tf.variable(tf.zeros([2, 2])); const b = tf.variable(tf.zeros([2]));
      const logits = (x) => tf.add(tf.matMul(x, w), b);
      const second = await t.trainModel({ variables: { w, b }, loss: (x, labels) => t.softmaxCrossEntropy(logits(x), labels), predict: logits }, { train: moons(1), test: moons(2) }, { optimizer: 'sgd', optimizerOptions: { lr: 0.5 }, epochs: 2, batchSize: 32 });
      out.second = second.status; out.accuracy = second.epochs[1].testAccuracy;
    `);
    expect(out).toMatchObject({ first: 'completed', second: 'completed' });
    // Two moons are not linearly separable, but a line gets most of them.
    expect(out.accuracy).toBeGreaterThan(0.75);
  }, 120_000);
});
