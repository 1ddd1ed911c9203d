import request from 'supertest';
import { fingerprintOf, SignedTokens } from '../../src/common/security/signed-token';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { OrganisationRole, Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser, TEST_PASSWORD } from '../support/factories';
import { Agent, linkFrom, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const MINE = '/api/organisations/mine';
const INVITE = `${MINE}/invitations`;
const NEW_PASSWORD = 'un-mot-de-passe-choisi-42';

interface Signed {
  agent: Agent;
  csrf: string;
  id: string;
  email: string;
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const fieldsOf = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))];
/** A unique address per call, so tests do not meet each other's accounts. */
const address = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}@equipe.example`;

describe('organisation members: invitations, roles and removal (api + worker + SMTP)', () => {
  let t: TestApp;

  const signIn = async (role: Role, organisation: Organisation | null, organisationRole?: OrganisationRole, displayName = 'Utilisateur Test'): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, displayName, organisationId: organisation?.id ?? null, ...(organisationRole ? { organisationRole } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, email: user.email };
  };
  /** A company with its owner and a plain member, signed in; each test that changes the team gets its own. */
  const team = async (kind = OrganisationKind.Company, ownerRole = Role.Employer) => {
    const organisation = await createOrganisation(t.dataSource, { kind, status: OrganisationStatus.Active });
    const owner = await signIn(ownerRole, organisation, OrganisationRole.Owner, 'Dominique Responsable');
    const member = await signIn(ownerRole === Role.Employer ? Role.Employer : Role.Counsellor, organisation, OrganisationRole.Member, 'Sacha Membre');
    return { organisation, owner, member };
  };
  const invite = (who: Signed, body: object) => who.agent.post(INVITE).set('x-csrf-token', who.csrf).send(body);
  const patchMember = (who: Signed, userId: string, body: object) => who.agent.patch(`${MINE}/members/${userId}`).set('x-csrf-token', who.csrf).send(body);
  const removeMember = (who: Signed, userId: string) => who.agent.delete(`${MINE}/members/${userId}`).set('x-csrf-token', who.csrf);
  const userRow = async (id: string) => (await t.dataSource.query(`SELECT * FROM users WHERE id = $1`, [id]))[0];
  const usersSnapshot = () => t.dataSource.query(`SELECT id, email, role, organisation_id, organisation_role, password_hash FROM users ORDER BY id`);
  const auditOf = (organisationId: string) =>
    t.dataSource.query(`SELECT actor_user_id AS actor, action, subject_type AS "subjectType", details FROM audit_events WHERE subject_id = $1 ORDER BY id`, [organisationId]);
  const invitationMail = (email: string) => t.mail.waitFor((m) => m.to.includes(email) && m.subject.includes('vous invite à rejoindre'));
  /** The invitation link's path and query, as the browser would request it from the e-mail. */
  const invitationPath = async (email: string) => {
    const url = new URL(linkFrom((await invitationMail(email)).text, '/invitation'));
    return url.pathname + url.search;
  };
  /** A browser on a page, with its CSRF token and, for an invitation link, the link's token. */
  const openPage = async (path: string) => {
    const browser = request.agent(t.server);
    const page = await browser.get(path);
    return { browser, page, csrf: csrfOf(page.text), token: new URL(path, 'http://x').searchParams.get('jeton') ?? '' };
  };

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
  });
  afterAll(() => t.close());

  describe('invitations', () => {
    it('e-mails a link to choose a password; following it signs the new member in to their organisation, once', async () => {
      const { organisation, owner } = await team();
      const email = address('alex.bernard');
      const res = await invite(owner, { email: `  ${email.toUpperCase()} `, displayName: ' Alex   Bernard ', organisationRole: 'member' }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        displayName: 'Alex Bernard',
        role: 'member',
        roleLabel: 'Membre',
        email,
        awaitingActivation: true,
        accountRole: 'employer',
        accountRoleLabel: 'Employeur',
      });
      const invitedId: string = res.body.id;
      expect(await userRow(invitedId)).toMatchObject({ email, role: 'employer', organisation_id: organisation.id, organisation_role: 'member', email_verified_at: null });
      expect(await auditOf(organisation.id)).toEqual([
        { actor: owner.id, action: 'organisation.member_invited', subjectType: 'organisation', details: { memberUserId: invitedId, organisationRole: 'member', role: 'employer' } },
      ]);
      // The owner sees the pending invitation among the members.
      const members = (await owner.agent.get(`${MINE}/members`).expect(200)).body;
      expect(members).toContainEqual(expect.objectContaining({ id: invitedId, awaitingActivation: true }));

      // No password works before the invitation is accepted.
      expect((await request(t.server).post('/api/auth/login').send({ email, password: TEST_PASSWORD })).status).toBe(401);

      const mail = await invitationMail(email);
      expect(mail.subject).toBe(`Dominique Responsable vous invite à rejoindre ${organisation.name} sur Passerelle`);
      expect(mail.text).toContain('Bonjour Alex Bernard,');
      expect(mail.text).toContain('valable 7 jours');
      const path = await invitationPath(email);
      expect(path).toMatch(/^\/invitation\?jeton=[\w-]+\.[\w-]+$/);

      const { browser, page, csrf, token } = await openPage(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`Rejoindre ${organisation.name}`);
      expect(page.text).toContain(email);

      // A password too short is an inline error; the link still works afterwards.
      const short = await browser.post('/invitation').type('form').send({ _csrf: csrf, token, password: 'court' });
      expect(short.status).toBe(400);
      expect(short.text).toContain('Le mot de passe doit compter entre 12 et 128 caractères.');
      expect(short.text).toContain(`value="${token}"`);

      const accepted = await browser.post('/invitation').type('form').send({ _csrf: csrf, token, password: NEW_PASSWORD });
      expect(accepted.status).toBe(303);
      expect(accepted.headers.location).toBe('/organisation?info=invitation-acceptee');
      const welcome = await browser.get(accepted.headers.location).expect(200);
      expect(welcome.text).toContain('Votre mot de passe est enregistré');
      expect(welcome.text).toContain(organisation.name);
      expect((await browser.get(MINE).expect(200)).body).toMatchObject({ id: organisation.id, myRole: 'member' });
      expect((await userRow(invitedId)).email_verified_at).not.toBeNull();
      expect((await auditOf(organisation.id)).map((e: { action: string }) => e.action)).toEqual(['organisation.member_invited', 'organisation.invitation_accepted']);
      const activated = (await owner.agent.get(`${MINE}/members`).expect(200)).body.find((m: { id: string }) => m.id === invitedId);
      expect(activated).toEqual({ id: invitedId, displayName: 'Alex Bernard', role: 'member', roleLabel: 'Membre', email });

      // The link is single-use: the page and the form both refuse it now, and the password stays.
      const reopened = await request(t.server).get(path);
      expect(reopened.status).toBe(400);
      expect(reopened.text).toContain('Ce lien d’invitation est invalide, a expiré ou a déjà servi.');
      const reused = await browser.post('/invitation').type('form').send({ _csrf: csrf, token, password: 'un-autre-mot-de-passe-42' });
      expect(reused.status).toBe(400);
      expect(reused.text).toContain('Invitation invalide');
      expect((await request(t.server).post('/api/auth/login').send({ email, password: 'un-autre-mot-de-passe-42' })).status).toBe(401);

      // The new member signs in like anyone else and sees their organisation.
      const later = await loginAgent(t.server, email, NEW_PASSWORD);
      expect((await later.agent.get('/api/auth/me').expect(200)).body).toMatchObject({ email, role: 'employer', organisation: { id: organisation.id } });
    });

    it('refuses an expired link, a link of another purpose and a forged one with the French error page', async () => {
      const { owner } = await team();
      const email = address('expire');
      const invited = (await invite(owner, { email, displayName: 'Lien Expiré', organisationRole: 'member' }).expect(201)).body;
      const { password_hash: hash } = await userRow(invited.id);
      const tokens = new SignedTokens(t.config.APP_SECRET);
      const now = Math.floor(Date.now() / 1000);
      const expired = tokens.sign({ purpose: 'invitation', userId: invited.id, expiresAt: now - 1, fingerprint: fingerprintOf(hash) });
      const reset = tokens.sign({ purpose: 'password-reset', userId: invited.id, expiresAt: now + 3600, fingerprint: fingerprintOf(hash) });
      const forged = new SignedTokens('un-autre-secret').sign({ purpose: 'invitation', userId: invited.id, expiresAt: now + 3600, fingerprint: fingerprintOf(hash) });
      for (const token of [expired, reset, forged, '']) {
        const page = await request(t.server).get(`/invitation?jeton=${encodeURIComponent(token)}`);
        expect(page.status).toBe(400);
        expect(page.text).toContain('Ce lien d’invitation est invalide, a expiré ou a déjà servi.');
        expect(page.text).toContain('href="/mot-de-passe-oublie"');
      }
      // The error page has no form: take the browser's CSRF token from the login page.
      const { browser, csrf } = await openPage('/connexion');
      const posted = await browser.post('/invitation').type('form').send({ _csrf: csrf, token: expired, password: NEW_PASSWORD });
      expect(posted.status).toBe(400);
      expect(posted.text).toContain('Invitation invalide');
      expect((await userRow(invited.id)).password_hash).toBe(hash);
    });

    it('accepts one of two submissions racing with the same link', async () => {
      const { owner } = await team();
      const email = address('course');
      await invite(owner, { email, displayName: 'Deux Onglets', organisationRole: 'member' }).expect(201);
      const { browser, csrf, token } = await openPage(await invitationPath(email));
      const submit = (password: string) => browser.post('/invitation').type('form').send({ _csrf: csrf, token, password });
      const results = await Promise.all([submit('premier-mot-de-passe-42'), submit('second-mot-de-passe-42')]);
      expect(results.map((r) => r.status).sort()).toEqual([303, 400]);
      const winner = results[0].status === 303 ? 'premier-mot-de-passe-42' : 'second-mot-de-passe-42';
      const loser = winner.startsWith('premier') ? 'second-mot-de-passe-42' : 'premier-mot-de-passe-42';
      await loginAgent(t.server, email, winner);
      expect((await request(t.server).post('/api/auth/login').send({ email, password: loser })).status).toBe(401);
    });

    it('gives partner colleagues the counsellor role by default, and the coordinator role only when a coordinator asks', async () => {
      const { owner: counsellorOwner } = await team(OrganisationKind.Spip, Role.Counsellor);
      const asCounsellor = await invite(counsellorOwner, { email: address('cpip'), displayName: 'Conseillère SPIP', organisationRole: 'member' }).expect(201);
      expect(asCounsellor.body).toMatchObject({ accountRole: 'counsellor', accountRoleLabel: 'Conseiller' });
      expect((await userRow(asCounsellor.body.id)).role).toBe('counsellor');

      const before = await usersSnapshot();
      const escalation = await invite(counsellorOwner, { email: address('coord'), displayName: 'Coordination', organisationRole: 'member', role: 'coordinator' }).expect(403);
      expect(escalation.body).toMatchObject({ code: 'organisation.coordinator_invite_forbidden', detail: 'Seul un coordinateur peut inviter un coordinateur.' });
      expect(await usersSnapshot()).toEqual(before);

      const { owner: coordinatorOwner } = await team(OrganisationKind.MissionLocale, Role.Coordinator);
      const asCoordinator = await invite(coordinatorOwner, { email: address('ml'), displayName: 'Cheffe de projet', organisationRole: 'owner', role: 'coordinator' }).expect(201);
      expect(asCoordinator.body).toMatchObject({ role: 'owner', accountRole: 'coordinator' });
      expect(await userRow(asCoordinator.body.id)).toMatchObject({ role: 'coordinator', organisation_role: 'owner' });
    });

    it('validates the body: e-mail, name, roles; a role is for partner organisations only', async () => {
      const { owner } = await team();
      const before = await usersSnapshot();
      const cases: [object, string[]][] = [
        [{ email: 'pas-une-adresse', displayName: 'A', organisationRole: 'chef' }, ['email', 'displayName', 'organisationRole']],
        [{ email: address('x'), displayName: 'Camille', organisationRole: 'member', role: 'admin' }, ['role']],
        [{ email: address('x'), displayName: 'Camille', organisationRole: 'member', role: 'employer' }, ['role']],
        [{ email: address('x'), displayName: 'Camille', organisationRole: 'member', role: 'counsellor' }, ['role']],
        [{ email: address('x'), displayName: 'Camille', organisationRole: 'member', organisationId: '3f0c1f8e-6b1a-4c55-9d7e-2a9b8f0e1d23' }, ['organisationId']],
      ];
      for (const [body, fields] of cases) {
        const res = await invite(owner, body).expect(400);
        expect(fieldsOf(res.body)).toEqual(fields);
      }
      const employerRole = await invite(owner, { email: address('x'), displayName: 'Camille', organisationRole: 'member', role: 'coordinator' }).expect(400);
      expect(employerRole.body.errors).toEqual([{ field: 'role', message: expect.stringMatching(/ne se choisit que dans une organisation partenaire/) }]);
      expect(await usersSnapshot()).toEqual(before);
    });

    it('answers 409 naming `email` for an address that already has an account, anywhere; nothing is created', async () => {
      const { owner } = await team();
      const elsewhere = await createUser(t.dataSource, { role: Role.Counsellor });
      const before = await usersSnapshot();
      const res = await invite(owner, { email: elsewhere.email.toUpperCase(), displayName: 'Déjà Inscrit', organisationRole: 'member' }).expect(409);
      expect(res.body).toMatchObject({ code: 'user.email_taken', errors: [{ field: 'email', message: 'Un compte existe déjà avec cette adresse e-mail.' }] });
      expect(await usersSnapshot()).toEqual(before);
    });

    it('is refused to plain members (403), admins (404), visitors (401) and suspended organisations (409); nothing is created', async () => {
      const { member } = await team();
      const admin = await signIn(Role.Admin, null);
      const suspended = await createOrganisation(t.dataSource, { kind: OrganisationKind.Company, status: OrganisationStatus.Suspended });
      const suspendedOwner = await signIn(Role.Employer, suspended, OrganisationRole.Owner);
      const body = { email: address('refus'), displayName: 'Jamais Créé', organisationRole: 'member' };
      const before = await usersSnapshot();
      const asMember = await invite(member, body).expect(403);
      expect(asMember.body).toMatchObject({ code: 'organisation.owner_only', detail: expect.stringMatching(/Seul le responsable de l’organisation peut inviter/) });
      expect((await invite(admin, body)).status).toBe(404);
      expect((await request(t.server).post(INVITE).send(body)).status).toBe(401);
      const closed = await invite(suspendedOwner, body).expect(409);
      expect(closed.body).toMatchObject({ code: 'organisation.invitations_closed', detail: expect.stringMatching(/suspendue/) });
      expect(await usersSnapshot()).toEqual(before);
    });
  });

  describe('PATCH /api/organisations/mine/members/:userId', () => {
    it('promotes and demotes members; the last owner cannot step down, and a demoted owner loses owner rights at once', async () => {
      const { organisation, owner, member } = await team();
      const promoted = await patchMember(owner, member.id, { organisationRole: 'owner' }).expect(200);
      expect(promoted.body).toEqual({ id: member.id, displayName: 'Sacha Membre', role: 'owner', roleLabel: 'Responsable', email: member.email });
      // The first owner steps down: there is another owner now.
      expect((await patchMember(owner, owner.id, { organisationRole: 'member' }).expect(200)).body.role).toBe('member');
      expect((await owner.agent.get(MINE).expect(200)).body.myRole).toBe('member');
      expect((await patchMember(owner, member.id, { organisationRole: 'member' }).expect(403)).body.code).toBe('organisation.owner_only');

      // The remaining owner is the last one.
      const last = await patchMember(member, member.id, { organisationRole: 'member' }).expect(409);
      expect(last.body).toMatchObject({ code: 'organisation.last_owner', detail: 'L’organisation doit garder au moins un responsable : nommez d’abord un autre membre responsable.' });
      expect((await userRow(member.id)).organisation_role).toBe('owner');
      // Setting the role a member already has changes nothing and records nothing.
      await patchMember(member, member.id, { organisationRole: 'owner' }).expect(200);
      expect((await auditOf(organisation.id)).map((e: { details: object }) => e.details)).toEqual([
        { memberUserId: member.id, from: 'member', to: 'owner' },
        { memberUserId: owner.id, from: 'owner', to: 'member' },
      ]);
      expect((await auditOf(organisation.id)).map((e: { action: string }) => e.action)).toEqual(['organisation.member_role_changed', 'organisation.member_role_changed']);
    });

    it('answers 404 for a member of another organisation or an unknown id, 400 for a bad id or role, 401 for visitors', async () => {
      const { owner } = await team();
      const { member: stranger } = await team();
      const before = await usersSnapshot();
      expect((await patchMember(owner, stranger.id, { organisationRole: 'owner' }).expect(404)).body.code).toBe('organisation.member_not_found');
      expect((await patchMember(owner, '3f0c1f8e-6b1a-4c55-9d7e-2a9b8f0e1d23', { organisationRole: 'owner' })).status).toBe(404);
      expect(fieldsOf((await patchMember(owner, 'pas-un-id', { organisationRole: 'owner' }).expect(400)).body)).toEqual(['userId']);
      expect(fieldsOf((await patchMember(owner, owner.id, { organisationRole: 'patron' }).expect(400)).body)).toEqual(['organisationRole']);
      expect(fieldsOf((await patchMember(owner, owner.id, { organisationRole: 'member', role: 'admin' }).expect(400)).body)).toEqual(['role']);
      expect((await request(t.server).patch(`${MINE}/members/${stranger.id}`).send({ organisationRole: 'owner' })).status).toBe(401);
      expect(await usersSnapshot()).toEqual(before);
    });
  });

  describe('DELETE /api/organisations/mine/members/:userId', () => {
    it('deletes the member’s account and ends their session at once; the address can be invited again', async () => {
      const { organisation, owner, member } = await team();
      expect((await member.agent.get('/api/auth/me')).status).toBe(200);
      const second = await loginAgent(t.server, member.email);
      await removeMember(owner, member.id).expect(204);
      expect((await member.agent.get('/api/auth/me')).status).toBe(401);
      expect((await second.agent.get(MINE)).status).toBe(401);
      expect(await userRow(member.id)).toBeUndefined();
      expect((await request(t.server).post('/api/auth/login').send({ email: member.email, password: TEST_PASSWORD })).status).toBe(401);
      expect(await auditOf(organisation.id)).toEqual([
        {
          actor: owner.id,
          action: 'organisation.member_removed',
          subjectType: 'organisation',
          details: { memberUserId: member.id, organisationRole: 'member', role: 'employer', activated: true },
        },
      ]);
      expect((await removeMember(owner, member.id).expect(404)).body.code).toBe('organisation.member_not_found');
      const again = await invite(owner, { email: member.email, displayName: 'Sacha de Retour', organisationRole: 'member' }).expect(201);
      expect(again.body.id).not.toBe(member.id);
    });

    it('kills the invitation link of a member removed before accepting it', async () => {
      const { owner } = await team();
      const email = address('retire-avant');
      const invited = (await invite(owner, { email, displayName: 'Jamais Venu', organisationRole: 'member' }).expect(201)).body;
      const path = await invitationPath(email);
      await removeMember(owner, invited.id).expect(204);
      const page = await request(t.server).get(path);
      expect(page.status).toBe(400);
      expect(page.text).toContain('Ce lien d’invitation est invalide');
    });

    it('keeps the last owner: they cannot remove themselves; with another owner they can, and their session ends', async () => {
      const { owner, member } = await team();
      const last = await removeMember(owner, owner.id).expect(409);
      expect(last.body.code).toBe('organisation.last_owner');
      await patchMember(owner, member.id, { organisationRole: 'owner' }).expect(200);
      await removeMember(owner, owner.id).expect(204);
      expect((await owner.agent.get('/api/auth/me')).status).toBe(401);
      expect((await member.agent.get(`${MINE}/members`).expect(200)).body.map((m: { id: string }) => m.id)).toEqual([member.id]);
    });

    it('is refused to plain members (403) and for other organisations’ members (404); nothing changes', async () => {
      const { owner, member } = await team();
      const { member: stranger } = await team();
      const before = await usersSnapshot();
      expect((await removeMember(member, owner.id).expect(403)).body.code).toBe('organisation.owner_only');
      expect((await removeMember(owner, stranger.id).expect(404)).body.code).toBe('organisation.member_not_found');
      expect((await request(t.server).delete(`${MINE}/members/${member.id}`)).status).toBe(401);
      expect(await usersSnapshot()).toEqual(before);
    });
  });

  describe('page /organisation', () => {
    const form = async (who: Signed, action: string, fields: Record<string, string>) => {
      const page = await who.agent.get('/organisation').expect(200);
      return who.agent.post(action).type('form').send({ _csrf: csrfOf(page.text), ...fields });
    };

    it('shows owners the members with their roles, a role and a removal form per member, and the invitation form', async () => {
      const { owner, member } = await team();
      const res = await owner.agent.get('/organisation').expect(200);
      expect(res.text).toContain('id="form-invitation"');
      expect(res.text).toContain(`action="/organisation/membres/${member.id}/role"`);
      expect(res.text).toContain(`action="/organisation/membres/${member.id}/retirer"`);
      expect(res.text).toMatch(new RegExp(`<tr id="membre-${member.id}">[\\s\\S]*?Sacha Membre[\\s\\S]*?<td>Membre</td>`));
      expect(res.text).toContain('Changer le rôle');
      expect(res.text).toContain('Retirer');
      // An employer organisation gives no choice of function.
      expect(res.text).not.toContain('name="role"');

      const asMember = await member.agent.get('/organisation').expect(200);
      expect(asMember.text).toContain('Dominique Responsable — Responsable');
      expect(asMember.text).not.toContain('id="form-invitation"');
      expect(asMember.text).not.toContain('/organisation/membres/');
    });

    it('offers the coordinator function only to a coordinator owner of a partner organisation', async () => {
      const { owner: coordinator } = await team(OrganisationKind.MissionLocale, Role.Coordinator);
      const page = await coordinator.agent.get('/organisation').expect(200);
      expect(page.text).toContain('name="role"');
      expect(page.text).toContain('<option value="coordinator"');
      const { owner: counsellor } = await team(OrganisationKind.Prison, Role.Counsellor);
      expect((await counsellor.agent.get('/organisation').expect(200)).text).not.toContain('value="coordinator"');
    });

    it('invites from the form (303 and a flash), and shows errors inline with the typed values (400, 409)', async () => {
      const { organisation, owner, member } = await team();
      const bad = await form(owner, '/organisation/membres', { email: 'pas-une-adresse', displayName: 'Lou Nouvelle', organisationRole: 'member' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('<p class="error" id="email-error">Adresse e-mail invalide.</p>');
      expect(bad.text).toContain('value="Lou Nouvelle"');

      const taken = await form(owner, '/organisation/membres', { email: member.email, displayName: 'Lou Nouvelle', organisationRole: 'member' });
      expect(taken.status).toBe(409);
      expect(taken.text).toContain('<p class="error" id="email-error">Un compte existe déjà avec cette adresse e-mail.</p>');

      const email = address('lou');
      const ok = await form(owner, '/organisation/membres', { email, displayName: 'Lou Nouvelle', organisationRole: 'owner' });
      expect(ok.status).toBe(303);
      expect(ok.headers.location).toBe('/organisation?info=invitation-envoyee');
      const after = await owner.agent.get(ok.headers.location).expect(200);
      expect(after.text).toContain('L’invitation est envoyée');
      expect(after.text).toMatch(/Lou Nouvelle <span class="badge badge-pending">Invitation en attente<\/span>/);
      expect((await t.dataSource.query(`SELECT organisation_id, organisation_role FROM users WHERE email = $1`, [email]))[0]).toEqual({
        organisation_id: organisation.id,
        organisation_role: 'owner',
      });
      expect((await invitationMail(email)).text).toContain(organisation.name);
    });

    it('changes a role and removes a member from the forms (303 and a flash); the last owner’s refusal shows next to them', async () => {
      const { organisation, owner, member } = await team();
      const last = await form(owner, `/organisation/membres/${owner.id}/role`, { organisationRole: 'member' });
      expect(last.status).toBe(409);
      expect(last.text).toContain(`<p class="error" id="membre-${owner.id}-erreur">L’organisation doit garder au moins un responsable`);
      const badRole = await form(owner, `/organisation/membres/${member.id}/role`, { organisationRole: 'patron' });
      expect(badRole.status).toBe(400);
      expect(badRole.text).toContain(`<p class="error" id="membre-${member.id}-erreur">Rôle dans l’organisation invalide`);

      const promoted = await form(owner, `/organisation/membres/${member.id}/role`, { organisationRole: 'owner' });
      expect(promoted.status).toBe(303);
      expect(promoted.headers.location).toBe('/organisation?info=equipe-role-modifie#membres');
      expect((await owner.agent.get('/organisation?info=equipe-role-modifie').expect(200)).text).toContain('Le rôle du membre est modifié.');
      expect((await userRow(member.id)).organisation_role).toBe('owner');

      const removed = await form(owner, `/organisation/membres/${member.id}/retirer`, {});
      expect(removed.status).toBe(303);
      expect(removed.headers.location).toBe('/organisation?info=equipe-membre-retire#membres');
      const after = await owner.agent.get('/organisation?info=equipe-membre-retire').expect(200);
      expect(after.text).toContain('Le membre est retiré de l’organisation');
      expect(after.text).not.toContain('Sacha Membre');
      expect((await member.agent.get('/organisation')).headers.location).toMatch(/^\/connexion\?suite=/);
      expect((await auditOf(organisation.id)).map((e: { action: string }) => e.action)).toEqual(['organisation.member_role_changed', 'organisation.member_removed']);
    });

    it('sends an owner who left to the login page with a message', async () => {
      const { owner, member } = await team();
      await patchMember(owner, member.id, { organisationRole: 'owner' }).expect(200);
      const left = await form(owner, `/organisation/membres/${owner.id}/retirer`, {});
      expect(left.status).toBe(303);
      expect(left.headers.location).toBe('/connexion?info=equipe-vous-avez-quitte');
      expect((await owner.agent.get(left.headers.location).expect(200)).text).toContain('Vous avez quitté l’organisation');
    });

    it('refuses members’ posts (403) and other organisations’ members (404); nothing changes', async () => {
      const { owner, member } = await team();
      const { member: stranger } = await team();
      const before = await usersSnapshot();
      expect((await form(member, '/organisation/membres', { email: address('non'), displayName: 'Non Autorisé', organisationRole: 'member' })).status).toBe(403);
      expect((await form(member, `/organisation/membres/${owner.id}/role`, { organisationRole: 'member' })).status).toBe(403);
      expect((await form(member, `/organisation/membres/${owner.id}/retirer`, {})).status).toBe(403);
      expect((await form(owner, `/organisation/membres/${stranger.id}/role`, {})).status).toBe(404);
      expect((await form(owner, `/organisation/membres/${stranger.id}/retirer`, {})).status).toBe(404);
      expect((await owner.agent.post(`/organisation/membres/${member.id}/retirer`).type('form').send({})).status).toBe(403);
      expect(await usersSnapshot()).toEqual(before);
    });
  });
});
