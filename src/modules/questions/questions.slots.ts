import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { defineSlot, type Hook, type PanelSlot } from '../../platform/extensions/index.js';
import type { Actor } from '../../platform/http/auth.js';
import type { ViewContext } from './views/paths.js';

/**
 * The extension points questions owns: the question page, question lists, the ask form, and the
 * hook its writes fire. Modules above (search, bounties, experts, later courses, tips…) contribute
 * to them from their index.ts; questions never imports them. See docs/decisions/0010.
 */

/** An answer on the question page, as the page loaded it. */
export interface QuestionPageAnswer {
  readonly id: number;
  readonly authorId: number | null;
  readonly score: number;
  readonly createdAt: Date;
  readonly deleted: boolean;
}

/** What the question page tells a panel: who is looking, at which question, and the answers it shows. */
export interface QuestionPageInput {
  readonly ctx: ServiceContext;
  readonly actor: Actor | null;
  readonly question: {
    readonly id: number;
    readonly authorId: number | null;
    readonly title: string;
    readonly slug: string;
    readonly tags: readonly string[];
    readonly createdAt: Date;
    readonly deleted: boolean;
  };
  /**
   * The answers the page shows (its page of them, in its order), as the page loaded them: a panel
   * that needs their authors, scores or dates takes them from here rather than reading them again.
   */
  readonly answers: readonly QuestionPageAnswer[];
}

/** Where a panel may show on the question page. */
export interface QuestionPageRegions {
  /** Between the question's header and its body (a bounty, "duplicate of", a course offer). */
  banner(view: ViewContext): JSX.Element;
  /** A side column beside the question and answers (shown only when a panel offers it). */
  sidebar(view: ViewContext): JSX.Element;
  /** Under an answer's vote and accept controls (award a bounty, tip the author). */
  answerActions(
    view: ViewContext,
    answer: { readonly id: number; readonly authorId: number | null },
  ): JSX.Element;
  /** After the answers, before the answer form (related questions). */
  afterAnswers(view: ViewContext): JSX.Element;
}

/** The question page (`/questions/:id/:slug`, and the answers section htmx swaps after an accept). */
export const questionPageSlot: PanelSlot<QuestionPageInput, QuestionPageRegions> =
  defineSlot('questions.page');

/** What a question list tells a panel: every question on the page at once (one load per list). */
export interface QuestionListInput {
  readonly ctx: ServiceContext;
  readonly actor: Actor | null;
  readonly questionIds: readonly number[];
  /** Which list: home and /questions, a tag's page, search results. */
  readonly list: 'questions' | 'tag' | 'search';
}

/** Where a panel may show in a question list's rows. */
export interface QuestionListRegions {
  /** Before the title of a question in the list ("+¥50.00"). */
  badge(view: ViewContext, questionId: number): JSX.Element;
}

/** Question lists: `/`, `/questions`, `/tags/:tag` and `/search` results. */
export const questionListSlot: PanelSlot<QuestionListInput, QuestionListRegions> =
  defineSlot('questions.list');

/** Where a panel may show on the ask form (no data: what it shows is its own htmx hook). */
export interface AskFormRegions {
  /** Under the title field (questions that may already answer it). */
  afterTitle(view: ViewContext): JSX.Element;
}

/** What the ask form tells a panel. */
export interface AskFormInput {
  readonly ctx: ServiceContext;
}

/** The ask form (`/questions/ask`). */
export const askFormSlot: PanelSlot<AskFormInput, AskFormRegions> = defineSlot('questions.ask-form');

/** What a write tells the hook: the writer's transaction and the question whose content changed. */
export interface QuestionWrittenInput {
  readonly trx: Kysely<DB>;
  readonly questionId: number;
}

/**
 * Fired inside the writer's transaction after every write that changes what a question shows
 * (its title, tags, body, answers or deletion). Runs in order; an error rolls the write back.
 */
export const questionWrittenSlot = defineSlot<Hook<QuestionWrittenInput>>('questions.written');
