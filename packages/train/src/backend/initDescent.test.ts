import { describe, expect, it } from 'vitest';
import { initDescent } from './initDescent';

describe('initDescent', () => {
  it('finds WebAssembly SIMD and shared memory in Node, and honours a thread count', async () => {
    const info = await initDescent({ threads: 2 });
    expect(info).toMatchObject({ backend: 'descent', threads: 2 });
    expect(info.reason).toMatch(/^requested \(WebAssembly SIMD, .*2 threads\)$/);
    const auto = await initDescent();
    expect(auto.threads).toBeGreaterThanOrEqual(1);
    expect(auto.threads).toBeLessThanOrEqual(4);
  });

  it('rejects a bad thread count', async () => {
    await expect(initDescent({ threads: 0 })).rejects.toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: 'initDescent: threads must be a positive integer, got 0' }));
  });
});
