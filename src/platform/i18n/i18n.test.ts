import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isMessageKey,
  localeFromAcceptLanguage,
  matchLocale,
  pickLocale,
  textOr,
  translate,
  translator,
} from './index.js';
import { en } from './locales/en.js';
import { zhCN } from './locales/zh-CN.js';

const paramsOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every zh-CN message exists, is not empty, and uses the same parameters as English', () => {
  for (const key of Object.keys(en) as Array<keyof typeof en>) {
    assert.ok(zhCN[key]?.trim(), `zh-CN ${key} is empty`);
    assert.deepEqual(paramsOf(zhCN[key]), paramsOf(en[key]), `parameters of ${key}`);
  }
  assert.deepEqual(Object.keys(zhCN).sort(), Object.keys(en).sort());
});

test('translate fills named parameters and leaves unknown ones visible', () => {
  assert.equal(translate('en', 'validation.too_short', { min: 8 }), 'Must be at least 8 characters.');
  assert.equal(translate('zh-CN', 'validation.too_short', { min: 8 }), '至少需要 8 个字符。');
  assert.equal(translate('en', 'validation.too_short'), 'Must be at least {min} characters.');
});

test('isMessageKey accepts catalogue keys only', () => {
  assert.equal(isMessageKey('user.not_found'), true);
  assert.equal(isMessageKey('toString'), false);
  assert.equal(isMessageKey('no.such.key'), false);
});

test('textOr says a name from data in the catalogue when it can, else as it is spelled', () => {
  assert.equal(textOr(translator('zh-CN'), 'payments.gateway.dev', 'dev'), zhCN['payments.gateway.dev']);
  assert.equal(textOr(translator('en'), 'payments.gateway.paypal', 'paypal'), 'paypal');
});

test('locale tags map to the two supported locales', () => {
  assert.equal(matchLocale('zh'), 'zh-CN');
  assert.equal(matchLocale('zh-Hans-CN'), 'zh-CN');
  assert.equal(matchLocale('zh-TW'), 'zh-CN');
  assert.equal(matchLocale('EN-gb'), 'en');
  assert.equal(matchLocale('fr'), undefined);
  assert.equal(matchLocale(''), undefined);
});

test('Accept-Language honours q-values and order', () => {
  assert.equal(localeFromAcceptLanguage('fr-FR, zh-CN;q=0.8, en;q=0.9'), 'en');
  assert.equal(localeFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8'), 'zh-CN');
  assert.equal(localeFromAcceptLanguage('de, fr'), undefined);
  assert.equal(localeFromAcceptLanguage('en;q=0, zh'), 'zh-CN');
  assert.equal(localeFromAcceptLanguage(';;;,,,q=x'), undefined);
});

test('?lang= wins over the cookie, which wins over Accept-Language; English is the fallback', () => {
  assert.equal(pickLocale({ query: 'en', cookie: 'zh-CN', acceptLanguage: 'zh' }), 'en');
  assert.equal(pickLocale({ query: 'xx', cookie: 'zh-CN', acceptLanguage: 'en' }), 'zh-CN');
  assert.equal(pickLocale({ acceptLanguage: 'zh' }), 'zh-CN');
  assert.equal(pickLocale({}), 'en');
});
