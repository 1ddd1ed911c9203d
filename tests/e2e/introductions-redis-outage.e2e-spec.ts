import { OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { PrivateRedis, startPrivateRedis } from '../support/email-redis';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { pool } from '../support/pool';
import { waitFor } from '../support/wait-for';

jest.setTimeout(240_000);

/** The figure: introductions accepted while Redis is stopped. */
const ACCEPTED = 1000;
const CONCURRENCY = 8;
/** Profile codes use this alphabet (no 0/1/I/L/O), four characters after PSG-. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const codeOf = (n: number) => `PSG-${[0, 1, 2, 3].map((i) => ALPHABET[Math.floor(n / ALPHABET.length ** i) % ALPHABET.length]).join('')}`;

/**
 * Issue 6, reliability: 1,000 introductions accepted by a counsellor while Redis is stopped. Every request is
 * served (sessions live in PostgreSQL; the e-mails wait in the outbox), and once Redis is back exactly 1,000
 * distinct e-mails arrive at the SMTP server, one per introduction.
 */
describe('introductions accepted while Redis is down (api + worker, a Redis of its own, real PostgreSQL and SMTP server)', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let counsellor: { agent: Agent; csrf: string };
  let employerEmail: string;
  let introductionIds: string[];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    t = await startTestApp({ worker: true, env: { REDIS_URL: redis.url } });
    const ds = t.dataSource;
    const partner = await createOrganisation(ds, { kind: OrganisationKind.MissionLocale, status: OrganisationStatus.Active });
    const company = await createOrganisation(ds, { kind: OrganisationKind.Company, status: OrganisationStatus.Active });
    const counsellorUser = await createUser(ds, { role: Role.Counsellor, organisationId: partner.id });
    employerEmail = (await createUser(ds, { role: Role.Employer, organisationId: company.id })).email;
    counsellor = await loginAgent(t.server, counsellorUser.email);
    // 1,000 published profiles of the partner, each with an open request from the company.
    const codes = Array.from({ length: ACCEPTED }, (_, i) => codeOf(i + 1));
    await ds.query(
      `INSERT INTO candidate_profiles (code, owner_organisation_id, status, target_rome_codes, target_basin_codes, release_from, release_until, published_at)
       SELECT code, $1, 'published', '{F1606}', '{7513}', current_date + 90, current_date + 180, now() FROM unnest($2::text[]) AS code`,
      [partner.id, codes],
    );
    await ds.query(
      `INSERT INTO candidate_consents (profile_id, scope, given_on, recorded_by) SELECT id, 'publication', current_date, NULL FROM candidate_profiles WHERE owner_organisation_id = $1`,
      [partner.id],
    );
    const rows: { id: string }[] = await ds.query(
      `INSERT INTO introductions (profile_id, organisation_id, partner_organisation_id, initiator, solution, status, message)
       SELECT id, $2, $1, 'employer', 'job', 'requested', 'Rencontre souhaitée' FROM candidate_profiles WHERE owner_organisation_id = $1
       RETURNING id`,
      [partner.id, company.id],
    );
    introductionIds = rows.map((r) => r.id);
  });
  afterAll(async () => {
    await t?.close();
    await redis?.destroy();
  });

  const deliveredCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM email_deliveries WHERE status = 'sent' AND template = 'introduction-accepted'`))[0].n as number;

  it('answers 2xx to every acceptance while Redis is stopped, then delivers exactly one e-mail per introduction', async () => {
    expect(introductionIds).toHaveLength(ACCEPTED);
    await redis.crash();

    const today = new Date().toISOString().slice(0, 10);
    const answers = await pool(introductionIds, CONCURRENCY, (id) =>
      counsellor.agent.post(`/api/introductions/${id}/accept`).set('x-csrf-token', counsellor.csrf).send({ candidateAgreed: true, candidateAgreedOn: today }),
    );
    const statuses = new Map<number, number>();
    for (const res of answers) statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    expect([...statuses]).toEqual([[200, ACCEPTED]]);
    expect(answers.every((res) => res.body.status === 'accepted')).toBe(true);

    // Every e-mail waits in the outbox: none could be queued, none was sent.
    const [{ waiting }] = await t.dataSource.query(`SELECT count(*)::int AS waiting FROM outbox_messages WHERE dispatched_at IS NULL AND payload->>'template' = 'introduction-accepted'`);
    expect(waiting).toBe(ACCEPTED);
    expect(t.mail.messages.filter((m) => m.to.includes(employerEmail))).toEqual([]);

    await redis.restart();
    await waitFor('every acceptance e-mail delivered after Redis came back', async () => (await deliveredCount()) === ACCEPTED, 180_000, 200);

    const messages = t.mail.messages.filter((m) => m.to.includes(employerEmail));
    expect(messages).toHaveLength(ACCEPTED);
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(ACCEPTED);
    // One e-mail per introduction: each names its own profile code once.
    const codes = messages.map((m) => /PSG-[2-9A-Z]{4}/.exec(m.subject + m.text)?.[0]);
    expect(codes.every(Boolean)).toBe(true);
    expect(new Set(codes).size).toBe(ACCEPTED);
    const [{ pending }] = await t.dataSource.query(`SELECT count(*)::int AS pending FROM outbox_messages WHERE dispatched_at IS NULL`);
    expect(pending).toBe(0);
  });
});
