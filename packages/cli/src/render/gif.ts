import * as gifenc from 'gifenc';

type Gifenc = typeof import('gifenc');

/**
 * gifenc's functions, whichever way the module was loaded: Node reads its CommonJS build
 * (named exports sit on `default`), bundlers its ES build (named exports).
 */
export const gif: Pick<Gifenc, 'GIFEncoder' | 'quantize' | 'applyPalette'> =
  typeof (gifenc as Partial<Gifenc>).GIFEncoder === 'function' ? gifenc : (gifenc as unknown as { default: Gifenc }).default;
