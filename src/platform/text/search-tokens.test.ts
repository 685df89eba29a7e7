import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addUserWords, identifierParts, searchDocument, searchTokens } from './search-tokens.js';

test('segments Chinese, drops function words, keeps English words', () => {
  const tokens = searchTokens('React 的 useEffect 为什么执行两次');
  assert.ok(tokens.includes('react'));
  assert.ok(tokens.includes('useeffect'));
  assert.ok(tokens.includes('use') && tokens.includes('effect'));
  assert.ok(tokens.includes('执行'));
  assert.ok(tokens.includes('两次'));
  assert.ok(!tokens.includes('的'));
});

test('search mode yields both a compound and its parts', () => {
  const tokens = searchTokens('Python 多线程 GIL 机器学习');
  assert.ok(tokens.includes('多线程'));
  assert.ok(tokens.includes('线程'));
  assert.ok(tokens.includes('机器') && tokens.includes('学习'));
  assert.ok(tokens.includes('gil') && tokens.includes('python'));
});

test('keeps programming names whole', () => {
  assert.deepEqual(searchTokens('C++ and C# on .NET with Node.js'), [
    'cplusplus',
    'and',
    'csharp',
    'on',
    'dotnet',
    'with',
    'nodejs',
    'node',
  ]);
  assert.deepEqual(searchTokens('vue.js c++'), ['vuejs', 'vue', 'cplusplus']);
});

test('splits identifiers as programmers read them', () => {
  assert.deepEqual(identifierParts('useEffect'), ['use', 'effect']);
  assert.deepEqual(identifierParts('XMLHttpRequest'), ['xml', 'http', 'request']);
  assert.deepEqual(identifierParts('snake_case_name'), ['snake', 'case', 'name']);
  assert.deepEqual(identifierParts('plain'), []);
  assert.deepEqual(searchTokens('getElementById'), ['getelementbyid', 'get', 'element', 'by', 'id']);
});

test('the same function prepares the query, so word order does not matter', () => {
  const doc = new Set(searchTokens('如何在 Python 中使用多线程提高性能'));
  for (const token of searchTokens('多线程 性能 python')) assert.ok(doc.has(token), token);
});

test('user words stay whole', () => {
  addUserWords(['区块链钱包']);
  assert.ok(searchTokens('如何创建区块链钱包').includes('区块链钱包'));
});

test('tolerates anything', () => {
  for (const input of [
    '',
    '   ',
    '\u0000\u0001',
    '🚀🚀',
    '"\'<>&',
    'a'.repeat(100_000),
    '中'.repeat(10_000),
  ]) {
    assert.ok(Array.isArray(searchTokens(input)));
  }
  assert.equal(searchDocument('a b c', 2), 'a b');
});

test('an identifier ends where Chinese begins, with or without backticks around it', () => {
  for (const text of [
    '请问paddle.matmul和paddle.multiply有什么区别？',
    '请问`paddle.matmul`和`paddle.multiply`有什么区别？',
  ]) {
    assert.deepEqual(searchTokens(text), [
      'paddlematmul',
      'paddle',
      'matmul',
      'paddlemultiply',
      'paddle',
      'multiply',
      '区别',
    ]);
  }
  assert.deepEqual(searchTokens('在使用Dataset处理数据'), ['使用', 'dataset', '处理', '数据']);
});
