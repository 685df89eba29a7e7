import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { askViaApi, getPage } from '../../../test/community.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { importSeDump } from '../imports/index.js';
import { importOrigin } from './questions.rules.js';

const MINI_DUMP = fileURLToPath(new URL('../imports/testdata/mini.stackexchange.com/', import.meta.url));
const REL = 'nofollow ugc noopener noreferrer';

describe('imported posts credit their original author', () => {
  test('question page and lists: "imported from <site> by <author>", linking the original profile', async (t) => {
    const { app, database } = await buildTestApp(t);
    await importSeDump(database.db, MINI_DUMP);
    const asker = await registerMember(app);
    const own = await askViaApi(asker, { title: 'A question written here, not imported' });
    const imported = await database.db
      .selectFrom('questions')
      .select(['id', 'slug'])
      .where('import_source', '=', 'se:mini')
      .where('import_id', '=', '10')
      .executeTakeFirstOrThrow();

    const page = await getPage(app, `/questions/${imported.id}/${encodeURIComponent(imported.slug)}`);
    assert.match(
      page,
      new RegExp(
        `Imported from <a href="https://mini.stackexchange.com/questions/10" rel="${REL}" class="attribution-source">mini.stackexchange.com</a> by <a href="https://mini.stackexchange.com/users/1" rel="${REL}" class="attribution-author">Alice Smith</a>`,
      ),
    );
    // The answer credits its own author.
    assert.match(
      page,
      new RegExp(
        `by <a href="https://mini.stackexchange.com/users/2" rel="${REL}" class="attribution-author">Bob</a>`,
      ),
    );
    const zh = await getPage(
      app,
      `/questions/${imported.id}/${encodeURIComponent(imported.slug)}?lang=zh-CN`,
    );
    assert.match(
      zh,
      /转载自 <a [^>]+>mini\.stackexchange\.com<\/a>，作者 <a href="https:\/\/mini\.stackexchange\.com\/users\/1"/,
    );

    const list = await getPage(app, '/questions?language=all');
    const item = (id: number) => {
      const start = list.indexOf(`id="question-summary-${id}"`);
      return list.slice(start, list.indexOf('</li>', list.indexOf('class="small ms-auto"', start)));
    };
    // The list's byline names the author already: the source line credits the site only (the
    // question page above credits the original profile too).
    assert.match(
      item(imported.id),
      /data-testid="imported-from">Imported from <a [^>]+>mini.stackexchange.com<\/a><\/span>/,
    );
    assert.doesNotMatch(item(imported.id), /attribution-author/);
    assert.doesNotMatch(item(own.id), /imported-from/);
  });

  test('importOrigin: Stack Exchange ids link a profile; other sources and odd URLs do not', () => {
    const se = { imported: { source: 'se:ai', id: '42' } };
    assert.deepEqual(importOrigin('https://ai.stackexchange.com/questions/1', se), {
      site: 'ai.stackexchange.com',
      url: 'https://ai.stackexchange.com/questions/1',
      authorUrl: 'https://ai.stackexchange.com/users/42',
    });
    // A deleted account (a name, no id), a FAQ system account, a member of this site.
    assert.equal(
      importOrigin('https://ai.stackexchange.com/a/2', { imported: { source: 'se:ai', id: 'name:Joe' } })
        ?.authorUrl,
      undefined,
    );
    assert.equal(
      importOrigin('https://github.com/pingcap/docs-cn/blob/ae9ab0f/faq.md', {
        imported: { source: 'seed:zh_tech_faq', id: 'author:tidb' },
      })?.authorUrl,
      undefined,
    );
    assert.equal(
      importOrigin('https://ai.stackexchange.com/questions/1', { imported: null })?.authorUrl,
      undefined,
    );
    assert.equal(importOrigin(null, se), undefined);
    assert.equal(importOrigin('javascript:alert(1)', se), undefined);
    assert.equal(importOrigin('not a url', se), undefined);
  });
});
