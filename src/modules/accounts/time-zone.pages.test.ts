import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { askViaApi, postForm, timesIn, wallClock } from '../../../test/community.js';
import { buildTestApp, registerMember, type Session } from '../../../test/helpers.js';

const ZH = { 'accept-language': 'zh-CN' };

async function settingOf(member: Session): Promise<string | null> {
  const me = await member.inject({ url: '/api/v1/me' });
  assert.equal(me.statusCode, 200);
  return (me.json() as { user: { timeZone: string | null } }).user.timeZone;
}

describe('the time zone setting (settings page)', () => {
  test('an unknown zone is refused beside the field, in English and in Chinese, and nothing is saved', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const en = await postForm(app, '/settings/time-zone', member, { timeZone: 'Mars/Olympus_Mons' });
    assert.equal(en.statusCode, 422);
    assert.match(
      en.body,
      /data-field-error="timeZone">That is not a time zone we know\. Use an IANA name such as Asia\/Shanghai/,
    );
    assert.match(
      en.body,
      /name="timeZone"[^>]*value="Mars\/Olympus_Mons"/,
      'what was typed stays in the box',
    );
    const zh = await postForm(app, '/settings/time-zone', member, { timeZone: 'UTC+8' }, ZH);
    assert.equal(zh.statusCode, 422);
    assert.match(zh.body, /data-field-error="timeZone">无法识别这个时区。请填写 IANA 时区名/);
    assert.equal(await settingOf(member), null);
  });

  test('a member with a setting reads every time in it, whatever the language; empty follows the browser again', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const question = await askViaApi(member);
    const url = `/questions/${question.id}/${question.slug}`;

    const saved = await postForm(app, '/settings/time-zone', member, { timeZone: 'Asia/Kolkata' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/settings?done=time_zone_saved');
    assert.equal(await settingOf(member), 'Asia/Kolkata', 'kept as named, not as Intl’s alias');
    const settings = await member.inject({ url: '/settings?done=time_zone_saved' });
    assert.match(settings.body, /Your time zone was saved\./);
    assert.match(
      settings.body,
      /data-testid="time-zone-current">Times are shown in Asia\/Kolkata, where it is /,
    );

    // Chinese pages, a browser in New York: the setting still wins (+5:30), and the tooltip says UTC.
    for (const headers of [ZH, { ...ZH, cookie: `${member.cookie}; tz=America%2FNew_York` }]) {
      const page = await app.inject({ url, headers: { cookie: member.cookie, ...headers } });
      const time = timesIn(page.body)[0];
      assert.ok(time);
      const kolkata = wallClock(time.datetime, 5 * 60 + 30);
      assert.ok(time.title.includes(` ${kolkata.hhmm} (${kolkata.utc})`), time.title);
    }

    // Cleared: the browser's zone (New York, from its cookie) or, without one, Shanghai for Chinese.
    assert.equal((await postForm(app, '/settings/time-zone', member, { timeZone: '' })).statusCode, 303);
    assert.equal(await settingOf(member), null);
    const zh = await app.inject({ url, headers: { ...ZH, cookie: member.cookie } });
    const time = timesIn(zh.body)[0];
    assert.ok(time);
    const shanghai = wallClock(time.datetime, 8 * 60);
    assert.ok(time.title.includes(` ${shanghai.hhmm} (${shanghai.utc})`), time.title);
  });

  test('“use my browser’s zone” offers the zone the browser reported, and saves it', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const without = await member.inject({ url: '/settings' });
    assert.doesNotMatch(without.body, /data-testid="time-zone-browser"/, 'no script ran: nothing to offer');
    const browser = `${member.cookie}; tz=Europe%2FBerlin`;
    const page = await app.inject({ url: '/settings', headers: { cookie: browser, ...ZH } });
    assert.match(page.body, /使用浏览器的时区（Europe\/Berlin）/);
    assert.match(page.body, /<input type="hidden" name="timeZone" value="Europe\/Berlin"/);
    const tampered = await app.inject({
      url: '/settings',
      headers: { cookie: `${member.cookie}; tz=%3Cb%3E` },
    });
    assert.doesNotMatch(tampered.body, /data-testid="time-zone-browser"/, 'a tampered cookie is not offered');
    const saved = await postForm(app, '/settings/time-zone', member, { timeZone: 'Europe/Berlin' });
    assert.equal(saved.statusCode, 303);
    assert.equal(await settingOf(member), 'Europe/Berlin');
    const after = await app.inject({ url: '/settings', headers: { cookie: browser } });
    assert.doesNotMatch(after.body, /data-testid="time-zone-browser"/, 'already the setting');
  });
});

describe('the time zone setting (PATCH /api/v1/me)', () => {
  test('sets, reads back, refuses an unknown zone with user.time_zone_unknown, clears with null', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const patch = (payload: Record<string, unknown>) =>
      member.inject({ method: 'PATCH', url: '/api/v1/me', payload });

    const set = await patch({ timeZone: 'america/new_york' });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().user.timeZone, 'America/New_York');

    for (const timeZone of ['Nowhere/Atlantis', '+08:00', 'Asia/Shanghai; path=/', 'x'.repeat(100)]) {
      const refused = await patch({ timeZone });
      assert.equal(refused.statusCode, 422, timeZone);
      assert.equal(refused.json().error.code, 'user.time_zone_unknown');
      assert.equal(refused.json().error.fieldProblems.timeZone.code, 'user.time_zone_unknown');
    }
    const both = await patch({ displayName: '', timeZone: 'Nowhere/Atlantis' });
    assert.equal(both.statusCode, 422);
    assert.deepEqual(Object.keys(both.json().error.fields).sort(), ['displayName', 'timeZone']);
    assert.equal(await settingOf(member), 'America/New_York', 'a refusal writes nothing');

    const renamed = await patch({ displayName: 'Zoe' });
    assert.equal(renamed.json().user.timeZone, 'America/New_York', 'a rename keeps the zone');
    assert.equal((await patch({})).statusCode, 422, 'nothing to change');
    const cleared = await patch({ timeZone: null });
    assert.equal(cleared.statusCode, 200);
    assert.equal(cleared.json().user.timeZone, null);
    assert.equal(cleared.json().user.displayName, 'Zoe');
  });
});
