// Checkpoint size and save/load time for about 1M Adam parameters (the MLP 784-1262-10
// after 10 real MNIST steps): the whole checkpoint as JSON (numbers and base64, the format of
// earlier versions) vs encodeCheckpoint's safetensors file + small JSON, whose optimizer
// buffers decodeCheckpoint hands to loadStateDict as Float32Array views of the file's bytes;
// the middle row turns them into lists of numbers first, as decodeCheckpoint did before
// loadStateDict took Float32Arrays. Save: from the checkpoint object to files on disk; load:
// from the files to a checkpoint object; resume: a new Trainer restoring it
// (optimizer.loadStateDict and the weights); total: load + resume. Median of REPEATS (default
// 3), in one process.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist } from '@descent/datasets';
import { Trainer, decodeCheckpoint, encodeCheckpoint, initBackend, readSafetensors } from '../dist/index.js';

const REPEATS = Number(process.env.REPEATS ?? 3);
const config = { hidden: [1262], optimizer: 'adam', optimizerOptions: { lr: 0.001 }, batchSize: 64, epochs: 1, seed: 0 };

const info = await initBackend('wasm');
const mnist = await loadMnist({ limit: { train: 640, test: 100 } });
const data = { train: mnist.train };
const trainer = new Trainer(config, data);
await trainer.run();
const parameters = Object.values(trainer.model.params).reduce((n, p) => n + p.size, 0);
let started = performance.now();
const checkpoint = trainer.checkpoint();
const snapshotMs = performance.now() - started;
trainer.dispose();

const dir = mkdtempSync(join(tmpdir(), 'descent-checkpoint-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn) {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

const jsonPath = join(dir, 'whole.json');
const compactJson = join(dir, 'checkpoint.json');
const compactTensors = join(dir, 'checkpoint.safetensors');
const formats = {
  'JSON (before)': {
    save: () => writeFileSync(jsonPath, JSON.stringify(checkpoint)),
    load: () => JSON.parse(readFileSync(jsonPath, 'utf8')),
    bytes: () => statSync(jsonPath).size,
  },
  'safetensors, number lists': {
    save: () => {
      const { json, tensors } = encodeCheckpoint(checkpoint);
      writeFileSync(compactTensors, tensors);
      writeFileSync(compactJson, JSON.stringify(json));
    },
    load: () => withNumbers(decodeCheckpoint(JSON.parse(readFileSync(compactJson, 'utf8')), readFileSync(compactTensors))),
    bytes: () => statSync(compactTensors).size + statSync(compactJson).size,
  },
  'safetensors, Float32Array': {
    save: () => {
      const { json, tensors } = encodeCheckpoint(checkpoint);
      writeFileSync(compactTensors, tensors);
      writeFileSync(compactJson, JSON.stringify(json));
    },
    load: () => decodeCheckpoint(JSON.parse(readFileSync(compactJson, 'utf8')), readFileSync(compactTensors)),
    bytes: () => statSync(compactTensors).size + statSync(compactJson).size,
  },
};

/** The optimizer's buffers as lists of numbers (a counted loop, the fastest way in V8). */
function withNumbers(c) {
  const numbers = (data) => {
    const out = new Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = data[i];
    return out;
  };
  for (const p of Object.values(c.optimizer.params)) for (const t of Object.values(p.buffers)) t.data = numbers(t.data);
  return c;
}

const raw = 3 * 4 * parameters; // weights + Adam's two moments, float32
console.log(`backend ${info.backend}; ${parameters.toLocaleString('en')} parameters (Adam: weights + 2 buffers = ${(raw / 1e6).toFixed(2)} MB of raw float32); trainer.checkpoint() ${snapshotMs.toFixed(0)} ms; median of ${REPEATS}`);
console.log('format                        size MB   vs raw   save ms   load ms   resume ms   total ms');
for (const [name, f] of Object.entries(formats)) {
  const saves = [];
  const loads = [];
  const resumes = [];
  for (let r = 0; r < REPEATS; r++) {
    saves.push(time(f.save).ms);
    const loaded = time(f.load);
    loads.push(loaded.ms);
    started = performance.now();
    const resumed = new Trainer(config, data, { resume: loaded.value });
    resumes.push(performance.now() - started);
    resumed.dispose();
  }
  const bytes = f.bytes();
  console.log(
    `${name.padEnd(28)} ${(bytes / 1e6).toFixed(2).padStart(8)} ${`${((bytes / raw - 1) * 100).toFixed(1)}%`.padStart(8)} ${median(saves).toFixed(0).padStart(9)} ${median(loads).toFixed(0).padStart(9)} ${median(resumes).toFixed(0).padStart(11)} ${median(loads.map((l, i) => l + resumes[i])).toFixed(0).padStart(10)}`,
  );
}
// The part of the safetensors load that is the file itself (readSafetensors gives views of its bytes); the
// rest is the JSON half and the weights' base64 (what a Checkpoint holds).
const reads = [];
for (let r = 0; r < REPEATS; r++) reads.push(time(() => readSafetensors(readFileSync(compactTensors))).ms);
console.log(`of the safetensors load, reading the file and readSafetensors: ${median(reads).toFixed(0)} ms`);
rmSync(dir, { recursive: true, force: true });
