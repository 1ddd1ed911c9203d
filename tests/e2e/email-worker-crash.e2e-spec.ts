import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { startSmtpCatcher, SmtpCatcher } from '../../src/dev/smtp-catcher';
import { JobName } from '../../src/infra/jobs/job-names';
import { OutboxRepository } from '../../src/infra/outbox/outbox.repository';
import { EMAIL_CONCURRENCY } from '../../src/modules/notifications/email.processor';
import { requireEnv, TEST_ENV } from '../setup/test-env';
import { ChildWorker, startChildWorker } from '../support/email-child-worker';
import { flushRedisPrefix } from '../support/email-redis';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

const EMAILS = 500;
const RECIPIENTS = 50;
/** The worker is killed while the server receives this message, i.e. in the middle of its SMTP transaction. */
const KILL_AT = 200;
const PUBLIC_HOST = 'passerelle-crash.test';

describe('the e-mail worker killed with SIGKILL in the middle of 500 sends (child processes, real PostgreSQL, Redis and SMTP server)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let smtp: SmtpCatcher;
  let redisPrefix: string;
  const workers: ChildWorker[] = [];
  let killed: ChildWorker | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ DATABASE_URL: db.url }, 'passerelle-test-crash');
    await ds.initialize();
    smtp = await startSmtpCatcher({
      onMessage: () => {
        // Called before the server answers 250: the worker dies with the message on the server's side only.
        if (smtp.messages.length + 1 === KILL_AT && killed) killed.process.kill('SIGKILL');
      },
    });
    redisPrefix = `ptest-crash-${randomBytes(4).toString('hex')}`;
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop(2000);
    await smtp?.stop();
    await ds?.destroy();
    await db?.drop();
    await flushRedisPrefix(requireEnv(TEST_ENV.redisUrl), redisPrefix);
  });

  const startWorker = async () => {
    const worker = await startChildWorker({
      NODE_ENV: 'test',
      TZ: 'UTC',
      DATABASE_URL: db.url,
      REDIS_URL: requireEnv(TEST_ENV.redisUrl),
      REDIS_PREFIX: redisPrefix,
      MEILI_URL: requireEnv(TEST_ENV.meiliUrl),
      MEILI_MASTER_KEY: process.env[TEST_ENV.meiliKey] ?? '',
      MEILI_INDEX_PREFIX: `${redisPrefix.replace(/-/g, '_')}_`,
      SMTP_URL: smtp.url,
      PUBLIC_URL: `https://${PUBLIC_HOST}`,
      APP_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'error',
      OUTBOX_POLL_MS: '50',
      // A killed worker's jobs are taken over once their 5 s lock has expired (30 s in production).
      TEST_EMAIL_LOCK_MS: '5000',
    });
    workers.push(worker);
    return worker;
  };
  const statusCounts = async () =>
    Object.fromEntries(
      ((await ds.query(`SELECT status, count(*)::int AS n FROM email_deliveries GROUP BY status`)) as { status: string; n: number }[]).map((r) => [r.status, r.n]),
    ) as Record<string, number>;

  it('delivers every e-mail after a restart; only messages in flight at the kill can arrive twice, with the same Message-ID', async () => {
    await ds.query(
      `INSERT INTO users (email, password_hash, display_name, role, email_verified_at)
       SELECT 'crash-' || i || '@example.org', 'x', 'Destinataire ' || i, 'admin', now() FROM generate_series(1, $1) AS i`,
      [RECIPIENTS],
    );
    const recipients: string[] = (await ds.query(`SELECT id FROM users ORDER BY email`)).map((r: { id: string }) => r.id);
    const outbox = new OutboxRepository(ds);
    const outboxIds = await ds.transaction(async (manager) => {
      const ids: string[] = [];
      for (let i = 0; i < EMAILS; i++) ids.push(await outbox.insert(manager, JobName.SendEmail, { template: 'verify-email', recipientUserId: recipients[i % RECIPIENTS] }));
      return ids;
    });

    killed = await startWorker();
    const death = await killed.exited;
    expect(death).toBe('SIGKILL');
    // What the dead worker left half done: claimed deliveries that were never recorded as sent.
    const inFlight: string[] = (await ds.query(`SELECT outbox_id FROM email_deliveries WHERE status = 'sending' ORDER BY outbox_id`)).map((r: { outbox_id: string }) => r.outbox_id);
    const sentBeforeRestart = (await statusCounts()).sent ?? 0;
    expect(inFlight.length).toBeGreaterThanOrEqual(1);
    expect(inFlight.length).toBeLessThanOrEqual(EMAIL_CONCURRENCY);
    expect(sentBeforeRestart).toBeGreaterThanOrEqual(KILL_AT - EMAIL_CONCURRENCY);
    expect(sentBeforeRestart).toBeLessThan(EMAILS);

    await startWorker();
    await waitFor('every e-mail delivered after the restart', async () => (await statusCounts()).sent === EMAILS, 60_000, 200);

    const counts = await statusCounts();
    expect(counts).toEqual({ sent: EMAILS });
    const received = new Map<string, number>();
    for (const mail of smtp.messages) received.set(mail.messageId ?? '', (received.get(mail.messageId ?? '') ?? 0) + 1);
    // None lost: one distinct Message-ID per outbox row, and nothing else.
    expect([...received.keys()].sort()).toEqual(outboxIds.map((id) => `<outbox-${id}@${PUBLIC_HOST}>`).sort());
    // Duplicates: only e-mails whose send was interrupted by the kill, each at most twice.
    const duplicated = [...received].filter(([, n]) => n > 1);
    for (const [messageId, n] of duplicated) {
      expect(n).toBe(2);
      expect(inFlight).toContain(/^<outbox-(\d+)@/.exec(messageId)?.[1]);
    }
    // The message the server was receiving at the kill had reached it: it is the one duplicate that is certain.
    expect(duplicated.length).toBeGreaterThanOrEqual(1);
    expect(duplicated.length).toBeLessThanOrEqual(EMAIL_CONCURRENCY);
    expect(smtp.messages.length).toBe(EMAILS + duplicated.length);
    // Every interrupted delivery counts its interrupted attempt.
    const attempts: { outbox_id: string; attempts: number }[] = await ds.query(`SELECT outbox_id, attempts FROM email_deliveries WHERE outbox_id = ANY($1::bigint[])`, [inFlight]);
    for (const row of attempts) expect(row.attempts).toBe(2);
    process.stdout.write(`[email-worker-crash] in flight at the kill: ${inFlight.length}, sent before the restart: ${sentBeforeRestart}, duplicated after the restart: ${duplicated.length}\n`);
  });
});
