import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { toLogin } from '../../platform/http/forms.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { getMyExpertProfile } from './expert-profile.service.js';
import { DoneQuery, noticeOf } from './pages.support.js';
import { listDisputesForModerators, listExpertQueue, listMyPaidQuestions } from './paid-questions.service.js';
import { DisputesPage, MyQuestionsPage, QueuePage } from './views/lists.js';

const QueueQuery = Type.Object({
  state: Type.Optional(Type.String({ maxLength: 20 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});

/** The expert's queue, the asker's paid questions, and the moderators' open disputes. */
export const paidQuestionListPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.get('/me/expert/questions', { schema: { querystring: QueueQuery } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply, '/me/expert/questions');
    const state = request.query.state === 'all' ? 'all' : 'paid';
    const [queue, mine] = await Promise.all([
      listExpertQueue(ctx, request.actor, { state, page: 1, pageSize: 100 }),
      getMyExpertProfile(ctx, request.actor),
    ]);
    const declineKeys = Object.fromEntries(
      queue.items
        .filter((q) => q.state === 'paid' && q.deadlineAt > ctx.clock.now())
        .map((q) => [q.id, randomUUID()]),
    );
    return sendPage(
      reply,
      <QueuePage
        ctx={pageContextOf(request, reply)}
        questions={queue.items}
        state={state}
        isExpert={mine !== undefined}
        declineKeys={declineKeys}
        notice={noticeOf(request, request.query.done)}
      />,
    );
  });

  app.get('/me/paid-questions', async (request, reply) => {
    if (!request.actor) return toLogin(request, reply, '/me/paid-questions');
    const mine = await listMyPaidQuestions(ctx, request.actor, { page: 1, pageSize: 100 });
    return sendPage(reply, <MyQuestionsPage ctx={pageContextOf(request, reply)} questions={mine.items} />);
  });

  app.get('/moderation/disputes', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply, '/moderation/disputes');
    const list = await listDisputesForModerators(ctx, request.actor, {
      state: 'open',
      page: 1,
      pageSize: 100,
    });
    const keys = Object.fromEntries(list.items.map((item) => [item.dispute.id, randomUUID()]));
    return sendPage(
      reply,
      <DisputesPage
        ctx={pageContextOf(request, reply)}
        items={list.items}
        keys={keys}
        notice={noticeOf(request, request.query.done)}
      />,
    );
  });
};
