export { cancelJob, type EnqueuedJob, type EnqueueOptions, enqueueJob } from './enqueue.js';
export { type JobsOptions, registerJobs } from './register.js';
export {
  defineJob,
  type JobDefinition,
  type JobHandler,
  type JobInfo,
  JobRegistry,
  jobRegistry,
  PermanentJobError,
} from './registry.js';
export { DEFAULT_MAX_ATTEMPTS, defaultRetryPolicy, type RetryPolicy, retryDelayMs } from './retry.rules.js';
export { JobRunner, type JobRunnerOptions, type RunSummary } from './runner.js';
