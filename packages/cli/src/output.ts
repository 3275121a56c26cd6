/** The two streams a command writes to. */
export type StreamName = 'stdout' | 'stderr';

/** Where and how a command talks: stderr for people, stdout for results. */
export interface Output {
  /** `--quiet`: no progress and no informational lines (errors still print). */
  readonly quiet: boolean;
  /** `--json`: stdout carries only the machine-readable summary. */
  readonly json: boolean;
  /** Progress bars are drawn (stderr is a TTY and not quiet). */
  readonly interactive: boolean;
  /**
   * Whether ANSI colours are used, per stream: each by its own `isTTY` (so `descent train >
   * file` on a terminal colours stderr but writes plain text into the file), off with
   * `NO_COLOR`, on with `FORCE_COLOR` (unless it is `0` or `false`).
   */
  readonly color: Readonly<Record<StreamName, boolean>>;
  /** An informational line on stderr (suppressed by `--quiet`). */
  info(line: string): void;
  /** A warning on stderr (always shown). */
  warn(line: string): void;
  /** A result line on stdout (suppressed by `--json`, which prints its own). */
  result(line: string): void;
  /** Prints `value` as JSON on stdout (only with `--json`). */
  printJson(value: unknown): void;
  /** Wraps text in a colour when colours are on for the stream it will be written to. */
  paint(style: 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan', text: string, stream: StreamName): string;
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;

/** The streams {@link createOutput} writes to (a `process.stdout`-like object each). */
export interface OutputStreams {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/**
 * Whether a stream gets colours: never with `NO_COLOR` set and not empty
 * (https://no-color.org); always with `FORCE_COLOR` set to anything but `0` or `false`
 * (never with those); otherwise when the stream itself is a terminal.
 *
 * @example
 * useColor(process.stdout); // false under `descent train > log.txt`
 */
export function useColor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  return stream.isTTY === true;
}

/**
 * Builds the {@link Output} of a command from its flags and the environment: colours
 * decided per stream (see {@link useColor}), bars only when stderr is a TTY.
 *
 * @example
 * const out = createOutput({ quiet: false, json: false });
 * out.info('backend: wasm');
 * out.result(`${out.paint('green', 'done', 'stdout')}: 3 epochs`);
 */
export function createOutput(
  flags: { quiet?: boolean; json?: boolean },
  streams: OutputStreams = { stdout: process.stdout, stderr: process.stderr },
  env: Readonly<Record<string, string | undefined>> = process.env,
): Output {
  const quiet = flags.quiet === true;
  const json = flags.json === true;
  const color = Object.freeze({ stdout: useColor(streams.stdout, env), stderr: useColor(streams.stderr, env) });
  return {
    quiet,
    json,
    interactive: streams.stderr.isTTY === true && !quiet,
    color,
    info(line) {
      if (!quiet) streams.stderr.write(`${line}\n`);
    },
    warn(line) {
      streams.stderr.write(`${line}\n`);
    },
    result(line) {
      if (!json && !quiet) streams.stdout.write(`${line}\n`);
    },
    printJson(value) {
      if (json) streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    paint(style, text, stream) {
      if (!color[stream]) return text;
      const [on, off] = CODES[style];
      return `\u001b[${on}m${text}\u001b[${off}m`;
    },
  };
}
