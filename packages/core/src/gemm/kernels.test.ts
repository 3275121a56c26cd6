import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gemmModules } from './kernels';

describe('the assembled kernels', () => {
  it('kernels.ts is what scripts/build-gemm.mjs assembles from gemm.wat (wabt)', { timeout: 60_000 }, () => {
    const script = fileURLToPath(new URL('../../scripts/build-gemm.mjs', import.meta.url));
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toContain('up to date');
  });

  it('the four variants validate where the engine has the features (the fused ones need relaxed SIMD)', () => {
    for (const [name, base64] of Object.entries(gemmModules)) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      expect(bytes.length, name).toBeLessThan(4096); // browsers compile modules under 4 KiB synchronously on the main thread
      if (name.startsWith('plain')) expect(WebAssembly.validate(bytes), name).toBe(true);
    }
  });
});
