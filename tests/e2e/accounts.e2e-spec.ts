import request from 'supertest';
import { Role } from '../../src/modules/users/user.entity';
import { OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { createUser, randomSiret, TEST_PASSWORD } from '../support/factories';
import { linkFrom, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(30_000);

describe('accounts and organisation review (api + worker + SMTP)', () => {
  let t: TestApp;
  let coordinatorEmail: string;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    coordinatorEmail = (await createUser(t.dataSource, { role: Role.Coordinator })).email;
  });
  afterAll(() => t.close());

  const signUp = (overrides: Record<string, unknown> = {}) =>
    request(t.server)
      .post('/api/auth/signup')
      .send({
        email: `recrutement-${Math.random().toString(36).slice(2, 8)}@btp.example`,
        password: 'un-mot-de-passe-solide',
        displayName: 'Camille Martin',
        organisationName: 'Bâtiment Test',
        organisationKind: OrganisationKind.Company,
        siret: randomSiret(),
        ...overrides,
      });

  it('signs up an employer, verifies the address, gets approved by a coordinator, then logs in', async () => {
    const email = 'camille@btp-vienne.example';
    const created = await signUp({ email, organisationName: 'BTP Vienne' });
    expect(created.status).toBe(201);

    // Not verified yet: login is refused with a clear reason.
    const early = await request(t.server).post('/api/auth/login').send({ email, password: 'un-mot-de-passe-solide' });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('auth.email_not_verified');

    const verification = await t.mail.waitFor((m) => m.to.includes(email) && m.subject.includes('Confirmez'));
    expect(verification.messageId).toMatch(/^<outbox-\d+@127\.0\.0\.1>$/);
    const submitted = await t.mail.waitFor((m) => m.to.includes(coordinatorEmail) && m.subject.includes('BTP Vienne'));
    expect(submitted.text).toContain('/coordination/organisations/');

    const verifyUrl = new URL(linkFrom(verification.text, '/verifier-email'));
    const verified = await request(t.server).get(verifyUrl.pathname + verifyUrl.search);
    expect(verified.status).toBe(303);
    expect(verified.headers.location).toBe('/connexion?info=email-confirme');

    const employer = await loginAgent(t.server, email, 'un-mot-de-passe-solide');
    const me = await employer.agent.get('/api/auth/me');
    expect(me.body).toMatchObject({ email, role: 'employer', organisation: { name: 'BTP Vienne', status: OrganisationStatus.Pending } });
    // Members of a pending organisation cannot use staff routes.
    expect((await employer.agent.get('/api/organisations')).status).toBe(403);

    const coordinator = await loginAgent(t.server, coordinatorEmail);
    const queue = await coordinator.agent.get('/api/organisations?status=pending');
    expect(queue.status).toBe(200);
    const pending = queue.body.items.find((o: { name: string }) => o.name === 'BTP Vienne');
    expect(pending).toMatchObject({ status: 'pending', memberCount: 1 });

    const approved = await coordinator.agent.post(`/api/organisations/${pending.id}/approve`).set('x-csrf-token', coordinator.csrf);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('active');
    // The decision is in the audit trail, without the free text of a reason.
    expect(await t.dataSource.query(`SELECT action, subject_type, details FROM audit_events WHERE subject_id = $1`, [pending.id])).toEqual([
      { action: 'organisation.approved', subject_type: 'organisation', details: { from: 'pending' } },
    ]);

    const approval = await t.mail.waitFor((m) => m.to.includes(email) && m.subject.includes('validée'));
    expect(approval.text).toContain('BTP Vienne');
    expect((await employer.agent.get('/api/auth/me')).body.organisation.status).toBe('active');

    // A second decision on the same organisation is refused.
    const again = await coordinator.agent.post(`/api/organisations/${pending.id}/refuse`).set('x-csrf-token', coordinator.csrf).send({ reason: 'Doublon constaté' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('organisation.not_pending');
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE subject_id = $1`, [pending.id])).toEqual([{ n: 1 }]);
  });

  it('refuses an organisation with a reason that reaches its members by e-mail', async () => {
    const email = 'refus@exemple-refus.example';
    const created = await signUp({ email, organisationName: 'Refus SARL' });
    const coordinator = await loginAgent(t.server, coordinatorEmail);
    const res = await coordinator.agent
      .post(`/api/organisations/${created.body.organisationId}/refuse`)
      .set('x-csrf-token', coordinator.csrf)
      .send({ reason: 'SIRET sans rapport avec l’activité déclarée' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'refused', reviewReason: 'SIRET sans rapport avec l’activité déclarée' });
    const mail = await t.mail.waitFor((m) => m.to.includes(email) && m.subject.includes('Refus SARL'));
    expect(mail.text).toContain('SIRET sans rapport avec l’activité déclarée');
  });

  it('resets a forgotten password with the e-mailed link, once, and ends other sessions', async () => {
    const user = await createUser(t.dataSource, { role: Role.Counsellor });
    const before = await loginAgent(t.server, user.email);
    const asked = await request(t.server).post('/api/auth/password-reset/request').send({ email: user.email.toUpperCase() });
    expect(asked.status).toBe(202);
    const unknown = await request(t.server).post('/api/auth/password-reset/request').send({ email: 'personne@nulle-part.example' });
    expect(unknown.status).toBe(202);
    expect(unknown.body.detail).toBe(asked.body.detail);

    const mail = await t.mail.waitFor((m) => m.to.includes(user.email) && m.subject.includes('Réinitialisation'));
    const token = new URL(linkFrom(mail.text, '/reinitialiser-mot-de-passe')).searchParams.get('jeton')!;
    const reset = await request(t.server).post('/api/auth/password-reset/confirm').send({ token, password: 'nouveau-mot-de-passe-42' });
    expect(reset.status).toBe(200);
    const reused = await request(t.server).post('/api/auth/password-reset/confirm').send({ token, password: 'encore-un-autre-42' });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('auth.invalid_token');

    expect((await before.agent.get('/api/auth/me')).status).toBe(401);
    expect((await request(t.server).post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD })).status).toBe(401);
    await loginAgent(t.server, user.email, 'nouveau-mot-de-passe-42');
  });

  it('logs out: the session cookie no longer works', async () => {
    const user = await createUser(t.dataSource, { role: Role.Admin, organisationId: null });
    const { agent, csrf } = await loginAgent(t.server, user.email);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    expect((await agent.post('/api/auth/logout').set('x-csrf-token', csrf)).status).toBe(204);
    expect((await agent.get('/api/auth/me')).status).toBe(401);
  });

  it('throttles repeated failed logins on an account with 429 and Retry-After', async () => {
    const user = await createUser(t.dataSource, { role: Role.Employer });
    const statuses: number[] = [];
    for (let i = 0; i < t.config.LOGIN_MAX_FAILURES; i++) {
      statuses.push((await request(t.server).post('/api/auth/login').send({ email: user.email, password: 'mauvais-mot-de-passe' })).status);
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    const blocked = await request(t.server).post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('auth.too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('requires the CSRF header on cookie-authenticated API writes', async () => {
    const user = await createUser(t.dataSource, { role: Role.Counsellor });
    const { agent } = await loginAgent(t.server, user.email);
    const res = await agent.post('/api/auth/me/password').send({ currentPassword: TEST_PASSWORD, newPassword: 'un-nouveau-mot-de-passe' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf.invalid');
  });

  it('changes the password of the signed-in user after checking the current one', async () => {
    const user = await createUser(t.dataSource, { role: Role.Counsellor });
    const { agent, csrf } = await loginAgent(t.server, user.email);
    const wrong = await agent.post('/api/auth/me/password').set('x-csrf-token', csrf).send({ currentPassword: 'pas-le-bon', newPassword: 'un-nouveau-mot-de-passe' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: 'Le mot de passe actuel est incorrect.' }]);
    const ok = await agent.post('/api/auth/me/password').set('x-csrf-token', csrf).send({ currentPassword: TEST_PASSWORD, newPassword: 'un-nouveau-mot-de-passe' });
    expect(ok.status).toBe(200);
    await loginAgent(t.server, user.email, 'un-nouveau-mot-de-passe');
  });

  it('sent every queued e-mail exactly once (one SMTP message per outbox row)', async () => {
    const deadline = Date.now() + 10_000;
    let rows: { id: string; status: string | null }[] = [];
    do {
      rows = await t.dataSource.query(
        `SELECT o.id, d.status FROM outbox_messages o LEFT JOIN email_deliveries d ON d.outbox_id = o.id WHERE o.job_name = 'email.send' ORDER BY o.id`,
      );
      if (rows.every((r) => r.status === 'sent')) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const ids = t.mail.messages.map((m) => m.messageId);
    expect(ids).toHaveLength(rows.length);
    expect(new Set(ids).size).toBe(rows.length);
    expect(new Set(ids)).toEqual(new Set(rows.map((r) => `<outbox-${r.id}@127.0.0.1>`)));
  });
});
