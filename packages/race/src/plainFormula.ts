const SUPERSCRIPTS: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/**
 * A TeX formula (as `@descent/datasets` gives them) as plain text for a chart subtitle:
 * spacing commands dropped, `\sin` to `sin`, `\pi` to `π`, `\frac{a}{b}` to `(a)/(b)`,
 * single-digit powers to superscripts.
 *
 * @example
 * plainFormula('f = 0.05\\,x^2 + 5\\,(y - 0.5\\sin(x/2))^2'); // 'f = 0.05 x² + 5 (y - 0.5 sin(x/2))²'
 */
export function plainFormula(tex: string): string {
  let text = tex;
  for (let i = 0; i < 4; i++) text = text.replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, '($1)/($2)');
  return text
    .replace(/\\[,;:!]|\\quad/g, ' ')
    .replace(/\\(left|right)/g, '')
    .replace(/\\pi/g, 'π')
    .replace(/\\cdot/g, '·')
    .replace(/\\sqrt\{([^{}]*)\}/g, '√($1)')
    .replace(/\\([a-zA-Z]+)/g, '$1')
    .replace(/([\d)])(sin|cos|tan|exp|log|sqrt)/g, '$1 $2')
    .replace(/\^\{(\d)\}|\^(\d)/g, (_, a: string | undefined, b: string | undefined) => SUPERSCRIPTS[(a ?? b)!]!)
    .replace(/\^\{([^{}]*)\}/g, '^($1)')
    .replace(/[{}]/g, '')
    .replace(/ +/g, ' ')
    .trim();
}
