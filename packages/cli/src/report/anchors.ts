import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One line of PyTorch's reference run (`fixtures/pytorch-mlp-mnist.jsonl`). */
export interface Anchor {
  epoch: number;
  lr: number;
  hidden: number;
  train_loss: number;
  test_loss: number;
  test_acc: number;
  seconds: number;
}

/**
 * What PyTorch 1.13 reached on the lecture's experiment (MLP 784-200-10, SGD, batch 64,
 * pixels in [0, 1], lr 1e-4, 1e-2, 1e-1, 1, 10 epochs): one entry per learning rate and
 * epoch. The file ships in the package (`fixtures/`, next to `dist/`).
 *
 * @example
 * lectureAnchors().find((a) => a.lr === 0.1 && a.epoch === 2)?.test_acc; // 0.9403
 */
export function lectureAnchors(): Anchor[] {
  const path = fileURLToPath(new URL('../fixtures/pytorch-mlp-mnist.jsonl', import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Anchor);
}
