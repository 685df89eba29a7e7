import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..', '..');

/** `selector list { body }` rules of a stylesheet whose body holds `what`, selectors normalised. */
function rulesWith(css: string, what: RegExp): string[] {
  const found: string[] = [];
  const plain = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/["']/g, '');
  for (const match of plain.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    if (what.test(match[2] ?? '')) {
      for (const selector of (match[1] ?? '').split(',')) found.push(selector.replace(/\s+/g, ' ').trim());
    }
  }
  return found;
}

test('every form-control icon Bootstrap draws as a data: SVG (blocked by our CSP) is served from /assets/icons', async () => {
  const bootstrap = await readFile(join(root, 'node_modules/bootstrap/dist/css/bootstrap.css'), 'utf8');
  const ours = await readFile(join(root, 'public/app.css'), 'utf8');
  const needed = rulesWith(bootstrap, /url\(data:image/).filter((selector) =>
    /^(\.was-validated )?\.form-(control|select|check-input)\b/.test(selector),
  );
  assert.ok(needed.length >= 8, `found only ${needed.length} rules`);
  const replaced = new Set(rulesWith(ours, /url\(\/assets\/icons\//));
  // The switch's knob is the one form icon we do not use (no form-switch on any page).
  const missing = needed.filter((selector) => !replaced.has(selector) && !selector.includes('form-switch'));
  assert.deepEqual(missing, []);
});
