import '@descent/test-utils';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every library package is loaded the way a consumer loads it: by require() from CommonJS and
// by import from ESM, in a fresh Node process, through the package's own "exports".

const here = fileURLToPath(new URL('.', import.meta.url));
const libraries = ['@descent/core', '@descent/core/tfjs', '@descent/optimizers', '@descent/schedulers', '@descent/datasets', '@descent/train'];

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('every library package', () => {
  it.each(libraries)('%s loads with require() and with import, with the same exports', (name) => {
    const cjs = JSON.parse(node(['-e', `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(name)})).sort()))`])) as string[];
    const esm = JSON.parse(
      node(['--input-type=module', '-e', `const m = await import(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(m).sort()))`]),
    ) as string[];
    expect(cjs.length).toBeGreaterThan(0);
    expect(cjs).toEqual(esm);
  });

  it('require() gives working code: AdamW from CommonJS steps a parameter as from ESM', () => {
    const program = (load: string) => `
      ${load}
      const w = cpu.fromArray([1, -2, 3], [3], 'w');
      const opt = adamw({ w }, { lr: 0.1, weightDecay: 0.01 });
      opt.step([cpu.fromArray([0.5, 0.5, -1], [3], 'g')]);
      console.log(JSON.stringify(Array.from(cpu.read(w))));`;
    const fromCjs = node(['-e', program("const { cpu } = require('@descent/core'); const { adamw } = require('@descent/optimizers');")]);
    const fromEsm = node(['--input-type=module', '-e', program("import { cpu } from '@descent/core'; import { adamw } from '@descent/optimizers';")]);
    // torch.optim.AdamW's first step: w - lr * wd * w - lr * sign(g) (m/sqrt(v) = g/|g| at step 1).
    const expected = [1 - 0.1 * 0.01 * 1 - 0.1, -2 - 0.1 * 0.01 * -2 - 0.1, 3 - 0.1 * 0.01 * 3 + 0.1];
    const values = JSON.parse(fromCjs) as number[];
    expect(values).toBeAllclose(expected, { rtol: 1e-6, atol: 1e-6 });
    expect(fromCjs).toBe(fromEsm);
  });

  it('DescentError from the CommonJS build is the one the tfjs subpath throws', () => {
    const out = node(['-e', `
      const { DescentError, isDescentError } = require('@descent/core');
      const { tfjs } = require('@descent/core/tfjs');
      try { tfjs.fromArray([1, 2], [3]); } catch (e) { console.log(e instanceof DescentError, isDescentError(e)); }`]);
    expect(out.trim()).toBe('true true');
  });

  it('the CLI package, ESM-only, loads with import', () => {
    const keys = JSON.parse(node(['--input-type=module', '-e', "console.log(JSON.stringify(Object.keys(await import('@descent/cli'))))"])) as string[];
    expect(keys.length).toBeGreaterThan(0);
    const pkg = JSON.parse(readFileSync(new URL('../node_modules/@descent/cli/package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
    expect(Object.keys(pkg.exports)).toContain('.');
  });
});
