import type { BackendInfo } from '@descent/train';

/** Removes the parenthesised details longer than `max` characters (balanced, nested ones included). */
function withoutLongDetails(text: string, max: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '(') {
      out += text[i];
      continue;
    }
    let depth = 0;
    let j = i;
    for (; j < text.length; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')' && --depth === 0) break;
    }
    const inner = text.slice(i + 1, j);
    if (inner.length > max) {
      out = out.replace(/ $/, '');
      i = j;
    } else {
      out += `(${withoutLongDetails(inner, max)})`;
      i = j;
    }
  }
  return out;
}

/**
 * The backend as one short line for the terminal: `backend wasm (auto: tfjs-node is not
 * installed; using wasm (SIMD, single thread))`, without the loader's long error texts (the
 * full reason stays in `summary.json`).
 *
 * @example
 * out.info(`${loaded.description}; ${backendLine(await initBackend('auto'))}`);
 */
export function backendLine(info: BackendInfo): string {
  return `backend ${info.backend} (${withoutLongDetails(info.reason, 40).replace(/@tensorflow\/tfjs-node/g, 'tfjs-node').replace(/\s+/g, ' ')})`;
}
