import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { JobName, outboxJobId, QueueName } from '../../src/infra/jobs/job-names';
import { JobsService } from '../../src/infra/jobs/jobs.service';
import { OutboxRelayService } from '../../src/infra/outbox/outbox-relay.service';
import { OutboxRepository } from '../../src/infra/outbox/outbox.repository';
import { requireEnv, TEST_ENV } from '../setup/test-env';
import { createTestDataSource } from '../support/test-database';

jest.setTimeout(30_000);

describe('outbox relay (real PostgreSQL and Redis)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let config: AppConfig;
  let jobs: JobsService;
  let repository: OutboxRepository;
  let relay: OutboxRelayService;

  const insert = (n: number) =>
    ds.transaction(async (m) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(await repository.insert(m, JobName.SendEmail, { template: 'verify-email', recipientUserId: 'x' }));
      return ids;
    });
  const queuedIds = async () => (await jobs.queue(QueueName.Email).getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).map((j) => j.id).sort();

  let db: { url: string };
  beforeAll(async () => {
    ({ dataSource: ds, close, db } = await createTestDataSource());
    config = loadConfig({ NODE_ENV: 'test', REDIS_URL: requireEnv(TEST_ENV.redisUrl), REDIS_PREFIX: `ptest-relay-${randomBytes(3).toString('hex')}` });
    jobs = new JobsService(config);
    repository = new OutboxRepository(ds);
    relay = new OutboxRelayService(ds, repository, jobs, config);
  });
  afterEach(async () => {
    await jobs.queue(QueueName.Email).obliterate({ force: true });
    await ds.query('DELETE FROM outbox_messages');
  });
  afterAll(async () => {
    await jobs.onApplicationShutdown();
    await close();
  });

  it('queues nothing for a rolled-back transaction', async () => {
    await ds
      .transaction(async (m) => {
        await repository.insert(m, JobName.SendEmail, { template: 'verify-email' });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await relay.relayOnce()).toBe(0);
    expect(await queuedIds()).toEqual([]);
  });

  it('queues each committed row once, under the job id derived from the outbox id', async () => {
    const ids = await insert(3);
    expect(await relay.relayOnce()).toBe(3);
    expect(await queuedIds()).toEqual(ids.map(outboxJobId).sort());
    expect(await repository.countPending()).toBe(0);
    const job = await jobs.queue(QueueName.Email).getJob(outboxJobId(ids[0]));
    expect(job?.data).toEqual({ outboxId: ids[0] });
    expect(await relay.relayOnce()).toBe(0);
  });

  it('keeps one job when a row is relayed again after a crash before it was marked dispatched', async () => {
    const [id] = await insert(1);
    await relay.relayOnce();
    await ds.query('UPDATE outbox_messages SET dispatched_at = NULL WHERE id = $1', [id]);
    expect(await relay.relayOnce()).toBe(1);
    expect(await queuedIds()).toEqual([outboxJobId(id)]);
  });

  it('splits rows between concurrent relays without queuing any twice', async () => {
    const ids = await insert(300);
    const other = new OutboxRelayService(ds, repository, jobs, config);
    const counts = await Promise.all([relay.relayOnce(100), other.relayOnce(100), relay.relayOnce(100), other.relayOnce(100)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    expect(await queuedIds()).toEqual(ids.map(outboxJobId).sort());
  });

  it('keeps rows pending and counts the attempt when Redis cannot be reached, then relays them later', async () => {
    const [id] = await insert(1);
    const deadJobs = new JobsService(loadConfig({ NODE_ENV: 'test', REDIS_URL: 'redis://127.0.0.1:1', REDIS_PREFIX: config.REDIS_PREFIX }));
    const broken = new OutboxRelayService(ds, repository, deadJobs, config);
    await expect(broken.relayOnce()).rejects.toThrow();
    const [row] = await ds.query('SELECT dispatched_at, dispatch_attempts, last_error FROM outbox_messages WHERE id = $1', [id]);
    expect(row.dispatched_at).toBeNull();
    expect(row.dispatch_attempts).toBe(1);
    expect(row.last_error).toBeTruthy();
    await deadJobs.onApplicationShutdown();
    expect(await relay.relayOnce()).toBe(1);
    expect(await queuedIds()).toEqual([outboxJobId(id)]);
  });

  it('leaves rows that are not due yet', async () => {
    await ds.transaction((m) => repository.insert(m, JobName.SendEmail, { template: 'verify-email' }, new Date(Date.now() + 3600_000)));
    expect(await relay.relayOnce()).toBe(0);
    expect(await repository.countPending()).toBe(1);
  });

  it('wakes as soon as a transaction with an outbox row commits, well before its next poll', async () => {
    const slowPoll = new OutboxRelayService(ds, repository, jobs, loadConfig({ ...config, DATABASE_URL: db.url, OUTBOX_POLL_MS: '10000' } as never));
    slowPoll.start();
    try {
      // The relay listens on its own connection: wait until PostgreSQL shows it listening.
      const deadline = Date.now() + 5000;
      const listening = async () =>
        (await ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN outbox_messages'`))[0].n > 0;
      while (!(await listening()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await listening()).toBe(true);
      const started = Date.now();
      const [id] = await insert(1);
      while ((await queuedIds()).length === 0 && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 20));
      expect(await queuedIds()).toEqual([outboxJobId(id)]);
      // Far below the 10 s poll: only the notification can have woken it.
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await slowPoll.stop();
    }
    // Stopped means the listening connection is closed too.
    expect((await ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN outbox_messages'`))[0].n).toBe(0);
  });

  it('runs as a loop that picks up new rows and stops cleanly', async () => {
    const redis = new Redis(requireEnv(TEST_ENV.redisUrl));
    relay.start();
    try {
      const [id] = await insert(1);
      const deadline = Date.now() + 5000;
      while ((await queuedIds()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await queuedIds()).toEqual([outboxJobId(id)]);
    } finally {
      await relay.stop();
      redis.disconnect();
    }
  });
});
