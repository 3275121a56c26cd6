import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Code, comments and docs say nothing about the machine they were written on (its folders) or
// about the tracker the work was planned in (its issue numbers): neither means anything to a
// reader of the published code.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file !== '' && !/(^|\/)(pnpm-lock\.yaml|fixtures\/.*\.json)$/.test(file) && /\.(ts|mts|cts|js|mjs|cjs|json|md|ya?ml|html|css|sh)$|^\.ci\//.test(file));

const patterns: Array<[string, RegExp]> = [
  ['a path of this machine', /\/work\/(?:wt|main|shared)\b|\/root\/|\/home\/[a-z]/],
  ['an internal issue number', /\bissues? #?\d+\b(?!\s*\))|\(issue #?\d+\)|\bissue #?\d+'s\b/i],
];

describe('the tree', () => {
  it('has files to scan', () => {
    expect(tracked.length).toBeGreaterThan(100);
  });

  it.each(patterns)('has no %s', (_what, pattern) => {
    const hits: string[] = [];
    for (const file of tracked) {
      // This file spells the patterns out.
      if (file.endsWith('noMachinePaths.test.ts')) continue;
      let text: string;
      try {
        text = readFileSync(join(root, file), 'utf8');
      } catch {
        continue; // deleted in the work tree, not yet committed
      }
      text.split('\n').forEach((line, i) => {
        if (pattern.test(line)) hits.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
