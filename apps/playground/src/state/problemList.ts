/** Distinct problems a notice lists before it sums up the rest. */
export const MOST_PROBLEMS = 10;

/**
 * The lines a notice shows for `problems`: each distinct problem once, with its count when it
 * came more than once (`... (× 9,992)`), the most frequent first (ties in order of first
 * appearance), at most `most` lines, then one line for the rest (`... and 9,990 more`).
 *
 * @example
 * problemLines(['a', 'b', 'a']); // ['a (× 2)', 'b']
 */
export function problemLines(problems: readonly string[], most = MOST_PROBLEMS): string[] {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p, (counts.get(p) ?? 0) + 1);
  const distinct = [...counts].sort((a, b) => b[1] - a[1]);
  const lines = distinct.slice(0, most).map(([text, n]) => (n === 1 ? text : `${text} (× ${n.toLocaleString('en-US')})`));
  const rest = distinct.slice(most).reduce((sum, [, n]) => sum + n, 0);
  if (rest > 0) lines.push(`... and ${rest.toLocaleString('en-US')} more (${(distinct.length - most).toLocaleString('en-US')} other kinds)`);
  return lines;
}
