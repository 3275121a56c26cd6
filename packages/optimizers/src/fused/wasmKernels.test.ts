import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kernelBytes } from './kernelBytes';
import { kernelsModule, moduleBytes, sharedModuleBytes } from './wasmKernels';

describe('the embedded fused kernels', () => {
  it('kernelBytes.ts holds exactly the module kernelsModule(false) assembles, and it validates', () => {
    const embedded = Uint8Array.from(atob(kernelBytes), (c) => c.charCodeAt(0));
    expect(Array.from(embedded)).toEqual(Array.from(kernelsModule(false)));
    expect(WebAssembly.validate(embedded)).toBe(true);
  });

  it('moduleBytes and sharedModuleBytes give both variants exactly as kernelsModule assembles them (the shared one from the embedded bytes)', () => {
    expect(Array.from(moduleBytes())).toEqual(Array.from(kernelsModule(false)));
    expect(Array.from(sharedModuleBytes())).toEqual(Array.from(kernelsModule(true)));
    expect(WebAssembly.validate(sharedModuleBytes())).toBe(true);
  });

  it('scripts/build-kernels.mjs --check agrees', { timeout: 60_000 }, () => {
    const script = fileURLToPath(new URL('../../scripts/build-kernels.mjs', import.meta.url));
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toContain('up to date');
  });
});
