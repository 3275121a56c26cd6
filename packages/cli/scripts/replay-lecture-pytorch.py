"""Replays `descent lecture`'s runs in PyTorch from descent's own starting point.

Reads the file `scripts/export-lecture-start.mjs` writes (the MLP's initial weights, every
epoch's batch order, the setup and the MNIST folder), trains each run with torch.optim.SGD
on the same batches in the same order, evaluates the whole test split at the same steps,
and writes the curves as JSON (the fixture `fixtures/pytorch-lecture-curves.json`).

Usage (PyTorch installed, e.g. Debian's python3-torch):
  node packages/cli/scripts/export-lecture-start.mjs /tmp/lecture-start.json
  python3 packages/cli/scripts/replay-lecture-pytorch.py /tmp/lecture-start.json packages/cli/fixtures/pytorch-lecture-curves.json
"""
import base64
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def read_idx(path):
    with open(path, 'rb') as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_split(folder, images, labels):
    # Pixels to [0, 1] exactly as descent does: a float32 table of i / 255.
    table = (np.arange(256) / 255).astype(np.float32)
    x = table[read_idx(os.path.join(folder, images))].reshape(-1, 784)
    y = read_idx(os.path.join(folder, labels)).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def decode(text, dtype):
    return np.frombuffer(base64.b64decode(text), dtype=dtype)


def lr_at(run, step, steps_per_epoch):
    if run['decay'] is None:
        return run['lr']
    epoch = step // steps_per_epoch
    return run['lr'] * run['decay']['factor'] ** (epoch // run['decay']['every'])


def evaluation_steps(setup, steps_per_epoch):
    steps = [0]
    for epoch in range(setup['epochs']):
        for k in range(1, setup['evalsPerEpoch'] + 1):
            # JavaScript's Math.round: halves go up.
            steps.append(epoch * steps_per_epoch + math.floor(k * steps_per_epoch / setup['evalsPerEpoch'] + 0.5))
    return sorted(set(steps))


def main():
    start_path, out_path = sys.argv[1], sys.argv[2]
    torch.set_num_threads(int(os.environ.get('TORCH_THREADS', '2')))
    with open(start_path) as f:
        start = json.load(f)
    setup = start['setup']
    train_x, train_y = load_split(start['data'], 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte')
    test_x, test_y = load_split(start['data'], 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')
    orders = [torch.from_numpy(decode(o, '<u4').astype(np.int64)) for o in start['orders']]
    per_epoch = math.ceil(setup['trainPerEpoch'] / setup['batchSize'])
    eval_at = evaluation_steps(setup, per_epoch)
    layers = len(setup['hidden']) + 1
    curves = []
    for run in setup['runs']:
        # descent lays fc.weight out [in, out]; torch's nn.Linear holds [out, in].
        params = []
        for layer in range(1, layers + 1):
            w = start['weights'][f'fc{layer}.weight']
            b = start['weights'][f'fc{layer}.bias']
            weight = torch.from_numpy(decode(w['base64'], '<f4').reshape(w['shape']).T.copy()).requires_grad_()
            bias = torch.from_numpy(decode(b['base64'], '<f4').copy()).requires_grad_()
            params += [weight, bias]

        def forward(x):
            for layer in range(layers):
                x = F.linear(x, params[2 * layer], params[2 * layer + 1])
                if layer < layers - 1:
                    x = F.relu(x)
            return x

        def evaluate(step):
            with torch.no_grad():
                logits = forward(test_x)
                loss = F.cross_entropy(logits, test_y).item()
                accuracy = (logits.argmax(1) == test_y).float().mean().item()
            return {'step': step, 'epoch': step / per_epoch, 'testLoss': loss, 'testAccuracy': accuracy}

        optimizer = torch.optim.SGD(params, lr=run['lr'])
        losses, evaluations = [], [evaluate(0)]
        diverged = None
        began = time.time()
        eval_seconds = 0.0
        step = 0
        for epoch in range(setup['epochs']):
            order = orders[epoch]
            for index in range(per_epoch):
                items = order[index * setup['batchSize']:min((index + 1) * setup['batchSize'], setup['trainPerEpoch'])]
                for group in optimizer.param_groups:
                    group['lr'] = lr_at(run, step, per_epoch)
                optimizer.zero_grad()
                loss = F.cross_entropy(forward(train_x[items]), train_y[items])
                value = loss.item()
                losses.append(value)
                step += 1
                if not math.isfinite(value):
                    diverged = step
                    break
                loss.backward()
                optimizer.step()
                if step in eval_at:
                    t = time.time()
                    evaluations.append(evaluate(step))
                    eval_seconds += time.time() - t
            if diverged is not None:
                break
        seconds = time.time() - began - eval_seconds
        final = evaluations[-1]
        print(f"{run['name']}: {step} steps in {seconds:.1f} s, final test loss {final['testLoss']:.4f}, accuracy {final['testAccuracy']:.4f}", flush=True)
        curves.append({
            'name': run['name'], 'label': run['label'], 'lr': run['lr'], 'decay': run['decay'], 'stepsPerEpoch': per_epoch,
            'losses': [float(f'{v:.6g}') if math.isfinite(v) else str(v) for v in losses],
            'evaluations': [{k: (float(f'{v:.6g}') if isinstance(v, float) else v) for k, v in e.items()} for e in evaluations],
            'divergedAt': diverged, 'seconds': round(seconds, 2), 'evalSeconds': round(eval_seconds, 2),
        })
    with open(out_path, 'w') as f:
        json.dump({'format': 'descent-lecture-replay', 'framework': f'PyTorch {torch.__version__}', 'setup': setup, 'curves': curves}, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
