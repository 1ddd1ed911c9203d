import { Injectable, Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { isJobName, JobName, outboxJobId } from '../jobs/job-names';
import { JobsService } from '../jobs/jobs.service';
import { OUTBOX_CHANNEL, OutboxRepository } from './outbox.repository';

const BATCH = 200;
const MAX_BACKOFF_MS = 10_000;
/** After the listener connection is lost, polling alone until it is reopened this much later. */
const LISTEN_RETRY_MS = 5_000;

/**
 * Moves committed outbox rows into BullMQ. Rows are locked with SKIP LOCKED so several workers can relay
 * at once; a row is marked dispatched only in the transaction that queued it, and the job id is derived from
 * the row id, so a crash between the two re-queues the same job id, which BullMQ keeps once.
 */
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger(OutboxRelayService.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private listener?: Client;
  /** A notification arrived while the relay was busy: it relays again before sleeping. */
  private notified = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: OutboxRepository,
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
  ) {}

  /** Relays one batch of due rows; returns how many were queued. */
  async relayOnce(limit = BATCH): Promise<number> {
    let failure: Error | undefined;
    const queued = await this.dataSource.transaction(async (manager) => {
      const rows = await this.repository.lockDue(manager, limit);
      if (rows.length === 0) return 0;
      const unknown = rows.filter((r) => !isJobName(r.jobName)).map((r) => r.id);
      await this.repository.markFailed(manager, unknown, 'unknown job name');
      const byName = new Map<JobName, string[]>();
      for (const row of rows) {
        if (!isJobName(row.jobName)) continue;
        const ids = byName.get(row.jobName) ?? [];
        ids.push(row.id);
        byName.set(row.jobName, ids);
      }
      const dispatched: string[] = [];
      for (const [jobName, ids] of byName) {
        try {
          await this.jobs.enqueueMany(jobName, ids.map((id) => ({ data: { outboxId: id }, jobId: outboxJobId(id) })));
          dispatched.push(...ids);
        } catch (error) {
          failure = error as Error;
          await this.repository.markFailed(manager, ids, failure.message);
        }
      }
      await this.repository.markDispatched(manager, dispatched);
      return dispatched.length;
    });
    // Thrown after the commit, so the attempt counts recorded above are kept.
    if (failure) throw failure;
    return queued;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    void this.listen();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /**
   * Wakes the relay as soon as a transaction that wrote an outbox row commits (LISTEN/NOTIFY), so a change
   * reaches its queue in milliseconds rather than at the next poll. Polling stays the safety net: a lost
   * listener connection only brings back the poll delay, and it is reopened after a while.
   */
  private async listen(): Promise<void> {
    if (!this.running || this.listener) return;
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    const reopen = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.running) setTimeout(() => void this.listen(), LISTEN_RETRY_MS).unref();
    };
    client.on('error', reopen);
    client.on('end', reopen);
    client.on('notification', () => {
      if (this.wake) this.wake();
      else this.notified = true;
    });
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      this.logger.warn({ msg: 'outbox listener unavailable, polling only', error: (error as Error).message });
      reopen();
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let queued = 0;
      try {
        queued = await this.relayOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.warn({ msg: 'outbox relay failed, will retry', error: (error as Error).message, failures });
      }
      if (queued === BATCH && failures === 0) continue;
      // A notification that came while relaying may be about a row committed after the batch was read.
      if (this.notified && failures === 0) {
        this.notified = false;
        continue;
      }
      const delay = failures ? Math.min(MAX_BACKOFF_MS, this.config.OUTBOX_POLL_MS * 2 ** failures) : this.config.OUTBOX_POLL_MS;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      this.notified = false;
    }
  }
}
