import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Job, JobsOptions, Queue, Worker, WorkerOptions } from 'bullmq';
import Redis, { RedisOptions } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { JOB_QUEUE, JobName, OutboxJobData, QueueName } from './job-names';

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  // Completed jobs are kept a week so a re-relayed outbox row finds its job id and is not queued twice.
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/**
 * E-mail: a temporary SMTP refusal (4xx: greylisting, a relay's rate limit or full spool) or a lost connection is
 * retried 2 s, 4 s, 8 s … 512 s later, 10 attempts over about 17 minutes; after that the delivery stays `failed`
 * on the staff monitor, which can retry it. Permanent refusals (5xx) are never retried (UnrecoverableError).
 */
export const EMAIL_RETRY = { attempts: 10, backoffDelayMs: 2000 } as const;

/**
 * Index sync must survive a long Meilisearch outage without losing an update: retry for about a day, at most
 * every 30 s once the outage has lasted a while (a job only reads the profile's current state, so retrying is safe).
 */
const QUEUE_JOB_OPTIONS: Partial<Record<QueueName, JobsOptions>> = {
  [QueueName.Email]: { attempts: EMAIL_RETRY.attempts, backoff: { type: 'exponential', delay: EMAIL_RETRY.backoffDelayMs } },
  [QueueName.ProfileIndex]: { attempts: 3000, backoff: { type: 'capped' } },
};

/** Delay before retry n (1-based) of a job with the 'capped' backoff: 500 ms doubling up to 30 s. */
export function cappedBackoff(attemptsMade: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, attemptsMade - 1));
}

const ENQUEUE_TIMEOUT_MS = 3000;

/**
 * Per-queue settings over the defaults above, for a deployment or a test that needs other values: job options
 * (attempts, backoff) and worker options (lockDuration: how long a job whose worker died stays active before
 * another worker takes it over, 30 s by default; stalledInterval: how often workers look for such jobs).
 */
export interface JobsTuning {
  jobOptions?: Partial<Record<QueueName, JobsOptions>>;
  workerOptions?: Partial<Record<QueueName, Pick<WorkerOptions, 'lockDuration' | 'stalledInterval'>>>;
}

/** Optional provider of a JobsTuning. */
export const JOBS_TUNING = Symbol('JOBS_TUNING');

/**
 * How long BullMQ will wait before running this job again if the attempt under way fails with a retryable error,
 * or null when this attempt is the last. Mirrors BullMQ's own computation for the backoffs used here.
 */
export function retryDelayAfterFailure(job: Pick<Job, 'attemptsMade' | 'opts'>): number | null {
  const attempt = job.attemptsMade + 1;
  if (attempt >= (job.opts.attempts ?? 1)) return null;
  const backoff = typeof job.opts.backoff === 'number' ? { type: 'fixed', delay: job.opts.backoff } : job.opts.backoff;
  if (!backoff) return 0;
  if (backoff.type === 'fixed') return backoff.delay ?? 0;
  if (backoff.type === 'exponential') return Math.round(2 ** (attempt - 1) * (backoff.delay ?? 0));
  if (backoff.type === 'capped') return cappedBackoff(attempt);
  return null;
}

/** Rejects when `work` has not settled after `ms`: BullMQ waits for a lost connection indefinitely, callers must not. */
async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} unreachable after ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type JobHandler = (job: Job<OutboxJobData>) => Promise<unknown>;

/** The only BullMQ adapter: producers enqueue through it, the worker registers processors with it. */
@Injectable()
export class JobsService implements OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly connection: RedisOptions;
  private readonly prefix: string;
  private producerConnection?: Redis;

  constructor(
    config: AppConfig,
    @Optional() @Inject(JOBS_TUNING) private readonly tuning: JobsTuning = {},
  ) {
    const url = new URL(config.REDIS_URL);
    this.connection = {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username || undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
      tls: url.protocol === 'rediss:' ? {} : undefined,
    };
    this.prefix = `${config.REDIS_PREFIX}:bull`;
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // Producers share one connection that fails fast when Redis is away (the outbox keeps the row and
      // retries later). Owning it lets shutdown stop its reconnection loop, which BullMQ would leave running.
      if (!this.producerConnection) {
        this.producerConnection = new Redis({ ...this.connection, maxRetriesPerRequest: 1, enableOfflineQueue: false });
        this.producerConnection.on('error', () => undefined);
      }
      queue = new Queue(name, {
        connection: this.producerConnection,
        prefix: this.prefix,
        defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...QUEUE_JOB_OPTIONS[name], ...this.tuning.jobOptions?.[name] },
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Runs a job every `everyMs` under a fixed scheduler id: every worker declares it at boot and Redis
   * keeps one, so the sweep runs once per period however many workers there are.
   */
  async schedule(jobName: JobName, schedulerId: string, everyMs: number): Promise<void> {
    await this.queue(JOB_QUEUE[jobName]).upsertJobScheduler(schedulerId, { every: everyMs }, { name: jobName, data: {} });
  }

  /** Adds a job under a deterministic id: adding the same id twice keeps one job. */
  async enqueue(jobName: JobName, data: OutboxJobData, jobId: string, options: JobsOptions = {}): Promise<void> {
    await this.queue(JOB_QUEUE[jobName]).add(jobName, data, { ...options, jobId });
  }

  /** Adds several jobs of one name at once; ids already present in the queue are kept once. */
  async enqueueMany(jobName: JobName, jobs: { data: OutboxJobData; jobId: string }[]): Promise<void> {
    const added = this.queue(JOB_QUEUE[jobName]).addBulk(jobs.map((j) => ({ name: jobName, data: j.data, opts: { jobId: j.jobId } })));
    // The relay must give up (and release its row locks) rather than wait for Redis. Should the add complete
    // later anyway, the deterministic job ids keep the retry from duplicating it.
    await within(added, ENQUEUE_TIMEOUT_MS, `queue ${JOB_QUEUE[jobName]}`);
  }

  /**
   * Removes a job, whatever its state, so that its id can be queued afresh (a finished job keeps its id for days).
   * Returns false, removing nothing, when a worker is running it.
   */
  async removeJob(jobName: JobName, jobId: string): Promise<boolean> {
    const removed = await within(this.queue(JOB_QUEUE[jobName]).remove(jobId), ENQUEUE_TIMEOUT_MS, `queue ${JOB_QUEUE[jobName]}`);
    return removed === 1;
  }

  /** Starts a processor for a queue (worker process only). */
  process(queueName: QueueName, handler: JobHandler, concurrency = 4): Worker {
    const worker = new Worker<OutboxJobData>(queueName, handler, {
      connection: { ...this.connection, maxRetriesPerRequest: null },
      prefix: this.prefix,
      concurrency,
      settings: { backoffStrategy: (attemptsMade: number) => cappedBackoff(attemptsMade) },
      ...this.tuning.workerOptions?.[queueName],
    });
    worker.on('failed', (job, error) =>
      this.logger.warn({ msg: 'job failed', queue: queueName, jobId: job?.id, attempt: job?.attemptsMade, error: error.message }),
    );
    worker.on('error', (error) => this.logger.warn({ msg: 'worker error', queue: queueName, error: error.message }));
    this.workers.push(worker);
    return worker;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.producerConnection?.disconnect();
  }
}
