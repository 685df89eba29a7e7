import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ManualClock } from '../clock.js';
import { type Actor, requireActor } from '../http/auth.js';
import { ForbiddenError } from '../http/errors.js';
import { DateTime, errorResponses } from '../http/schemas.js';
import type { JobRunner } from './runner.js';

const tags = ['test clock'];

// A year per call: enough for any deadline, small enough that a typo does not jump a century.
const MAX_ADVANCE_SECONDS = 366 * 24 * 3600;

const ClockState = Type.Object({
  now: DateTime,
  jobs: Type.Object({
    done: Type.Integer({ description: 'due jobs that ran and succeeded' }),
    retried: Type.Integer({ description: 'due jobs that failed and will be retried later' }),
    failed: Type.Integer({ description: 'due jobs that failed for good' }),
  }),
});

function requireAdmin(actor: Actor | null): Actor {
  const me = requireActor(actor);
  if (me.role !== 'admin') throw new ForbiddenError();
  return me;
}

/**
 * The Stripe-like test clock (API.md "Test clock"), registered only when TEST_CLOCK is on: an
 * admin reads the app's time or moves it forward, and the jobs that became due run before the
 * answer. It moves this process's clock only; a separate `npm run worker` keeps its own.
 */
export const testClockApi: FastifyPluginAsyncTypebox<{ clock: ManualClock; runner: JobRunner }> = async (
  app,
  { clock, runner },
) => {
  app.get(
    '/api/v1/test/clock',
    {
      schema: {
        tags,
        summary: "The app's current time (admins; only with TEST_CLOCK)",
        response: { 200: Type.Object({ now: DateTime }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      requireAdmin(request.actor);
      return { now: clock.now() };
    },
  );

  app.post(
    '/api/v1/test/clock',
    {
      schema: {
        tags,
        summary: 'Move the app clock forward and run the jobs now due (admins; only with TEST_CLOCK)',
        body: Type.Object(
          { advanceSeconds: Type.Integer({ minimum: 0, maximum: MAX_ADVANCE_SECONDS }) },
          { additionalProperties: false },
        ),
        response: { 200: ClockState, ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const admin = requireAdmin(request.actor);
      const now = clock.advance(request.body.advanceSeconds);
      const jobs = await runner.runDueJobs(now);
      request.log.info(
        { by: admin.userId, advanceSeconds: request.body.advanceSeconds, now, jobs },
        'test clock moved',
      );
      return { now, jobs };
    },
  );
};
