import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, JobsOptions, Queue, Worker } from 'bullmq';
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
 * Index sync must survive a long Meilisearch outage without losing an update: retry for about a day, at most
 * every 30 s once the outage has lasted a while (a job only reads the profile's current state, so retrying is safe).
 */
const QUEUE_JOB_OPTIONS: Partial<Record<QueueName, JobsOptions>> = {
  [QueueName.ProfileIndex]: { attempts: 3000, backoff: { type: 'capped' } },
};

/** Delay before retry n (1-based) of a job with the 'capped' backoff: 500 ms doubling up to 30 s. */
export function cappedBackoff(attemptsMade: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, attemptsMade - 1));
}

const ENQUEUE_TIMEOUT_MS = 3000;

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

  constructor(config: AppConfig) {
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
        defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...QUEUE_JOB_OPTIONS[name] },
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
    // BullMQ waits for the connection indefinitely; the relay must give up (and release its row locks) instead.
    // Should the add complete later anyway, the deterministic job ids keep the retry from duplicating it.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`queue ${JOB_QUEUE[jobName]} unreachable after ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    added.catch(() => undefined);
    try {
      await Promise.race([added, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Starts a processor for a queue (worker process only). */
  process(queueName: QueueName, handler: JobHandler, concurrency = 4): Worker {
    const worker = new Worker<OutboxJobData>(queueName, handler, {
      connection: { ...this.connection, maxRetriesPerRequest: null },
      prefix: this.prefix,
      concurrency,
      settings: { backoffStrategy: (attemptsMade: number) => cappedBackoff(attemptsMade) },
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
