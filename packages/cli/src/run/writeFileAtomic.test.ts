import * as fs from 'node:fs';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isDescentError } from '@descent/core';
import { removeStaleTemporaries, writeFileAtomic, writeJsonAtomic } from './writeFileAtomic';

// writeFileSync stays the real one unless a test makes it fail (a disk filling up mid-write).
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, writeFileSync: vi.fn(actual.writeFileSync), writeSync: vi.fn(actual.writeSync), renameSync: vi.fn(actual.renameSync), fsyncSync: vi.fn(actual.fsyncSync), openSync: vi.fn(actual.openSync) };
});
const actual = await vi.importActual<typeof import('node:fs')>('node:fs');

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'descent-atomic-'));
}

afterEach(() => {
  vi.mocked(fs.writeFileSync).mockImplementation(actual.writeFileSync);
  vi.mocked(fs.writeSync).mockImplementation(actual.writeSync);
  vi.mocked(fs.renameSync).mockImplementation(actual.renameSync);
  vi.clearAllMocks();
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
    const temp = [...vi.mocked(fs.openSync).mock.calls].reverse().find((c) => c[1] === 'w')![0] as string;
    expect(temp).not.toBe(target);
    expect(temp.startsWith(join(dir, '.summary.json.'))).toBe(true);
    expect(vi.mocked(fs.renameSync).mock.calls.at(-1)).toEqual([temp, target]);
    writeJsonAtomic(target, { status: 'completed' });
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ status: 'completed' });
  });

  it('is durable: the file is fsynced before the rename and its folder after it', () => {
    const dir = folder();
    const target = join(dir, 'checkpoint.json');
    const order: string[] = [];
    vi.mocked(fs.fsyncSync).mockImplementation((fd) => {
      order.push(`fsync ${fs.fstatSync(fd).isDirectory() ? 'folder' : 'file'}`);
      actual.fsyncSync(fd);
    });
    vi.mocked(fs.renameSync).mockImplementation((from, to) => {
      order.push('rename');
      actual.renameSync(from, to);
    });
    writeFileAtomic(target, '{"epoch": 2}');
    expect(order).toEqual(['fsync file', 'rename', 'fsync folder']);
    expect(readFileSync(target, 'utf8')).toBe('{"epoch": 2}');
  });

  it('leaves an existing file untouched, and no temporary file, when the disk fills up half-way; the error names the path', () => {
    const dir = folder();
    const target = join(dir, 'checkpoint.json');
    writeFileSync(target, '{"epoch": 1}');
    vi.mocked(fs.writeSync).mockImplementationOnce((fd, data) => {
      actual.writeSync(fd, String(data).slice(0, 5));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    let error: unknown;
    try {
      writeFileAtomic(target, '{"epoch": 2, "weights": [1, 2, 3]}');
    } catch (e) {
      error = e;
    }
    expect(isDescentError(error, 'IO_ERROR')).toBe(true);
    expect((error as Error).message).toBe(`writeFileAtomic: cannot write ${target}: no space left on device (ENOSPC)`);
    expect(readFileSync(target, 'utf8')).toBe('{"epoch": 1}');
    expect(readdirSync(dir)).toEqual(['checkpoint.json']);
  });

  it('removeStaleTemporaries removes the temporary files a kill left, and nothing else', () => {
    const dir = folder();
    writeFileSync(join(dir, 'checkpoint.json'), 'kept');
    writeFileSync(join(dir, '.checkpoint.json.1234.0a1b2c3d.tmp'), 'half');
    writeFileSync(join(dir, '.metrics.jsonl.99.ffffffff.tmp'), '');
    writeFileSync(join(dir, 'notes.tmp'), 'kept');
    expect(removeStaleTemporaries(dir)).toEqual(['.checkpoint.json.1234.0a1b2c3d.tmp', '.metrics.jsonl.99.ffffffff.tmp']);
    expect(readdirSync(dir).sort()).toEqual(['checkpoint.json', 'notes.tmp']);
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
