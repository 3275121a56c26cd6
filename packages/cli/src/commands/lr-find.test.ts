import { describe, expect, it } from 'vitest';
import { spawnDescent } from './spawnDescent';

describe('descent lr-find (the built command)', () => {
  it.each([
    [['lr-find', '--optimizer', 'bogus'], /unknown optimizer 'bogus'/],
  ])('exits 2 with a clear message for %j', (args, message) => {
    const { status, stderr } = spawnDescent([...args, '--no-out']);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });
});
