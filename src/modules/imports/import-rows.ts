// What readers hand to the loader: rows keyed by import ids, before anything is resolved or rendered.

/** A post body as the source has it: HTML (Stack Exchange) or Markdown (seed sets, comments). */
export type Body = { html: string } | { markdown: string };

/** An account to create if the source has none under this import id yet. */
export interface ImportUser {
  importId: string;
  displayName: string;
  /** Preferred username (else one is made from the display name). */
  usernameHint?: string | undefined;
  reputation?: number | undefined;
  createdAt?: string | null | undefined;
  /** Profile text: says where the account comes from and that it cannot sign in. */
  about: string;
}

export interface ImportQuestion {
  importId: string;
  /** Created as a placeholder account when the source has no such user yet; null: no author. */
  author: ImportUser | null;
  title: string;
  body: Body;
  tags: readonly string[];
  score: number;
  viewCount: number;
  createdAt: string | null;
  updatedAt: string | null;
  lastActivityAt: string | null;
  license: string | null;
  sourceUrl: string | null;
}

export interface ImportAnswer {
  importId: string;
  questionImportId: string;
  author: ImportUser | null;
  body: Body;
  score: number;
  createdAt: string | null;
  updatedAt: string | null;
  license: string | null;
  sourceUrl: string | null;
}

export interface ImportComment {
  importId: string;
  /** The question's or the answer's import id. */
  postImportId: string;
  author: ImportUser | null;
  markdown: string;
  score: number;
  createdAt: string | null;
}

export interface ImportVote {
  importId: string;
  postImportId: string;
  value: 1 | -1;
  createdAt: string | null;
}

export interface ImportLink {
  importId: string;
  questionImportId: string;
  relatedImportId: string;
  kind: 'linked' | 'duplicate';
  createdAt: string | null;
}
