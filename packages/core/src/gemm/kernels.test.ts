import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gemmModule } from './features';
import { gemmModules, sharedFlagOffset } from './kernels';

describe('the assembled kernels', () => {
  it('kernels.ts is what scripts/build-gemm.mjs assembles from gemm.wat (wabt)', { timeout: 60_000 }, () => {
    const script = fileURLToPath(new URL('../../scripts/build-gemm.mjs', import.meta.url));
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toContain('up to date');
  });

  it('the four variants validate where the engine has the features (the fused ones need relaxed SIMD)', () => {
    for (const [name, base64] of Object.entries(gemmModules)) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      expect(bytes.length, name).toBeLessThan(4096); // browsers compile modules under 4 KiB synchronously on the main thread
      expect(bytes[sharedFlagOffset], name).toBe(0x03);
    }
    for (const variant of ['plainShared', 'plainUnshared'] as const) expect(gemmModule(variant), variant).toBeInstanceOf(WebAssembly.Module);
    // Without shared memory the unshared module must still compile: its memory import says so.
    const imports = WebAssembly.Module.imports(gemmModule('plainUnshared')!);
    expect(imports).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(() => new WebAssembly.Instance(gemmModule('plainUnshared')!, { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536 }) } })).not.toThrow();
    expect(() => new WebAssembly.Instance(gemmModule('plainShared')!, { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true }) } })).not.toThrow();
  });
});
