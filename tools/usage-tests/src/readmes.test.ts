import { transform } from 'esbuild';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeBlocks, runnableLangs, type CodeBlock } from './codeBlocks';

// Every code block of every README either runs here, as a user would run it (its own Node
// process, the built packages, a fresh working directory), or says `fragment` in its info string
// (```` ```sh fragment ````): shell commands, config files, output samples, browser-only code.

const root = fileURLToPath(new URL('../../..', import.meta.url));
// Inside this package, so that `@descent/...` and tfjs resolve from its node_modules.
const runDir = fileURLToPath(new URL('../.run', import.meta.url));

function readmes(): string[] {
  const files = ['README.md'];
  for (const group of ['packages', 'apps', 'tools']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      if (existsSync(join(root, group, name, 'README.md'))) files.push(join(group, name, 'README.md'));
    }
  }
  return files;
}

// tfjs-backend-cpu's one-time advice to Node users: what a user who runs the block sees too.
const TFJS_CPU_NOTICE = /\n?=+\nHi, looks like you are running TensorFlow\.js in Node\.js\.[^\n]*\n=+\n/;

function isFragment(block: CodeBlock): boolean {
  return block.flags.includes('fragment');
}

function run(file: string, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file], { cwd, timeout: 150_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

const files = readmes();

describe('README code blocks', () => {
  it('finds the READMEs', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'packages/core/README.md', 'packages/optimizers/README.md', 'apps/playground/README.md']));
  });

  for (const file of files) {
    const blocks = codeBlocks(readFileSync(join(root, file), 'utf8'));
    describe(file, () => {
      it('has only blocks that run or are marked fragment', () => {
        const unmarked = blocks.filter((b) => !isFragment(b) && !runnableLangs.has(b.lang));
        expect(unmarked.map((b) => `${file}:${b.line} \`\`\`${b.lang} runs nowhere: mark it \`\`\`${b.lang || 'text'} fragment`)).toEqual([]);
      });

      for (const block of blocks.filter((b) => runnableLangs.has(b.lang) && !isFragment(b))) {
        it(`line ${block.line} (${block.lang}) runs`, async () => {
          const { code } = await transform(block.code, { loader: block.lang.startsWith('t') ? 'ts' : 'js', format: 'esm', target: 'node20' });
          mkdirSync(runDir, { recursive: true });
          const script = join(runDir, `${file.replace(/[/.]/g, '_')}-${block.line}.mjs`);
          writeFileSync(script, `// ${file}:${block.line}\n${code}`);
          const cwd = mkdtempSync(join(tmpdir(), 'descent-readme-'));
          try {
            const result = await run(script, cwd);
            const where = `${file}:${block.line} (${relative(root, script)})`;
            expect(result.stderr.replace(TFJS_CPU_NOTICE, ''), `${where} wrote to stderr`).toBe('');
            expect(result.code, `${where} exited with ${result.code}:\n${result.stderr}`).toBe(0);
          } finally {
            rmSync(cwd, { recursive: true, force: true });
          }
        });
      }
    });
  }
});
