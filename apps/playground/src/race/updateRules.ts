import { optimizerEntry } from '../catalog';

/** An optimizer's update rule in the lecture's notation: TeX lines (one `aligned` block) and a note in words. */
export interface UpdateRule {
  /** Equations, each `left &= right`, in the lecture's notation: θ, ν (lr), ∇, v, c, m, μ, β, ε. */
  lines: string[];
  /** What the rule does, in a sentence (shown under the formula). */
  note: string;
}

/** A number as TeX: 0.001, 2 × 10⁻⁶, 10⁻⁸. */
export function texNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const a = Math.abs(value);
  if (a >= 1e-3 && a < 1e4) return String(Number(value.toPrecision(3)));
  const [mantissa, exponent] = value.toExponential(2).split('e') as [string, string];
  const m = Number(mantissa);
  const power = `10^{${Number(exponent)}}`;
  return m === 1 ? power : m === -1 ? `-${power}` : `${m}{\\times}${power}`;
}

const T = '\\theta^{[t]}';
const T1 = '\\theta^{[t+1]}';
const at = (symbol: string, k = 't'): string => `\\mathbf{${symbol}}^{[${k}]}`;
const next = (symbol: string): string => at(symbol, 't+1');

/** The class of the scheduled lr's number in a typeset rule (`\htmlClass`): {@link updateRule}'s `scheduled`. */
export const LR_SLOT = 'rule-lr';

/**
 * The update rule of optimizer `name` (a registry name) with `options` (the card's; defaults
 * fill the rest), each hyperparameter's current value written above its symbol. The rules
 * are those `@descent/optimizers` runs (torch's), written as the lecture writes them. With
 * `scheduled`, the lr is written ν_t, its value (`options.lr`: the schedule's at the step
 * shown) in an {@link LR_SLOT} box.
 *
 * @example
 * updateRule('sgd', { lr: 0.01, momentum: 0.9 }).lines; // ['\\mathbf{v}^{[t+1]} &= \\underset{\\mu}{0.9}\\,\\mathbf{v}^{[t]} - \\underset{\\nu}{0.01}\\,\\nabla', ...]
 */
export function updateRule(name: string, options: Readonly<Record<string, unknown>>, scheduled = false): UpdateRule {
  const o: Record<string, unknown> = { ...(optimizerEntry(name)?.defaults ?? {}), ...options };
  const n = (key: string): number => (typeof o[key] === 'number' ? (o[key] as number) : NaN);
  const pair = (key: string, k: 0 | 1): number => (Array.isArray(o[key]) ? Number((o[key] as unknown[])[k]) : NaN);
  /** A value with its symbol under it: the lecture's symbol and the card's number together. */
  const v = (symbol: string, value: number): string => `\\underset{${symbol}}{${texNumber(value)}}`;
  // A scheduled lr is ν_t, its number in a slot of class LR_SLOT that the card refills as the playhead moves.
  const nu = scheduled ? `\\underset{\\nu_t}{\\htmlClass{${LR_SLOT}}{${texNumber(n('lr'))}}}` : v('\\nu', n('lr'));
  const lines: string[] = [];
  // L2 weight decay (torch's weight_decay for SGD, Adam, RMSProp, ...) enters the gradient.
  let g = '\\nabla';
  const l2 = (): void => {
    if (n('weightDecay') > 0) {
      lines.push(`\\mathbf{g} &= \\nabla + ${v('\\lambda', n('weightDecay'))}\\,${T}`);
      g = '\\mathbf{g}';
    }
  };
  const adamMoments = (b1: number, b2: number): void => {
    lines.push(`${next('m')} &= ${v('\\beta_1', b1)}\\,${at('m')} + (1 - \\beta_1)\\,${g}`);
    lines.push(`${next('v')} &= ${v('\\beta_2', b2)}\\,${at('v')} + (1 - \\beta_2)\\,${g}^2`);
  };
  const hats = '\\hat{\\mathbf{m}} = \\frac{\\mathbf{m}^{[t+1]}}{1 - \\beta_1^{t+1}},\\ \\hat{\\mathbf{v}} = \\frac{\\mathbf{v}^{[t+1]}}{1 - \\beta_2^{t+1}}';
  const eps = v('\\epsilon', n('eps'));
  switch (name) {
    case 'sgd': {
      l2();
      const mu = n('momentum');
      if (!(mu > 0)) {
        lines.push(`${T1} &= ${T} - ${nu}\\,${g}`);
        return { lines, note: 'Plain gradient descent: a step of ν times the gradient, downhill.' };
      }
      if (o.nesterov === true) {
        lines.push(`\\tilde{\\theta} &= ${T} + ${v('\\mu', mu)}\\,${at('v')}`);
        lines.push(`${next('v')} &= \\mu\\,${at('v')} - ${nu}\\,\\nabla\\mathcal{L}(\\tilde{\\theta})`);
        lines.push(`${T1} &= ${T} + ${next('v')}`);
        return { lines, note: 'Nesterov: the gradient is taken at the look-ahead point θ̃, where the momentum alone would carry θ (torch computes the same in another form).' };
      }
      lines.push(`${next('v')} &= ${v('\\mu', mu)}\\,${at('v')} - ${nu}\\,${g}`);
      lines.push(`${T1} &= ${T} + ${next('v')}`);
      return { lines, note: 'Momentum keeps a velocity v: the gradient direction is kept between updates (torch writes v = −ν b with b ← μb + ∇).' };
    }
    case 'adagrad':
      l2();
      lines.push(`${next('c')} &= ${at('c')} + ${g}^2`);
      lines.push(`${T1} &= ${T} - ${nu}\\,\\frac{${g}}{\\sqrt{${next('c')}} + ${eps}}`);
      return { lines, note: 'Adagrad sums the squared gradients: a large gradient lowers that coordinate’s effective lr for good.' };
    case 'rmsprop': {
      l2();
      lines.push(`${next('c')} &= ${v('\\beta', n('alpha'))}\\,${at('c')} + (1 - \\beta)\\,${g}^2`);
      const denominator = o.centered === true ? `\\sqrt{${next('c')} - \\bar{\\mathbf{g}}^2} + ${eps}` : `\\sqrt{${next('c')}} + ${eps}`;
      if (n('momentum') > 0) {
        lines.push(`${next('b')} &= ${v('\\mu', n('momentum'))}\\,${at('b')} + \\frac{${g}}{${denominator}}`);
        lines.push(`${T1} &= ${T} - ${nu}\\,${next('b')}`);
      } else lines.push(`${T1} &= ${T} - ${nu}\\,\\frac{${g}}{${denominator}}`);
      return { lines, note: `RMSProp divides by a running average of squared gradients${o.centered === true ? ' (centred: minus the squared mean gradient)' : ''}: each coordinate’s step is about ν.` };
    }
    case 'adam':
    case 'adamw':
    case 'radam':
    case 'nadam': {
      if (name !== 'adamw') l2();
      adamMoments(pair('betas', 0), pair('betas', 1));
      if (name === 'nadam') {
        lines.push(`\\mu_t &= \\beta_1\\,(1 - \\tfrac12\\,0.96^{\\,t\\,${v('\\psi', n('momentumDecay'))}})`);
        lines.push(`${T1} &= ${T} - ${nu}\\,\\frac{\\mu_{t+1}\\hat{\\mathbf{m}} + (1 - \\mu_t)\\,\\hat{${g}}}{\\sqrt{\\hat{\\mathbf{v}}} + ${eps}}`);
        return { lines, note: 'NAdam is Adam with Nesterov’s look-ahead on the first moment (m̂, ĝ bias-corrected by the products of μ).' };
      }
      if (name === 'radam') {
        lines.push('\\rho_t &= \\rho_\\infty - \\frac{2t\\beta_2^t}{1 - \\beta_2^t}');
        lines.push(`${T1} &= ${T} - ${nu}\\begin{cases} r_t\\,\\frac{\\hat{\\mathbf{m}}}{\\sqrt{\\hat{\\mathbf{v}}} + ${eps}} & \\rho_t > 5 \\\\ \\hat{\\mathbf{m}} & \\text{otherwise} \\end{cases}`);
        return { lines, note: 'RAdam takes plain momentum steps until the variance estimate is trusted (ρ_t > 5), then Adam steps scaled by the rectification r_t.' };
      }
      const second = o.amsgrad === true ? '\\max_{s \\le t+1} \\hat{\\mathbf{v}}^{[s]}' : '\\hat{\\mathbf{v}}';
      const decay = name === 'adamw' ? ` - ${nu}\\,${v('\\lambda', n('weightDecay'))}\\,${T}` : '';
      lines.push(`${T1} &= ${T} - ${nu}\\,\\frac{\\hat{\\mathbf{m}}}{\\sqrt{${second}} + ${eps}}${decay}`);
      lines.push(`&\\quad ${hats}`);
      return { lines, note: name === 'adamw' ? 'AdamW: Adam’s step, and the weights decayed apart from the gradient (decoupled).' : 'Adam smooths the gradient (m) and divides by the running RMS (√v), both bias-corrected.' };
    }
    case 'adamax':
      l2();
      lines.push(`${next('m')} &= ${v('\\beta_1', pair('betas', 0))}\\,${at('m')} + (1 - \\beta_1)\\,${g}`);
      lines.push(`${next('u')} &= \\max(${v('\\beta_2', pair('betas', 1))}\\,${at('u')},\\ |${g}| + ${eps})`);
      lines.push(`${T1} &= ${T} - \\frac{${nu}}{1 - \\beta_1^{t+1}}\\,\\frac{${next('m')}}{${next('u')}}`);
      return { lines, note: 'Adamax divides by the running maximum of |∇| instead of its RMS.' };
    case 'adadelta':
      l2();
      lines.push(`${next('c')} &= ${v('\\rho', n('rho'))}\\,${at('c')} + (1 - \\rho)\\,${g}^2`);
      lines.push(`\\Delta &= -\\frac{\\sqrt{${at('u')} + ${eps}}}{\\sqrt{${next('c')} + \\epsilon}}\\,${g}`);
      lines.push(`${next('u')} &= \\rho\\,${at('u')} + (1 - \\rho)\\,\\Delta^2`);
      lines.push(`${T1} &= ${T} + ${nu}\\,\\Delta`);
      return { lines, note: 'Adadelta scales each step by the RMS of past steps over the RMS of gradients: its first steps are about √ε.' };
    case 'lion':
      lines.push(`\\mathbf{u} &= \\operatorname{sign}(${v('\\beta_1', pair('betas', 0))}\\,${at('m')} + (1 - \\beta_1)\\,\\nabla)`);
      lines.push(`${T1} &= ${T} - ${nu}\\,(\\mathbf{u} + ${v('\\lambda', n('weightDecay'))}\\,${T})`);
      lines.push(`${next('m')} &= ${v('\\beta_2', pair('betas', 1))}\\,${at('m')} + (1 - \\beta_2)\\,\\nabla`);
      return { lines, note: 'Lion steps by the sign of an interpolated momentum: every coordinate moves by exactly ν.' };
    case 'sgdScheduleFree':
      lines.push(`\\mathbf{y} &= (1 - ${v('\\beta', n('momentum'))})\\,${at('z')} + \\beta\\,${at('x')}`);
      lines.push(`${next('z')} &= ${at('z')} - ${nu}\\,\\nabla\\mathcal{L}(\\mathbf{y})`);
      lines.push(`${next('x')} &= (1 - c_{t+1})\\,${at('x')} + c_{t+1}\\,${next('z')},\\quad c_{t+1} = \\tfrac{1}{t+1}`);
      return { lines, note: 'Schedule-free SGD: gradients at y, between the SGD iterate z and the average x; no lr schedule needed. The path drawn is y.' };
    case 'adamwScheduleFree':
      lines.push(`\\mathbf{y} &= (1 - ${v('\\beta_1', pair('betas', 0))})\\,${at('z')} + \\beta_1\\,${at('x')}`);
      lines.push(`${next('v')} &= ${v('\\beta_2', pair('betas', 1))}\\,${at('v')} + (1 - \\beta_2)\\,\\nabla\\mathcal{L}(\\mathbf{y})^2`);
      lines.push(`${next('z')} &= ${at('z')} - ${nu}\\,\\frac{\\nabla\\mathcal{L}(\\mathbf{y})}{\\sqrt{\\hat{\\mathbf{v}}} + ${eps}}`);
      lines.push(`${next('x')} &= (1 - c_{t+1})\\,${at('x')} + c_{t+1}\\,${next('z')}`);
      return { lines, note: 'Schedule-free AdamW: Adam’s normalised step on z, gradients at y, x the running average. The path drawn is y.' };
    case 'muon':
      lines.push(`${next('m')} &= ${v('\\mu', n('momentum'))}\\,${at('m')} + (1 - \\mu)\\,\\nabla`);
      lines.push(`\\mathbf{u} &= ${o.nesterov === false ? next('m') : `(1 - \\mu)\\,\\nabla + \\mu\\,${next('m')}`}`);
      lines.push(`${T1} &= (1 - ${nu}\\,${v('\\lambda', n('weightDecay'))})\\,${T} - \\nu\\,\\operatorname{NS}_{${n('nsSteps')}}\\!\\left(\\frac{\\mathbf{u}}{\\lVert\\mathbf{u}\\rVert}\\right)`);
      return { lines, note: 'Muon orthogonalises the momentum by Newton–Schulz. The point here is a 1×2 matrix, whose only singular value NS drives towards 1: Muon steps about 0.7ν along the momentum’s direction, whatever the gradient’s size.' };
    case 'adafactor':
      lines.push(`\\hat\\beta_t &= 1 - t^{${texNumber(n('beta2Decay'))}}`);
      lines.push(`${next('v')} &= \\hat\\beta_t\\,${at('v')} + (1 - \\hat\\beta_t)\\,\\nabla^2`);
      lines.push(`\\mathbf{U} &= \\frac{\\nabla}{\\sqrt{${next('v')}}},\\quad \\hat{\\mathbf{U}} = \\frac{\\mathbf{U}}{\\max(1,\\ \\mathrm{RMS}(\\mathbf{U}) / ${v('d', n('d'))})}`);
      lines.push(`${T1} &= ${T} - \\max(\\epsilon_2, \\mathrm{RMS}(${T}))\\,\\min(${nu}, \\tfrac{1}{\\sqrt t})\\,\\hat{\\mathbf{U}}`);
      return { lines, note: 'Adafactor: a factored second moment (row and column averages; for this 1×2 point the same as the full one), a step relative to the size of θ, clipped at RMS d.' };
    default:
      return { lines: [`${T1} &= \\text{${name}}(${T}, \\nabla)`], note: '' };
  }
}
