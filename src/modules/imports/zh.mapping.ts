import type { ImportUser } from './import-rows.js';
import { outsideCode } from './imports.rules.js';
import type { ImportLoader } from './loader.js';

/** A record of shared/data/zh_so_java_top_qa (see its README). */
export interface ZhSoJavaRecord {
  id: string;
  title: string;
  tags: string[];
  so_url: string | null;
  question_md: string | null;
  answer_md: string | null;
  content_md: string;
  source: string;
}

/** A record of shared/data/zh_tech_faq. */
export interface ZhFaqRecord {
  id: string;
  source: string;
  title: string;
  answer_md: string;
  page_title: string | null;
  tags: string[];
  source_repo: string;
  source_commit: string;
  url: string;
  license: string;
  /** Only in the demo fixture, which gives its items plausible dates and views (see its README). */
  creation_date?: string | undefined;
  answer_creation_date?: string | undefined;
  view_count?: number | undefined;
}

const SO_JAVA_REPO = 'giantray/stackoverflow-java-top-qa';
const SO_JAVA_COMMIT = 'db68803';

const soJavaAuthor: ImportUser = {
  importId: 'author',
  displayName: 'stackoverflow-java-top-qa',
  usernameHint: 'so-java-top-qa-zh',
  about: `System account for the Chinese translations of top Stack Overflow Java questions from ${SO_JAVA_REPO} @${SO_JAVA_COMMIT} (translations of Stack Overflow posts, CC BY-SA 3.0; each question links to its original). Imported accounts cannot sign in.`,
};

const FAQ_NAMES: Record<string, { name: string; username: string }> = {
  tidb: { name: 'TiDB 文档', username: 'tidb-docs' },
  mindspore: { name: 'MindSpore 文档', username: 'mindspore-docs' },
  paddle: { name: 'PaddlePaddle 文档', username: 'paddlepaddle-docs' },
};

function faqAuthor(record: ZhFaqRecord): ImportUser {
  const known = FAQ_NAMES[record.source];
  return {
    importId: `author:${record.source}`,
    displayName: known?.name ?? record.source,
    usernameHint: known?.username ?? `${record.source}-docs`,
    about: `System account for the FAQ items imported from the documentation repository ${record.source_repo} @${record.source_commit.slice(0, 7)} (${record.license}). Imported accounts cannot sign in.`,
  };
}

/**
 * The translations' Markdown made CommonMark: "##标题" (no space, which GitHub once accepted)
 * gets its space. A question drops its leading headings (the title again, then "问题"), unless
 * they are all there is.
 */
export function tidyTranslatedMarkdown(markdown: string, { dropLeadingHeadings = false } = {}): string {
  const lines = outsideCode(markdown.replace(/\r\n?/g, '\n'), (line) =>
    line.replace(/^(#{1,6})(?=[^#\s])/, '$1 '),
  ).split('\n');
  let start = 0;
  while (dropLeadingHeadings && start < lines.length && /^(\s*|#{1,6}\s.*)$/.test(lines[start] ?? ''))
    start += 1;
  const body = lines.slice(start).join('\n').trim();
  if (body || start === 0) return body;
  // Nothing but headings: they are the question (after the first, which repeats the title).
  const headings = lines
    .slice(0, start)
    .map((line) => line.replace(/^#{1,6}\s*/, '').trim())
    .filter(Boolean);
  return (headings.length > 1 ? headings.slice(1) : headings).join('\n\n');
}

/**
 * Relative links and images of a documentation page made absolute on GitHub: `/x.md` from the
 * repository root, `x.md` and `#anchor` from the page; images get `?raw=true` so they display.
 */
export function absolutizeDocLinks(markdown: string, pageUrl: string): string {
  const root = /^(https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[^/]+\/)/.exec(pageUrl)?.[1];
  return outsideCode(markdown, (line) =>
    line.replace(
      /(!?)\[([^\]]*)\]\(([^)\s]+)(\s+"[^"]*")?\)/g,
      (whole, bang: string, label: string, href: string, title = '') => {
        if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return whole;
        let absolute: string;
        try {
          absolute =
            href.startsWith('/') && root ? new URL(href.slice(1), root).href : new URL(href, pageUrl).href;
        } catch {
          return whole;
        }
        if (bang && !absolute.includes('?')) absolute += '?raw=true';
        return `${bang}[${label}](${absolute}${title})`;
      },
    ),
  );
}

/** One translated Stack Overflow question, with its answer when the file splits into both. */
export async function loadZhSoJava(loader: ImportLoader, record: ZhSoJavaRecord): Promise<void> {
  const split = Boolean(record.question_md && record.answer_md);
  const fileUrl = `https://github.com/${SO_JAVA_REPO}/blob/${SO_JAVA_COMMIT}/${record.source.split(':')[1] ?? ''}`;
  const common = {
    license: 'CC BY-SA 3.0',
    // The original post is what the licence asks us to credit; the repository is credited by
    // the author account.
    sourceUrl: record.so_url ?? fileUrl,
    createdAt: null,
    updatedAt: null,
    score: 0,
  };
  await loader.question({
    ...common,
    importId: record.id,
    author: soJavaAuthor,
    title: record.title,
    body: {
      markdown: tidyTranslatedMarkdown((split ? record.question_md : record.content_md) ?? '', {
        dropLeadingHeadings: true,
      }),
    },
    tags: record.tags,
    viewCount: 0,
    lastActivityAt: null,
  });
  if (split && record.answer_md) {
    await loader.answer({
      ...common,
      importId: record.id,
      questionImportId: record.id,
      author: soJavaAuthor,
      body: { markdown: tidyTranslatedMarkdown(record.answer_md) },
    });
  }
}

/** One FAQ item: the question (its title, and where it comes from) and its answer. */
export async function loadZhFaq(loader: ImportLoader, record: ZhFaqRecord): Promise<void> {
  const author = faqAuthor(record);
  const common = { license: record.license, sourceUrl: record.url, score: 0 };
  const asked = record.creation_date ?? null;
  const hasAnswer = Boolean(record.answer_md?.trim());
  const answered = hasAnswer ? (record.answer_creation_date ?? asked) : null;
  const page = (record.page_title ?? record.source_repo).replace(/[[\]]/g, '');
  await loader.question({
    ...common,
    importId: record.id,
    author,
    title: record.title,
    // The title is the whole question: the body says where it comes from (repeating the title
    // made every list excerpt say it twice).
    body: { markdown: `来源：[${page}](${record.url})` },
    tags: record.tags,
    viewCount: record.view_count ?? 0,
    createdAt: asked,
    updatedAt: asked,
    lastActivityAt: answered ?? asked,
  });
  if (hasAnswer) {
    await loader.answer({
      ...common,
      createdAt: answered,
      updatedAt: answered,
      importId: record.id,
      questionImportId: record.id,
      author,
      body: { markdown: absolutizeDocLinks(record.answer_md, record.url) },
    });
  }
}
