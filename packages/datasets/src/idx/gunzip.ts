import { DescentError } from '@descent/core';

/**
 * Decompresses gzip bytes with the platform's `DecompressionStream('gzip')` (Node >= 18 and
 * every current browser), so the package needs no compression library.
 *
 * @param bytes gzip data (RFC 1952)
 * @param fileName used in error messages only
 * @throws DescentError `CORRUPT_DATASET` when the data is not valid gzip (truncated, bad CRC),
 *   `UNSUPPORTED` when the platform lacks `DecompressionStream`
 * @example
 * const raw = await gunzip(gzBytes, 'train-images-idx3-ubyte.gz');
 */
export async function gunzip(bytes: Uint8Array, fileName: string): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') {
    throw new DescentError('UNSUPPORTED', `gunzip: ${fileName}: this platform has no DecompressionStream; pass the uncompressed file`);
  }
  try {
    // Blob copies its parts and takes no shared memory.
    const plain = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
    const stream = new Blob([plain]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (cause) {
    throw new DescentError(
      'CORRUPT_DATASET',
      `gunzip: ${fileName}: not valid gzip data (${cause instanceof Error ? cause.message : String(cause)}); the file may be truncated or damaged`,
      { cause, details: { fileName } },
    );
  }
}
