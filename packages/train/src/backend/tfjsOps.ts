// What this package uses of TensorFlow.js, loaded on demand by loadTfjs (a dynamic import
// of this module, whose namespace is the `tf` it hands out): the ops by name, so that a
// bundler keeps only those of tfjs-core (a dynamic import of tfjs-core itself would keep
// all of it), and core's tfjs backend.
export {
  Tensor,
  Variable,
  add,
  argMax,
  backend,
  cast,
  clipByValue,
  customGrad,
  div,
  env,
  equal,
  exp,
  getBackend,
  log,
  logSoftmax,
  matMul,
  mul,
  neg,
  oneHot,
  relu,
  reshape,
  scalar,
  setBackend,
  stack,
  step,
  sub,
  sum,
  tensor,
  tensor1d,
  tensor2d,
  tidy,
  transpose,
  variable,
  variableGrads,
  zeros,
} from '@tensorflow/tfjs-core';
// Registers tfjs' gradient functions (tfjs-core alone has none): package.json "imports" maps
// it to tfjs-core's own registration file for bundlers (a browser build without the rest of
// the @tensorflow/tfjs union package: layers, converter, data), and to @tensorflow/tfjs in
// Node, where tfjs-core's CommonJS build ships no separate gradients file.
import '#tfjs-gradients';
export { TfjsTensor, tfjs } from '@descent/core/tfjs';
