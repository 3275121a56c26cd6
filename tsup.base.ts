import { defineConfig, type Options } from 'tsup';

/** What a package says about its own build; everything else is shared. */
export interface PackageBuild {
  /** Entry points, named after the file they produce in `dist/` (`{ index: 'src/index.ts' }`). */
  entry: Record<string, string>;
  /**
   * `'dual'` (default) builds ESM (`.js`, `.d.ts`) and CommonJS (`.cjs`, `.d.cts`) so that both
   * `import` and `require()` work on Node 20, and types resolve under node10, node16 and bundler.
   * `'esm'` is for a package whose own dependencies are ESM-only (the CLI).
   */
  formats?: 'dual' | 'esm';
  /** Entries that get declarations; defaults to every entry. */
  dtsEntry?: Record<string, string>;
  /** Module ids left to the consumer's runtime or bundler. */
  external?: string[];
}

/**
 * The one tsup configuration every descent package builds with.
 *
 * No source maps are published: the output is unminified and keeps the source's names, so stack
 * traces already read like the source, and maps with their inlined sources made up more than half
 * of every tarball.
 */
export function packageBuild(build: PackageBuild): Options {
  const dual = (build.formats ?? 'dual') === 'dual';
  return defineConfig({
    entry: build.entry,
    format: dual ? ['esm', 'cjs'] : ['esm'],
    dts: build.dtsEntry ? { entry: build.dtsEntry } : true,
    // Shared code between entries stays in one chunk in both formats, so a class such as
    // DescentError exists once per format and `instanceof` holds across subpaths.
    splitting: true,
    // `import.meta.url` in the CommonJS output becomes the file's URL.
    shims: true,
    clean: true,
    sourcemap: false,
    target: 'es2022',
    external: build.external,
    // `node:fs` stays `node:fs` (tsup would strip the prefix): every supported Node has it, and
    // bundlers recognise it as a Node built-in.
    removeNodeProtocol: false,
  }) as Options;
}
