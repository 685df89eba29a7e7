import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { seDate } from './imports.rules.js';
import type { SeComment, SePost, SeUser, SeVote } from './se.mapping.js';

/**
 * Streams the records of a JSON Lines file, gunzipping `*.gz`; blank lines are skipped.
 * onBytes gets the (compressed) bytes read so far.
 */
export async function* readJsonl<T = Record<string, unknown>>(
  file: string,
  options: { onBytes?: ((bytesRead: number) => void) | undefined } = {},
): AsyncGenerator<T> {
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (error) => input.destroy(error));
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line) as T;
      } catch (error) {
        if (error instanceof SyntaxError) throw new Error(`${file}:${lineNumber}: ${error.message}`);
        throw error;
      }
      if (lineNumber % 200 === 0) options.onBytes?.(raw.bytesRead);
    }
    options.onBytes?.(raw.bytesRead);
  } finally {
    lines.close();
    raw.destroy();
  }
}

// The records of shared/data/se_tech (see its README), as read from JSON.
interface SeRecord {
  site: string;
  id: number;
}

export interface SeUserRecord extends SeRecord {
  display_name: string | null;
  reputation: number | null;
  creation_date: string | null;
  url?: string | null;
}

export interface SePostRecord extends SeRecord {
  question_id?: number;
  title?: string;
  tags?: string[];
  accepted_answer_id?: number | null;
  is_accepted?: boolean;
  view_count?: number | null;
  body_html: string;
  score: number | null;
  owner_user_id: number | null;
  owner_display_name: string | null;
  creation_date: string | null;
  last_edit_date: string | null;
  last_activity_date: string | null;
  license: string | null;
  url: string | null;
}

export interface SeCommentRecord extends SeRecord {
  post_id: number;
  text: string;
  score: number | null;
  user_id: number | null;
  user_display_name: string | null;
  creation_date: string | null;
}

export interface SeVoteRecord extends SeRecord {
  post_id: number;
  vote_type_id: number;
  creation_date: string | null;
}

export function seUserFromJson(r: SeUserRecord): SeUser {
  return {
    id: r.id,
    displayName: r.display_name,
    reputation: r.reputation ?? 1,
    creationDate: seDate(r.creation_date),
    url: r.url,
  };
}

/** A questions.jsonl record (no question_id) or an answers.jsonl one. */
export function sePostFromJson(r: SePostRecord): SePost {
  const isAnswer = r.question_id !== undefined;
  return {
    id: r.id,
    postTypeId: isAnswer ? 2 : 1,
    parentId: r.question_id ?? null,
    acceptedAnswerId: r.accepted_answer_id ?? null,
    title: r.title ?? null,
    tags: r.tags ?? [],
    bodyHtml: r.body_html ?? '',
    score: r.score ?? 0,
    viewCount: r.view_count ?? 0,
    ownerUserId: r.owner_user_id,
    ownerDisplayName: r.owner_display_name,
    creationDate: seDate(r.creation_date),
    lastEditDate: seDate(r.last_edit_date),
    lastActivityDate: seDate(r.last_activity_date),
    contentLicense: r.license,
    url: r.url,
  };
}

export function seCommentFromJson(r: SeCommentRecord): SeComment {
  return {
    id: r.id,
    postId: r.post_id,
    text: r.text ?? '',
    score: r.score ?? 0,
    userId: r.user_id,
    userDisplayName: r.user_display_name,
    creationDate: seDate(r.creation_date),
  };
}

export function seVoteFromJson(r: SeVoteRecord): SeVote {
  return { id: r.id, postId: r.post_id, voteTypeId: r.vote_type_id, creationDate: seDate(r.creation_date) };
}
