import { DescentError } from '@descent/core';
import type { SourceFile } from './mnistFiles';

/** A `fetch`-compatible function (the global one by default). */
export type FetchLike = (url: string) => Promise<Response>;

/**
 * Opens `base/name.gz`, or `base/name` if that is 404. Returns the open response (body not read
 * yet) so several files can report progress together.
 */
export async function openUrl(op: string, base: string, name: string, fetchImpl: FetchLike): Promise<{ response: Response; url: string }> {
  const root = base.endsWith('/') ? base : `${base}/`;
  const candidates = name.endsWith('.gz') ? [name] : [`${name}.gz`, name];
  const tried: string[] = [];
  for (const candidate of candidates) {
    const url = root + candidate;
    let response: Response;
    try {
      response = await fetchImpl(url);
    } catch (cause) {
      throw new DescentError('IO_ERROR', `${op}: cannot fetch ${url}: ${(cause as Error).message}`, { cause });
    }
    if (response.ok) return { response, url };
    tried.push(`${url} (HTTP ${response.status})`);
    await response.body?.cancel();
    if (response.status !== 404 && response.status !== 410) {
      throw new DescentError('IO_ERROR', `${op}: cannot fetch ${url}: HTTP ${response.status}`);
    }
  }
  throw new DescentError('NOT_FOUND', `${op}: no file ${name} at ${base}: tried ${tried.join(', ')}`, { details: { url: base, fileName: name } });
}

/**
 * Reads a response's body to the end, calling `onChunk(chunk)` as data arrives (the bytes as
 * the response gives them: decoded when the server sent a `Content-Encoding`).
 */
export async function readBody(op: string, response: Response, url: string, onChunk: (chunk: Uint8Array) => void): Promise<SourceFile> {
  if (response.body === null) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onChunk(bytes);
    return { bytes, fileName: url };
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
      onChunk(value);
    }
  } catch (cause) {
    throw new DescentError('IO_ERROR', `${op}: reading ${url} failed after ${length} bytes: ${(cause as Error).message}`, { cause });
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes, fileName: url };
}
