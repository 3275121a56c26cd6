/**
 * The backends a run can ask for, declared once for the CLI, the trainer and the playground.
 * This module imports nothing (no TensorFlow.js), so a command's `--help` or a page's menu
 * can list the choices without loading an engine: import it from `@descent/train/backends`.
 */

/**
 * Every value `initBackend` accepts, in the order a help text lists them:
 * - `auto`: the fastest one available for the built-in MLP (Node: `tensorflow` when
 *   `@tensorflow/tfjs-node` is installed, else `descent`; browser: `webgl`, else `wasm`, else `cpu`);
 * - `descent`: descent's own engine, no TensorFlow.js (WebAssembly SIMD matrix products on
 *   worker threads, optimizer state beside the parameters);
 * - `tensorflow`, `wasm`, `cpu`, `webgl`: that TensorFlow.js backend.
 *
 * @example
 * import { backendChoices } from '@descent/train/backends';
 * program.option('--backend <name>', backendChoices.join(', '));
 */
export const backendChoices = Object.freeze(['auto', 'descent', 'tensorflow', 'wasm', 'cpu', 'webgl'] as const);

/** One of {@link backendChoices}. */
export type BackendChoice = (typeof backendChoices)[number];

/**
 * The choices that can run in a browser page (tfjs-node is Node only; `descent` runs on one
 * thread in a page that is not cross-origin isolated).
 *
 * @example
 * import { browserBackendChoices } from '@descent/train/backends';
 * select.append(...browserBackendChoices.map((b) => new Option(b)));
 */
export const browserBackendChoices = Object.freeze(['auto', 'webgl', 'wasm', 'cpu', 'descent'] as const);

/** One of {@link browserBackendChoices}. */
export type BrowserBackendChoice = (typeof browserBackendChoices)[number];

/** One line per choice, for help texts. */
export const backendDescriptions: Readonly<Record<BackendChoice, string>> = Object.freeze({
  auto: 'the fastest available (Node: tfjs-node if installed, else descent; browser: webgl, else wasm, else cpu)',
  descent: "descent's own engine: WebAssembly SIMD products on every core, no TensorFlow.js",
  tensorflow: 'TensorFlow.js on native TensorFlow (@tensorflow/tfjs-node, optional peer)',
  wasm: 'TensorFlow.js on WebAssembly (SIMD, one thread in Node)',
  cpu: 'TensorFlow.js in plain JavaScript',
  webgl: 'TensorFlow.js on WebGL (browser)',
});

/**
 * True when `value` is one of {@link backendChoices}.
 *
 * @example
 * if (!isBackendChoice(flag)) throw new Error(`--backend must be one of ${backendChoices.join(', ')}`);
 */
export function isBackendChoice(value: unknown): value is BackendChoice {
  return typeof value === 'string' && (backendChoices as readonly string[]).includes(value);
}
