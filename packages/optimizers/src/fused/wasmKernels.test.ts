import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kernelBytes } from './kernelBytes';
import { kernelsModule, moduleBytes } from './wasmKernels';

describe('the embedded fused kernels', () => {
  it('kernelBytes.ts holds exactly the module kernelsModule(false) assembles, and it validates', () => {
    const embedded = Uint8Array.from(atob(kernelBytes), (c) => c.charCodeAt(0));
    expect(Array.from(embedded)).toEqual(Array.from(kernelsModule(false)));
    expect(WebAssembly.validate(embedded)).toBe(true);
  });

  it('moduleBytes gives both variants exactly as kernelsModule assembles them (the shared one from the embedded bytes)', () => {
    for (const shared of [false, true]) expect(Array.from(moduleBytes(shared)), String(shared)).toEqual(Array.from(kernelsModule(shared)));
    expect(WebAssembly.validate(moduleBytes(true))).toBe(true);
  });

  it('scripts/build-kernels.mjs --check agrees', { timeout: 60_000 }, () => {
    const script = fileURLToPath(new URL('../../scripts/build-kernels.mjs', import.meta.url));
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toContain('up to date');
  });
});
