import { type Kysely, sql } from 'kysely';
import { renderMarkdown } from '../src/platform/markdown/index.js';

/**
 * Formulas were stored as MathML only, which browsers draw with whatever math font the reader
 * has (on zh-CN systems a CJK font: "⫽∇L⫽", no square-root bars). They are now KaTeX's HTML
 * plus MathML (platform/markdown/math.ts), drawn with KaTeX's stylesheet and fonts. This
 * re-renders every stored HTML that holds a formula from its Markdown source.
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
       where ${sql.ref(html)} like '%<math%' and ${sql.ref(source)} is not null`.execute(db);
    for (const row of rows) {
      const rendered = renderMarkdown(row.source, { mode }).html;
      await sql`update ${sql.table(table)} set ${sql.ref(html)} = ${rendered}
        where id = ${row.id}`.execute(db);
    }
  }
}

export async function down(): Promise<void> {
  // The MathML-only HTML is not kept; re-rendering with an older renderer would bring it back.
}
