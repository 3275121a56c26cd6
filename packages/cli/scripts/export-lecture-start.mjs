// Writes the starting point of `descent lecture`'s default runs (initial weights, every
// epoch's batch order, setup, MNIST folder) for scripts/replay-lecture-pytorch.py.
// Usage (after `pnpm build`): node packages/cli/scripts/export-lecture-start.mjs OUT.json
// The body is src/lecture/exportLectureStart.ts.
await import('../dist/exportLectureStart.js');
