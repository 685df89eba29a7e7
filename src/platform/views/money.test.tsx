import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translator } from '../i18n/index.js';
import { MoneyField, MoneyList, MoneyText } from './money.js';
import type { PageContext } from './page-context.js';

const ctx: PageContext = {
  locale: 'en',
  timeZone: 'UTC',
  t: translator('en') as PageContext['t'],
  text: translator('en'),
  user: null,
  csrfToken: 'x',
  url: '/',
  nav: [],
};

test('MoneyText: the amount in the reader language, "+" when signed', async () => {
  assert.match(
    await (<MoneyText ctx={ctx} amount={{ amountMinor: 1050, currency: 'CNY' }} signed />),
    />\+CN¥10\.50</,
  );
});

test('MoneyList: amounts apart from each other, or the empty text', async () => {
  const html = await (
    <MoneyList
      ctx={ctx}
      amounts={[
        { amountMinor: 1000, currency: 'CNY' },
        { amountMinor: 1000, currency: 'USD' },
      ]}
    />
  );
  assert.match(html, /CN¥10\.00<\/span><span[^>]*> · <\/span><span[^>]*>\$10\.00/);
  assert.equal(await (<MoneyList ctx={ctx} amounts={[]} empty="none" />), 'none');
});

test('MoneyField: label, input, currency, help and error tied together', async () => {
  const html = await (
    <MoneyField
      ctx={ctx}
      id="payout"
      label="Amount"
      currencyLabel="Currency"
      value="5"
      currencies={['CNY', 'USD']}
      currency="USD"
      help={<>At least 10</>}
      error="Too small & wrong"
    />
  );
  assert.match(html, /<label class="form-label" for="payout-amount">Amount<\/label>/);
  assert.match(
    html,
    /id="payout-amount" name="amount" inputmode="decimal"[^>]*value="5"[^>]*aria-describedby="payout-help payout-error" aria-invalid="true"/,
  );
  assert.match(html, /class="form-control is-invalid"/);
  assert.match(html, /<div class="form-text" id="payout-help">At least 10<\/div>/);
  assert.match(html, /id="payout-error" data-field-error="amount">Too small &amp; wrong</);
  assert.match(html, /<option value="USD" selected>USD<\/option>/);
  const plain = await (
    <MoneyField
      ctx={ctx}
      id="p"
      name="price"
      label="Price"
      currencyLabel="C"
      value=""
      currencies={['CNY']}
      currency="CNY"
    />
  );
  assert.doesNotMatch(plain, /aria-describedby|aria-invalid|is-invalid|form-text/);
  assert.match(plain, /name="price"/);
});
