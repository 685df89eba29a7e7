import type { TransactionLog } from '../../platform/db/transaction.js';
import { escapeDollars } from './html-to-markdown.js';
import type { Db } from './imports.repository.js';
import { importDisplayName, seLicense, voteValue } from './imports.rules.js';
import { ImportLoader, type ImportUser } from './loader.js';

/** A Stack Exchange site being imported: `key` names the import source (`se:<key>`). */
export interface SeSite {
  key: string;
  domain: string;
  /** Its posts write formulas as `$…$`. */
  math: boolean;
}

/** A Users.xml row / users.jsonl record, in the shape both readers produce. */
export interface SeUser {
  id: number;
  displayName: string | null;
  reputation: number;
  creationDate: string | null;
  url?: string | null | undefined;
}

/** A Posts.xml row / questions.jsonl or answers.jsonl record. Dates are ISO strings. */
export interface SePost {
  id: number;
  /** 1 question, 2 answer; other types (tag wikis, nominations…) are not posts here. */
  postTypeId: number;
  parentId: number | null;
  acceptedAnswerId: number | null;
  title: string | null;
  tags: readonly string[];
  bodyHtml: string;
  score: number;
  viewCount: number;
  ownerUserId: number | null;
  ownerDisplayName: string | null;
  creationDate: string | null;
  lastEditDate: string | null;
  lastActivityDate: string | null;
  contentLicense: string | null;
  url?: string | null | undefined;
}

export interface SeComment {
  id: number;
  postId: number;
  /** Stack Exchange comment Markdown. */
  text: string;
  score: number;
  userId: number | null;
  userDisplayName: string | null;
  creationDate: string | null;
}

export interface SeVote {
  id: number;
  postId: number;
  voteTypeId: number;
  creationDate: string | null;
}

export interface SeLink {
  id: number;
  postId: number;
  relatedPostId: number;
  /** 1 linked, 3 duplicate. */
  linkTypeId: number;
  creationDate: string | null;
}

/**
 * Turns Stack Exchange records (from the JSONL seed or the XML dump) into loader rows for one
 * site: accounts with a profile, placeholders for owners without one, posts with attribution.
 */
export class SeSiteImporter {
  readonly loader: ImportLoader;

  constructor(
    db: Db,
    readonly site: SeSite,
    options: { batchSize?: number | undefined; log?: TransactionLog | undefined } = {},
  ) {
    this.loader = new ImportLoader(db, {
      source: `se:${site.key}`,
      sourceKey: site.key,
      math: site.math,
      baseUrl: `https://${site.domain}/`,
      batchSize: options.batchSize,
      log: options.log,
    });
  }

  private userUrl(id: number): string {
    return `https://${this.site.domain}/users/${id}`;
  }

  user(user: SeUser): Promise<void> {
    const displayName = importDisplayName(user.displayName, `user${user.id}`);
    return this.loader.user({
      importId: String(user.id),
      displayName,
      reputation: user.reputation,
      createdAt: user.creationDate,
      about: `Imported from Stack Exchange: [${displayName} on ${this.site.domain}](${user.url ?? this.userUrl(user.id)}). Imported accounts cannot sign in.`,
    });
  }

  /**
   * The account a post or comment is credited to. An owner id without a profile in the dump
   * (dba_meta, genai, users outside the dump) gets a placeholder account under that id; a deleted
   * account (no id, only a name) one per name; neither: no author.
   */
  author(userId: number | null, displayName: string | null): ImportUser | null {
    const name = displayName?.trim() || null;
    if (userId !== null) {
      return {
        importId: String(userId),
        displayName: importDisplayName(name, `user${userId}`),
        about: `Placeholder for a Stack Exchange user whose profile is not in the imported dump: [user ${userId} on ${this.site.domain}](${this.userUrl(userId)}). Imported accounts cannot sign in.`,
      };
    }
    if (name) {
      return {
        importId: `name:${name}`,
        displayName: importDisplayName(name, 'user'),
        about: `Placeholder for a deleted Stack Exchange account shown as "${name.replace(/["\n]/g, '')}" on ${this.site.domain}. Imported accounts cannot sign in.`,
      };
    }
    return null;
  }

  question(post: SePost): Promise<void> {
    return this.loader.question({
      importId: String(post.id),
      author: this.author(post.ownerUserId, post.ownerDisplayName),
      title: post.title ?? '',
      body: { html: post.bodyHtml },
      tags: post.tags,
      score: post.score,
      viewCount: post.viewCount,
      createdAt: post.creationDate,
      updatedAt: post.lastEditDate ?? post.creationDate,
      lastActivityAt: post.lastActivityDate ?? post.lastEditDate ?? post.creationDate,
      license: seLicense(post.contentLicense, post.creationDate),
      sourceUrl: post.url ?? `https://${this.site.domain}/questions/${post.id}`,
    });
  }

  answer(post: SePost): Promise<void> {
    if (post.parentId === null) {
      this.loader.skip('answers');
      return Promise.resolve();
    }
    return this.loader.answer({
      importId: String(post.id),
      questionImportId: String(post.parentId),
      author: this.author(post.ownerUserId, post.ownerDisplayName),
      body: { html: post.bodyHtml },
      score: post.score,
      createdAt: post.creationDate,
      updatedAt: post.lastEditDate ?? post.creationDate,
      license: seLicense(post.contentLicense, post.creationDate),
      sourceUrl: post.url ?? `https://${this.site.domain}/a/${post.id}`,
    });
  }

  /** Records a question's accepted answer (call once its answers have been given). */
  accepted(questionId: number, answerId: number): Promise<void> {
    return this.loader.accepted(String(questionId), String(answerId));
  }

  comment(comment: SeComment): Promise<void> {
    return this.loader.comment({
      importId: String(comment.id),
      postImportId: String(comment.postId),
      author: this.author(comment.userId, comment.userDisplayName),
      // Comment Markdown as written; on sites without formulas a "$" is a dollar sign.
      markdown: this.site.math ? comment.text : escapeDollars(comment.text),
      score: comment.score,
      createdAt: comment.creationDate,
    });
  }

  /** UpMod and DownMod become anonymous ±1 votes; other vote types are counted as skipped. */
  vote(vote: SeVote): Promise<void> {
    const value = voteValue(vote.voteTypeId);
    if (value === undefined) {
      this.loader.skip('votes');
      return Promise.resolve();
    }
    return this.loader.vote({
      importId: String(vote.id),
      postImportId: String(vote.postId),
      value,
      createdAt: vote.creationDate,
    });
  }

  /** LinkTypeId 1 (linked) and 3 (duplicate); others are skipped. */
  link(link: SeLink): Promise<void> {
    const kind = link.linkTypeId === 3 ? 'duplicate' : link.linkTypeId === 1 ? 'linked' : undefined;
    if (!kind) {
      this.loader.skip('question links');
      return Promise.resolve();
    }
    return this.loader.link({
      importId: String(link.id),
      questionImportId: String(link.postId),
      relatedImportId: String(link.relatedPostId),
      kind,
      createdAt: link.creationDate,
    });
  }
}
