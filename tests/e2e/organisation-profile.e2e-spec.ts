import request from 'supertest';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { OrganisationRole, Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser, randomSiret } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const MINE = '/api/organisations/mine';

interface Signed {
  agent: Agent;
  csrf: string;
  id: string;
  email: string;
}

/** A day in France, YYYY-MM-DD, some days and years from today. */
function parisDay(days = 0, years = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('organisation profile, members and employer settings', () => {
  let t: TestApp;
  let company: Organisation;
  let otherCompany: Organisation;
  let partner: Organisation;
  let owner: Signed;
  let member: Signed;
  let otherOwner: Signed;
  let partnerOwner: Signed;
  let admin: Signed;
  let coordinator: Signed;

  const signIn = async (role: Role, organisation?: Organisation, organisationRole?: OrganisationRole): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}), ...(organisationRole ? { organisationRole } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, email: user.email };
  };
  const patch = (who: Signed, path: string, body: object) => who.agent.patch(path).set('x-csrf-token', who.csrf).send(body);
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  /** The organisations and users tables, to prove that a refused request changed nothing. */
  const snapshot = async () => ({
    organisations: await t.dataSource.query(`SELECT * FROM organisations ORDER BY id`),
    users: await t.dataSource.query(`SELECT id, organisation_id, organisation_role, updated_at FROM users ORDER BY id`),
  });
  const fieldsOf = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))];
  const row = async (id: string) => (await t.dataSource.query(`SELECT * FROM organisations WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    await t.dataSource.query(`INSERT INTO basins (code, name) VALUES ('7513', 'POITIERS'), ('7505', 'CHATELLERAULT')`);
    await t.dataSource.query(
      `INSERT INTO communes (insee_code, name, basin_code) VALUES ('86194', 'Poitiers', '7513'), ('86066', 'Châtellerault', '7505'), ('86001', 'Adriers', NULL)`,
    );
    company = await createOrganisation(t.dataSource, { kind: OrganisationKind.Company, status: OrganisationStatus.Pending });
    otherCompany = await createOrganisation(t.dataSource, { kind: OrganisationKind.TempAgency, siret: randomSiret() });
    partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, siret: null });
    owner = await signIn(Role.Employer, company, OrganisationRole.Owner);
    member = await signIn(Role.Employer, company, OrganisationRole.Member);
    otherOwner = await signIn(Role.Employer, otherCompany, OrganisationRole.Owner);
    partnerOwner = await signIn(Role.Counsellor, partner, OrganisationRole.Owner);
    coordinator = await signIn(Role.Coordinator, partner, OrganisationRole.Member);
    admin = await signIn(Role.Admin);
  });
  afterAll(() => t.close());

  describe('GET /api/organisations/mine', () => {
    it('shows the profile, default settings, charter status and member count, with the caller’s role', async () => {
      const res = await owner.agent.get(MINE).expect(200);
      expect(res.body).toMatchObject({
        id: company.id,
        name: company.name,
        kind: 'company',
        kindLabel: 'Entreprise',
        status: 'pending',
        siret: company.siret,
        nafCode: null,
        addressLine: null,
        commune: null,
        basin: null,
        settings: { monthlyIntroductionCap: null, pausedUntil: null, notifyNewProfiles: true, notifyWeeklyDigest: false },
        charter: { accepted: false, acceptedAt: null, acceptedByName: null },
        memberCount: 2,
        myRole: 'owner',
      });
      expect((await member.agent.get(MINE).expect(200)).body).toMatchObject({ id: company.id, myRole: 'member' });
    });

    it('gives each member their own organisation only', async () => {
      expect((await otherOwner.agent.get(MINE).expect(200)).body.id).toBe(otherCompany.id);
      const partnerView = await partnerOwner.agent.get(MINE).expect(200);
      expect(partnerView.body).toMatchObject({ id: partner.id, kind: 'mission_locale', settings: null, memberCount: 2 });
      expect((await coordinator.agent.get(MINE).expect(200)).body).toMatchObject({ id: partner.id, myRole: 'member' });
    });

    it('is a 404 problem for admins, who have no organisation, and a 401 for visitors', async () => {
      const res = await admin.agent.get(MINE).expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'organisation.none', detail: expect.stringMatching(/aucune organisation/) });
      expect((await request(t.server).get(MINE)).status).toBe(401);
    });
  });

  describe('PATCH /api/organisations/mine', () => {
    afterAll(() => t.dataSource.query(`UPDATE organisations SET commune_code = NULL, basin_code = NULL WHERE id = $1`, [company.id]));

    it('lets the owner edit name, NAF code and address; the basin comes from the commune', async () => {
      const res = await patch(owner, MINE, { name: '  Bâtiment   Poitevin ', nafCode: ' 43.34z ', addressLine: '12 rue des Carmes', communeCode: '86194' }).expect(200);
      expect(res.body).toMatchObject({
        name: 'Bâtiment Poitevin',
        nafCode: '43.34Z',
        addressLine: '12 rue des Carmes',
        commune: { code: '86194', name: 'Poitiers' },
        basin: { code: '7513', name: 'POITIERS' },
      });
      expect(await row(company.id)).toMatchObject({ name: 'Bâtiment Poitevin', naf_code: '43.34Z', commune_code: '86194', basin_code: '7513' });

      // Moving the address moves the basin; an absent field is unchanged.
      const moved = await patch(owner, MINE, { communeCode: '86066' }).expect(200);
      expect(moved.body).toMatchObject({ name: 'Bâtiment Poitevin', nafCode: '43.34Z', commune: { code: '86066' }, basin: { code: '7505', name: 'CHATELLERAULT' } });

      // null (or a blank form field) clears the optional fields, basin included.
      const cleared = await patch(owner, MINE, { communeCode: null, nafCode: '', addressLine: null }).expect(200);
      expect(cleared.body).toMatchObject({ nafCode: null, addressLine: null, commune: null, basin: null });
      expect(await row(company.id)).toMatchObject({ commune_code: null, basin_code: null, naf_code: null });

      await patch(owner, MINE, { communeCode: '86194' }).expect(200);
      // Each change is in the audit trail with the fields it touched (never their values: the old name is not kept).
      const audited = await t.dataSource.query(
        `SELECT actor_user_id, details FROM audit_events WHERE action = 'organisation.profile_updated' AND subject_id = $1 ORDER BY id`,
        [company.id],
      );
      expect(audited[0]).toEqual({ actor_user_id: owner.id, details: { fields: ['name', 'nafCode', 'addressLine', 'communeCode', 'basinCode'] } });
      expect(audited.map((a: { details: { fields: string[] } }) => a.details.fields)).toContainEqual(['communeCode', 'basinCode']);
    });

    it.each([
      ['a malformed NAF code', { nafCode: '4334Z' }, 'nafCode', /43\.34Z/],
      ['a NAF code with a digit for a letter', { nafCode: '43.341' }, 'nafCode', /NAF/],
      ['an unknown commune', { communeCode: '99999' }, 'communeCode', /Commune inconnue.*99999/],
      ['a commune outside every basin', { communeCode: '86001' }, 'communeCode', /Adriers.*aucun bassin/],
      ['a malformed commune code', { communeCode: '8619' }, 'communeCode', /INSEE/],
      ['an address over 200 characters', { addressLine: 'x'.repeat(201) }, 'addressLine', /200/],
      ['a null name', { name: null }, 'name', /nom/],
      ['a blank name', { name: '   ' }, 'name', /nom/],
      ['a number for a name', { name: 42 }, 'name', /nom/],
      ['the status', { status: 'active' }, 'status', /non autorisé/],
      ['the id', { id: '3f0c1f8e-6b1a-4c55-9d7e-2a9b8f0e1d23' }, 'id', /non autorisé/],
      ['the basin', { basinCode: '7505' }, 'basinCode', /non autorisé/],
      ['the charter acceptance', { charterAcceptedAt: '2025-01-01T00:00:00Z' }, 'charterAcceptedAt', /non autorisé/],
      ['the kind', { kind: 'spip' }, 'kind', /non autorisé/],
      ['the SIRET', { siret: randomSiret() }, 'siret', /non autorisé/],
      ['a setting', { monthlyIntroductionCap: 3 }, 'monthlyIntroductionCap', /non autorisé/],
    ])('refuses %s with a 400 naming the field, and changes nothing', async (_label, body, field, message) => {
      const before = await snapshot();
      const res = await patch(owner, MINE, { name: 'Nom changé', ...body }).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldsOf(res.body)).toEqual([field]);
      expect(res.body.errors.find((e: { field: string }) => e.field === field).message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    });

    it('reports every wrong field at once', async () => {
      const res = await patch(owner, MINE, { nafCode: 'x', communeCode: 'y', addressLine: 'z'.repeat(300), status: 'active' }).expect(400);
      expect(fieldsOf(res.body).sort()).toEqual(['addressLine', 'communeCode', 'nafCode', 'status']);
    });

    it('is a 403 with a French detail for plain members, a 404 for admins, a 401 for visitors; nothing changes', async () => {
      const before = await snapshot();
      const refused = await patch(member, MINE, { name: 'Pris par un membre' }).expect(403);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({ code: 'organisation.owner_only', detail: expect.stringMatching(/Seul le responsable/) });
      expect((await patch(coordinator, MINE, { name: 'Pris par un coordinateur' })).status).toBe(403);
      expect((await patch(admin, MINE, { name: 'Pris par un admin' })).status).toBe(404);
      expect((await request(t.server).patch(MINE).send({ name: 'Pris par un visiteur' })).status).toBe(401);
      // Without the CSRF header, even the owner's cookie is not enough.
      expect((await owner.agent.patch(MINE).send({ name: 'Sans jeton' })).status).toBe(403);
      expect(await snapshot()).toEqual(before);
    });

    it('changes only the caller’s organisation', async () => {
      await patch(otherOwner, MINE, { nafCode: '78.20Z' }).expect(200);
      expect((await row(otherCompany.id)).naf_code).toBe('78.20Z');
      expect((await row(company.id)).naf_code).not.toBe('78.20Z');
    });

    it('lets a partner organisation’s owner edit its profile too', async () => {
      const res = await patch(partnerOwner, MINE, { addressLine: '3 place du Marché', communeCode: '86194' }).expect(200);
      expect(res.body).toMatchObject({ addressLine: '3 place du Marché', basin: { code: '7513' }, settings: null });
    });
  });

  describe('GET /api/organisations/mine/members', () => {
    it('lists members with their roles, owners first; e-mails for the owner only', async () => {
      const asOwner = await owner.agent.get(`${MINE}/members`).expect(200);
      expect(asOwner.body).toEqual([
        { id: owner.id, displayName: 'Utilisateur Test', role: 'owner', roleLabel: 'Responsable', email: owner.email },
        { id: member.id, displayName: 'Utilisateur Test', role: 'member', roleLabel: 'Membre', email: member.email },
      ]);
      const asMember = await member.agent.get(`${MINE}/members`).expect(200);
      expect(asMember.body.map((m: { id: string }) => m.id)).toEqual([owner.id, member.id]);
      expect(JSON.stringify(asMember.body)).not.toContain('@');
    });

    it('shows other organisations their own members only; 404 for admins, 401 for visitors', async () => {
      expect((await otherOwner.agent.get(`${MINE}/members`).expect(200)).body.map((m: { id: string }) => m.id)).toEqual([otherOwner.id]);
      expect((await admin.agent.get(`${MINE}/members`)).status).toBe(404);
      expect((await request(t.server).get(`${MINE}/members`)).status).toBe(401);
    });
  });

  describe('PATCH /api/organisations/mine/settings', () => {
    const SETTINGS = `${MINE}/settings`;

    it('lets the owner set a cap, a pause and notifications, and clear them with null', async () => {
      const until = parisDay(30);
      const res = await patch(owner, SETTINGS, { monthlyIntroductionCap: 5, pausedUntil: until, notifyNewProfiles: false, notifyWeeklyDigest: true }).expect(200);
      expect(res.body.settings).toEqual({ monthlyIntroductionCap: 5, pausedUntil: until, notifyNewProfiles: false, notifyWeeklyDigest: true });
      expect(await row(company.id)).toMatchObject({ monthly_introduction_cap: 5, notify_new_profiles: false, notify_weekly_digest: true });

      // Absent fields are unchanged.
      expect((await patch(owner, SETTINGS, { monthlyIntroductionCap: 100 }).expect(200)).body.settings).toMatchObject({ monthlyIntroductionCap: 100, pausedUntil: until });
      const cleared = await patch(owner, SETTINGS, { monthlyIntroductionCap: null, pausedUntil: null }).expect(200);
      expect(cleared.body.settings).toEqual({ monthlyIntroductionCap: null, pausedUntil: null, notifyNewProfiles: false, notifyWeeklyDigest: true });
    });

    it('accepts a pause until today and until exactly one year ahead', async () => {
      expect((await patch(owner, SETTINGS, { pausedUntil: parisDay(0) }).expect(200)).body.settings.pausedUntil).toBe(parisDay(0));
      expect((await patch(owner, SETTINGS, { pausedUntil: parisDay(0, 1) }).expect(200)).body.settings.pausedUntil).toBe(parisDay(0, 1));
      await patch(owner, SETTINGS, { pausedUntil: null }).expect(200);
    });

    it.each([
      ['a cap of 0', { monthlyIntroductionCap: 0 }, 'monthlyIntroductionCap', /entre 1 et 100/],
      ['a cap of 101', { monthlyIntroductionCap: 101 }, 'monthlyIntroductionCap', /entre 1 et 100/],
      ['a fractional cap', { monthlyIntroductionCap: 2.5 }, 'monthlyIntroductionCap', /entier/],
      ['a cap given as text', { monthlyIntroductionCap: '5' }, 'monthlyIntroductionCap', /entier/],
      ['a pause ending yesterday', { pausedUntil: parisDay(-1) }, 'pausedUntil', /passée/],
      ['a pause of more than a year', { pausedUntil: parisDay(1, 1) }, 'pausedUntil', /au plus un an/],
      ['an impossible date', { pausedUntil: '2027-02-30' }, 'pausedUntil', /AAAA-MM-JJ/],
      ['a date in words', { pausedUntil: 'demain' }, 'pausedUntil', /AAAA-MM-JJ/],
      ['a date with a time', { pausedUntil: `${parisDay(3)}T10:00:00Z` }, 'pausedUntil', /AAAA-MM-JJ/],
      ['a non-boolean notification flag', { notifyNewProfiles: 'oui' }, 'notifyNewProfiles', /vrai ou faux/],
      ['a null notification flag', { notifyWeeklyDigest: null }, 'notifyWeeklyDigest', /vrai ou faux/],
      ['the status', { status: 'active' }, 'status', /non autorisé/],
      ['a profile field', { name: 'Autre nom' }, 'name', /non autorisé/],
    ])('refuses %s with a 400 naming the field, and changes nothing', async (_label, body, field, message) => {
      const before = await snapshot();
      const res = await patch(owner, SETTINGS, { notifyWeeklyDigest: false, ...body }).expect(400);
      expect(fieldsOf(res.body)).toEqual([field]);
      expect(res.body.errors.find((e: { field: string }) => e.field === field).message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    });

    it('is refused to members (403), partner organisations (403), admins (404) and visitors (401); nothing changes', async () => {
      const before = await snapshot();
      expect((await patch(member, SETTINGS, { monthlyIntroductionCap: 1 }).expect(403)).body.code).toBe('organisation.owner_only');
      const asPartner = await patch(partnerOwner, SETTINGS, { monthlyIntroductionCap: 1 }).expect(403);
      expect(asPartner.body).toMatchObject({ code: 'organisation.settings_employers_only', detail: expect.stringMatching(/organisations employeuses/) });
      expect((await patch(admin, SETTINGS, { monthlyIntroductionCap: 1 })).status).toBe(404);
      expect((await request(t.server).patch(SETTINGS).send({ monthlyIntroductionCap: 1 })).status).toBe(401);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('POST /api/organisations/mine/charter', () => {
    const CHARTER = `${MINE}/charter`;

    it('is refused to members (403), admins (404), visitors (401), and with unknown fields (400); nothing changes', async () => {
      const before = await snapshot();
      expect((await post(member, CHARTER).expect(403)).body.code).toBe('organisation.owner_only');
      expect((await post(admin, CHARTER)).status).toBe(404);
      expect((await request(t.server).post(CHARTER).send({})).status).toBe(401);
      const forged = await post(owner, CHARTER, { charterAcceptedAt: '2020-01-01T00:00:00Z' }).expect(400);
      expect(fieldsOf(forged.body)).toEqual(['charterAcceptedAt']);
      expect(await snapshot()).toEqual(before);
    });

    it('records the owner’s acceptance once: accepting again keeps the first one', async () => {
      const first = await post(owner, CHARTER).expect(200);
      expect(first.body.charter).toEqual({ accepted: true, acceptedAt: expect.any(String), acceptedByName: 'Utilisateur Test' });
      const stored = await row(company.id);
      expect(stored.charter_accepted_by).toBe(owner.id);

      // A second owner accepting later changes neither the time nor the signatory.
      await t.dataSource.query(`UPDATE users SET organisation_role = 'owner' WHERE id = $1`, [member.id]);
      try {
        const again = await post(member, CHARTER).expect(200);
        expect(again.body.charter.acceptedAt).toBe(first.body.charter.acceptedAt);
        const after = await row(company.id);
        expect(after.charter_accepted_by).toBe(owner.id);
        expect(after.charter_accepted_at).toEqual(stored.charter_accepted_at);
        expect(after.updated_at).toEqual(stored.updated_at);
      } finally {
        await t.dataSource.query(`UPDATE users SET organisation_role = 'member' WHERE id = $1`, [member.id]);
      }
      expect((await row(otherCompany.id)).charter_accepted_at).toBeNull();
      // Audited once, by the owner who accepted; the second acceptance changed nothing and recorded nothing.
      expect(
        await t.dataSource.query(`SELECT actor_user_id, details FROM audit_events WHERE action = 'organisation.charter_accepted' AND subject_id = $1`, [company.id]),
      ).toEqual([{ actor_user_id: owner.id, details: {} }]);
    });
  });

  describe('coordinator review', () => {
    it('shows the NAF code, commune, basin and members’ roles in the organisation detail', async () => {
      await patch(owner, MINE, { nafCode: '43.34Z', communeCode: '86194' }).expect(200);
      const res = await coordinator.agent.get(`/api/organisations/${company.id}`).expect(200);
      expect(res.body).toMatchObject({
        id: company.id,
        nafCode: '43.34Z',
        commune: { code: '86194', name: 'Poitiers' },
        basin: { code: '7513', name: 'POITIERS' },
      });
      expect(res.body.members.map((m: { id: string; role: string }) => [m.id, m.role])).toEqual([
        [owner.id, 'owner'],
        [member.id, 'member'],
      ]);
      // The staff route still reads ids, and "mine" is not one for staff either.
      expect((await coordinator.agent.get(MINE).expect(200)).body.id).toBe(partner.id);
    });
  });

  describe('sign-up', () => {
    it('makes the employer who signs up the owner of the new organisation', async () => {
      const email = `proprietaire-${Date.now()}@btp.example`;
      await request(t.server)
        .post('/api/auth/signup')
        .send({ email, password: 'un-mot-de-passe-solide', displayName: 'Camille Martin', organisationName: 'Bâtiment Neuf', organisationKind: 'company', siret: randomSiret() })
        .expect(201);
      const [user] = await t.dataSource.query(`SELECT organisation_role FROM users WHERE email = $1`, [email]);
      expect(user.organisation_role).toBe('owner');
    });

    it('the database refuses a member without role, and an admin with one', async () => {
      await expect(t.dataSource.query(`UPDATE users SET organisation_role = NULL WHERE id = $1`, [member.id])).rejects.toThrow(/users_organisation_role_matches/);
      await expect(t.dataSource.query(`UPDATE users SET organisation_role = 'owner' WHERE id = $1`, [admin.id])).rejects.toThrow(/users_organisation_role_matches/);
      await expect(t.dataSource.query(`UPDATE users SET organisation_role = 'boss' WHERE id = $1`, [member.id])).rejects.toThrow(/check/);
    });
  });

  describe('page /organisation', () => {
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const form = async (who: Signed, action: string, fields: Record<string, string>) => {
      const page = await who.agent.get('/organisation').expect(200);
      return who.agent.post(action).type('form').send({ _csrf: csrfOf(page.text), ...fields });
    };

    it('shows the owner the profile, settings, charter status and both forms', async () => {
      const res = await owner.agent.get('/organisation').expect(200);
      expect(res.text).toContain('<a href="/organisation">Mon organisation</a>');
      expect(res.text).toContain('Poitiers');
      expect(res.text).toContain('43.34Z');
      expect(res.text).toContain('id="form-profil"');
      expect(res.text).toContain('id="form-reglages"');
      expect(res.text).toContain('Charte acceptée le');
      expect(res.text).not.toContain('id="form-charte"');
      expect(res.text).toContain(member.email);
    });

    it('shows a plain member the same information without any form or e-mail', async () => {
      const res = await member.agent.get('/organisation').expect(200);
      expect(res.text).toContain('Poitiers');
      expect(res.text).toContain('Seul le responsable');
      expect(res.text).not.toMatch(/<form method="post" action="\/organisation/);
      expect(res.text).not.toContain(owner.email);
    });

    it('offers the charter to an owner who has not accepted it, and records it from the form', async () => {
      const page = await otherOwner.agent.get('/organisation').expect(200);
      expect(page.text).toContain('J’accepte la charte de la seconde chance');
      const res = await form(otherOwner, '/organisation/charte', {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/organisation?info=charte-acceptee');
      expect((await row(otherCompany.id)).charter_accepted_by).toBe(otherOwner.id);
      const after = await otherOwner.agent.get(res.headers.location).expect(200);
      expect(after.text).toContain('La charte de la seconde chance est acceptée');
      expect(after.text).not.toContain('id="form-charte"');
    });

    it('saves the profile form, and shows errors inline without saving', async () => {
      const before = await snapshot();
      const bad = await form(owner, '/organisation/profil', { name: 'Bâtiment Poitevin', nafCode: '43.34Z', addressLine: '', communeCode: '86001' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('n’est rattachée à aucun bassin d’emploi');
      expect(bad.text).toContain('value="86001"');
      expect(await snapshot()).toEqual(before);

      const ok = await form(owner, '/organisation/profil', { name: 'Bâtiment Poitevin', nafCode: '43.34Z', addressLine: '5 rue Carnot', communeCode: '86066' });
      expect(ok.status).toBe(303);
      const after = await owner.agent.get(ok.headers.location).expect(200);
      expect(after.text).toContain('Le profil de l’organisation est enregistré.');
      expect(after.text).toContain('CHATELLERAULT');
      expect(await row(company.id)).toMatchObject({ address_line: '5 rue Carnot', basin_code: '7505' });
    });

    it('saves the settings form, unticked boxes included, and shows errors inline', async () => {
      const bad = await form(owner, '/organisation/reglages', { monthlyIntroductionCap: '0', pausedUntil: parisDay(-1), notifyNewProfiles: 'on' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('entre 1 et 100');
      const ok = await form(owner, '/organisation/reglages', { monthlyIntroductionCap: '8', pausedUntil: '', notifyWeeklyDigest: 'on' });
      expect(ok.status).toBe(303);
      expect(ok.headers.location).toBe('/organisation?info=organisation-reglages-modifies');
      expect(await row(company.id)).toMatchObject({ monthly_introduction_cap: 8, paused_until: null, notify_new_profiles: false, notify_weekly_digest: true });
      const pause = await form(owner, '/organisation/reglages', { monthlyIntroductionCap: '', pausedUntil: parisDay(400) });
      expect(pause.status).toBe(400);
      expect(pause.text).toContain('au plus un an');
    });

    it('refuses a member’s form posts, a post without CSRF token, admins and visitors; nothing changes', async () => {
      const before = await snapshot();
      expect((await form(member, '/organisation/profil', { name: 'Pris par un membre' })).status).toBe(403);
      expect((await form(member, '/organisation/charte', {})).status).toBe(403);
      expect((await owner.agent.post('/organisation/profil').type('form').send({ name: 'Sans jeton' })).status).toBe(403);
      expect((await admin.agent.get('/organisation')).status).toBe(404);
      const anonymous = await request(t.server).get('/organisation');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toMatch(/^\/connexion\?suite=/);
      expect(await snapshot()).toEqual(before);
    });

    it('hides the settings from partner organisations', async () => {
      const res = await partnerOwner.agent.get('/organisation').expect(200);
      expect(res.text).toContain('id="form-profil"');
      expect(res.text).not.toContain('Réglages des mises en relation');
      expect(res.text).not.toContain('id="form-reglages"');
    });
  });
});
