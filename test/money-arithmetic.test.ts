// Money arithmetic lives in src/platform/money.ts (house rule). This reads the sources of the
// modules that keep or move money and fails on arithmetic done by hand on amounts, or on a
// private, unchecked way to make a Money. SQL inside template literals is the database's
// arithmetic, not ours: string and template text is blanked before the lines are read.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The money core and the paid modules: they move money only through the ledger and platform/money.ts. */
const CHECKED = [
  'src/modules/ledger',
  'src/modules/payments',
  'src/modules/wallet',
  'src/modules/bounties',
  'src/modules/experts',
];

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$|test-support\.ts$/.test(entry.name)) yield path;
  }
}

/**
 * The source with comments, string and template text and regular expressions blanked (newlines
 * kept, so line numbers hold); `${…}` inside a template stays code.
 */
function codeOnly(source: string): string {
  const out = source.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k += 1) if (out[k] !== '\n') out[k] = ' ';
  };
  /** Brace depth at which each open `${` returns to its template. */
  const templates: number[] = [];
  let depth = 0;
  let last = ''; // the last significant code character, to tell a regex from a division
  let i = 0;
  const template = (start: number) => {
    // From just after a backtick or `}`: template text up to the closing backtick or the next `${`.
    let j = start;
    while (j < source.length && source[j] !== '`') {
      if (source[j] === '\\') j += 2;
      else if (source[j] === '$' && source[j + 1] === '{') {
        blank(start, j);
        templates.push(depth);
        depth += 1;
        return j + 2;
      } else j += 1;
    }
    blank(start, j);
    return j + 1;
  };
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== c && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
      last = 'x';
    } else if (c === '`') {
      i = template(i + 1);
      last = 'x';
    } else if (c === '/' && (last === '' || '(,=:[!&|?{};+-*%<>~^'.includes(last))) {
      let j = i + 1;
      let inClass = false;
      while (j < source.length && source[j] !== '\n' && (inClass || source[j] !== '/')) {
        if (source[j] === '\\') j += 1;
        else if (source[j] === '[') inClass = true;
        else if (source[j] === ']') inClass = false;
        j += 1;
      }
      blank(i + 1, j);
      i = j + 1;
      last = 'x';
    } else {
      if (c === '{') depth += 1;
      else if (c === '}') {
        depth -= 1;
        if (templates.length > 0 && templates[templates.length - 1] === depth) {
          templates.pop();
          i = template(i + 1);
          last = 'x';
          continue;
        }
      }
      if (!/\s/.test(c)) last = /[\w$)\].]/.test(c) ? 'x' : c;
      i += 1;
    }
  }
  return out.join('');
}

/** An amount by its name: `amountMinor`, `refundedMinor`, `row.amount_minor`, `balance_after_minor`. */
const AMOUNT = String.raw`[\w$]*(?:Minor|_minor)\b`;
const OPERATOR = String.raw`(?:[-+*/%]=?|\+\+|--)`;
/**
 * `x.amountMinor - y.amountMinor`, `total + refund.amountMinor`, `covered += refund.amountMinor`,
 * `sign * row.amount_minor`, `-(wallet.amountMinor ?? 0)`, `Math.max(0, fooMinor …)`.
 */
const HAND_ARITHMETIC = new RegExp(
  [
    String.raw`${AMOUNT}\s*\)?\s*${OPERATOR}\s*[\w$.(-]`,
    String.raw`[\w$.)\]]\s*${OPERATOR}\s*\(?\s*[\w$.]*(?:Minor|_minor)\b`,
    String.raw`(?:^|[(,=:?!&|{\[;]|\breturn)\s*-\s*\(?\s*[\w$.]*(?:Minor|_minor)\b`,
    String.raw`Math\.\w+\([^)]*(?:Minor|_minor)\b`,
  ].join('|'),
);
/** A Money made without platform/money.ts's checks. */
const PRIVATE_MONEY = /function\s+(money|signedMoney|positiveMoney)\s*\(/;

/** The lines of `source` that do arithmetic on amounts by hand or make a private Money. */
function handArithmetic(source: string): number[] {
  return codeOnly(source)
    .split('\n')
    .flatMap((code, i) => (HAND_ARITHMETIC.test(code) || PRIVATE_MONEY.test(code) ? [i + 1] : []));
}

test('the scanner flags arithmetic on amounts, and leaves comparisons, SQL and text alone', () => {
  const flagged = [
    'const total = a.amountMinor + b.amountMinor;',
    '.reduce((total, refund) => total + refund.amountMinor, 0);',
    'covered += refund.amountMinor;',
    'const refundedMinor = order.refundedMinor + refund.amountMinor;',
    'return Math.max(0, order.amountMinor - order.refundedMinor);',
    'amount: signedMoney(sign * row.amount_minor, row.currency),',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source as text, read by the scanner
    'const credited = `${-(wallet.amountMinor ?? 0)} CNY`;',
    'const owed = -entry.amountMinor;',
    'totals.set(c, (totals.get(c) ?? 0) + value.amountMinor);',
    'const half = amountMinor / 2;',
    'function money(amountMinor: number) {',
  ];
  for (const line of flagged) assert.deepEqual(handArithmetic(line), [1], line);
  const clean = [
    'if (amount.amountMinor <= 0 || amount.amountMinor > refundable.amountMinor) throw x;',
    'const sum = sql`coalesce(-sum(amount_minor) filter (where amount_minor < 0), 0)`;',
    "const text = 'amountMinor - refundedMinor';",
    '// total + refund.amountMinor',
    '/* covered += refund.amountMinor */',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source as text, read by the scanner
    'const key = `${entry.accountId}:${entry.amount.currency}:${entry.amount.amountMinor}`;',
    'const re = /\\d+-amount_minor/;',
    'const amount = { amountMinor: order.amountMinor, currency: order.currency };',
    'const a = subtract(money(x.amountMinor, c), b);',
  ];
  for (const line of clean) assert.deepEqual(handArithmetic(line), [], line);
  // Template text over several lines, with code inside `${}` still read.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source as text, read by the scanner
  assert.deepEqual(handArithmetic('sql`select\n -e.amount_minor ${x.amountMinor + 1}\n from t`;'), [2]);
});

test('the money core, the wallet and the paid modules do no arithmetic on amounts by hand and make Money only through platform/money.ts', () => {
  const found: string[] = [];
  for (const dir of CHECKED) {
    for (const file of sources(join(root, dir))) {
      const source = readFileSync(file, 'utf8');
      const lines = source.split('\n');
      for (const line of handArithmetic(source)) {
        found.push(`${relative(root, file)}:${line}: ${lines[line - 1]?.trim()}`);
      }
    }
  }
  assert.deepEqual(found, []);
});
