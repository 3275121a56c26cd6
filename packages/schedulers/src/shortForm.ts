import type { Definition, ShortForm } from './definition';
import { allDefinitions } from './schedule';

/** The definition whose short form is called `name` (any case; the camelCase type name works too). @internal */
export function shortFormNamed(name: string): { definition: Definition; short: ShortForm } | undefined {
  const lower = name.toLowerCase();
  for (const definition of allDefinitions()) {
    const short = definition.short;
    if (short !== undefined && (short.names.includes(lower) || definition.type.toLowerCase() === lower)) return { definition, short };
  }
  return undefined;
}

/** `step:stepSize[:gamma]`: a short form's usage line. @internal */
export function usage(short: ShortForm): string {
  let text = short.names[0] as string;
  short.args.forEach((arg, i) => {
    const name = arg.kind === 'list' ? `${arg.field}(a,b,...)` : arg.field;
    text += i < short.required ? `:${name}` : `[:${name}`;
  });
  return text + ']'.repeat(short.args.length - short.required);
}

/** Every short form's usage, for error messages. @internal */
export function allUsages(): string[] {
  return allDefinitions().flatMap((d) => (d.short === undefined ? [] : [usage(d.short)]));
}
