import Handlebars from 'handlebars';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { OrganisationRole, Role, User } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

type Signed = { agent: Agent; csrf: string; user: User };

const REASON_LENGTH = 'Le motif doit compter entre 5 et 1000 caractères.';
/** A need the API accepts from an active employer (reference data from the seed). */
const NEED = { romeCode: 'F1606', contractType: 'cdi', positions: 1, communeCode: '86194' };

describe('suspending and reinstating organisations (api + worker + SMTP)', () => {
  let t: TestApp;
  let coordinator: Signed;
  let admin: Signed;

  const signIn = async (values: Partial<User> & { role: Role }): Promise<Signed> => {
    const user = await createUser(t.dataSource, values);
    return { ...(await loginAgent(t.server, user.email)), user };
  };
  const post = (who: Signed, path: string, body?: object) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  /** An employer organisation with its owner and a plain member, both signed in. */
  const employerOrganisation = async (values: Partial<Organisation> = {}) => {
    const organisation = await createOrganisation(t.dataSource, { kind: OrganisationKind.Company, status: OrganisationStatus.Active, ...values });
    const owner = await signIn({ role: Role.Employer, organisationId: organisation.id, displayName: 'Camille Responsable' });
    const member = await signIn({ role: Role.Employer, organisationId: organisation.id, organisationRole: OrganisationRole.Member, displayName: 'Sacha Membre' });
    return { organisation, owner, member };
  };
  const statusOf = async (id: string) =>
    (await t.dataSource.query(`SELECT status, review_reason, reviewed_by, reviewed_at FROM organisations WHERE id = $1`, [id]))[0] as {
      status: string;
      review_reason: string | null;
      reviewed_by: string | null;
      reviewed_at: Date | null;
    };
  /** Decisions on an organisation (its members' reads of profiles are audited under its id too). */
  const auditOf = (id: string) =>
    t.dataSource.query(`SELECT actor_user_id, action, details FROM audit_events WHERE subject_id = $1 AND action LIKE 'organisation.%' ORDER BY id`, [id]);
  /** E-mails queued in the outbox for an organisation, by template (rows are written in the decision's transaction). */
  const queuedEmails = async (id: string, template: string) =>
    (
      await t.dataSource.query(`SELECT payload->>'recipientUserId' AS recipient FROM outbox_messages WHERE job_name = 'email.send' AND payload->>'organisationId' = $1 AND payload->>'template' = $2 ORDER BY id`, [
        id,
        template,
      ])
    ).map((r: { recipient: string }) => r.recipient);
  const needCount = async (organisationId: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM employer_needs WHERE organisation_id = $1`, [organisationId]))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    await seedReferenceData(t.app.get(ImportRunner));
    const partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale });
    coordinator = await signIn({ role: Role.Coordinator, organisationId: partner.id });
    admin = await signIn({ role: Role.Admin });
  });
  afterAll(() => t?.close());

  describe('API', () => {
    it('suspends an active organisation: status, audit without the reason, an e-mail to each member with the reason, and access blocked', async () => {
      const { organisation, owner, member } = await employerOrganisation({ name: 'Transports O’Neil & Cie' });
      await owner.agent.get('/api/profiles').expect(200);
      const reason = '  Trois mises en relation non honorées <sans nouvelles> depuis mars.  ';

      const res = await post(coordinator, `/api/organisations/${organisation.id}/suspend`, { reason });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: organisation.id, status: 'suspended', statusLabel: 'Suspendue', reviewReason: reason.trim() });
      const row = await statusOf(organisation.id);
      expect(row).toMatchObject({ status: 'suspended', review_reason: reason.trim(), reviewed_by: coordinator.user.id });
      expect(row.reviewed_at).toBeInstanceOf(Date);

      // The trail says who suspended and from which status, never the words of the reason.
      const audit = await auditOf(organisation.id);
      expect(audit).toEqual([{ actor_user_id: coordinator.user.id, action: 'organisation.suspended', details: { from: 'active' } }]);
      expect(JSON.stringify(audit)).not.toContain('mises en relation');

      expect((await queuedEmails(organisation.id, 'organisation-suspended')).sort()).toEqual([owner.user.id, member.user.id].sort());
      for (const who of [owner, member]) {
        const mail = await t.mail.waitFor((m) => m.to.includes(who.user.email) && m.subject === 'Transports O’Neil & Cie est suspendue sur Passerelle');
        expect(mail.text).toContain(`Bonjour ${who.user.displayName},`);
        expect(mail.text).toContain(`« ${reason.trim()} »`);
        expect(mail.text).toContain('consulter les profils anonymisés des candidats');
        expect(mail.text).toContain('contactez l’équipe de coordination du programme');
        expect(mail.html).toContain(Handlebars.escapeExpression(reason.trim()));
        expect(mail.html).not.toContain('<sans nouvelles>');
      }

      // Every guard now sees a suspended organisation.
      expect((await owner.agent.get('/api/auth/me')).body.organisation.status).toBe('suspended');
      const profiles = await owner.agent.get('/api/profiles');
      expect(profiles.status).toBe(403);
      expect(profiles.body).toMatchObject({ code: 'employer_profile.organisation_inactive', detail: expect.stringMatching(/suspendue/) });
      const need = await post(member, '/api/employer-needs', NEED);
      expect(need.status).toBe(403);
      expect(need.body).toMatchObject({ code: 'employer_need.organisation_inactive', detail: expect.stringMatching(/suspendue/) });
      expect(await needCount(organisation.id)).toBe(0);

      // Suspending twice is a conflict that changes nothing.
      const again = await post(admin, `/api/organisations/${organisation.id}/suspend`, { reason: 'Deuxième suspension' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'organisation.not_active', detail: 'Seule une organisation active peut être suspendue ; celle-ci est suspendue.' });
      expect((await statusOf(organisation.id)).review_reason).toBe(reason.trim());
      expect(await auditOf(organisation.id)).toHaveLength(1);
    });

    it('reinstates a suspended organisation: active again, audited, members told and able to work again', async () => {
      const { organisation, owner, member } = await employerOrganisation({ name: 'Menuiserie Le Copeau' });
      expect((await post(coordinator, `/api/organisations/${organisation.id}/suspend`, { reason: 'Charte non respectée lors d’un entretien' })).status).toBe(200);
      await owner.agent.get('/api/profiles').expect(403);

      const res = await post(admin, `/api/organisations/${organisation.id}/reinstate`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'active', reviewReason: null });
      expect(await statusOf(organisation.id)).toMatchObject({ status: 'active', review_reason: null, reviewed_by: admin.user.id });
      expect(await auditOf(organisation.id)).toEqual([
        { actor_user_id: coordinator.user.id, action: 'organisation.suspended', details: { from: 'active' } },
        { actor_user_id: admin.user.id, action: 'organisation.reinstated', details: { from: 'suspended' } },
      ]);

      expect((await queuedEmails(organisation.id, 'organisation-reinstated')).sort()).toEqual([owner.user.id, member.user.id].sort());
      for (const who of [owner, member]) {
        const mail = await t.mail.waitFor((m) => m.to.includes(who.user.email) && m.subject === 'Menuiserie Le Copeau est de nouveau active sur Passerelle');
        expect(mail.text).toContain('à nouveau consulter les profils anonymisés');
        expect(mail.text).toMatch(new RegExp(`^${t.url}/connexion$`, 'm'));
      }

      await owner.agent.get('/api/profiles').expect(200);
      expect((await post(member, '/api/employer-needs', NEED)).status).toBe(201);
      expect(await needCount(organisation.id)).toBe(1);

      const again = await post(coordinator, `/api/organisations/${organisation.id}/reinstate`);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'organisation.not_suspended', detail: 'Seule une organisation suspendue peut être rétablie ; celle-ci est active.' });
      expect(await auditOf(organisation.id)).toHaveLength(2);
    });

    it.each([
      [OrganisationStatus.Pending, 'en attente de validation'],
      [OrganisationStatus.Refused, 'refusée'],
    ])('cannot suspend or reinstate a %s organisation (409, nothing changes)', async (status, label) => {
      const { organisation } = await employerOrganisation({ status });
      const suspend = await post(coordinator, `/api/organisations/${organisation.id}/suspend`, { reason: 'Tentative de suspension' });
      expect(suspend.status).toBe(409);
      expect(suspend.body).toMatchObject({ code: 'organisation.not_active', detail: `Seule une organisation active peut être suspendue ; celle-ci est ${label}.` });
      const reinstate = await post(coordinator, `/api/organisations/${organisation.id}/reinstate`);
      expect(reinstate.status).toBe(409);
      expect(reinstate.body.code).toBe('organisation.not_suspended');
      expect(await statusOf(organisation.id)).toMatchObject({ status, review_reason: null, reviewed_by: null });
      expect(await auditOf(organisation.id)).toEqual([]);
      expect(await queuedEmails(organisation.id, 'organisation-suspended')).toEqual([]);
    });

    it.each<[string, object | undefined]>([
      ['no body', undefined],
      ['an empty reason', { reason: '' }],
      ['a reason of blanks', { reason: '      \n   ' }],
      ['a reason of 4 characters', { reason: ' abcd ' }],
      ['a reason of 1001 characters', { reason: 'é'.repeat(1001) }],
      ['a number', { reason: 12345 }],
      ['two reasons', { reason: ['Motif numéro un', 'Motif numéro deux'] }],
    ])('refuses a suspension with %s: 400 naming reason, nothing changes', async (_label, body) => {
      const { organisation } = await employerOrganisation();
      const res = await post(coordinator, `/api/organisations/${organisation.id}/suspend`, body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual({ field: 'reason', message: REASON_LENGTH });
      expect((await statusOf(organisation.id)).status).toBe('active');
      expect(await auditOf(organisation.id)).toEqual([]);
    });

    it('accepts a reason of exactly 1000 characters, and refuses unknown fields on both routes', async () => {
      const { organisation } = await employerOrganisation();
      const unknown = await post(coordinator, `/api/organisations/${organisation.id}/suspend`, { reason: 'Motif valable', status: 'active' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['status']);
      expect((await post(coordinator, `/api/organisations/${organisation.id}/suspend`, { reason: 'é'.repeat(1000) })).status).toBe(200);
      const extra = await post(coordinator, `/api/organisations/${organisation.id}/reinstate`, { status: 'active' });
      expect(extra.status).toBe(400);
      expect(extra.body.errors.map((e: { field: string }) => e.field)).toEqual(['status']);
      expect((await statusOf(organisation.id)).status).toBe('suspended');
    });

    it('refuses a coordinator deciding on their own organisation, and changes nothing', async () => {
      const own = coordinator.user.organisationId as string;
      await t.dataSource.query(`UPDATE organisations SET status = 'active' WHERE id = $1`, [own]);
      const refused = await post(coordinator, `/api/organisations/${own}/suspend`, { reason: 'Essai sur ma propre structure' });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('organisation.own_organisation');
      expect((await statusOf(own)).status).toBe('active');
      expect(await auditOf(own)).toEqual([]);
      // Another staff member may.
      expect((await post(admin, `/api/organisations/${own}/suspend`, { reason: 'Décision de l’administration' })).status).toBe(200);
      expect((await post(admin, `/api/organisations/${own}/reinstate`)).status).toBe(200);
    });

    it('answers 404 for an unknown organisation and 400 for an id that is not one', async () => {
      const missing = await post(coordinator, '/api/organisations/7d3c3c3e-6f2b-4a7e-9a55-0c0f7a0ad001/suspend', { reason: 'Motif valable' });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('organisation.not_found');
      expect((await post(coordinator, '/api/organisations/7d3c3c3e-6f2b-4a7e-9a55-0c0f7a0ad001/reinstate')).status).toBe(404);
      expect((await post(coordinator, '/api/organisations/pas-un-uuid/suspend', { reason: 'Motif valable' })).status).toBe(400);
    });
  });

  describe('review page', () => {
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const page = (id: string) => `/coordination/organisations/${id}`;
    /** Submits a form of the review page as a browser would, with the page's CSRF token. */
    const form = async (id: string, action: string, fields: Record<string, string> = {}) => {
      const shown = await coordinator.agent.get(page(id)).expect(200);
      return coordinator.agent.post(`${page(id)}/${action}`).type('form').send({ _csrf: csrfOf(shown.text), ...fields });
    };

    it('shows the organisation’s profile, charter and members’ roles, and the suspension form when active', async () => {
      const { organisation, owner, member } = await employerOrganisation({
        nafCode: '43.34Z',
        addressLine: '12 rue des Carmes',
        communeCode: '86194',
        basinCode: '7513',
        charterAcceptedAt: new Date('2026-01-15T10:00:00Z'),
      });
      const res = await coordinator.agent.get(page(organisation.id)).expect(200);
      expect(res.text).toContain('<dt>Code NAF</dt><dd>43.34Z</dd>');
      expect(res.text).toContain('<dt>Adresse</dt><dd>12 rue des Carmes</dd>');
      expect(res.text).toMatch(/<dt>Commune<\/dt><dd>POITIERS <span class="code">86194<\/span><\/dd>/i);
      expect(res.text).toMatch(/<a href="\/bassins\/7513">POITIERS<\/a>/i);
      expect(res.text).toContain('Acceptée le 15 janvier 2026');
      expect(res.text).toContain(`${owner.user.email} — responsable`);
      expect(res.text).toContain(`${member.user.email} — membre`);
      expect(res.text).toContain(`action="/coordination/organisations/${organisation.id}/suspendre"`);
      expect(res.text).not.toContain('/retablir"');
      expect(res.text).not.toContain('/valider"');
    });

    it('says what is missing, and offers only approval or refusal to a pending organisation', async () => {
      const { organisation } = await employerOrganisation({ status: OrganisationStatus.Pending });
      const res = await coordinator.agent.get(page(organisation.id)).expect(200);
      expect(res.text).toContain('<dt>Code NAF</dt><dd><span class="muted">Non renseigné</span></dd>');
      expect(res.text).toContain('Pas encore acceptée');
      expect(res.text).toContain('/valider"');
      expect(res.text).toContain('/refuser"');
      expect(res.text).not.toContain('/suspendre"');
      expect(res.text).not.toContain('/retablir"');
    });

    it('suspends from the form with a flash message, then reinstates from the other form', async () => {
      const { organisation, owner } = await employerOrganisation({ name: 'Bâtiment Poitevin' });
      const suspended = await form(organisation.id, 'suspendre', { reason: 'Absences répétées aux entretiens prévus' });
      expect(suspended.status).toBe(303);
      expect(suspended.headers.location).toBe(`${page(organisation.id)}?info=organisation-suspendue`);
      const after = await coordinator.agent.get(suspended.headers.location).expect(200);
      expect(after.text).toContain('L’organisation est suspendue ; ses membres ont été prévenus par e-mail, avec le motif.');
      expect(after.text).toContain('<span class="badge badge-suspended">Suspendue</span>');
      expect(after.text).toContain('<dt>Motif de la suspension</dt><dd>Absences répétées aux entretiens prévus</dd>');
      expect(after.text).toContain('/retablir"');
      expect(after.text).not.toContain('/suspendre"');
      await owner.agent.get('/api/profiles').expect(403);
      const mail = await t.mail.waitFor((m) => m.to.includes(owner.user.email) && m.subject === 'Bâtiment Poitevin est suspendue sur Passerelle');
      expect(mail.text).toContain('« Absences répétées aux entretiens prévus »');

      // A stale suspension form: the page says why nothing happened.
      const stale = await coordinator.agent.post(`${page(organisation.id)}/suspendre`).type('form').send({ _csrf: csrfOf(after.text), reason: 'Une seconde fois' });
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('Seule une organisation active peut être suspendue ; celle-ci est suspendue.');

      const reinstated = await form(organisation.id, 'retablir');
      expect(reinstated.status).toBe(303);
      expect(reinstated.headers.location).toBe(`${page(organisation.id)}?info=organisation-retablie`);
      const back = await coordinator.agent.get(reinstated.headers.location).expect(200);
      expect(back.text).toContain('L’organisation est rétablie ; ses membres ont été prévenus par e-mail.');
      expect(back.text).toContain('<span class="badge badge-active">Active</span>');
      expect(back.text).toContain('/suspendre"');
      await owner.agent.get('/api/profiles').expect(200);
      await t.mail.waitFor((m) => m.to.includes(owner.user.email) && m.subject === 'Bâtiment Poitevin est de nouveau active sur Passerelle');
      expect((await auditOf(organisation.id)).map((r: { action: string }) => r.action)).toEqual(['organisation.suspended', 'organisation.reinstated']);

      const twice = await form(organisation.id, 'retablir');
      expect(twice.status).toBe(409);
      expect(twice.text).toContain('Seule une organisation suspendue peut être rétablie ; celle-ci est active.');
    });

    it.each([
      ['an empty reason', ''],
      ['a reason of blanks', '    \r\n   '],
      ['a reason of 4 characters', 'abcd'],
    ])('re-renders the suspension form with the French error for %s (400), and suspends nothing', async (_label, reason) => {
      const { organisation } = await employerOrganisation();
      const res = await form(organisation.id, 'suspendre', { reason });
      expect(res.status).toBe(400);
      expect(res.text).toContain('<title>Erreur — Suspendre une organisation · Passerelle</title>');
      expect(res.text).toContain(`<p class="error" id="reason-error">${REASON_LENGTH}</p>`);
      expect(res.text).toContain(`action="/coordination/organisations/${organisation.id}/suspendre"`);
      expect((await statusOf(organisation.id)).status).toBe('active');
      expect(await auditOf(organisation.id)).toEqual([]);
    });

    it('shows back what was typed when the reason is too long', async () => {
      const { organisation } = await employerOrganisation();
      const reason = `Motif <trop> long ${'x'.repeat(1000)}`;
      const res = await form(organisation.id, 'suspendre', { reason });
      expect(res.status).toBe(400);
      expect(res.text).toContain(Handlebars.escapeExpression(reason));
      expect(res.text).not.toContain('<trop>');
      expect((await statusOf(organisation.id)).status).toBe('active');
    });
  });
});
