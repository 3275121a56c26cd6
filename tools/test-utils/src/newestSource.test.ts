import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestSource } from './newestSource';

describe('newestSource', () => {
  it('is the newest file time under the folder, nested folders included, test files aside', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newest-source-'));
    mkdirSync(join(dir, 'deep'));
    const files: Array<[string, number]> = [['a.ts', 1_000], ['deep/b.ts', 3_000], ['deep/b.test.ts', 9_000]];
    for (const [name, seconds] of files) {
      writeFileSync(join(dir, name), '');
      utimesSync(join(dir, name), seconds, seconds);
    }
    expect(newestSource(dir)).toBe(3_000_000);
    expect(newestSource(mkdtempSync(join(tmpdir(), 'newest-source-empty-')))).toBe(0);
  });
});
