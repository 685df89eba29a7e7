// Formulas as readable plain text, for places that show text, not rendered HTML: search snippets,
// list excerpts, titles in boxes of related questions. `|\psi\rangle = \alpha|0\rangle` reads
// "|ψ⟩ = α|0⟩", `\frac{1}{\sqrt{2}}` "1/√2". Not a TeX engine: common commands become their
// symbol, layout commands go, unknown commands keep their name.

const SYMBOLS: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  vartheta: 'ϑ',
  iota: 'ι',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  rho: 'ρ',
  sigma: 'σ',
  tau: 'τ',
  upsilon: 'υ',
  phi: 'φ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Xi: 'Ξ',
  Pi: 'Π',
  Sigma: 'Σ',
  Upsilon: 'Υ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
  langle: '⟨',
  rangle: '⟩',
  lvert: '|',
  rvert: '|',
  vert: '|',
  mid: '|',
  lVert: '‖',
  rVert: '‖',
  Vert: '‖',
  otimes: '⊗',
  oplus: '⊕',
  times: '×',
  cdot: '·',
  pm: '±',
  mp: '∓',
  leq: '≤',
  le: '≤',
  geq: '≥',
  ge: '≥',
  neq: '≠',
  ne: '≠',
  approx: '≈',
  sim: '∼',
  equiv: '≡',
  propto: '∝',
  infty: '∞',
  sum: 'Σ',
  prod: 'Π',
  int: '∫',
  oint: '∮',
  partial: '∂',
  nabla: '∇',
  to: '→',
  rightarrow: '→',
  leftarrow: '←',
  Rightarrow: '⇒',
  Leftarrow: '⇐',
  leftrightarrow: '↔',
  mapsto: '↦',
  in: '∈',
  notin: '∉',
  subset: '⊂',
  subseteq: '⊆',
  cup: '∪',
  cap: '∩',
  emptyset: '∅',
  forall: '∀',
  exists: '∃',
  neg: '¬',
  land: '∧',
  lor: '∨',
  wedge: '∧',
  vee: '∨',
  dagger: '†',
  hbar: 'ħ',
  ell: 'ℓ',
  ldots: '…',
  cdots: '⋯',
  dots: '…',
  circ: '∘',
  star: '⋆',
  ast: '∗',
  prime: '′',
  degree: '°',
  log: 'log',
  ln: 'ln',
  exp: 'exp',
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  max: 'max',
  min: 'min',
  lim: 'lim',
  det: 'det',
  Tr: 'Tr',
  tr: 'tr',
};
// Commands that only style or size what follows, or space it out.
const DROPPED = new Set([
  'left',
  'right',
  'big',
  'Big',
  'bigg',
  'Bigg',
  'displaystyle',
  'limits',
  'nolimits',
]);
const SPACES = new Set(['quad', 'qquad', ',', ';', ':', ' ', '!']);
// Commands whose one argument is shown as it is.
const WRAPPERS =
  /\\(?:mathrm|mathbf|mathit|mathsf|mathtt|mathcal|mathbb|mathfrak|boldsymbol|text|textbf|textit|operatorname|hat|bar|vec|tilde|overline|underline|widehat|widetilde|dot|ddot)\s*\{([^{}]*)\}/g;
const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '-': '⁻',
  n: 'ⁿ',
  T: 'ᵀ',
  '*': '*',
  '†': '†',
};
const SUBSCRIPT: Record<string, string> = {
  '0': '₀',
  '1': '₁',
  '2': '₂',
  '3': '₃',
  '4': '₄',
  '5': '₅',
  '6': '₆',
  '7': '₇',
  '8': '₈',
  '9': '₉',
  '+': '₊',
  '-': '₋',
};

function scripted(text: string, table: Record<string, string>, mark: string): string {
  const chars = [...text];
  if (chars.every((c) => c in table)) return chars.map((c) => table[c]).join('');
  return `${mark}${chars.length > 1 ? `(${text})` : text}`;
}

const group = (inner: string) => (/^[√\p{L}\p{N}.′]+$/u.test(inner) ? inner : `(${inner})`);

/** A TeX formula (without its `$` delimiters) as readable text. */
export function texToText(tex: string): string {
  let text = tex;
  // Innermost first, so nested wrappers, fractions and roots come apart step by step.
  for (let pass = 0; pass < 8; pass += 1) {
    const before = text;
    text = text
      .replace(WRAPPERS, '$1')
      .replace(
        /\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g,
        (_, a: string, b: string) => `${group(a.trim())}/${group(b.trim())}`,
      )
      .replace(/\\sqrt\s*\{([^{}]*)\}/g, (_, a: string) => `√${group(a.trim())}`)
      .replace(/\^\s*\{([^{}]*)\}/g, (_, a: string) => scripted(a.trim(), SUPERSCRIPT, '^'))
      .replace(/_\s*\{([^{}]*)\}/g, (_, a: string) => scripted(a.trim(), SUBSCRIPT, '_'));
    if (text === before) break;
  }
  return text
    .replace(/\^([0-9n+\-T*])/g, (_, c: string) => SUPERSCRIPT[c] ?? c)
    .replace(/_([0-9])/g, (_, c: string) => SUBSCRIPT[c] ?? c)
    .replace(/\\([{}|$%&#_])/g, (_, c: string) => (c === '|' ? '‖' : c))
    .replace(/\\([A-Za-z]+|[,;: !])/g, (_, name: string) => {
      if (SPACES.has(name)) return ' ';
      if (DROPPED.has(name)) return '';
      return SYMBOLS[name] ?? name;
    })
    .replace(/[{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// Formulas as Stack Exchange and our renderer delimit them: $$…$$ and $…$ (not across a line).
const DELIMITED = /\$\$([\s\S]+?)\$\$|(?<![\\$])\$(?=\S)((?:\\.|[^$\\\n])+?)(?<=\S)\$(?![\d$])/g;

/** Text (a title) with its `$…$` and `$$…$$` formulas made readable; the rest unchanged. */
export function mathToText(text: string): string {
  if (!text.includes('$')) return text;
  return text.replace(DELIMITED, (_, display: string | undefined, inline: string | undefined) =>
    texToText(display ?? inline ?? ''),
  );
}
