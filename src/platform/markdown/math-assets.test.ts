import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { askAs, buildTestApp, registerMember } from '../../../test/helpers.js';

test('formula pages load KaTeX’s stylesheet, fonts and layout classes from this server; others do not', async (t) => {
  const { app } = await buildTestApp(t);
  const member = await registerMember(app);
  const plain = await askAs(member, { title: 'A question without any formula in it at all' });
  const math = await askAs(member, {
    title: 'Gradient norm clipping with a square root in the formula',
    body: 'Clip when $\\|\\nabla L\\| > c$ and divide by $\\sqrt{n}$; what am I missing here?',
  });
  const page = await app.inject({ method: 'GET', url: `/questions/${math.id}/${math.slug}?lang=zh-CN` });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<link rel="stylesheet" href="\/assets\/vendor\/katex\/katex.min.css"/);
  const layout = /<link rel="stylesheet" href="(\/assets\/katex-layout.css\?v=[0-9a-f]{12})"/.exec(
    page.body,
  )?.[1];
  assert.ok(layout, 'layout stylesheet linked');
  assert.match(page.body, /class="katex-html" aria-hidden="true"/);
  assert.doesNotMatch(page.body, /<span[^>]*\sstyle="/);
  const other = await app.inject({ method: 'GET', url: `/questions/${plain.id}/${plain.slug}` });
  assert.doesNotMatch(other.body, /katex/);

  const css = await app.inject({ method: 'GET', url: '/assets/vendor/katex/katex.min.css' });
  assert.equal(css.statusCode, 200);
  const font = /url\((fonts\/KaTeX_Main-Regular\.woff2)\)/.exec(css.body)?.[1];
  assert.ok(font);
  assert.equal((await app.inject({ method: 'GET', url: `/assets/vendor/katex/${font}` })).statusCode, 200);
  const zipped = await app.inject({ method: 'GET', url: layout, headers: { 'accept-encoding': 'gzip' } });
  assert.equal(zipped.statusCode, 200);
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.match(gunzipSync(zipped.rawPayload).toString(), /^\.k-rel\{position:relative!important\}/);
  const plainCss = await app.inject({ method: 'GET', url: layout });
  assert.match(plainCss.body, /\.k-h-69\{height:0\.69em!important\}/);
});
