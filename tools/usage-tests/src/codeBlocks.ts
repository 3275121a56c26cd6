/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The language: the first word of the info string (`''` when there is none). */
  lang: string;
  /** The rest of the info string, split into words (`['fragment']` for ```` ```ts fragment ````). */
  flags: string[];
  code: string;
}

/**
 * The fenced code blocks (```` ``` ```` or `~~~`, three or more) of a Markdown text, in order.
 *
 * @example
 * codeBlocks('# x\n```ts fragment\nf();\n```\n'); // [{ line: 2, lang: 'ts', flags: ['fragment'], code: 'f();\n' }]
 */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const [lang = '', ...flags] = open[2]!.trim().split(/\s+/).filter(Boolean);
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(lines[j]!)) body.push(lines[j++]!);
    blocks.push({ line: i + 1, lang, flags, code: body.length > 0 ? `${body.join('\n')}\n` : '' });
    i = j;
  }
  return blocks;
}

/** Languages whose blocks run as tests unless marked `fragment`. */
export const runnableLangs = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);
