import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import { parseSeTags, seDate } from './imports.rules.js';
import type { SeComment, SeLink, SePost, SeUser, SeVote } from './se.mapping.js';

/** One `<row …/>` of a Stack Exchange dump file: its attributes, entity-decoded. */
export type XmlRow = Readonly<Record<string, string>>;

export interface ReadXmlOptions {
  /** Called after each chunk with the bytes read so far (for a progress bar). */
  onBytes?: ((bytesRead: number) => void) | undefined;
  /** Chunk size in bytes (default 256 KiB). */
  chunkSize?: number | undefined;
}

// Dumps occasionally carry a character XML 1.0 forbids (a control character, or a reference
// to one); the row is still readable, so such errors are passed over rather than fatal.
const TOLERATED = /disallowed character\.|malformed character entity\./;

/**
 * Streams the `<row>` elements of a dump file (Posts.xml, Users.xml…) one at a time: the file
 * is read in chunks through a SAX parser, so memory stays flat however large the file is.
 */
export async function* readXmlRows(file: string, options: ReadXmlOptions = {}): AsyncGenerator<XmlRow> {
  const parser = new SaxesParser({ position: true });
  let pending: XmlRow[] = [];
  let failure: Error | undefined;
  parser.on('opentag', (node) => {
    if (node.name === 'row') pending.push(node.attributes as Record<string, string>);
  });
  parser.on('error', (error) => {
    if (!TOLERATED.test(error.message)) failure ??= new Error(`${file}: ${error.message}`);
  });

  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: options.chunkSize ?? 256 * 1024 });
  try {
    for await (const chunk of stream) {
      parser.write(chunk as string);
      if (failure) throw failure;
      options.onBytes?.(stream.bytesRead);
      const rows = pending;
      pending = [];
      yield* rows;
    }
    parser.close();
    if (failure) throw failure;
    yield* pending;
  } finally {
    stream.destroy();
  }
}

function int(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

function text(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** A Users.xml row; undefined without an Id. */
export function seUserFromXml(row: XmlRow): SeUser | undefined {
  const id = int(row.Id);
  if (id === null) return undefined;
  return {
    id,
    displayName: text(row.DisplayName),
    reputation: int(row.Reputation) ?? 1,
    creationDate: seDate(row.CreationDate),
  };
}

/** A Posts.xml row (any PostTypeId); undefined without an Id. */
export function sePostFromXml(row: XmlRow): SePost | undefined {
  const id = int(row.Id);
  if (id === null) return undefined;
  return {
    id,
    postTypeId: int(row.PostTypeId) ?? 0,
    parentId: int(row.ParentId),
    acceptedAnswerId: int(row.AcceptedAnswerId),
    title: text(row.Title),
    tags: parseSeTags(row.Tags),
    bodyHtml: row.Body ?? '',
    score: int(row.Score) ?? 0,
    viewCount: int(row.ViewCount) ?? 0,
    ownerUserId: int(row.OwnerUserId),
    ownerDisplayName: text(row.OwnerDisplayName),
    creationDate: seDate(row.CreationDate),
    lastEditDate: seDate(row.LastEditDate),
    lastActivityDate: seDate(row.LastActivityDate),
    contentLicense: text(row.ContentLicense),
  };
}

export function seCommentFromXml(row: XmlRow): SeComment | undefined {
  const id = int(row.Id);
  const postId = int(row.PostId);
  if (id === null || postId === null) return undefined;
  return {
    id,
    postId,
    text: row.Text ?? '',
    score: int(row.Score) ?? 0,
    userId: int(row.UserId),
    userDisplayName: text(row.UserDisplayName),
    creationDate: seDate(row.CreationDate),
  };
}

export function seVoteFromXml(row: XmlRow): SeVote | undefined {
  const id = int(row.Id);
  const postId = int(row.PostId);
  if (id === null || postId === null) return undefined;
  return { id, postId, voteTypeId: int(row.VoteTypeId) ?? 0, creationDate: seDate(row.CreationDate) };
}

export function seLinkFromXml(row: XmlRow): SeLink | undefined {
  const id = int(row.Id);
  const postId = int(row.PostId);
  const relatedPostId = int(row.RelatedPostId);
  if (id === null || postId === null || relatedPostId === null) return undefined;
  return {
    id,
    postId,
    relatedPostId,
    linkTypeId: int(row.LinkTypeId) ?? 0,
    creationDate: seDate(row.CreationDate),
  };
}

/** A Tags.xml row: the tag's name and the id of its excerpt post (PostTypeId 4), if any. */
export function seTagFromXml(row: XmlRow): { name: string; excerptPostId: number | null } | undefined {
  const name = text(row.TagName);
  return name ? { name, excerptPostId: int(row.ExcerptPostId) } : undefined;
}
