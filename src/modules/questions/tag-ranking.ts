import { ValidationError } from '../../platform/http/errors.js';
import type { MemberRanking } from '../accounts/index.js';
import { normalizeTag } from '../tags/index.js';
import { findTopAnswerersInTag } from './top-answerers.repository.js';

/**
 * The directory's "by tag" order (accounts' member-ranking slot): members by the summed score of
 * their live answers to the tag's live questions, as Stack Overflow's tag top users. Questions
 * contributes it because it owns answers; accounts never imports questions.
 */
export const tagAnswerersRanking: MemberRanking = {
  id: 'questions.tag-answerers',
  sort: 'tag',
  async rank({ ctx, tag, namePattern, limit, offset }) {
    const name = normalizeTag(tag);
    if (name === undefined)
      throw new ValidationError({ tag: { code: 'validation.tag_invalid', params: { tag } } });
    const ranked = await findTopAnswerersInTag(ctx.db, { tag: name, namePattern, limit, offset });
    return {
      items: ranked.items.map((item) => ({ userId: item.userId, score: item.score, posts: item.answers })),
      total: ranked.total,
      tag: name,
    };
  },
};
