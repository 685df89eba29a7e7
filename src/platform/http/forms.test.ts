import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import { toLogin, typedAmount } from './forms.js';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

describe('typedAmount', () => {
  test('reads an amount in the chosen currency', () => {
    assert.deepEqual(typedAmount('¥1,234.50', 'CNY'), { amountMinor: 123_450, currency: 'CNY' });
    assert.deepEqual(typedAmount(' 12 ', 'USD', 'price'), { amountMinor: 1200, currency: 'USD' });
  });

  test('a bad amount is a 422 with the money problem as code, naming the field', () => {
    for (const [text, code] of [
      ['abc', 'money.parse_invalid'],
      [undefined, 'money.parse_invalid'],
      ['1.234', 'money.too_many_decimals'],
      ['-5', 'money.negative'],
      ['0', 'money.not_positive'],
      ['99999999999999', 'money.too_large'],
    ] as const) {
      for (const field of ['amount', 'price']) {
        const error = refusal(() => typedAmount(text, 'CNY', field));
        assert.equal(error.status, 422, `${text}`);
        assert.equal(error.code, code, `${text}`);
        assert.deepEqual(Object.keys(error.fields ?? {}), [field]);
        assert.equal(error.fields?.[field]?.code, code);
      }
    }
  });

  test('an unknown currency is a 422 money.unknown_currency on the field', () => {
    const error = refusal(() => typedAmount('10', 'EUR'));
    assert.equal(error.status, 422);
    assert.equal(error.code, 'money.unknown_currency');
    assert.equal(error.fields?.amount?.code, 'money.unknown_currency');
    assert.equal(
      refusal(() => typedAmount('10', undefined, 'price')).fields?.price?.code,
      'money.unknown_currency',
    );
  });
});

test('toLogin: a 303 to /login that comes back to the page (or the given path)', () => {
  const calls: Array<[string, number]> = [];
  const reply = {
    redirect: (url: string, status: number) => calls.push([url, status]),
  } as unknown as FastifyReply;
  toLogin({ url: '/wallet?page=2' } as FastifyRequest, reply);
  toLogin({ url: '/paid-questions/3/unlock' } as FastifyRequest, reply, '/paid-questions/3');
  assert.deepEqual(calls, [
    ['/login?next=%2Fwallet%3Fpage%3D2', 303],
    ['/login?next=%2Fpaid-questions%2F3', 303],
  ]);
});

test('page modules use the shared form and money helpers instead of their own copies', async () => {
  const root = join(import.meta.dirname, '..', '..', 'modules');
  const copies =
    /function (typedAmount|typedPrice|toLogin|MoneyText|IdempotencyField)\b|const IdempotencyHeaders?\b/g;
  const found: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || entry.name.endsWith('.test.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    for (const match of (await readFile(path, 'utf8')).matchAll(copies)) {
      found.push(`${path.slice(root.length + 1)}: ${match[0]}`);
    }
  }
  assert.deepEqual(found, []);
});
