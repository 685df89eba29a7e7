import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
// The accounts rules themselves, to check that imported names and addresses would pass them.
import { checkEmail, checkUsername } from '../accounts/index.js';
import {
  importDisplayName,
  importEmail,
  importTags,
  isMathSite,
  parseSeTags,
  plainTitle,
  seDate,
  seLicense,
  seSite,
  stripShortcodes,
  suffixedUsername,
  usernameFromDisplayName,
  voteValue,
} from './imports.rules.js';

describe('usernameFromDisplayName', () => {
  const cases: Array<[string, string | undefined]> = [
    ['Adam Lear', 'Adam-Lear'],
    ['  Franck   Dernoncourt ', 'Franck-Dernoncourt'],
    ['李雷', '李雷'],
    ['Bjørn-Roger Kringsjå', 'Bjørn-Roger-Kringsjå'],
    ['user@example.com', 'userexample.com'],
    ['__init__', 'init'],
    ["O'Neil (he/him)", 'ONeil-hehim'],
    ['😀 Smiley', 'Smiley'],
    ['a', undefined],
    ['...', undefined],
    ['', undefined],
    ['x'.repeat(40), 'x'.repeat(30)],
    ['ab -- cd', 'ab-cd'],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      const name = usernameFromDisplayName(input);
      assert.equal(name, expected);
      if (name) assert.equal(checkUsername(name), undefined);
    });
  }
});

describe('suffixedUsername', () => {
  test('appends the site and id and stays within 30 characters', () => {
    assert.equal(suffixedUsername('Community', 'ai', '-1'), 'Community-ai--1');
    const long = suffixedUsername('Alessandro-Trinca-Tornidor', 'quantumcomputing', '123456');
    assert.equal(long, 'Alessa-quantumcomputing-123456');
    assert.ok([...long].length <= 30, long);
    assert.equal(checkUsername(long), undefined);
  });

  test('hashes ids that are not numbers, and numbers further attempts', () => {
    const name = suffixedUsername('ghost', 'dba_meta', 'name:ghost');
    assert.match(name, /^ghost-dba_meta-h[0-9a-f]{8}$/);
    assert.equal(suffixedUsername('bob', 'ai', '7', 2), 'bob-ai-7-2');
    for (const candidate of [
      name,
      suffixedUsername('汉'.repeat(30), 'a-very-long-site-name-indeed', '99999999', 3),
    ]) {
      assert.equal(checkUsername(candidate), undefined, candidate);
    }
  });
});

describe('importDisplayName and importEmail', () => {
  test('display names lose control characters and fit 50 characters', () => {
    assert.equal(importDisplayName(' Ada\u0000  Lovelace\u202E ', 'x'), 'Ada Lovelace');
    assert.equal(importDisplayName('   ', 'user5'), 'user5');
    assert.equal(importDisplayName(null, 'user5'), 'user5');
    assert.equal([...importDisplayName('名'.repeat(80), 'x')].length, 50);
  });

  test('e-mails are valid, never deliverable, and distinct per id', () => {
    assert.equal(importEmail('ai', '4'), 'ai-4@import.invalid');
    assert.equal(importEmail('ai', '-1'), 'ai--1@import.invalid');
    const byName = importEmail('dba_meta', 'name:José');
    assert.match(byName, /^dba_meta-name-jos-h[0-9a-f]{10}@import\.invalid$/);
    assert.notEqual(importEmail('x', 'name:A'), importEmail('x', 'name:a'));
    for (const email of [byName, importEmail('zh_tech_faq', 'author:tidb')])
      assert.equal(checkEmail(email), undefined);
  });
});

describe('tags', () => {
  test('importTags normalises, drops invalid ones, folds duplicates, keeps at most 5', () => {
    assert.deepEqual(importTags(['C#', 'c#', 'Visual Studio', 'x'.repeat(36), 'a', 'b', 'c', 'd']), [
      'c#',
      'visual-studio',
      'a',
      'b',
      'c',
    ]);
  });

  test('parseSeTags reads both dump formats', () => {
    assert.deepEqual(parseSeTags('<python><file-io>'), ['python', 'file-io']);
    assert.deepEqual(parseSeTags('|python|file-io|'), ['python', 'file-io']);
    assert.deepEqual(parseSeTags(undefined), []);
  });
});

describe('dates, licences, sites, votes', () => {
  test('seDate reads dump timestamps as UTC', () => {
    assert.equal(seDate('2016-08-02T15:39:14.947'), '2016-08-02T15:39:14.947Z');
    assert.equal(seDate('2016-08-02T15:39:14.947Z'), '2016-08-02T15:39:14.947Z');
    assert.equal(seDate(''), null);
    assert.equal(seDate('not a date'), null);
  });

  test('seLicense prefers ContentLicense, else goes by date', () => {
    assert.equal(seLicense('CC BY-SA 4.0', '2010-01-01T00:00:00Z'), 'CC BY-SA 4.0');
    assert.equal(seLicense(null, '2010-01-01T00:00:00.000Z'), 'CC BY-SA 2.5');
    assert.equal(seLicense(null, '2016-08-02T15:39:14.947Z'), 'CC BY-SA 3.0');
    assert.equal(seLicense(null, '2018-05-02T00:00:00.000Z'), 'CC BY-SA 4.0');
  });

  test('seSite derives a key and a domain', () => {
    assert.deepEqual(seSite('ai'), { key: 'ai', domain: 'ai.stackexchange.com' });
    assert.deepEqual(seSite('iot.stackexchange.com'), { key: 'iot', domain: 'iot.stackexchange.com' });
    assert.deepEqual(seSite('dba.meta.stackexchange.com'), {
      key: 'dba_meta',
      domain: 'dba.meta.stackexchange.com',
    });
    assert.deepEqual(seSite('stackoverflow.com'), { key: 'stackoverflow', domain: 'stackoverflow.com' });
    assert.deepEqual(seSite('stackoverflow'), { key: 'stackoverflow', domain: 'stackoverflow.com' });
  });

  test('math sites and vote values', () => {
    assert.equal(isMathSite('quantumcomputing'), true);
    assert.equal(isMathSite('math_meta'), true);
    assert.equal(isMathSite('cardano'), false);
    assert.equal(voteValue(2), 1);
    assert.equal(voteValue(3), -1);
    for (const other of [1, 5, 8, 9, 10]) assert.equal(voteValue(other), undefined);
  });
});

describe('plainTitle', () => {
  test('Markdown in a title becomes its text', () => {
    assert.equal(
      plainTitle('使用 [BatchNorm](https://www.mindspore.cn/docs/api/nn.BatchNorm2d.html) 时报错怎么办？'),
      '使用 BatchNorm 时报错怎么办？',
    );
    assert.equal(plainTitle('TiCDC 的 `gc-ttl` 是什么？'), 'TiCDC 的 gc-ttl 是什么？');
    assert.equal(plainTitle('Why ``a ` b`` and **bold** and *it*?'), 'Why a ` b and bold and it?');
    assert.equal(
      plainTitle('See [the docs](https://a.example/x_(y)) {{< copyable "sql" >}} now'),
      'See the docs now',
    );
    assert.equal(
      plainTitle('<https://example.com> ![logo](https://a.example/l.png)'),
      'https://example.com logo',
    );
  });

  test('leaves plain titles, identifiers and formulas alone', () => {
    for (const title of [
      'What is "backprop"?',
      'snake_case_name vs __init__ in Python',
      'a * b * c in numpy',
      'How is $|\\psi\\rangle = \\alpha|0\\rangle$ measured?',
      '2 * 3 = 6?',
    ]) {
      assert.equal(plainTitle(title), title);
    }
  });
});

describe('stripShortcodes', () => {
  test('removes shortcode lines and inline shortcodes, keeps what they wrap and code', () => {
    assert.equal(
      stripShortcodes(
        '执行：\n\n{{< copyable "shell-regular" >}}\n\n```shell\ntiup cluster list\n```\n\n{{% note %}}注意{{% /note %}} 其他 {{< x >}}内容',
      ),
      '执行：\n\n\n```shell\ntiup cluster list\n```\n\n注意 其他 内容',
    );
    assert.equal(stripShortcodes('```\n{{< copyable >}}\n```'), '```\n{{< copyable >}}\n```');
    assert.equal(stripShortcodes('a {{ b }} c'), 'a {{ b }} c');
  });
});
