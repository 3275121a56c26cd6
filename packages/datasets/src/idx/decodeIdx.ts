import { gunzip } from './gunzip';
import { isGzip, parseIdx, type IdxFile } from './parseIdx';

/**
 * Parses an IDX file, plain or gzip-compressed (detected by the magic bytes 1f 8b, not by
 * the name). Works in Node and the browser.
 *
 * @param bytes the whole file, as read from disk or fetched
 * @param fileName used in error messages only
 * @throws DescentError `CORRUPT_DATASET` naming the file and what was wrong (see {@link parseIdx})
 * @example
 * const images = await decodeIdx(new Uint8Array(await (await fetch(url)).arrayBuffer()), url);
 * images.dims; // [10000, 28, 28]
 */
export async function decodeIdx(bytes: Uint8Array, fileName: string): Promise<IdxFile> {
  return parseIdx(isGzip(bytes) ? await gunzip(bytes, fileName) : bytes, fileName);
}
