import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { FormBody, formFailure, shownOnForm, toLogin, typedAmount } from '../../platform/http/forms.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { isCurrency, toDecimalString } from '../../platform/money.js';
import { splitTagInput } from '../tags/index.js';
import { getMyExpertProfile, setExpertProfile } from './expert-profile.service.js';
import { DoneQuery, noticeOf, typedInteger } from './pages.support.js';
import { ExpertSettingsPage, type ExpertSettingsValues } from './views/expert-settings.js';

/** /me/expert: becoming an expert, price, tags, answer time, pausing. */
export const expertSettingsPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  async function renderSettings(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      values?: ExpertSettingsValues;
      notice?: string;
      message?: string;
      fieldErrors?: Record<string, string>;
    },
    status = 200,
  ) {
    const mine = await getMyExpertProfile(ctx, request.actor);
    const values: ExpertSettingsValues =
      extra.values ??
      (mine
        ? {
            bio: mine.bio,
            tags: mine.tags.join(' '),
            price: toDecimalString(mine.price),
            currency: mine.price.currency,
            answerHours: String(mine.answerHours),
            accepting: mine.accepting,
          }
        : {
            bio: '',
            tags: '',
            price: '',
            currency: 'CNY',
            answerHours: String(ctx.config.experts.defaultAnswerHours),
            accepting: true,
          });
    const currency = isCurrency(values.currency) ? values.currency : 'CNY';
    return sendPage(
      reply,
      <ExpertSettingsPage
        ctx={pageContextOf(request, reply)}
        values={values}
        isExpert={mine !== undefined}
        min={{ amountMinor: ctx.config.experts.priceMinMinor, currency }}
        max={{ amountMinor: ctx.config.experts.priceMaxMinor, currency }}
        notice={extra.notice}
        message={extra.message}
        fieldErrors={extra.fieldErrors ?? {}}
      />,
      status,
    );
  }

  app.get('/me/expert', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply, '/me/expert');
    const notice = noticeOf(request, request.query.done);
    return renderSettings(request, reply, notice ? { notice } : {});
  });

  app.post(
    '/me/expert',
    { schema: { body: FormBody('bio', 'tags', 'price', 'currency', 'answerHours', 'accepting') } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply, '/me/expert');
      const { bio, tags, price, currency, answerHours, accepting } = request.body;
      try {
        await setExpertProfile(ctx, request.actor, {
          bio: bio ?? '',
          tags: splitTagInput(tags ?? ''),
          price: typedAmount(price, currency, 'price'),
          answerHours: typedInteger(answerHours),
          accepting: accepting === 'on' || accepting === 'true',
        });
        return reply.redirect('/me/expert?done=saved', 303);
      } catch (error) {
        if (!shownOnForm(error, [401, 404])) throw error;
        const failure = formFailure(error, request);
        return renderSettings(
          request,
          reply,
          {
            values: {
              bio: bio ?? '',
              tags: tags ?? '',
              price: price ?? '',
              currency: currency ?? 'CNY',
              answerHours: answerHours ?? '',
              accepting: accepting === 'on' || accepting === 'true',
            },
            fieldErrors: failure.fieldErrors,
            ...(failure.message ? { message: failure.message } : {}),
          },
          failure.status,
        );
      }
    },
  );
};
