import { describe, expect, it } from 'vitest';
import { runDescent } from '../../test/runDescent';

describe('descent lr-find (the built command)', () => {
  it.each([
    [['lr-find', '--optimizer', 'bogus'], /unknown optimizer 'bogus'/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const { code: status, stderr } = await runDescent([...args, '--no-out']);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });
});
