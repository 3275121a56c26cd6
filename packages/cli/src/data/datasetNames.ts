/** The datasets `--dataset` accepts: real MNIST and the 2D classification sets of `@descent/datasets`. */
export const datasetNames: readonly string[] = Object.freeze(['mnist', 'spirals', 'moons', 'circles', 'xor', 'blobs']);
