import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { SystemClock } from '../../src/common/clock/clock';
import { SignedTokens } from '../../src/common/security/signed-token';
import { loadConfig } from '../../src/config/app-config';
import { startSmtpCatcher, SmtpCatcher } from '../../src/dev/smtp-catcher';
import { JobName } from '../../src/infra/jobs/job-names';
import { MailRenderer } from '../../src/infra/mail/mail-renderer';
import { MailTransport } from '../../src/infra/mail/mail-transport.service';
import { OutboxRepository } from '../../src/infra/outbox/outbox.repository';
import { EmailDeliveryRepository } from '../../src/modules/notifications/email-delivery.repository';
import { EmailDeliveryService } from '../../src/modules/notifications/email-delivery.service';
import { EmailPropsBuilder } from '../../src/modules/notifications/email-props.builder';
import { EmployerNeedsRepository } from '../../src/modules/employer-needs/employer-needs.repository';
import { SponsorshipsRepository } from '../../src/modules/sponsorships/sponsorships.repository';
import { IntroductionsRepository } from '../../src/modules/introductions/introductions.repository';
import { OrganisationsRepository } from '../../src/modules/organisations/organisations.repository';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { createTestDataSource } from '../support/test-database';

jest.setTimeout(30_000);

describe('e-mail delivery (real PostgreSQL and SMTP server)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let smtp: SmtpCatcher;
  let transport: MailTransport;
  let delivery: EmailDeliveryService;
  let outbox: OutboxRepository;
  let deliveries: EmailDeliveryRepository;

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    smtp = await startSmtpCatcher();
    const config = loadConfig({ NODE_ENV: 'test', SMTP_URL: smtp.url, PUBLIC_URL: 'https://passerelle.example' });
    transport = new MailTransport(config);
    outbox = new OutboxRepository(ds);
    deliveries = new EmailDeliveryRepository(ds);
    const organisations = new OrganisationsRepository(ds);
    const props = new EmailPropsBuilder(config, new SystemClock(), new SignedTokens(config.APP_SECRET), organisations, new EmployerNeedsRepository(ds), new IntroductionsRepository(ds), new SponsorshipsRepository(ds));
    delivery = new EmailDeliveryService(deliveries, props, new MailRenderer(), transport, config);
  });
  afterEach(() => smtp.respondWith(null));
  afterAll(async () => {
    transport.onApplicationShutdown();
    await smtp.stop();
    await close();
  });

  const queue = (payload: Record<string, unknown>) => ds.transaction((m) => outbox.insert(m, JobName.SendEmail, payload));

  it('sends an outbox e-mail once, with a Message-ID derived from the outbox id, however often the job runs', async () => {
    const user = await createUser(ds, { role: Role.Employer });
    const organisation = await createOrganisation(ds, { name: 'Menuiserie Test' });
    const id = await queue({ template: 'organisation-approved', recipientUserId: user.id, organisationId: organisation.id });
    const outcomes = [await delivery.deliver(id), await delivery.deliver(id), await delivery.deliver(id)];
    expect(outcomes).toEqual(['sent', 'already-sent', 'already-sent']);
    const received = smtp.messages.filter((m) => m.messageId === `<outbox-${id}@passerelle.example>`);
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual([user.email]);
    expect(received[0].subject).toBe('Menuiserie Test est validée sur Passerelle');
    expect((await deliveries.findByOutboxId(id))?.status).toBe('sent');
  });

  it('builds signed links at send time, so the outbox row holds ids only', async () => {
    const user = await createUser(ds, { role: Role.Counsellor });
    const id = await queue({ template: 'password-reset', recipientUserId: user.id });
    const [row] = await ds.query('SELECT payload FROM outbox_messages WHERE id = $1', [id]);
    expect(row.payload).toEqual({ template: 'password-reset', recipientUserId: user.id });
    await delivery.deliver(id);
    const mail = await smtp.waitFor((m) => m.to.includes(user.email));
    expect(mail.text).toMatch(/https:\/\/passerelle\.example\/reinitialiser-mot-de-passe\?jeton=[\w-]+\.[\w-]+/);
  });

  it('gives up at once on a permanent SMTP refusal (5xx) and records the bounce', async () => {
    const user = await createUser(ds, { role: Role.Counsellor });
    const id = await queue({ template: 'verify-email', recipientUserId: user.id });
    smtp.respondWith(() => ({ code: 550, message: 'No such user' }));
    await expect(delivery.deliver(id)).rejects.toBeInstanceOf(UnrecoverableError);
    const row = await deliveries.findByOutboxId(id);
    expect(row).toMatchObject({ status: 'bounced', attempts: 1, smtpCode: 550 });
    expect(row?.lastError).toContain('550');
  });

  it('throws a retryable error on a temporary refusal (4xx), then sends on the retry', async () => {
    const user = await createUser(ds, { role: Role.Counsellor });
    const id = await queue({ template: 'verify-email', recipientUserId: user.id });
    smtp.respondWith(() => ({ code: 452, message: 'Mailbox full, try later' }));
    const error = await delivery.deliver(id).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UnrecoverableError);
    smtp.respondWith(null);
    expect(await delivery.deliver(id)).toBe('sent');
    expect(await deliveries.findByOutboxId(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.messages.filter((m) => m.messageId === `<outbox-${id}@passerelle.example>`)).toHaveLength(1);
  });

  it('skips an e-mail whose recipient no longer exists', async () => {
    const id = await queue({ template: 'verify-email', recipientUserId: '00000000-0000-4000-8000-000000000000' });
    expect(await delivery.deliver(id)).toBe('skipped');
    expect((await deliveries.findByOutboxId(id))?.status).toBe('skipped');
  });
});
