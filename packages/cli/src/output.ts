/** Where and how a command talks: stderr for people, stdout for results. */
export interface Output {
  /** `--quiet`: no progress and no informational lines (errors still print). */
  readonly quiet: boolean;
  /** `--json`: stdout carries only the machine-readable summary. */
  readonly json: boolean;
  /** Progress bars are drawn (stderr is a TTY and not quiet). */
  readonly interactive: boolean;
  /** ANSI colours are used (a TTY and `NO_COLOR` unset). */
  readonly color: boolean;
  /** An informational line on stderr (suppressed by `--quiet`). */
  info(line: string): void;
  /** A warning on stderr (always shown). */
  warn(line: string): void;
  /** A result line on stdout (suppressed by `--json`, which prints its own). */
  result(line: string): void;
  /** Prints `value` as JSON on stdout (only with `--json`). */
  printJson(value: unknown): void;
  /** Wraps text in a colour when colours are on. */
  paint(style: 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan', text: string): string;
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;

/**
 * Builds the {@link Output} of a command from its flags and the environment: colours only
 * on a TTY and when `NO_COLOR` is unset (https://no-color.org), bars only on a TTY.
 *
 * @example
 * const out = createOutput({ quiet: false, json: false });
 * out.info('backend: wasm');
 */
export function createOutput(flags: { quiet?: boolean; json?: boolean }, streams = { stdout: process.stdout, stderr: process.stderr }): Output {
  const quiet = flags.quiet === true;
  const json = flags.json === true;
  const tty = streams.stderr.isTTY === true;
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const color = tty && !noColor;
  return {
    quiet,
    json,
    interactive: tty && !quiet,
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
    paint(style, text) {
      if (!color) return text;
      const [on, off] = CODES[style];
      return `\u001b[${on}m${text}\u001b[${off}m`;
    },
  };
}
