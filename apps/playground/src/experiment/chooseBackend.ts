import { initBackend, type BackendInfo } from '@descent/train';
import type { ExperimentBackend } from '../state/experimentState';

/** The WebGL renderer's name, or undefined without WebGL. */
export function webglRenderer(): string | undefined {
  try {
    const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (gl === null) return undefined;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return undefined;
  }
}

/**
 * Starts the tfjs backend for the experiment. `auto` is `@descent/train`'s choice (webgl, else
 * wasm, else cpu) except on a software-rendered WebGL (SwiftShader, llvmpipe: a machine without
 * a GPU), where wasm is far faster and does not block the page.
 */
export async function chooseBackend(choice: ExperimentBackend, wasmPaths: string): Promise<BackendInfo> {
  if (choice === 'auto') {
    const renderer = webglRenderer();
    if (renderer !== undefined && /swiftshader|llvmpipe|software/i.test(renderer)) {
      try {
        const info = await initBackend('wasm', { wasmPaths });
        const kind = /swiftshader/i.test(renderer) ? 'SwiftShader' : /llvmpipe/i.test(renderer) ? 'llvmpipe' : 'software';
        return { backend: info.backend, reason: `auto: WebGL here is software-rendered (${kind}), slower than wasm; using wasm ${info.reason.replace(/^requested ?/, '')}`.trim() };
      } catch {
        // fall through to the library's own order
      }
    }
  }
  return initBackend(choice, { wasmPaths });
}
