import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { fastifyKitaHtml } from '@kitajs/fastify-html-plugin';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { accountsAuthenticator, accountsExtension, accountsModule } from './modules/accounts/index.js';
import { bountiesExtension, bountiesModule } from './modules/bounties/index.js';
import { expertsExtension, expertsModule } from './modules/experts/index.js';
import { moderationExtension, moderationModule } from './modules/moderation/index.js';
import { type PaymentGateway, paymentsModule } from './modules/payments/index.js';
import { questionsExtension, questionsModule } from './modules/questions/index.js';
import { reputationExtension, reputationModule } from './modules/reputation/index.js';
import { searchExtension, searchModule } from './modules/search/index.js';
import { tagsExtension, tagsModule } from './modules/tags/index.js';
import { walletExtension, walletModule } from './modules/wallet/index.js';
import { type Clock, ManualClock, systemClock } from './platform/clock.js';
import type { ServiceContext } from './platform/context.js';
import type { Database } from './platform/db/index.js';
import { type Extension, Extensions } from './platform/extensions/index.js';
import { registerAssets } from './platform/http/assets.js';
import { authPlugin } from './platform/http/auth.js';
import { registerFrameworkErrorRoutes, routeFrameworkErrors } from './platform/http/bad-url.js';
import { installErrorHandler } from './platform/http/error-handler.js';
import { registerHealth } from './platform/http/health.js';
import { inputTextPlugin } from './platform/http/input-text.js';
import { registerOpenApi } from './platform/http/openapi.js';
import { PageCache, pageCachePlugin } from './platform/http/page-cache.js';
import { DatabaseRateLimitStore, RedisRateLimitStore } from './platform/http/rate-limit.js';
import { requestContextPlugin } from './platform/http/request-context.js';
import { registerSecurityHeaders } from './platform/http/security.js';
import { validatorCompiler } from './platform/http/validation.js';
import { registerJobs } from './platform/jobs/index.js';
import { loggerOptions, requestIdFor } from './platform/logger.js';

export interface AppDeps {
  readonly config: Config;
  /** Opened and migrated by the caller, who also closes it after the app. */
  readonly database: Database;
  readonly clock?: Clock;
  /** Shared counters when REDIS_URL is set; the database otherwise. */
  readonly redis?: Redis;
  /** Stand-ins for configured payment gateways of the same name (a sandbox client, a recorder). */
  readonly gateways?: readonly PaymentGateway[];
  /** Contributions added after the modules' own (tests: a failing or a probing contribution). */
  readonly extensions?: readonly Extension[];
}

/**
 * What each module contributes to the others' extension points (question page, lists, navigation…),
 * in one list: the only place that knows which modules plug in where.
 */
export const moduleExtensions: readonly Extension[] = [
  accountsExtension,
  questionsExtension,
  reputationExtension,
  moderationExtension,
  tagsExtension,
  searchExtension,
  walletExtension,
  bountiesExtension,
  expertsExtension,
];

/**
 * What every use case is handed, as the app builds it (scripts and job tests build theirs here
 * too): rate limits in Redis when given, else in the database; the modules' extensions, then
 * `extensions`; the given clock, else a movable one under TEST_CLOCK=1, else the system's.
 */
export function serviceContext(
  deps: Pick<AppDeps, 'config' | 'database' | 'clock' | 'redis' | 'extensions'> & { log: FastifyBaseLogger },
): ServiceContext {
  const { config, database, log } = deps;
  return {
    db: database.db,
    // The test clock (TEST_CLOCK=1, never in production) needs a clock that can be moved.
    clock: deps.clock ?? (config.testClock ? new ManualClock() : systemClock),
    config,
    rateLimits: deps.redis ? new RedisRateLimitStore(deps.redis) : new DatabaseRateLimitStore(database.db),
    log,
    extensions: new Extensions([...moduleExtensions, ...(deps.extensions ?? [])], log),
  };
}

/**
 * Builds the whole web app without listening. The order of registration is the architecture:
 * external plugins, then our platform plugins, then the feature modules.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const app = Fastify({
    logger: loggerOptions(config),
    genReqId: requestIdFor,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // On close, drop idle keep-alive sockets at once and let in-flight requests finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Unreadable addresses go through our hooks and error handler like any other refusal.
    frameworkErrors: routeFrameworkErrors((): FastifyInstance => app),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);

  const ctx = serviceContext({ ...deps, log: app.log });

  // What the layout reads (navigation); use cases reach the registry as ctx.extensions.
  app.decorate('extensions', ctx.extensions);

  // 1. External plugins: parsing, headers, rendering, static files, API docs.
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: config.bodyLimitBytes });
  await registerSecurityHeaders(app);
  await app.register(fastifyKitaHtml, { autoDoctype: false });
  await registerAssets(app);
  await registerOpenApi(app);

  // 2. Platform: language and request ids, who is calling (+ CSRF), no control or bidi characters
  //    in any input, one error handler, health.
  await app.register(requestContextPlugin);
  // Who is calling, with what modules add to the caller in the same lookup (moderation: the
  // suspension in force, whose writes the auth plugin refuses).
  await app.register(authPlugin, { authenticator: accountsAuthenticator(ctx) });
  await app.register(inputTextPlugin);
  await app.register(pageCachePlugin, { cache: new PageCache(config.pageCache, ctx.clock) });
  installErrorHandler(app);
  registerFrameworkErrorRoutes(app);
  await registerHealth(app, database.ping);

  // 3. Feature modules.
  await accountsModule(app, ctx);
  await tagsModule(app, ctx);
  await questionsModule(app, ctx);
  await reputationModule(app, ctx);
  await moderationModule(app, ctx);
  await searchModule(app, ctx);
  await walletModule(app, ctx);
  await paymentsModule(app, ctx, { gateways: deps.gateways });
  await bountiesModule(app, ctx);
  await expertsModule(app, ctx);

  // 4. Durable jobs (runs after listen; stops on close) and, when enabled, the test clock.
  registerJobs(app, ctx, config.jobs);

  return app;
}
