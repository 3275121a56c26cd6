/** Which of the four IDX files of an MNIST-style dataset. */
export type MnistFileKey = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

/**
 * The original MNIST file names (also those of Fashion-MNIST and KMNIST). A source may hold
 * each plain or with `.gz` appended.
 */
export const MNIST_FILES: Readonly<Record<MnistFileKey, string>> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** A file's bytes and the path or URL they came from (for error messages). */
export interface SourceFile {
  bytes: Uint8Array;
  fileName: string;
}
