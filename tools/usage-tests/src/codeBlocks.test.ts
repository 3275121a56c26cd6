import { describe, expect, it } from 'vitest';
import { codeBlocks } from './codeBlocks';

describe('codeBlocks', () => {
  it('finds fences with their language, flags and lines', () => {
    const md = ['# t', '```ts', 'a();', '```', 'text', '```sh fragment', 'npm i x', '```', '````', '```', '````', '```', '```'].join('\n');
    expect(codeBlocks(md)).toEqual([
      { line: 2, lang: 'ts', flags: [], code: 'a();\n' },
      { line: 6, lang: 'sh', flags: ['fragment'], code: 'npm i x\n' },
      { line: 9, lang: '', flags: [], code: '```\n' },
      { line: 12, lang: '', flags: [], code: '' },
    ]);
  });
});
