import request from 'supertest';
import { outboxJobId, QueueName } from '../../src/infra/jobs/job-names';
import { JobsService } from '../../src/infra/jobs/jobs.service';
import { Role, User } from '../../src/modules/users/user.entity';
import { createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

interface DeliveryState {
  outboxId: string;
  status: string;
  attempts: number;
  smtpCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

describe('SMTP refusals through the queue: 4xx retried, 5xx bounced and suppressed, staff retry (api + worker + SMTP server)', () => {
  let t: TestApp;
  let admin: { agent: Agent; csrf: string; user: User };
  /** How many times the server saw a message for each address (accepted or refused). */
  const seen = new Map<string, number>();
  const refuse = new Map<string, (n: number) => { code: number; message: string } | null>();

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    t.mail.respondWith((envelope) => {
      const to = envelope.to[0];
      const n = (seen.get(to) ?? 0) + 1;
      seen.set(to, n);
      return refuse.get(to)?.(n) ?? null;
    });
    const user = await createUser(t.dataSource, { role: Role.Admin });
    admin = { ...(await loginAgent(t.server, user.email)), user };
  });
  afterAll(() => t?.close());

  const requestEmail = async (user: User) => {
    await request(t.server).post('/api/auth/password-reset/request').send({ email: user.email }).expect(202);
    const rows: { id: string }[] = await t.dataSource.query(`SELECT id FROM outbox_messages WHERE payload->>'recipientUserId' = $1 ORDER BY id DESC LIMIT 1`, [user.id]);
    return rows[0].id;
  };
  const delivery = async (outboxId: string): Promise<DeliveryState | undefined> =>
    (
      await t.dataSource.query(
        `SELECT outbox_id AS "outboxId", status, attempts, smtp_code AS "smtpCode", last_error AS "lastError", next_attempt_at AS "nextAttemptAt"
           FROM email_deliveries WHERE outbox_id = $1`,
        [outboxId],
      )
    )[0];
  const until = (outboxId: string, status: string, timeoutMs = 15_000) =>
    waitFor(`delivery ${outboxId} ${status}`, async () => {
      const row = await delivery(outboxId);
      return row?.status === status ? row : null;
    }, timeoutMs, 20);
  const received = (outboxId: string) => t.mail.messages.filter((m) => m.messageId === `<outbox-${outboxId}@127.0.0.1>`);
  const emailJob = (outboxId: string) => t.worker!.get(JobsService).queue(QueueName.Email).getJob(outboxJobId(outboxId));

  it('retries a temporary refusal (452) with backoff: failed with the error between tries, then sent once', async () => {
    const user = await createUser(t.dataSource, { role: Role.Counsellor });
    refuse.set(user.email, (n) => (n === 1 ? { code: 452, message: 'Mailbox full, try later' } : null));
    const id = await requestEmail(user);

    const failed = await until(id, 'failed');
    expect(failed).toMatchObject({ attempts: 1, smtpCode: 452 });
    expect(failed.lastError).toContain('Mailbox full');
    expect(failed.nextAttemptAt).toBeInstanceOf(Date);

    const sent = await until(id, 'sent');
    expect(sent).toMatchObject({ attempts: 2, smtpCode: null, lastError: null, nextAttemptAt: null });
    expect(seen.get(user.email)).toBe(2);
    expect(received(id)).toHaveLength(1);
  });

  it('bounces a permanent refusal (550) after one attempt, suppresses the address, and does not send the next e-mail to it', async () => {
    const user = await createUser(t.dataSource, { role: Role.Counsellor });
    refuse.set(user.email, () => ({ code: 550, message: 'No such user here' }));
    const id = await requestEmail(user);

    const bounced = await until(id, 'bounced');
    expect(bounced).toMatchObject({ attempts: 1, smtpCode: 550, nextAttemptAt: null });
    await waitFor('the job to fail for good', async () => (await (await emailJob(id))?.getState()) === 'failed');
    expect((await emailJob(id))?.attemptsMade).toBe(1);
    expect(seen.get(user.email)).toBe(1);
    const [suppression] = await t.dataSource.query(`SELECT email, reason, smtp_code, outbox_id, lifted_at FROM email_suppressions WHERE recipient_user_id = $1`, [user.id]);
    expect(suppression).toEqual({ email: user.email, reason: 'bad_recipient', smtp_code: 550, outbox_id: id, lifted_at: null });

    const next = await requestEmail(user);
    const suppressed = await until(next, 'suppressed');
    expect(suppressed.lastError).toMatch(/Adresse bloquée/);
    expect(seen.get(user.email)).toBe(1);
    expect(t.mail.messages.filter((m) => m.to.includes(user.email))).toEqual([]);

    // Staff are told: the suppression is listed, not yet seen, with a count.
    const listed = await admin.agent.get('/api/admin/email-suppressions').expect(200);
    expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ email: user.email, smtpCode: 550, outboxId: id, seen: false })]));
    const overview = await admin.agent.get('/api/admin/email-deliveries?status=bounced').expect(200);
    expect(overview.body.suppressions.unseen).toBeGreaterThanOrEqual(1);
    expect(overview.body.items.find((d: { outboxId: string }) => d.outboxId === id)).toMatchObject({
      status: 'bounced',
      attempts: 1,
      smtpCode: 550,
      recipient: { userId: user.id, email: user.email },
      retryable: false,
    });

    // A retry needs the address unblocked first.
    const refused = await admin.agent.post(`/api/admin/email-deliveries/${id}/retry`).set('x-csrf-token', admin.csrf).send({}).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('email_delivery.address_suppressed');

    // The address fixed (here: the server accepts it again), staff unblock it and retry both e-mails.
    refuse.delete(user.email);
    const suppressionId = listed.body.items.find((s: { email: string }) => s.email === user.email).id;
    await admin.agent.delete(`/api/admin/email-suppressions/${suppressionId}`).set('x-csrf-token', admin.csrf).expect(204);
    for (const outboxId of [id, next]) {
      const retried = await admin.agent.post(`/api/admin/email-deliveries/${outboxId}/retry`).set('x-csrf-token', admin.csrf).send({}).expect(200);
      expect(retried.body).toMatchObject({ outboxId, status: 'queued' });
    }
    expect(await until(id, 'sent')).toMatchObject({ attempts: 2 });
    expect(await until(next, 'sent')).toMatchObject({ attempts: 2 });
    expect(received(id)).toHaveLength(1);
    expect(received(next)).toHaveLength(1);

    // Sent: a second retry is refused, and nothing more goes out.
    const again = await admin.agent.post(`/api/admin/email-deliveries/${id}/retry`).set('x-csrf-token', admin.csrf).send({}).expect(409);
    expect(again.body.code).toBe('email_delivery.already_sent');
    const audit = await t.dataSource.query(
      `SELECT action, subject_type, subject_id, actor_user_id, details FROM audit_events WHERE action LIKE 'email_%' AND actor_user_id = $1 ORDER BY id`,
      [admin.user.id],
    );
    expect(audit).toEqual([
      { action: 'email_suppression.lifted', subject_type: 'email_suppression', subject_id: suppressionId, actor_user_id: admin.user.id, details: { outboxId: id } },
      { action: 'email_delivery.retried', subject_type: 'email_delivery', subject_id: id, actor_user_id: admin.user.id, details: { from: 'bounced', template: 'password-reset' } },
      { action: 'email_delivery.retried', subject_type: 'email_delivery', subject_id: next, actor_user_id: admin.user.id, details: { from: 'suppressed', template: 'password-reset' } },
    ]);
  });
});
