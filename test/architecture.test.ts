import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkImports, importsOf, readSources, type SourceFile } from './architecture.js';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

const file = (path: string, ...specifiers: string[]): SourceFile => ({ path, specifiers });

describe('the import rules', () => {
  test('src/ keeps them: layers point down, modules meet at index.ts, no cycle, platform imports no module', () => {
    const sources = readSources(SRC);
    assert.ok(sources.length > 100, 'the source was read');
    assert.deepEqual(checkImports(sources), []);
  });

  test('the reader finds static, type-only, re-exported, multi-line, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b/index.js';",
      'import {',
      '  c,',
      '  type D,',
      "} from '../c/index.js';",
      "export { e } from './e.js';",
      "export * from './f.js';",
      "import './jobs.js';",
      "const g = await import('./g.js');",
      '/** An example in a comment: call it from app.ts. */',
      "export function h() { return 'from here'; }",
    ].join('\n');
    assert.deepEqual(importsOf(source).sort(), [
      '../b/index.js',
      '../c/index.js',
      './a.js',
      './e.js',
      './f.js',
      './g.js',
      './jobs.js',
    ]);
  });

  test('platform importing a module is refused; a platform test may set up through a door', () => {
    const problems = checkImports([file('platform/views/layout.tsx', '../../modules/bounties/index.js')]);
    assert.equal(problems.length, 1);
    assert.match(problems[0] as string, /platform imports a module/);
    assert.deepEqual(
      checkImports([file('platform/http/input.test.ts', '../../modules/wallet/wallet.test-support.js')]),
      [],
    );
    assert.match(
      checkImports([file('platform/http/input.test.ts', '../../modules/wallet/wallet.service.js')]).join(),
      /not wallet's index\.ts/,
    );
  });

  test("a module importing another's inner file is refused; tests may use its test-support", () => {
    assert.match(
      checkImports([file('modules/questions/questions.pages.tsx', '../tags/tags.rules.js')]).join(),
      /not tags's index\.ts/,
    );
    assert.match(
      checkImports([file('modules/imports/imports.rules.test.ts', '../accounts/accounts.rules.js')]).join(),
      /not accounts's index\.ts/,
    );
    assert.deepEqual(
      checkImports([file('modules/experts/experts.api.test.ts', '../ledger/ledger.test-support.js')]),
      [],
    );
    assert.match(
      checkImports([file('modules/experts/ask.service.ts', '../ledger/ledger.test-support.js')]).join(),
      /production code imports test code/,
    );
  });

  test('an arrow up the layers is refused (community core → paid, money core → community core)', () => {
    assert.match(
      checkImports([file('modules/questions/views/question-page.tsx', '../../bounties/index.js')]).join(),
      /questions imports bounties, an arrow up the layers \(community core → paid\)/,
    );
    assert.match(
      checkImports([file('modules/wallet/wallet.service.ts', '../accounts/index.js')]).join(),
      /arrow up the layers \(money core → community core\)/,
    );
    assert.deepEqual(checkImports([file('modules/bounties/index.ts', '../questions/index.js')]), []);
  });

  test('a cycle between modules is refused, even inside one layer', () => {
    const problems = checkImports([
      file('modules/questions/questions.service.ts', '../search/index.js'),
      file('modules/search/search.pages.tsx', '../tags/index.js'),
      file('modules/tags/tags.pages.tsx', '../questions/index.js'),
    ]);
    assert.deepEqual(problems, ['module cycle: questions → search → tags → questions']);
  });

  test('test files are exempt from layers and cycles, not from the index rule', () => {
    assert.deepEqual(
      checkImports([
        file('modules/questions/question-tags.database.test.ts', '../imports/index.js'),
        file('modules/imports/loader.ts', '../questions/index.js'),
      ]),
      [],
    );
  });

  test('a module in no layer is refused until it is placed', () => {
    assert.match(checkImports([file('modules/gifts/index.ts')]).join(), /"gifts" is in no layer/);
  });

  test('production code may not reach outside src/', () => {
    assert.match(
      checkImports([file('modules/bounties/bounties.service.ts', '../../../test/helpers.js')]).join(),
      /outside src/,
    );
  });
});
