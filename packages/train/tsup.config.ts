import { packageBuild } from '../../tsup.base';

export default packageBuild({
  entry: { index: 'src/index.ts', backends: 'src/backend/backendChoices.ts' },
  // Resolved by the user's runtime or bundler through package.json "imports" (see createMlp.ts).
  external: ['#tfjs-gradients'],
});
