/**
 * What `fn` throws, as one line to match in a test: `CODE: message` for an error with a
 * string `code` (a DescentError of any package), the error as text for others, `'no error'`
 * when it returns.
 *
 * @example
 * expect(errorText(() => readSafetensors(new Uint8Array(3)))).toMatch(/^INVALID_ARGUMENT: readSafetensors: /);
 */
export function errorText(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return error instanceof Error && typeof code === 'string' ? `${code}: ${error.message}` : String(error);
  }
  return 'no error';
}
