import { type Kysely, sql } from 'kysely';
import { renderMarkdown } from '../src/platform/markdown/index.js';

/**
 * Links in member content carried `rel="nofollow ugc noopener noreferrer"` whether they led to
 * this site or another, and a protocol-relative `//evil.example` passed for a site-relative link.
 * Now only links to other sites carry it (platform/markdown/url-policy.ts, isOffSiteUrl); this
 * re-renders every stored HTML holding a link that starts with `/` or `#` from its Markdown source.
 */
const SOURCES = [
  { table: 'questions', source: 'body', html: 'body_html', mode: 'full' },
  { table: 'answers', source: 'body', html: 'body_html', mode: 'full' },
  { table: 'comments', source: 'body', html: 'body_html', mode: 'inline' },
  { table: 'tags', source: 'description', html: 'description_html', mode: 'full' },
  { table: 'paid_questions', source: 'body', html: 'body_html', mode: 'full' },
  { table: 'paid_questions', source: 'answer_body', html: 'answer_html', mode: 'full' },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { table, source, html, mode } of SOURCES) {
    const { rows } = await sql<{ id: number; source: string }>`
      select id, ${sql.ref(source)} as source from ${sql.table(table)}
       where (${sql.ref(html)} like '%<a href="/%' or ${sql.ref(html)} like '%<a href="#%')
         and ${sql.ref(source)} is not null`.execute(db);
    for (const row of rows) {
      const rendered = renderMarkdown(row.source, { mode }).html;
      await sql`update ${sql.table(table)} set ${sql.ref(html)} = ${rendered}
        where id = ${row.id}`.execute(db);
    }
  }
}

export async function down(): Promise<void> {
  // The old rel on links within the site is not kept; an older renderer would bring it back.
}
