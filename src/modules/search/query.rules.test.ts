import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateSpan, formatQuery, hasText, isEmptyQuery, MAX_QUERY_CHARS, parseQuery } from './query.rules.js';
import { strictTokens, tsQueriesOf } from './query-text.rules.js';
import { idf, pickQueryTerms, tsqueryOperand } from './ranking.rules.js';
import { highlightHtml, highlightNeedles, snippetHtml } from './snippet.rules.js';

test('words, phrases, exclusions and tags', () => {
  const q = parseQuery('react "use effect" -class -"old api" [javascript] -[jquery] useEffect');
  assert.deepEqual(q.words, ['react', 'useEffect']);
  assert.deepEqual(q.phrases, ['use effect']);
  assert.deepEqual(q.excluded, ['class', 'old api']);
  assert.deepEqual(q.tags, ['javascript']);
  assert.deepEqual(q.excludedTags, ['jquery']);
  assert.deepEqual(q.warnings, []);
});

test('operators: is, user, score, created', () => {
  const q = parseQuery('is:answered is:accepted user:42 score:3 created:2024..2025 gil');
  assert.equal(q.answered, true);
  assert.equal(q.accepted, true);
  assert.equal(q.userId, 42);
  assert.equal(q.minScore, 3);
  assert.equal(q.createdFrom?.toISOString(), '2024-01-01T00:00:00.000Z');
  assert.equal(q.createdBefore?.toISOString(), '2026-01-01T00:00:00.000Z');
  assert.deepEqual(q.words, ['gil']);
  assert.equal(parseQuery('is:unanswered').answered, false);
  const range = parseQuery('score:..0 created:2024-02');
  assert.equal(range.maxScore, 0);
  assert.equal(range.minScore, undefined);
  assert.equal(range.createdFrom?.toISOString(), '2024-02-01T00:00:00.000Z');
  assert.equal(range.createdBefore?.toISOString(), '2024-03-01T00:00:00.000Z');
});

test('unreadable operators are warnings, never errors', () => {
  for (const raw of [
    'score:abc',
    'user:me',
    'created:2024-13',
    'created:2025..2024',
    'is:fun',
    'score:5..1',
  ]) {
    const q = parseQuery(raw);
    assert.deepEqual(q.warnings, ['search.warning.bad_operator'], raw);
    assert.ok(isEmptyQuery(q), raw);
  }
  assert.equal(dateSpan('2024-02-30'), undefined);
  assert.equal(dateSpan('2024-02-29')?.before.toISOString(), '2024-03-01T00:00:00.000Z');
});

test('odd input: unbalanced quotes, syntax characters, huge input, control characters', () => {
  const unbalanced = parseQuery('"quantum entanglement');
  assert.deepEqual(unbalanced.phrases, ['quantum entanglement']);
  assert.deepEqual(unbalanced.warnings, ['search.warning.unbalanced_quote']);

  const syntax = parseQuery("a & b | !c ( ) <-> :* ' \\ ; drop table questions; --");
  const texts = tsQueriesOf(syntax);
  // Every operand is quoted letters/digits: nothing typed reaches the tsquery syntax.
  for (const operand of texts.strict?.match(/'[^']*'/g) ?? [])
    assert.match(operand, /^'[\p{L}\p{N}\p{M}]+'$/u);
  assert.ok(!texts.strict?.includes('!'));

  const huge = parseQuery('x'.repeat(10_000));
  assert.ok(huge.warnings.includes('search.warning.truncated'));
  assert.equal(huge.words[0]?.length, MAX_QUERY_CHARS);

  const many = parseQuery(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '));
  assert.equal(many.words.length, 24);
  assert.ok(many.warnings.includes('search.warning.too_many_terms'));

  const control = parseQuery('a\u0000b\u200bc');
  assert.deepEqual(control.words, ['a', 'b', 'c']);

  assert.ok(isEmptyQuery(parseQuery('   ')));
  assert.ok(isEmptyQuery(parseQuery('"" [] - -- ""')));
  assert.ok(!hasText(parseQuery('[python]')));
  assert.ok(!isEmptyQuery(parseQuery('[python]')));
});

test('formatQuery writes a parsed query back', () => {
  const q = parseQuery('[python]  gil "global lock" -java is:answered score:2 created:2024');
  assert.equal(
    formatQuery(q),
    '[python] gil "global lock" -java is:answered score:2 created:2024-01-01..2024-12-31',
  );
  assert.deepEqual(parseQuery(formatQuery(q)).words, q.words);
});

test('tsquery texts: identifier parts help ranking, not matching; phrases keep order', () => {
  assert.deepEqual(strictTokens('useEffect'), ['useeffect']);
  assert.deepEqual(strictTokens('node.js'), ['nodejs']);
  const texts = tsQueriesOf(parseQuery('useEffect "two times" -class'));
  assert.equal(texts.strict, "('useeffect' & ('two' <-> 'times'))");
  assert.equal(texts.relaxed, "(('useeffect' | 'use' | 'effect') & ('two' <-> 'times'))");
  assert.equal(texts.excluded, "('class')");
  assert.ok(texts.rankText.includes('use effect'));
  assert.equal(texts.requiredText, 'useeffect', 'phrases and identifier parts are not required words');
  const chinese = tsQueriesOf(parseQuery('Python 多线程'));
  assert.match(chinese.strict ?? '', /'多线程'/u);
});

test('ranking: IDF favours rare words, question terms favour the title', () => {
  assert.ok(idf(1, 1000) > idf(500, 1000));
  assert.ok(idf(1000, 1000) >= 0);
  const terms = pickQueryTerms(
    [
      { lexeme: 'qubit', titleCount: 1, bodyCount: 2, docCount: 10 },
      { lexeme: 'state', titleCount: 0, bodyCount: 1, docCount: 10 },
      { lexeme: 'use', titleCount: 1, bodyCount: 5, docCount: 900 },
    ],
    1000,
    2,
  );
  assert.deepEqual(
    terms.map((t) => t.lexeme),
    ['qubit', 'state'],
  );
  assert.equal(tsqueryOperand("it's"), undefined);
  assert.equal(tsqueryOperand('多线程'), "'多线程'");
});

test('snippets are escaped and mark the searched words, Chinese too', () => {
  const needles = highlightNeedles(['queries', '线程']);
  const html = snippetHtml('<b>Slow</b> query & 多线程 problems', needles);
  assert.equal(html, '&lt;b>Slow&lt;/b> <mark>query</mark> &amp; 多<mark>线程</mark> problems');
  const long = `${'word '.repeat(200)}target here ${'tail '.repeat(200)}`;
  const cut = snippetHtml(long, highlightNeedles(['target']), 100);
  assert.ok(cut.startsWith('…') && cut.endsWith('…') && cut.includes('<mark>target</mark>'));
  assert.equal(
    highlightHtml('<script>x</script>', highlightNeedles(['script'])),
    '&lt;<mark>script</mark>>x&lt;/<mark>script</mark>>',
  );
  assert.equal(snippetHtml('plain', []), 'plain');
});
