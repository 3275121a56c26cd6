export { DescentOptimizer, tfjsOptimizer } from './tfjsOptimizer';
