import type { ServiceContext } from '../context.js';
import { DEFAULT_MAX_ATTEMPTS, defaultRetryPolicy, type RetryPolicy } from './retry.rules.js';

/** What a handler learns about the job it runs. */
export interface JobInfo {
  readonly id: number;
  readonly name: string;
  /** 1 on the first try; counts re-claims after a lost lease too. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly runAt: Date;
  readonly dedupeKey: string | null;
  readonly createdAt: Date;
}

/**
 * Does the work of one job. It runs outside any transaction of the runner and may run more than
 * once for the same job (a retry after an error, or after a worker died mid-way and its lease
 * expired), so it must be idempotent: check the state it is about to change, and use idempotency
 * keys for anything it posts. Throw to retry; throw `PermanentJobError` when retrying is futile.
 */
export type JobHandler<P> = (payload: P, context: { ctx: ServiceContext; job: JobInfo }) => Promise<void>;

/** A named kind of job with its handler; the value `enqueueJob` takes, which types the payload. */
export interface JobDefinition<P> {
  readonly name: string;
  readonly handler: JobHandler<P>;
  readonly maxAttempts: number;
  readonly retry: RetryPolicy;
}

/** A handler's way of saying "retrying will not help" (bad payload, the thing is gone): fail now. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

const JOB_NAME = /^[a-z][a-z0-9_.-]{0,99}$/;

/** The job kinds one process knows how to run; a runner claims only jobs whose name is here. */
export class JobRegistry {
  readonly #definitions = new Map<string, JobDefinition<never>>();

  /** Registers a job kind; a second definition under the same name is a programming error. */
  define<P>(
    name: string,
    handler: JobHandler<P>,
    options: { maxAttempts?: number; retry?: RetryPolicy } = {},
  ): JobDefinition<P> {
    if (!JOB_NAME.test(name)) throw new Error(`job name "${name}" must match ${JOB_NAME}`);
    if (this.#definitions.has(name)) throw new Error(`job "${name}" is already defined`);
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
      throw new Error(`job "${name}": maxAttempts must be ≥ 1`);
    const definition: JobDefinition<P> = {
      name,
      handler,
      maxAttempts,
      retry: options.retry ?? defaultRetryPolicy,
    };
    this.#definitions.set(name, definition as unknown as JobDefinition<never>);
    return definition;
  }

  /** The definition for a stored job's name, if this process has it. */
  get(name: string): JobDefinition<unknown> | undefined {
    return this.#definitions.get(name) as JobDefinition<unknown> | undefined;
  }

  /** Every name this registry can run. */
  names(): string[] {
    return [...this.#definitions.keys()];
  }
}

/**
 * The process-wide registry. Modules define their jobs at the top level of a `<f>.jobs.ts` that
 * their `index.ts` imports, so any process that imports the modules (the web app, `npm run worker`)
 * knows the same jobs.
 */
export const jobRegistry = new JobRegistry();

/** Defines a job kind in the process-wide registry: `defineJob<{ orderId: number }>('payments.expire_order', handler)`. */
export function defineJob<P>(
  name: string,
  handler: JobHandler<P>,
  options?: { maxAttempts?: number; retry?: RetryPolicy },
): JobDefinition<P> {
  return jobRegistry.define(name, handler, options);
}
