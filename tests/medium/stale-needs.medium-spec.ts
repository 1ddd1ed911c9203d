import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock/clock';
import { SignedTokens } from '../../src/common/security/signed-token';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createDataSource } from '../../src/database/data-source';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { startSmtpCatcher, SmtpCatcher } from '../../src/dev/smtp-catcher';
import { JobName, QueueName } from '../../src/infra/jobs/job-names';
import { JobsService } from '../../src/infra/jobs/jobs.service';
import { MailRenderer } from '../../src/infra/mail/mail-renderer';
import { MailTransport } from '../../src/infra/mail/mail-transport.service';
import { OutboxRepository } from '../../src/infra/outbox/outbox.repository';
import { OutboxService } from '../../src/infra/outbox/outbox.service';
import { EmployerNeedsRepository } from '../../src/modules/employer-needs/employer-needs.repository';
import { EmployerNeedsService } from '../../src/modules/employer-needs/employer-needs.service';
import { StaleNeedsProcessor } from '../../src/modules/employer-needs/stale-needs.processor';
import { StaleNeedsService } from '../../src/modules/employer-needs/stale-needs.service';
import { EmailDeliveryRepository } from '../../src/modules/notifications/email-delivery.repository';
import { EmailDeliveryService } from '../../src/modules/notifications/email-delivery.service';
import { EmailOutboxService } from '../../src/modules/notifications/email-outbox.service';
import { EmailPropsBuilder } from '../../src/modules/notifications/email-props.builder';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { SponsorshipsRepository } from '../../src/modules/sponsorships/sponsorships.repository';
import { IntroductionsRepository } from '../../src/modules/introductions/introductions.repository';
import { OrganisationsRepository } from '../../src/modules/organisations/organisations.repository';
import { OrganisationRole, Role, User } from '../../src/modules/users/user.entity';
import { UsersRepository } from '../../src/modules/users/users.repository';
import { createOrganisation, createUser } from '../support/factories';
import { createTestDataSource } from '../support/test-database';
import { requireEnv, TEST_ENV } from '../setup/test-env';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
const MINUTE = 60 * 1000;

/** The time the sweep sees; tests move it. */
class TestClock extends Clock {
  at = new Date('2026-01-05T09:00:00Z');
  now(): Date {
    return new Date(this.at);
  }
}

const after = (instant: Date, ms: number) => new Date(instant.getTime() + ms);

describe('stale employer needs (real PostgreSQL, SMTP server and Redis)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let databaseUrl: string;
  let smtp: SmtpCatcher;
  let config: AppConfig;
  let transport: MailTransport;
  let clock: TestClock;
  let needs: EmployerNeedsRepository;
  let sweeper: StaleNeedsService;
  let delivery: EmailDeliveryService;
  let organisation: Organisation;
  let owner: User;
  let member: User;
  let outsider: User;

  const staleNeedsService = (dataSource: DataSource) =>
    new StaleNeedsService(
      new EmployerNeedsRepository(dataSource),
      new UsersRepository(dataSource),
      new EmailOutboxService(new OutboxService(new OutboxRepository(dataSource))),
      new TransactionRunner(dataSource),
      clock,
      config,
    );

  beforeAll(async () => {
    let db;
    ({ dataSource: ds, close, db } = await createTestDataSource());
    databaseUrl = db.url;
    smtp = await startSmtpCatcher();
    config = loadConfig({ NODE_ENV: 'test', SMTP_URL: smtp.url, PUBLIC_URL: 'https://passerelle.example' });
    clock = new TestClock();
    transport = new MailTransport(config);
    needs = new EmployerNeedsRepository(ds);
    sweeper = staleNeedsService(ds);
    const props = new EmailPropsBuilder(config, clock, new SignedTokens(config.APP_SECRET), new OrganisationsRepository(ds), needs, new IntroductionsRepository(ds), new SponsorshipsRepository(ds));
    delivery = new EmailDeliveryService(new EmailDeliveryRepository(ds), props, new MailRenderer(), transport, config);

    await ds.query(`INSERT INTO rome_grand_domains (code, label) VALUES ('F', 'Construction, Bâtiment et Travaux publics')`);
    await ds.query(`INSERT INTO rome_professional_domains (code, label, grand_domain_code) VALUES ('F16', 'Second oeuvre', 'F')`);
    await ds.query(`INSERT INTO rome_occupations (code, label, ogr_code, domain_code) VALUES ('F1606', 'Peintre en bâtiment', 1, 'F16')`);
    await ds.query(`INSERT INTO basins (code, name) VALUES ('7513', 'POITIERS')`);
    await ds.query(`INSERT INTO communes (insee_code, name, basin_code) VALUES ('86194', 'Poitiers', '7513')`);

    organisation = await createOrganisation(ds, { name: 'Menuiserie du Clain', kind: OrganisationKind.Company });
    owner = await createUser(ds, { role: Role.Employer, organisationId: organisation.id });
    member = await createUser(ds, { role: Role.Employer, organisationId: organisation.id, organisationRole: OrganisationRole.Member });
    outsider = await createUser(ds, { role: Role.Employer });
  });
  afterAll(async () => {
    transport.onApplicationShutdown();
    await smtp.stop();
    await close();
  });
  beforeEach(async () => {
    // Each test starts from an empty table, so one test's stale needs do not show up in another's counts.
    await ds.query(`DELETE FROM email_deliveries`);
    await ds.query(`DELETE FROM outbox_messages`);
    await ds.query(`DELETE FROM employer_needs`);
    clock.at = new Date('2026-01-05T09:00:00Z');
  });

  /** A published need of the organisation whose last update was at `updatedAt`. */
  const publishedNeed = async (updatedAt: Date, status = 'published', organisationId = organisation.id): Promise<string> => {
    const [row] = await ds.query(
      `INSERT INTO employer_needs (organisation_id, rome_code, contract_type, positions, commune_code, basin_code, start_from, start_until,
                                   solutions, status, created_at, updated_at, published_at)
       VALUES ($1, 'F1606', 'cdd', 2, '86194', '7513', '2026-03-01', '2026-06-30', '{job}', $2, $3, $3, $3) RETURNING id`,
      [organisationId, status, updatedAt],
    );
    return row.id;
  };
  const stateOf = async (id: string) => {
    const [row] = await ds.query(
      `SELECT status, updated_at AS "updatedAt", stale_warning_sent_at AS "warnedAt", unpublished_at AS "unpublishedAt", unpublished_reason AS "reason"
         FROM employer_needs WHERE id = $1`,
      [id],
    );
    return row as { status: string; updatedAt: Date; warnedAt: Date | null; unpublishedAt: Date | null; reason: string | null };
  };
  /** The e-mail outbox rows, as template → need → recipient. */
  const queuedEmails = async (): Promise<{ id: string; template: string; needId: string; recipientUserId: string }[]> =>
    ds.query(
      `SELECT id, payload->>'template' AS template, payload->>'needId' AS "needId", payload->>'recipientUserId' AS "recipientUserId"
         FROM outbox_messages WHERE job_name = $1 ORDER BY id`,
      [JobName.SendEmail],
    );
  const deliverAll = async () => {
    for (const row of await queuedEmails()) await delivery.deliver(row.id);
  };
  const mailsAbout = (needId: string) => smtp.messages.filter((m) => m.text.includes(`/organisation/besoins/${needId}`));

  it('warns every member of the organisation once, when the need reaches NEED_STALE_DAYS − NEED_STALE_WARNING_DAYS without update', async () => {
    const updatedAt = new Date('2026-01-05T09:00:00Z');
    const id = await publishedNeed(updatedAt);
    const warnAt = after(updatedAt, 53 * DAY);

    clock.at = after(warnAt, -MINUTE);
    expect(await sweeper.sweep()).toEqual({ warned: 0, unpublished: 0 });
    expect(await queuedEmails()).toEqual([]);
    expect((await stateOf(id)).warnedAt).toBeNull();

    clock.at = warnAt;
    expect(await sweeper.sweep()).toEqual({ warned: 1, unpublished: 0 });
    const state = await stateOf(id);
    expect(state).toMatchObject({ status: 'published', warnedAt: warnAt, unpublishedAt: null });
    const queued = await queuedEmails();
    expect(queued.map((q) => [q.template, q.needId, q.recipientUserId]).sort()).toEqual(
      [['need-stale-warning', id, owner.id], ['need-stale-warning', id, member.id]].sort(),
    );
    // Ids only in the job rows: no name, address or need text.
    const [payload] = await ds.query(`SELECT payload FROM outbox_messages WHERE id = $1`, [queued[0].id]);
    expect(Object.keys(payload.payload).sort()).toEqual(['needId', 'recipientUserId', 'template']);

    await deliverAll();
    const mails = mailsAbout(id);
    expect(mails.flatMap((m) => m.to).sort()).toEqual([owner.email, member.email].sort());
    expect(mails.some((m) => m.to.includes(outsider.email))).toBe(false);
    const [mail] = mails;
    // Last update 5 January; unpublished 60 days later, on 6 March (Paris time).
    expect(mail.subject).toBe('Sans mise à jour, votre besoin « Peintre en bâtiment – Poitiers » sera dépublié à partir du 6 mars 2026');
    expect(mail.text).toContain('n’a pas été mis à jour depuis le 5 janvier 2026');
    expect(mail.text).toContain('Menuiserie du Clain');
    expect(mail.text).toMatch(new RegExp(`^https://passerelle\\.example/organisation/besoins/${id}$`, 'm'));
    expect(mail.html).toContain(`href="https://passerelle.example/organisation/besoins/${id}"`);

    // Later sweeps, before the limit, send nothing more.
    for (const days of [1, 3, 6]) {
      clock.at = after(warnAt, days * DAY);
      expect(await sweeper.sweep()).toEqual({ warned: 0, unpublished: 0 });
    }
    expect(await queuedEmails()).toHaveLength(2);
  });

  it('unpublishes the need back to draft at NEED_STALE_DAYS and tells the members', async () => {
    const updatedAt = new Date('2026-01-05T09:00:00Z');
    const id = await publishedNeed(updatedAt);
    clock.at = after(updatedAt, 53 * DAY);
    await sweeper.sweep();

    const limit = after(updatedAt, 60 * DAY);
    clock.at = after(limit, -MINUTE);
    expect(await sweeper.sweep()).toEqual({ warned: 0, unpublished: 0 });
    expect((await stateOf(id)).status).toBe('published');

    clock.at = limit;
    expect(await sweeper.sweep()).toEqual({ warned: 0, unpublished: 1 });
    expect(await stateOf(id)).toEqual({ status: 'draft', updatedAt, warnedAt: null, unpublishedAt: limit, reason: 'stale' });
    const unpublishedMails = (await queuedEmails()).filter((q) => q.template === 'need-unpublished');
    expect(unpublishedMails.map((q) => q.recipientUserId).sort()).toEqual([owner.id, member.id].sort());

    await deliverAll();
    const mail = mailsAbout(id).find((m) => m.subject.includes('a été dépublié'));
    expect(mail?.subject).toBe('Votre besoin « Peintre en bâtiment – Poitiers » a été dépublié faute de mise à jour');
    expect(mail?.text).toContain('depuis le 5 janvier 2026, soit plus de 60 jours');
    expect(mail?.text).toContain('repasse en brouillon');

    // A draft is not the sweep's business: nothing more, however long it waits.
    clock.at = after(limit, 30 * DAY);
    expect(await sweeper.sweep()).toEqual({ warned: 0, unpublished: 0 });
    expect(await queuedEmails()).toHaveLength(4);
  });

  it('leaves drafts, closed needs and fresh needs alone', async () => {
    const old = after(clock.now(), -200 * DAY);
    const draft = await publishedNeed(old, 'draft');
    const closed = await publishedNeed(old, 'closed');
    const fresh = await publishedNeed(after(clock.now(), -10 * DAY));
    expect(await sweeper.sweep()).toEqual({ warned: 0, unpublished: 0 });
    for (const id of [draft, closed, fresh]) expect(await stateOf(id)).toMatchObject({ warnedAt: null, unpublishedAt: null });
  });

  it('gives a need warned late (worker stopped) its full notice before unpublishing it', async () => {
    const id = await publishedNeed(after(clock.now(), -100 * DAY));
    const warnedAt = clock.now();
    expect(await sweeper.sweep()).toEqual({ warned: 1, unpublished: 0 });
    await deliverAll();
    expect(mailsAbout(id)[0].subject).toContain('à partir du 12 janvier 2026');

    clock.at = after(warnedAt, 7 * DAY - MINUTE);
    expect(await sweeper.sweep()).toEqual({ warned: 0, unpublished: 0 });
    clock.at = after(warnedAt, 7 * DAY);
    expect(await sweeper.sweep()).toEqual({ warned: 0, unpublished: 1 });
    expect((await stateOf(id)).status).toBe('draft');
  });

  it('restarts the clock when the employer updates the need through the service', async () => {
    const updatedAt = new Date('2026-01-05T09:00:00Z');
    const id = await publishedNeed(updatedAt);
    clock.at = after(updatedAt, 55 * DAY);
    expect(await sweeper.sweep()).toEqual({ warned: 1, unpublished: 0 });

    const editedAt = after(updatedAt, 58 * DAY);
    clock.at = editedAt;
    const service = new EmployerNeedsService(needs, new TransactionRunner(ds), clock);
    await service.update(
      {
        id: owner.id,
        email: owner.email,
        displayName: owner.displayName,
        role: Role.Employer,
        organisationId: organisation.id,
        organisationName: organisation.name,
        organisationKind: OrganisationKind.Company,
        organisationStatus: OrganisationStatus.Active,
      },
      id,
      { positions: 3 },
    );
    expect(await stateOf(id)).toMatchObject({ status: 'published', updatedAt: editedAt, warnedAt: null });

    // The old limit passes without effect; the new warning comes 53 days after the update.
    clock.at = after(updatedAt, 61 * DAY);
    expect(await sweeper.sweep()).toEqual({ warned: 0, unpublished: 0 });
    clock.at = after(editedAt, 53 * DAY - MINUTE);
    expect(await sweeper.sweep()).toEqual({ warned: 0, unpublished: 0 });
    clock.at = after(editedAt, 53 * DAY);
    expect(await sweeper.sweep()).toEqual({ warned: 1, unpublished: 0 });
    expect((await queuedEmails()).filter((q) => q.template === 'need-stale-warning')).toHaveLength(4);
  });

  it('does not double-send when two workers sweep at the same time', async () => {
    const count = 40;
    const updatedAt = after(clock.now(), -54 * DAY);
    const ids = [];
    for (let i = 0; i < count; i++) ids.push(await publishedNeed(after(updatedAt, -i * MINUTE)));
    // A second worker process: its own connection pool.
    const other = createDataSource({ DATABASE_URL: databaseUrl }, 'passerelle-test-second-worker');
    await other.initialize();
    try {
      const runs = await Promise.all([sweeper.sweep(), staleNeedsService(other).sweep(), sweeper.sweep()]);
      expect(runs.reduce((sum, r) => sum + r.warned, 0)).toBe(count);
    } finally {
      await other.destroy();
    }
    const queued = await queuedEmails();
    expect(queued).toHaveLength(count * 2);
    expect(new Set(queued.map((q) => `${q.needId}/${q.recipientUserId}`)).size).toBe(count * 2);
    expect(new Set(queued.map((q) => q.needId))).toEqual(new Set(ids));

    clock.at = after(clock.now(), 7 * DAY);
    const unpublishRuns = await Promise.all([sweeper.sweep(), sweeper.sweep()]);
    expect(unpublishRuns.reduce((sum, r) => sum + r.unpublished, 0)).toBe(count);
    expect((await queuedEmails()).filter((q) => q.template === 'need-unpublished')).toHaveLength(count * 2);
  });

  it('runs as one hourly BullMQ schedule however many workers declare it', async () => {
    const id = await publishedNeed(after(clock.now(), -54 * DAY));
    const workerConfig = loadConfig({
      NODE_ENV: 'test',
      REDIS_URL: requireEnv(TEST_ENV.redisUrl),
      REDIS_PREFIX: `ptest-stale-${randomBytes(4).toString('hex')}`,
    });
    const workers = [new JobsService(workerConfig), new JobsService(workerConfig)];
    try {
      for (const jobs of workers) await new StaleNeedsProcessor(jobs, sweeper).onApplicationBootstrap();
      const schedulers = await workers[0].queue(QueueName.StaleNeeds).getJobSchedulers();
      expect(schedulers.map((s) => [s.name, s.every])).toEqual([[JobName.SweepStaleNeeds, 3600 * 1000]]);
      // The first run starts at once, on one of the workers.
      const deadline = Date.now() + 15_000;
      while ((await stateOf(id)).warnedAt === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect((await stateOf(id)).warnedAt).toEqual(clock.now());
      const [job] = await workers[0].queue(QueueName.StaleNeeds).getJobs(['completed', 'active', 'waiting']);
      expect(job.data).toEqual({});
    } finally {
      await workers[0].queue(QueueName.StaleNeeds).obliterate({ force: true });
      for (const jobs of workers) await jobs.onApplicationShutdown();
    }
  });
});
