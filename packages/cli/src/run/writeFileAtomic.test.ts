import * as fs from 'node:fs';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from './writeFileAtomic';

// writeFileSync stays the real one unless a test makes it fail (a disk filling up mid-write).
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, writeFileSync: vi.fn(actual.writeFileSync), renameSync: vi.fn(actual.renameSync) };
});
const actual = await vi.importActual<typeof import('node:fs')>('node:fs');

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'descent-atomic-'));
}

afterEach(() => {
  vi.mocked(fs.writeFileSync).mockImplementation(actual.writeFileSync);
  vi.mocked(fs.renameSync).mockImplementation(actual.renameSync);
});

describe('writeFileAtomic', () => {
  it('replaces the target whole, through a temporary file in the same folder that is renamed and not left behind', () => {
    const dir = folder();
    const target = join(dir, 'summary.json');
    writeFileSync(target, 'old content that is longer than the new one '.repeat(100));
    writeFileAtomic(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    const big = new Uint8Array(3 * 2 ** 20).map((_, i) => i % 251);
    writeFileAtomic(target, big);
    expect(readFileSync(target).equals(big)).toBe(true);
    expect(readdirSync(dir)).toEqual(['summary.json']);
    // The bytes went to a temporary sibling first, which was then renamed over the target.
    const temp = vi.mocked(fs.writeFileSync).mock.calls.at(-1)![0] as string;
    expect(temp).not.toBe(target);
    expect(temp.startsWith(join(dir, '.summary.json.'))).toBe(true);
    expect(vi.mocked(fs.renameSync).mock.calls.at(-1)).toEqual([temp, target]);
    writeJsonAtomic(target, { status: 'completed' });
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ status: 'completed' });
  });

  it('leaves an existing file untouched, and no temporary file, when the write fails half-way (disk full)', () => {
    const dir = folder();
    const target = join(dir, 'checkpoint.json');
    writeFileSync(target, '{"epoch": 1}');
    vi.mocked(fs.writeFileSync).mockImplementationOnce((path, data) => {
      actual.writeFileSync(path as string, String(data).slice(0, 5));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    expect(() => writeFileAtomic(target, '{"epoch": 2, "weights": [1, 2, 3]}')).toThrow(/ENOSPC/);
    expect(readFileSync(target, 'utf8')).toBe('{"epoch": 1}');
    expect(readdirSync(dir)).toEqual(['checkpoint.json']);
  });

  it('leaves the target untouched, and no temporary file, when the rename fails', () => {
    const dir = folder();
    // A non-empty folder where the file should go: rename(2) refuses to replace it.
    const target = join(dir, 'metrics.jsonl');
    mkdirSync(target);
    writeFileSync(join(target, 'keep'), 'kept');
    expect(() => writeFileAtomic(target, 'x')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readFileSync(join(target, 'keep'), 'utf8')).toBe('kept');
    expect(readdirSync(dir)).toEqual(['metrics.jsonl']);
  });

  it('throws and creates nothing when the folder is missing', () => {
    const dir = folder();
    const target = join(dir, 'missing', 'summary.json');
    expect(() => writeFileAtomic(target, 'x')).toThrow(/ENOENT/);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  // root writes into read-only folders anyway; the disk-full case above covers a failed write there.
  it.skipIf(process.getuid?.() === 0)('leaves an existing file untouched in a read-only folder', () => {
    const dir = folder();
    const target = join(dir, 'config.json');
    writeFileSync(target, 'old');
    chmodSync(dir, 0o555);
    try {
      expect(() => writeFileAtomic(target, 'new')).toThrow(/EACCES|EPERM/);
      expect(readFileSync(target, 'utf8')).toBe('old');
      expect(readdirSync(dir)).toEqual(['config.json']);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});
