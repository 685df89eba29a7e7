import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { TransactionLog } from '../../platform/db/transaction.js';
import { reindexSearch } from '../search/index.js';
import { normalizeTag } from '../tags/index.js';
import type { Db } from './imports.repository.js';
import { isMathSite, seSite } from './imports.rules.js';
import { type SeSite, SeSiteImporter } from './se.mapping.js';
import {
  readXmlRows,
  seCommentFromXml,
  seLinkFromXml,
  sePostFromXml,
  seTagFromXml,
  seUserFromXml,
  seVoteFromXml,
  type XmlRow,
} from './se-xml.reader.js';
import { searchProgress } from './seed.import.js';
import type { ProgressListener, Summary } from './summary.js';

export interface SeDumpOptions {
  /** Site name or domain (`ai`, `ai.stackexchange.com`); default: the folder's name. */
  site?: string | undefined;
  /** Overrides the domain derived from the site (used for links and attribution). */
  domain?: string | undefined;
  /** Whether posts write formulas as `$…$`; default: known for the site. */
  math?: boolean | undefined;
  batchSize?: number | undefined;
  onProgress?: ProgressListener | undefined;
  /** Where retried batches are reported (default: stderr). */
  log?: TransactionLog | undefined;
}

/** The site a dump folder holds, from the options or the folder's name. */
export function dumpSite(dir: string, options: Pick<SeDumpOptions, 'site' | 'domain' | 'math'> = {}): SeSite {
  const { key, domain } = seSite(options.site ?? basename(resolve(dir)));
  return { key, domain: options.domain ?? domain, math: options.math ?? isMathSite(key) };
}

/**
 * Imports a Stack Exchange data-dump folder (Users.xml, Posts.xml, Comments.xml, Votes.xml,
 * PostLinks.xml, Tags.xml; missing files are skipped with a note) into the community tables,
 * streaming every file. Posts.xml is read three times — questions, then answers (so an answer
 * listed before its question still finds it), then accepted answers — so no id map is held.
 */
export async function importSeDump(db: Db, dir: string, options: SeDumpOptions = {}): Promise<Summary> {
  const site = dumpSite(dir, options);
  const importer = new SeSiteImporter(db, site, { batchSize: options.batchSize, log: options.log });
  const { loader } = importer;
  const file = (name: string): string | undefined => {
    const path = join(dir, name);
    if (existsSync(path)) return path;
    loader.note(`${name} not found in ${dir}: skipped`);
    return undefined;
  };

  const each = async (path: string | undefined, task: string, row: (row: XmlRow) => Promise<void> | void) => {
    if (!path) return;
    const total = statSync(path).size;
    let rows = 0;
    const report = (done: number) => options.onProgress?.({ task, done, total, rows });
    for await (const xml of readXmlRows(path, { onBytes: report })) {
      rows += 1;
      await row(xml);
    }
    report(total);
  };

  // Tag excerpts are posts (PostTypeId 4) named by Tags.xml: a small map, read first.
  const excerptOf = new Map<number, string>();
  await each(file('Tags.xml'), 'Tags.xml', (row) => {
    const tag = seTagFromXml(row);
    const name = tag && normalizeTag(tag.name);
    if (tag?.excerptPostId && name) excerptOf.set(tag.excerptPostId, name);
  });

  await each(file('Users.xml'), 'Users.xml', (row) => {
    const user = seUserFromXml(row);
    return user ? importer.user(user) : loader.skip('users');
  });

  const posts = file('Posts.xml');
  await each(posts, 'Posts.xml (questions)', (row) => {
    const post = sePostFromXml(row);
    if (post?.postTypeId === 1) return importer.question(post);
    if (post?.postTypeId === 4 && excerptOf.has(post.id) && post.bodyHtml.trim()) {
      loader.tagDescription(excerptOf.get(post.id) ?? '', { html: post.bodyHtml });
    } else if (post?.postTypeId !== 2) {
      loader.skip('posts of other types');
    }
  });
  await each(posts, 'Posts.xml (answers)', (row) => {
    const post = sePostFromXml(row);
    if (post?.postTypeId === 2) return importer.answer(post);
  });
  await each(posts, 'Posts.xml (accepted answers)', (row) => {
    const post = sePostFromXml(row);
    if (post?.postTypeId === 1 && post.acceptedAnswerId !== null) {
      return importer.accepted(post.id, post.acceptedAnswerId);
    }
  });

  await each(file('Comments.xml'), 'Comments.xml', (row) => {
    const comment = seCommentFromXml(row);
    return comment ? importer.comment(comment) : loader.skip('comments');
  });
  await each(file('Votes.xml'), 'Votes.xml', (row) => {
    const vote = seVoteFromXml(row);
    return vote ? importer.vote(vote) : loader.skip('votes');
  });
  await each(file('PostLinks.xml'), 'PostLinks.xml', (row) => {
    const link = seLinkFromXml(row);
    return link ? importer.link(link) : loader.skip('question links');
  });

  options.onProgress?.({ task: 'finishing', done: 0, total: 1, rows: 0 });
  const summary = await loader.finish();
  options.onProgress?.({ task: 'finishing', done: 1, total: 1, rows: 0 });
  await reindexSearch(db, { onlyMissing: true, onProgress: searchProgress(options), log: options.log });
  return summary;
}
