import { packageBuild } from '../../tsup.base';

export default packageBuild({
  // readNodeFiles is its own file so that package.json "browser" can map it to nothing.
  entry: { index: 'src/index.ts', readNodeFiles: 'src/mnist/readNodeFiles.ts' },
});
