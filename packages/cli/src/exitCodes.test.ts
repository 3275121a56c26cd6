import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescentError, isDescentError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { caught, tempDir } from '../test/runDescent';
import { exitCodeFor, exitCodes } from './exitCodes';
import { checkOutDir } from './run/prepareOutDir';
import { writeFileAtomic } from './run/writeFileAtomic';

/** A system error as Node's fs functions throw it. */
function systemError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

describe('exitCodeFor: an I/O failure is not bad input', () => {
  it('a full disk (ENOSPC) while writing a run file exits 1, as writeFileAtomic reports it', () => {
    // What writeFileAtomic throws when a write runs out of space (its own test provokes it).
    const path = 'runs/a/checkpoint.safetensors';
    const error = new DescentError('IO_ERROR', `writeFileAtomic: cannot write ${path}: no space left on device (ENOSPC)`, {
      cause: systemError('ENOSPC', 'no space left on device, write'),
      details: { path, errno: 'ENOSPC' },
    });
    expect(exitCodeFor(error)).toBe(exitCodes.failed);
    expect(exitCodes.failed).toBe(1);
  });

  it('a full disk exits 1 even where the error names --out (creating the folder ran out of space)', () => {
    const error = new DescentError('IO_ERROR', "train: cannot create --out 'runs/a': ENOSPC: no space left on device, mkdir", {
      cause: systemError('ENOSPC', 'no space left on device, mkdir'),
      details: { field: '--out' },
    });
    expect(exitCodeFor(error)).toBe(exitCodes.failed);
    for (const code of ['EDQUOT', 'EIO']) expect(exitCodeFor(new DescentError('IO_ERROR', 'x', { cause: systemError(code, 'x'), details: { field: '--out' } })), code).toBe(1);
  });

  it('a real failed write (a folder where the file goes) exits 1, and leaves no temporary file', () => {
    const dir = tempDir('exit-io');
    mkdirSync(join(dir, 'metrics.jsonl'));
    writeFileSync(join(dir, 'metrics.jsonl', 'keep'), 'x');
    const error = caught(() => writeFileAtomic(join(dir, 'metrics.jsonl'), '{"epoch":1}\n'));
    expect(isDescentError(error, 'IO_ERROR')).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`^writeFileAtomic: cannot write ${dir}/metrics.jsonl: .+ \\((EISDIR|ENOTEMPTY|EEXIST)\\)$`));
    expect(exitCodeFor(error)).toBe(exitCodes.failed);
    expect(readdirSync(dir)).toEqual(['metrics.jsonl']);
  });

  it('an --out that cannot be used, found before anything is written, is still bad input (2)', () => {
    const file = join(tempDir('exit-out'), 'file');
    writeFileSync(file, 'x');
    const error = caught(() => checkOutDir('train', file, { resume: false, force: false }));
    expect(error).toMatchObject({ code: 'IO_ERROR', details: { field: '--out' } });
    expect(exitCodeFor(error)).toBe(exitCodes.badInput);
    const notWritable = new DescentError('IO_ERROR', "train: cannot write to --out 'x' (EACCES)", { cause: systemError('EACCES', 'permission denied'), details: { field: '--out' } });
    expect(exitCodeFor(notWritable)).toBe(exitCodes.badInput);
  });

  it('other codes keep their meaning', () => {
    expect(exitCodeFor(new DescentError('INVALID_ARGUMENT', 'x'))).toBe(2);
    expect(exitCodeFor(new DescentError('LOCKED', 'x'))).toBe(2);
    expect(exitCodeFor(new DescentError('NON_FINITE', 'x'))).toBe(1);
    expect(exitCodeFor(new Error('x'))).toBe(1);
    expect(exitCodeFor({ code: 'commander.unknownOption' })).toBe(2);
  });
});
