import request from 'supertest';
import { Role, User } from '../../src/modules/users/user.entity';
import { PrivateRedis, startPrivateRedis } from '../support/email-redis';
import { createUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { pool } from '../support/pool';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

const BEFORE = 30;
const DURING = 200;
const AFTER = 30;
const CONCURRENCY = 10;

/**
 * One api request that makes Passerelle queue one e-mail to `user`, answered 2xx: a public action, before, during
 * and after the outage. The signed-in version (1,000 introductions accepted by a counsellor while Redis is down)
 * is tests/e2e/introductions-redis-outage.e2e-spec.ts.
 */
type EmailProducer = (t: TestApp, user: User) => Promise<request.Response>;
const requestPasswordReset: EmailProducer = (t, user) => request(t.server).post('/api/auth/password-reset/request').send({ email: user.email });
const produce = requestPasswordReset;

describe('e-mails queued while Redis is down (api + worker, a Redis of its own, real PostgreSQL and SMTP server)', () => {
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    t = await startTestApp({ worker: true, env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.destroy();
  });

  const users = async (n: number) => Promise.all(Array.from({ length: n }, () => createUser(t.dataSource, { role: Role.Admin })));
  const sentCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM email_deliveries WHERE status = 'sent'`))[0].n as number;

  it('answers 2xx while Redis is stopped, and delivers every e-mail exactly once after it is back', async () => {
    const [before, during, after] = [await users(BEFORE), await users(DURING), await users(AFTER)];

    const first = await pool(before, CONCURRENCY, (user) => produce(t, user));
    expect(first.map((r) => r.status)).toEqual(before.map(() => 202));
    await waitFor('the first e-mails delivered', async () => (await sentCount()) === BEFORE, 20_000);

    await redis.crash();
    const second = await pool(during, CONCURRENCY, (user) => produce(t, user));
    expect(second.map((r) => r.status)).toEqual(during.map(() => 202));
    // The rows are in the outbox, and the relay is failing to queue them, not losing them.
    await waitFor('the relay to fail on the missing Redis', async () => {
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS pending, max(dispatch_attempts)::int AS tries FROM outbox_messages WHERE dispatched_at IS NULL`);
      return row.pending === DURING && row.tries >= 2;
    }, 20_000);
    const duringEmails = new Set(during.map((u) => u.email));
    expect(t.mail.messages.filter((m) => m.to.some((to) => duringEmails.has(to)))).toEqual([]);

    await redis.restart();
    const third = await pool(after, CONCURRENCY, (user) => produce(t, user));
    expect(third.map((r) => r.status)).toEqual(after.map(() => 202));

    const total = BEFORE + DURING + AFTER;
    await waitFor('every e-mail delivered after Redis came back', async () => (await sentCount()) === total, 60_000, 100);
    const [{ pending }] = await t.dataSource.query(`SELECT count(*)::int AS pending FROM outbox_messages WHERE dispatched_at IS NULL`);
    expect(pending).toBe(0);

    // Exactly once: one message per request, each with its own Message-ID, to its own user.
    const messages = t.mail.messages;
    expect(messages).toHaveLength(total);
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(total);
    const perRecipient = new Map<string, number>();
    for (const m of messages) for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect([...perRecipient.keys()].sort()).toEqual([...before, ...during, ...after].map((u) => u.email).sort());
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(messages.every((m) => m.subject === 'Réinitialisation de votre mot de passe')).toBe(true);
  });
});
