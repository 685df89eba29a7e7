import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  readXmlRows,
  seCommentFromXml,
  seLinkFromXml,
  sePostFromXml,
  seTagFromXml,
  seUserFromXml,
  seVoteFromXml,
} from './se-xml.reader.js';

const dump = fileURLToPath(new URL('./testdata/mini.stackexchange.com/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'techqa-xml-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('readXmlRows', () => {
  test('yields every <row> with its attributes entity-decoded', async () => {
    const rows = await collect(readXmlRows(join(dump, 'Posts.xml')));
    assert.equal(rows.length, 10);
    const question = rows.find((row) => row.Id === '10');
    assert.equal(question?.Title, '如何在 Python 中逐行读取文件？');
    assert.match(question?.Body ?? '', /^<p>I want to read a file/);
    assert.match(question?.Body ?? '', /print\(line\) {2}# a &lt;b&gt; tag in code\n/);
  });

  test('streams: rows arrive while the file is still being read, across chunk boundaries', async () => {
    const file = join(scratch, 'Big.xml');
    const count = 5_000;
    const lines = ['<?xml version="1.0" encoding="utf-8"?>', '<posts>'];
    for (let i = 1; i <= count; i++) {
      lines.push(
        `  <row Id="${i}" PostTypeId="1" Title="Question ${i} — 问题 &amp; more" Body="&lt;p&gt;${'x'.repeat(i % 97)}&lt;/p&gt;" />`,
      );
    }
    lines.push('</posts>', '');
    writeFileSync(file, lines.join('\r\n'));
    const size = statSync(file).size;

    let bytesRead = 0;
    let readWhenFirstRow: number | undefined;
    let seen = 0;
    for await (const row of readXmlRows(file, { chunkSize: 4096, onBytes: (n) => (bytesRead = n) })) {
      readWhenFirstRow ??= bytesRead;
      seen += 1;
      assert.equal(row.Id, String(seen));
      assert.equal(row.Title, `Question ${seen} — 问题 & more`);
      assert.equal(row.Body, `<p>${'x'.repeat(seen % 97)}</p>`);
    }
    assert.equal(seen, count);
    assert.ok(
      readWhenFirstRow !== undefined && readWhenFirstRow <= 4096,
      `first row after ${readWhenFirstRow} bytes`,
    );
    assert.equal(bytesRead, size);
  });

  test('passes over characters XML forbids, but refuses a broken file', async () => {
    const odd = join(scratch, 'Odd.xml');
    writeFileSync(
      odd,
      '<comments>\n  <row Id="1" Text="bell &#x7; here" />\n  <row Id="2" Text="ok" />\n</comments>\n',
    );
    assert.deepEqual(
      (await collect(readXmlRows(odd))).map((row) => row.Id),
      ['1', '2'],
    );

    const broken = join(scratch, 'Broken.xml');
    writeFileSync(broken, '<comments>\n  <row Id="1" Text="unterminated />\n  <row Id="2" />\n</comments>\n');
    await assert.rejects(collect(readXmlRows(broken)), /Broken\.xml/);
  });
});

describe('row mappers', () => {
  test('read the dump columns, with UTC dates and both tag formats', () => {
    const post = sePostFromXml({
      Id: '10',
      PostTypeId: '1',
      AcceptedAnswerId: '12',
      CreationDate: '2016-08-02T15:39:14.947',
      Score: '-3',
      ViewCount: '100',
      Body: '<p>x</p>',
      OwnerUserId: '1',
      Title: 'T',
      Tags: '|python|file-io|',
    });
    assert.deepEqual(post, {
      id: 10,
      postTypeId: 1,
      parentId: null,
      acceptedAnswerId: 12,
      title: 'T',
      tags: ['python', 'file-io'],
      bodyHtml: '<p>x</p>',
      score: -3,
      viewCount: 100,
      ownerUserId: 1,
      ownerDisplayName: null,
      creationDate: '2016-08-02T15:39:14.947Z',
      lastEditDate: null,
      lastActivityDate: null,
      contentLicense: null,
    });
    assert.equal(sePostFromXml({ PostTypeId: '1' }), undefined);
    assert.deepEqual(seUserFromXml({ Id: '-1', DisplayName: 'Community', Reputation: '1' }), {
      id: -1,
      displayName: 'Community',
      reputation: 1,
      creationDate: null,
    });
    assert.equal(seCommentFromXml({ Id: '1', Text: 'no post' }), undefined);
    assert.deepEqual(
      seVoteFromXml({ Id: '3', PostId: '10', VoteTypeId: '3', CreationDate: '2016-08-03T00:00:00.000' }),
      {
        id: 3,
        postId: 10,
        voteTypeId: 3,
        creationDate: '2016-08-03T00:00:00.000Z',
      },
    );
    assert.equal(seLinkFromXml({ Id: '1', PostId: '14' }), undefined);
    assert.deepEqual(seTagFromXml({ Id: '1', TagName: 'python', ExcerptPostId: '30' }), {
      name: 'python',
      excerptPostId: 30,
    });
  });
});
