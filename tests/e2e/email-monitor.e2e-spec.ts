import request from 'supertest';
import { JobName, outboxJobId, QueueName } from '../../src/infra/jobs/job-names';
import { JobsService } from '../../src/infra/jobs/jobs.service';
import { OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { Role, User } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

type Signed = { agent: Agent; csrf: string; user: User };

describe('admin e-mail monitor: API and pages (api only, deliveries built in the database)', () => {
  let t: TestApp;
  let admin: Signed;
  let coordinator: Signed;
  let alice: User;
  let bob: User;
  const ids: Record<string, string> = {};

  /** An outbox e-mail and its delivery row in a given state. */
  const delivery = async (name: string, user: User | null, template: string, status: string, extra: { minutesAgo?: number; attempts?: number; lastError?: string; smtpCode?: number } = {}) => {
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO outbox_messages (job_name, payload, dispatched_at) VALUES ('email.send', $1, now()) RETURNING id`,
      [JSON.stringify({ template, recipientUserId: user?.id ?? '00000000-0000-4000-8000-000000000000' })],
    );
    await t.dataSource.query(
      `INSERT INTO email_deliveries (outbox_id, template, recipient_user_id, status, message_id, attempts, last_error, smtp_code, sent_at, updated_at)
       VALUES ($1, $2, $3, $4::varchar, $5, $6, $7, $8, CASE WHEN $4::varchar = 'sent' THEN now() END, now() - $9 * interval '1 minute')`,
      [id, template, user?.id ?? null, status, `<outbox-${id}@test>`, extra.attempts ?? 1, extra.lastError ?? null, extra.smtpCode ?? null, extra.minutesAgo ?? 0],
    );
    ids[name] = id;
    return id as string;
  };
  const signIn = async (user: User): Promise<Signed> => ({ ...(await loginAgent(t.server, user.email)), user });
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const statusOf = async (outboxId: string) => (await t.dataSource.query(`SELECT status FROM email_deliveries WHERE outbox_id = $1`, [outboxId]))[0].status as string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signIn(await createUser(t.dataSource, { role: Role.Admin }));
    const partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale });
    coordinator = await signIn(await createUser(t.dataSource, { role: Role.Coordinator, organisationId: partner.id }));
    alice = await createUser(t.dataSource, { role: Role.Counsellor, email: 'alice_100%@example.org', displayName: 'Alice Martin' });
    bob = await createUser(t.dataSource, { role: Role.Counsellor, email: 'bob@example.org', displayName: 'Bob Durand' });
    await delivery('failedAlice', alice, 'verify-email', 'failed', { attempts: 10, lastError: 'Message failed: 451 Try later', smtpCode: 451, minutesAgo: 3 });
    await delivery('failedBob', bob, 'password-reset', 'failed', { attempts: 2, lastError: 'Connection closed unexpectedly', minutesAgo: 2 });
    await delivery('failedGone', null, 'verify-email', 'failed', { minutesAgo: 1 });
    await delivery('bouncedBob', bob, 'organisation-approved', 'bounced', { lastError: 'Message failed: 550 No such user', smtpCode: 550 });
    await delivery('sentAlice', alice, 'verify-email', 'sent');
    await delivery('stuck', alice, 'password-reset', 'sending', { minutesAgo: 30 });
    await delivery('sending', bob, 'password-reset', 'sending');
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO email_suppressions (email, reason, smtp_code, smtp_response, outbox_id, recipient_user_id) VALUES ($1, 'bad_recipient', 550, '550 No such user', $2, $3) RETURNING id`,
      [bob.email, ids.bouncedBob, bob.id],
    );
    ids.suppression = id;
  });
  afterAll(() => t?.close());

  describe('API', () => {
    it('lists failed deliveries by default, newest change first, with recipients, errors and the counts of each trouble', async () => {
      const res = await admin.agent.get('/api/admin/email-deliveries').expect(200);
      expect(res.body.items.map((d: { outboxId: string }) => d.outboxId)).toEqual([ids.failedGone, ids.failedBob, ids.failedAlice]);
      expect(res.body.items[2]).toMatchObject({
        template: 'verify-email',
        status: 'failed',
        statusLabel: 'En échec',
        attempts: 10,
        smtpCode: 451,
        lastError: 'Message failed: 451 Try later',
        recipient: { userId: alice.id, email: alice.email, displayName: 'Alice Martin' },
        suppressionId: null,
        retryable: true,
      });
      expect(res.body.items[0].recipient).toBeNull();
      // Bob's address is suppressed: his failed e-mail cannot be retried before it is unblocked.
      expect(res.body.items[1]).toMatchObject({ suppressionId: ids.suppression, retryable: false });
      expect(res.body).toMatchObject({ page: 1, total: 3, totalPages: 1, counts: { failed: 3, bounced: 1, suppressed: 0, stuck: 1, queued: 0, sending: 1 }, suppressions: { active: 1, unseen: 1 } });
    });

    it('filters by status (stuck: sending for too long), template and part of the address, and paginates', async () => {
      const stuck = await admin.agent.get('/api/admin/email-deliveries?status=stuck').expect(200);
      expect(stuck.body.items).toEqual([expect.objectContaining({ outboxId: ids.stuck, status: 'stuck', statusLabel: 'Bloqués en cours d’envoi', retryable: true })]);
      const sending = await admin.agent.get('/api/admin/email-deliveries?status=sending').expect(200);
      expect(sending.body.items.map((d: { outboxId: string }) => d.outboxId)).toEqual([ids.sending]);
      const template = await admin.agent.get('/api/admin/email-deliveries?status=failed&template=password-reset').expect(200);
      expect(template.body.items.map((d: { outboxId: string }) => d.outboxId)).toEqual([ids.failedBob]);
      // "%" is a character to find, not a wildcard; the search ignores case.
      const percent = await admin.agent.get(`/api/admin/email-deliveries?status=failed&recipient=${encodeURIComponent('ALICE_100%')}`).expect(200);
      expect(percent.body.items.map((d: { outboxId: string }) => d.outboxId)).toEqual([ids.failedAlice]);
      const wildcard = await admin.agent.get(`/api/admin/email-deliveries?status=failed&recipient=${encodeURIComponent('b%b')}`).expect(200);
      expect(wildcard.body.total).toBe(0);
      const page = await admin.agent.get('/api/admin/email-deliveries?status=failed&pageSize=2&page=2').expect(200);
      expect(page.body).toMatchObject({ page: 2, pageSize: 2, total: 3, totalPages: 2 });
      expect(page.body.items.map((d: { outboxId: string }) => d.outboxId)).toEqual([ids.failedAlice]);
    });

    it('answers bad filters and ids with a problem naming the field', async () => {
      for (const [path, field] of [
        ['/api/admin/email-deliveries?status=lost', 'status'],
        ['/api/admin/email-deliveries?template=newsletter', 'template'],
        ['/api/admin/email-deliveries?pageSize=500', 'pageSize'],
        ['/api/admin/email-deliveries?unknown=1', 'unknown'],
      ]) {
        const res = await admin.agent.get(path).expect(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const badId = await post(admin, '/api/admin/email-deliveries/12ab/retry').expect(400);
      expect(badId.body.errors).toEqual([{ field: 'outboxId', message: 'Numéro d’envoi invalide (un entier positif).' }]);
      const badBody = await post(admin, `/api/admin/email-deliveries/${ids.failedAlice}/retry`, { force: true }).expect(400);
      expect(badBody.body.errors.map((e: { field: string }) => e.field)).toEqual(['force']);
      const badSuppression = await admin.agent.delete('/api/admin/email-suppressions/-1').set('x-csrf-token', admin.csrf).expect(400);
      expect(badSuppression.body.errors[0].field).toBe('id');
    });

    it('refuses to retry what is unknown, sent, or being sent', async () => {
      expect((await post(admin, '/api/admin/email-deliveries/987654321/retry').expect(404)).body.code).toBe('email_delivery.not_found');
      expect((await post(admin, `/api/admin/email-deliveries/${ids.sentAlice}/retry`).expect(409)).body.code).toBe('email_delivery.already_sent');
      expect((await post(admin, `/api/admin/email-deliveries/${ids.sending}/retry`).expect(409)).body.code).toBe('email_delivery.in_progress');
      expect(await statusOf(ids.sentAlice)).toBe('sent');
    });

    it('retries a failed delivery under the same outbox id: the old job removed, the row queued again for the relay, audited', async () => {
      const jobs = t.app.get(JobsService);
      await jobs.enqueue(JobName.SendEmail, { outboxId: ids.failedAlice }, outboxJobId(ids.failedAlice));
      expect(await jobs.queue(QueueName.Email).getJob(outboxJobId(ids.failedAlice))).toBeDefined();

      const res = await post(admin, `/api/admin/email-deliveries/${ids.failedAlice}/retry`).expect(200);
      expect(res.body).toEqual({ outboxId: ids.failedAlice, status: 'queued', previousStatus: 'failed', detail: 'L’e-mail est de nouveau en file d’envoi.' });
      expect(await jobs.queue(QueueName.Email).getJob(outboxJobId(ids.failedAlice))).toBeUndefined();
      const [outbox] = await t.dataSource.query(`SELECT dispatched_at FROM outbox_messages WHERE id = $1`, [ids.failedAlice]);
      expect(outbox.dispatched_at).toBeNull();
      expect(await statusOf(ids.failedAlice)).toBe('queued');
      const audit = await t.dataSource.query(`SELECT actor_user_id, details FROM audit_events WHERE action = 'email_delivery.retried' AND subject_id = $1`, [ids.failedAlice]);
      expect(audit).toEqual([{ actor_user_id: admin.user.id, details: { from: 'failed', template: 'verify-email' } }]);

      // A stuck send can be retried too (its worker is gone).
      expect((await post(admin, `/api/admin/email-deliveries/${ids.stuck}/retry`).expect(200)).body.previousStatus).toBe('sending');
    });

    it('lists suppressions and lifts one once, audited', async () => {
      const list = await admin.agent.get('/api/admin/email-suppressions').expect(200);
      expect(list.body).toMatchObject({ total: 1, items: [{ id: ids.suppression, email: bob.email, reason: 'bad_recipient', smtpCode: 550, outboxId: ids.bouncedBob, recipientName: 'Bob Durand', seen: false }] });
      expect(list.body.items[0].reasonLabel).toMatch(/refusée définitivement/);
      await admin.agent.delete('/api/admin/email-suppressions/987654321').set('x-csrf-token', admin.csrf).expect(404);
      await admin.agent.delete(`/api/admin/email-suppressions/${ids.suppression}`).set('x-csrf-token', admin.csrf).expect(204);
      const again = await admin.agent.delete(`/api/admin/email-suppressions/${ids.suppression}`).set('x-csrf-token', admin.csrf).expect(409);
      expect(again.body.code).toBe('email_suppression.already_lifted');
      expect((await admin.agent.get('/api/admin/email-suppressions').expect(200)).body.total).toBe(0);
      const audit = await t.dataSource.query(`SELECT actor_user_id, subject_type FROM audit_events WHERE action = 'email_suppression.lifted' AND subject_id = $1`, [ids.suppression]);
      expect(audit).toEqual([{ actor_user_id: admin.user.id, subject_type: 'email_suppression' }]);
      // Bob's bounced e-mail can now be retried.
      expect((await post(admin, `/api/admin/email-deliveries/${ids.bouncedBob}/retry`).expect(200)).body.previousStatus).toBe('bounced');
    });

    it('is described in the OpenAPI document, with the filters and the account preference route', async () => {
      const res = await request(t.server).get('/api/docs/openapi.json').expect(200);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/admin/email-deliveries',
          '/api/admin/email-deliveries/{outboxId}/retry',
          '/api/admin/email-suppressions',
          '/api/admin/email-suppressions/{id}',
          '/api/auth/me/email-preferences',
        ]),
      );
      const filters = res.body.paths['/api/admin/email-deliveries'].get.parameters.map((p: { name: string }) => p.name);
      expect(filters).toEqual(expect.arrayContaining(['status', 'template', 'recipient', 'page', 'pageSize']));
      expect(Object.keys(res.body.paths['/api/auth/me/email-preferences'])).toEqual(expect.arrayContaining(['get', 'put']));
    });

    it('is for admins only', async () => {
      await request(t.server).get('/api/admin/email-deliveries').expect(401);
      await coordinator.agent.get('/api/admin/email-deliveries').expect(403);
      await coordinator.agent.get('/api/admin/email-suppressions').expect(403);
      await post(coordinator, `/api/admin/email-deliveries/${ids.failedBob}/retry`).expect(403);
      await coordinator.agent.delete(`/api/admin/email-suppressions/${ids.suppression}`).set('x-csrf-token', coordinator.csrf).expect(403);
    });
  });

  describe('pages', () => {
    it('shows the deliveries of a status with tabs and counts, filters, and a retry button where a retry is possible', async () => {
      const page = await admin.agent.get('/admin/e-mails?statut=failed').expect(200);
      expect(page.text).toContain('<h1>E-mails</h1>');
      expect(page.text).toMatch(/aria-current="page"[^>]*>En échec \(\d+\)</);
      expect(page.text).toContain(`data-outbox-id="${ids.failedBob}"`);
      expect(page.text).toContain('Connection closed unexpectedly');
      expect(page.text).toContain(`action="/admin/e-mails/${ids.failedBob}/relancer"`);
      const filtered = await admin.agent.get('/admin/e-mails?statut=sent&modele=verify-email&destinataire=alice').expect(200);
      expect(filtered.text).toContain(`data-outbox-id="${ids.sentAlice}"`);
      expect(filtered.text).not.toContain(`action="/admin/e-mails/${ids.sentAlice}/relancer"`);
      expect(filtered.text).toContain('<option value="verify-email" selected>');
      const bad = await admin.agent.get('/admin/e-mails?statut=perdu').expect(400);
      expect(bad.text).toContain('Statut inconnu');
    });

    it('retries from the list and comes back to it with a confirmation, or with the reason of a refusal', async () => {
      const back = `/admin/e-mails?statut=failed&modele=password-reset`;
      const done = await admin.agent.post(`/admin/e-mails/${ids.failedBob}/relancer`).type('form').send({ _csrf: admin.csrf, retour: back }).expect(303);
      expect(done.headers.location).toBe(`${back}&info=email-relance`);
      expect(await statusOf(ids.failedBob)).toBe('queued');
      const shown = await admin.agent.get(done.headers.location).expect(200);
      expect(shown.text).toContain('L’e-mail est de nouveau en file d’envoi');

      const refused = await admin.agent.post(`/admin/e-mails/${ids.sentAlice}/relancer`).type('form').send({ _csrf: admin.csrf }).expect(303);
      expect(refused.headers.location).toBe('/admin/e-mails?erreur=email_delivery.already_sent');
      expect((await admin.agent.get(refused.headers.location).expect(200)).text).toContain('Cet e-mail a déjà été envoyé');
      await admin.agent.post(`/admin/e-mails/${ids.failedGone}/relancer`).type('form').send({ retour: back }).expect(403);
    });

    it('lists blocked addresses, marks them seen, and unblocks one', async () => {
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO email_suppressions (email, reason, smtp_code, smtp_response, recipient_user_id) VALUES ($1, 'bad_recipient', 551, '551 User not local', $2) RETURNING id`,
        [alice.email, alice.id],
      );
      const first = await admin.agent.get('/admin/e-mails/adresses-bloquees').expect(200);
      expect(first.text).toContain(alice.email);
      expect(first.text).toContain('>nouvelle</span>');
      expect(first.text).toContain('551 User not local');
      const second = await admin.agent.get('/admin/e-mails/adresses-bloquees').expect(200);
      expect(second.text).not.toContain('>nouvelle</span>');
      expect((await admin.agent.get('/api/admin/email-deliveries').expect(200)).body.suppressions).toEqual({ active: 1, unseen: 0 });

      const lifted = await admin.agent.post(`/admin/e-mails/adresses-bloquees/${id}/debloquer`).type('form').send({ _csrf: admin.csrf }).expect(303);
      expect(lifted.headers.location).toBe('/admin/e-mails/adresses-bloquees?info=adresse-debloquee');
      expect((await admin.agent.get(lifted.headers.location).expect(200)).text).toContain('Aucune adresse bloquée.');
    });

    it('is for admins only', async () => {
      const anonymous = await request(t.server).get('/admin/e-mails').expect(303);
      expect(anonymous.headers.location).toBe('/connexion?suite=%2Fadmin%2Fe-mails');
      await coordinator.agent.get('/admin/e-mails').expect(403);
      await coordinator.agent.get('/admin/e-mails/adresses-bloquees').expect(403);
    });
  });
});
