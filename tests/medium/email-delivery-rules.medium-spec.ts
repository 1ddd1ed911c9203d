import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { SystemClock } from '../../src/common/clock/clock';
import { SignedTokens } from '../../src/common/security/signed-token';
import { loadConfig } from '../../src/config/app-config';
import { JobName } from '../../src/infra/jobs/job-names';
import { MailRenderer } from '../../src/infra/mail/mail-renderer';
import { MailTransport } from '../../src/infra/mail/mail-transport.service';
import { OutboxRepository } from '../../src/infra/outbox/outbox.repository';
import { EmployerNeedsRepository } from '../../src/modules/employer-needs/employer-needs.repository';
import { SponsorshipsRepository } from '../../src/modules/sponsorships/sponsorships.repository';
import { IntroductionsRepository } from '../../src/modules/introductions/introductions.repository';
import { EmailDeliveryRepository } from '../../src/modules/notifications/email-delivery.repository';
import { EmailDeliveryService } from '../../src/modules/notifications/email-delivery.service';
import { EmailPropsBuilder } from '../../src/modules/notifications/email-props.builder';
import { OrganisationsRepository } from '../../src/modules/organisations/organisations.repository';
import { Role, User } from '../../src/modules/users/user.entity';
import { ScriptedReply, ScriptedSmtp, startScriptedSmtp } from '../support/email-smtp-server';
import { createUser } from '../support/factories';
import { createTestDataSource } from '../support/test-database';

jest.setTimeout(30_000);

/** Refusals the tests switch on per recipient address and SMTP step. */
const refusals = { mailFrom: null as ScriptedReply | null, rcptTo: new Map<string, ScriptedReply>(), data: new Map<string, ScriptedReply>() };

describe('e-mail delivery rules: refusals, suppression, non-essential notifications (real PostgreSQL and SMTP server)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let smtp: ScriptedSmtp;
  let transport: MailTransport;
  let delivery: EmailDeliveryService;
  let outbox: OutboxRepository;
  const rcptCalls = new Map<string, number>();

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    smtp = await startScriptedSmtp({
      onMailFrom: () => refusals.mailFrom,
      onRcptTo: (to) => {
        rcptCalls.set(to, (rcptCalls.get(to) ?? 0) + 1);
        return refusals.rcptTo.get(to) ?? null;
      },
      onData: (to) => refusals.data.get(to[0]) ?? null,
    });
    const config = loadConfig({ NODE_ENV: 'test', SMTP_URL: smtp.url, PUBLIC_URL: 'https://passerelle.example' });
    transport = new MailTransport(config);
    outbox = new OutboxRepository(ds);
    const props = new EmailPropsBuilder(config, new SystemClock(), new SignedTokens(config.APP_SECRET), new OrganisationsRepository(ds), new EmployerNeedsRepository(ds), new IntroductionsRepository(ds), new SponsorshipsRepository(ds));
    delivery = new EmailDeliveryService(new EmailDeliveryRepository(ds), props, new MailRenderer(), transport, config);
  });
  afterEach(() => {
    refusals.mailFrom = null;
    refusals.rcptTo.clear();
    refusals.data.clear();
  });
  afterAll(async () => {
    transport.onApplicationShutdown();
    await smtp.stop();
    await close();
  });

  const queue = (template: string, user: User, refs: Record<string, string> = {}) =>
    ds.transaction((m) => outbox.insert(m, JobName.SendEmail, { template, recipientUserId: user.id, ...refs }));
  const row = async (outboxId: string) =>
    (
      await ds.query(
        `SELECT status, attempts, last_error AS "lastError", smtp_code AS "smtpCode", next_attempt_at AS "nextAttemptAt", sent_at AS "sentAt"
           FROM email_deliveries WHERE outbox_id = $1`,
        [outboxId],
      )
    )[0];
  const suppressionsOf = (email: string) =>
    ds.query(
      `SELECT email, reason, smtp_code AS "smtpCode", smtp_response AS "smtpResponse", outbox_id AS "outboxId", recipient_user_id AS "recipientUserId", lifted_at AS "liftedAt"
         FROM email_suppressions WHERE email = $1 ORDER BY id`,
      [email],
    );
  const acceptedFor = (email: string) => smtp.accepted.filter((m) => m.to.includes(email));

  it('bounces a recipient refused for good at RCPT TO, suppresses the address, and sends nothing more to it', async () => {
    const user = await createUser(ds, { role: Role.Counsellor });
    refusals.rcptTo.set(user.email, { code: 550, message: '5.1.1 <mailbox> unknown user' });
    const first = await queue('verify-email', user);
    await expect(delivery.deliver(first, { retryInMs: 2000 })).rejects.toBeInstanceOf(UnrecoverableError);
    expect(await row(first)).toMatchObject({ status: 'bounced', attempts: 1, smtpCode: 550, nextAttemptAt: null });
    expect((await row(first)).lastError).toContain('unknown user');
    expect(await suppressionsOf(user.email)).toEqual([
      expect.objectContaining({ email: user.email, reason: 'bad_recipient', smtpCode: 550, outboxId: first, recipientUserId: user.id, liftedAt: null }),
    ]);

    // An essential e-mail too: a suppressed address gets nothing, and the server is not even asked.
    const second = await queue('password-reset', user);
    expect(await delivery.deliver(second)).toBe('suppressed');
    expect(await row(second)).toMatchObject({ status: 'suppressed', attempts: 1, smtpCode: null, sentAt: null });
    expect((await row(second)).lastError).toMatch(/^Adresse bloquée depuis un refus définitif \(code 550\)/);
    expect(rcptCalls.get(user.email)).toBe(1);
    expect(acceptedFor(user.email)).toHaveLength(0);
  });

  it('bounces a message refused for its content without suppressing the address', async () => {
    const user = await createUser(ds, { role: Role.Counsellor });
    refusals.data.set(user.email, { code: 550, message: '5.7.1 Message rejected as spam' });
    const id = await queue('verify-email', user);
    await expect(delivery.deliver(id, { retryInMs: 2000 })).rejects.toBeInstanceOf(UnrecoverableError);
    expect(await row(id)).toMatchObject({ status: 'bounced', attempts: 1, smtpCode: 550 });
    expect(await suppressionsOf(user.email)).toEqual([]);
    refusals.data.clear();
    expect(await delivery.deliver(await queue('verify-email', user))).toBe('sent');
  });

  it('fails for good, without suppressing anyone, when the relay refuses the sender (its set-up, not the address)', async () => {
    const user = await createUser(ds, { role: Role.Counsellor });
    refusals.mailFrom = { code: 550, message: 'Sender address rejected: not owned by user' };
    const id = await queue('verify-email', user);
    await expect(delivery.deliver(id, { retryInMs: 2000 })).rejects.toBeInstanceOf(UnrecoverableError);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1, smtpCode: 550, nextAttemptAt: null });
    expect(await suppressionsOf(user.email)).toEqual([]);
  });

  it('records a temporary refusal as failed with the time of the next attempt, and gives that time up on the last attempt', async () => {
    const user = await createUser(ds, { role: Role.Counsellor });
    refusals.data.set(user.email, { code: 451, message: '4.3.0 Try again later' });
    const id = await queue('verify-email', user);
    const before = Date.now();
    const error = await delivery.deliver(id, { retryInMs: 60_000 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UnrecoverableError);
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, smtpCode: 451 });
    const retryAt = new Date(failed.nextAttemptAt).getTime();
    expect(retryAt).toBeGreaterThanOrEqual(before + 55_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 65_000);

    await expect(delivery.deliver(id, { retryInMs: null })).rejects.not.toBeInstanceOf(UnrecoverableError);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: null });
    expect(await suppressionsOf(user.email)).toEqual([]);
  });

  it('sends to an address again once its suppression is lifted, and suppresses it anew after another bounce', async () => {
    const user = await createUser(ds, { role: Role.Counsellor });
    refusals.rcptTo.set(user.email, { code: 550, message: 'No such user' });
    await expect(delivery.deliver(await queue('verify-email', user))).rejects.toBeInstanceOf(UnrecoverableError);
    refusals.rcptTo.clear();
    await ds.query(`UPDATE email_suppressions SET lifted_at = now() WHERE email = $1`, [user.email]);

    const id = await queue('verify-email', user);
    expect(await delivery.deliver(id)).toBe('sent');
    expect(acceptedFor(user.email).map((m) => m.messageId)).toEqual([`<outbox-${id}@passerelle.example>`]);

    refusals.rcptTo.set(user.email, { code: 553, message: 'Mailbox name not allowed' });
    await expect(delivery.deliver(await queue('verify-email', user))).rejects.toBeInstanceOf(UnrecoverableError);
    const history = await suppressionsOf(user.email);
    expect(history).toHaveLength(2);
    expect(history[0].liftedAt).toBeInstanceOf(Date);
    expect(history[1]).toMatchObject({ smtpCode: 553, liftedAt: null });
  });

  it('keeps one active suppression per address when two of its e-mails bounce at once', async () => {
    const user = await createUser(ds, { role: Role.Counsellor });
    refusals.rcptTo.set(user.email, { code: 550, message: 'No such user' });
    const ids = await Promise.all([queue('verify-email', user), queue('password-reset', user)]);
    const outcomes = await Promise.allSettled(ids.map((id) => delivery.deliver(id)));
    // The second may find the address suppressed already, or bounce too: either way one active row.
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(UnrecoverableError);
    expect(await suppressionsOf(user.email)).toHaveLength(1);
  });

  it('skips a non-essential e-mail for a user who turned them off, and still sends the essential ones', async () => {
    const user = await createUser(ds, { role: Role.Employer });
    await ds.query(`UPDATE users SET email_non_essential = false WHERE id = $1`, [user.id]);
    // The reminder is skipped before its props are built: its need does not even have to exist.
    const reminder = await queue('need-stale-warning', user, { needId: '00000000-0000-4000-8000-000000000000' });
    expect(await delivery.deliver(reminder)).toBe('skipped');
    expect(await row(reminder)).toMatchObject({ status: 'skipped', lastError: 'Le destinataire a désactivé les e-mails non essentiels.', sentAt: null });

    const reset = await queue('password-reset', user);
    expect(await delivery.deliver(reset)).toBe('sent');
    expect(acceptedFor(user.email).map((m) => m.messageId)).toEqual([`<outbox-${reset}@passerelle.example>`]);
  });

  it('lets a staff retry (queued) be claimed once, and never a bounced or sent delivery', async () => {
    const user = await createUser(ds, { role: Role.Counsellor });
    const id = await queue('verify-email', user);
    refusals.data.set(user.email, { code: 554, message: 'Transaction failed' });
    await expect(delivery.deliver(id)).rejects.toBeInstanceOf(UnrecoverableError);
    refusals.data.clear();
    expect(await delivery.deliver(id)).toBe('already-sent');
    await ds.query(`UPDATE email_deliveries SET status = 'queued' WHERE outbox_id = $1`, [id]);
    expect(await delivery.deliver(id)).toBe('sent');
    expect(await delivery.deliver(id)).toBe('already-sent');
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null, smtpCode: null });
    expect(acceptedFor(user.email)).toHaveLength(1);
  });
});
