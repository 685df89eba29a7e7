// Money arithmetic lives in src/platform/money.ts (house rule). This reads the sources of the
// modules that spend money on top of the ledger and fails on arithmetic done by hand on amounts,
// or on a private, unchecked way to make a Money.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The paid modules and the wallet: they move money only through the ledger and platform/money.ts. */
const CHECKED = ['src/modules/bounties', 'src/modules/experts', 'src/modules/wallet'];

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$|test-support\.ts$/.test(entry.name)) yield path;
  }
}

/** `x.amountMinor - y.amountMinor`, `total + refund.priceMinor`, `Math.max(0, fooMinor …)`. */
const HAND_ARITHMETIC =
  /\w*Minor\b\s*[-+*/%]\s*[\w.(]|[\w.)]\s*[-+*/%]\s*[\w.]*Minor\b|Math\.\w+\([^)]*Minor\b/;
/** A Money made without platform/money.ts's checks. */
const PRIVATE_MONEY = /function\s+(money|signedMoney|positiveMoney)\s*\(/;

test('paid modules and the wallet do no arithmetic on amounts by hand and make Money only through platform/money.ts', () => {
  const found: string[] = [];
  for (const dir of CHECKED) {
    for (const file of sources(join(root, dir))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
          if (HAND_ARITHMETIC.test(code) || PRIVATE_MONEY.test(code)) {
            found.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
          }
        });
    }
  }
  assert.deepEqual(found, []);
});
