import { defineConfig } from 'tsup';

export default defineConfig({
  // readNodeFiles is its own file so that package.json "browser" can map it to nothing.
  entry: { index: "src/index.ts", readNodeFiles: "src/mnist/readNodeFiles.ts" },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  removeNodeProtocol: false,
});
