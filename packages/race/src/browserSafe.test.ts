import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('.', import.meta.url));
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('the race engine is browser-safe', () => {
  it.each(sources)('%s imports only @descent packages and its own files, and uses no Node globals', (file) => {
    const text = readFileSync(`${dir}/${file}`, 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    for (const name of imports) expect(name, `${file} imports ${name}`).toMatch(/^(\.\/|@descent\/(core|datasets|optimizers|schedulers)$)/);
    expect(text).not.toMatch(/\bprocess\.|\bBuffer\b|\b__dirname\b|\brequire\(/);
  });
});
