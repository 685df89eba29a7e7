import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { askViaApi, getPage, listedIds, postForm, setRole } from '../../../test/community.js';
import { askAs, buildTestApp, registerMember } from '../../../test/helpers.js';
import { translate } from '../../platform/i18n/index.js';

describe('tags pages', () => {
  test('/tags lists tags with counts, filters by prefix and sorts by name or popularity', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    await askViaApi(member, { tags: ['python'] });
    await askViaApi(member, { tags: ['python', 'pytest'] });
    await askViaApi(member, { tags: ['rust', 'c++'] });

    const all = await getPage(app, '/tags');
    const names = [...all.matchAll(/data-tag="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(names[0], 'python', 'most used first');
    assert.deepEqual(names.slice(1).sort(), ['c++', 'pytest', 'rust']);
    assert.match(all, /data-tag="python">.*?2 questions/s);
    assert.match(all, /href="\/tags\/c%2B%2B"/);

    const filtered = await getPage(app, '/tags?q=py');
    assert.deepEqual([...filtered.matchAll(/data-tag="([^"]+)"/g)].map((m) => m[1]).sort(), [
      'pytest',
      'python',
    ]);
    assert.match(filtered, /id="tag-filter" name="q" value="py"/);

    const byName = await getPage(app, '/tags?sort=name');
    assert.deepEqual(
      [...byName.matchAll(/data-tag="([^"]+)"/g)].map((m) => m[1]),
      ['c++', 'pytest', 'python', 'rust'],
    );
    assert.match(await getPage(app, '/tags?q=zzz'), /No tags start with that\./);
  });

  test('/tags/:tag lists only that tag’s questions, with sort tabs; other spellings redirect', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const one = await askViaApi(member, { tags: ['python'] });
    await askViaApi(member, { tags: ['rust'] });
    const two = await askViaApi(member, { tags: ['python', 'c++'] });

    const page = await getPage(app, '/tags/python');
    assert.deepEqual(listedIds(page), [two.id, one.id]);
    assert.match(page, /<h1 class="h3 mb-3">Questions tagged \[python\]<\/h1>/);
    assert.match(page, /href="\/tags\/python\?sort=votes"/);
    assert.match(page, /This tag has no description yet\./);
    assert.ok(!page.includes('data-testid="tag-description-form"'), 'members cannot describe tags');

    assert.deepEqual(listedIds(await getPage(app, '/tags/c%2B%2B')), [two.id]);
    const redirect = await app.inject({ url: '/tags/Python?sort=votes' });
    assert.equal(redirect.statusCode, 301);
    assert.equal(redirect.headers.location, '/tags/python?sort=votes');
    await getPage(app, '/tags/no-such-tag', null, 404);
  });

  test('moderators describe a tag from its page; members are refused', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    const moderator = await registerMember(app);
    await setRole(database, moderator.userId, 'moderator');
    await askViaApi(member, { tags: ['python'] });

    const page = await getPage(app, '/tags/python', moderator);
    assert.match(page, /data-testid="tag-description-form"/);
    const saved = await postForm(app, '/tags/python/description', moderator, {
      description: 'For **Python** questions. <script>x</script>',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/tags/python?done=described');
    const described = await getPage(app, '/tags/python?done=described');
    assert.match(described, /For <strong>Python<\/strong> questions\. &lt;script&gt;x&lt;\/script&gt;/);
    assert.match(described, /The description was saved\./);
    assert.match(await getPage(app, '/tags'), /For \*\*Python\*\* questions\. &lt;script>x&lt;\/script>/);

    const tooLong = await postForm(app, '/tags/python/description', moderator, {
      description: 'x'.repeat(5001),
    });
    assert.equal(tooLong.statusCode, 422);
    assert.match(tooLong.body, /data-field-error="description"/);

    const refused = await postForm(app, '/tags/python/description', member, { description: 'Mine now' });
    assert.equal(refused.statusCode, 403);
  });
});

test('/tags/suggest offers tags for the word being typed, most used first, skipping chosen ones', async (t) => {
  const { app } = await buildTestApp(t);
  const member = await registerMember(app);
  await askAs(member, { tags: ['python', 'python-asyncio'] });
  await askAs(member, { tags: ['python'] });
  await askAs(member, { tags: ['pytest'] });
  const names = async (typed: string) => {
    const response = await app.inject({ url: `/tags/suggest?tags=${encodeURIComponent(typed)}` });
    assert.equal(response.statusCode, 200);
    return [...response.body.matchAll(/data-tag-suggestion="([^"]+)"/g)].map((m) => m[1]);
  };
  assert.deepEqual(await names('py'), ['python', 'pytest', 'python-asyncio']);
  assert.deepEqual(await names('python, py'), ['pytest', 'python-asyncio']);
  assert.deepEqual(await names('zzz'), []);
  assert.deepEqual(await names(''), []);
  // A tag nobody uses yet is created with the post: the suggestions say so, in either language.
  const note = async (typed: string, lang = 'en') =>
    /data-testid="tag-new">([^<]*)</.exec(
      (await app.inject({ url: `/tags/suggest?tags=${encodeURIComponent(typed)}&lang=${lang}` })).body,
    )?.[1];
  assert.equal(
    await note('python, Brand_New'),
    translate('en', 'tags.will_be_created', { tag: 'brand-new' }),
  );
  assert.match((await note('zzz', 'zh-CN')) ?? '', /zzz/);
  assert.equal(await note('python'), undefined, 'an existing tag is not new');
  assert.equal(await note('python, python'), undefined, 'nor is one already chosen');
  assert.equal(await note('!!!'), undefined, 'nor is what cannot be a tag');
  // A rarely used tag is known even when eight more used tags begin with it.
  for (let i = 0; i < 8; i += 1) await askAs(member, { tags: [`pyrare-${i}`] });
  for (let i = 0; i < 8; i += 1) await askAs(member, { tags: [`pyrare-${i}`] });
  await askAs(member, { tags: ['pyrare'] });
  assert.equal((await names('pyrare')).includes('pyrare'), false, 'not among the eight most used');
  assert.equal(await note('pyrare'), undefined, 'yet it exists: not new');
  const form = await member.inject({ url: '/questions/ask' });
  assert.match(form.body, /hx-get="\/tags\/suggest"/);
});
