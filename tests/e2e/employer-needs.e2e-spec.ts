import request from 'supertest';
import { addYears, parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

type Signed = { agent: Agent; csrf: string; id: string; organisationId: string | null };

/** A date `days` from today in France, as the API takes it. */
const inDays = (days: number) => {
  const date = new Date(`${parisDate(new Date())}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

const BASE = '/api/employer-needs';
const UNKNOWN_ID = '4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f';

const validNeed = (overrides: Record<string, unknown> = {}) => ({
  romeCode: 'F1606',
  appellationCode: 38017,
  contractType: 'cdd',
  positions: 2,
  communeCode: '86194',
  startFrom: inDays(10),
  startUntil: inDays(60),
  requirements: 'Port de charges,\ntravail en hauteur.',
  solutions: ['job', 'company_visit'],
  ...overrides,
});

describe('employer needs API (real PostgreSQL, Redis, Meilisearch)', () => {
  let t: TestApp;
  let employer: Signed;
  let colleague: Signed;
  let otherEmployer: Signed;
  let pendingEmployer: Signed;
  let refusedEmployer: Signed;
  let partnerEmployer: Signed;
  let counsellor: Signed;
  let coordinator: Signed;
  let admin: Signed;
  let otherNeedId: string;

  const signIn = async (role: Role, organisation?: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, organisationId: user.organisationId };
  };

  const post = (who: Signed, path: string, body?: object) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const patch = (who: Signed, id: string, body: object) => who.agent.patch(`${BASE}/${id}`).set('x-csrf-token', who.csrf).send(body);
  const create = async (who: Signed, overrides: Record<string, unknown> = {}) => {
    const res = await post(who, BASE, validNeed(overrides));
    if (res.status !== 201) throw new Error(`creation failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; status: string; updatedAt: string };
  };
  /** Every row of the table, to prove that a refused request changed nothing. */
  const snapshot = () => t.dataSource.query(`SELECT * FROM employer_needs ORDER BY id`);
  /** The fields a problem names, each once (several failed constraints of one field repeat its message). */
  const fieldsOf = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))];

  beforeAll(async () => {
    t = await startTestApp();
    const q = (sql: string) => t.dataSource.query(sql);
    await q(`INSERT INTO rome_grand_domains (code, label) VALUES ('F', 'Construction, Bâtiment et Travaux publics')`);
    await q(`INSERT INTO rome_professional_domains (code, label, grand_domain_code) VALUES ('F16', 'Second oeuvre', 'F'), ('F17', 'Travaux et gros oeuvre', 'F')`);
    await q(`INSERT INTO rome_occupations (code, label, ogr_code, domain_code) VALUES ('F1606', 'Peintre en bâtiment', 1, 'F16'), ('F1703', 'Maçon / Maçonne', 2, 'F17')`);
    await q(
      `INSERT INTO rome_appellations (ogr_code, label, short_label, rome_code, principal) VALUES
         (38017, 'Peintre en bâtiment', 'Peintre en bâtiment', 'F1606', true), (12345, 'Maçon / Maçonne', 'Maçon', 'F1703', true)`,
    );
    await q(`INSERT INTO basins (code, name) VALUES ('7513', 'POITIERS'), ('7505', 'CHATELLERAULT')`);
    await q(
      `INSERT INTO communes (insee_code, name, basin_code) VALUES ('86194', 'Poitiers', '7513'), ('86066', 'Châtellerault', '7505'), ('86001', 'Adriers', NULL)`,
    );

    const company = await createOrganisation(t.dataSource, { kind: OrganisationKind.Company });
    employer = await signIn(Role.Employer, company);
    colleague = await signIn(Role.Employer, company);
    otherEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { kind: OrganisationKind.TempAgency, siret: null }));
    pendingEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { status: OrganisationStatus.Pending }));
    refusedEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { status: OrganisationStatus.Refused }));
    partnerEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale }));
    counsellor = await signIn(Role.Counsellor);
    coordinator = await signIn(Role.Coordinator);
    admin = await signIn(Role.Admin);
    otherNeedId = (await create(otherEmployer, { contractType: 'interim' })).id;
  });
  afterAll(() => t.close());

  describe('happy path', () => {
    it('creates a draft, reads it back, edits, publishes and closes it', async () => {
      const created = await post(employer, BASE, validNeed());
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        organisationId: employer.organisationId,
        romeCode: 'F1606',
        romeLabel: 'Peintre en bâtiment',
        appellationCode: 38017,
        appellationLabel: 'Peintre en bâtiment',
        contractType: 'cdd',
        contractTypeLabel: 'CDD',
        positions: 2,
        communeCode: '86194',
        communeName: 'Poitiers',
        basinCode: '7513',
        basinName: 'POITIERS',
        startFrom: inDays(10),
        startUntil: inDays(60),
        requirements: 'Port de charges,\ntravail en hauteur.',
        solutions: ['job', 'company_visit'],
        solutionLabels: ['Emploi', 'Visite d’entreprise'],
        status: 'draft',
        statusLabel: 'Brouillon',
        publishedAt: null,
      });
      const id = created.body.id as string;
      const [row] = await t.dataSource.query(`SELECT organisation_id, created_by, basin_code, status FROM employer_needs WHERE id = $1`, [id]);
      expect(row).toEqual({ organisation_id: employer.organisationId, created_by: employer.id, basin_code: '7513', status: 'draft' });

      expect((await employer.agent.get(`${BASE}/${id}`).expect(200)).body).toEqual(created.body);
      // A colleague of the same organisation manages the same needs.
      expect((await colleague.agent.get(`${BASE}/${id}`)).status).toBe(200);

      const edited = await patch(colleague, id, { positions: 3, communeCode: '86066', requirements: '   ', appellationCode: null });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ positions: 3, communeCode: '86066', basinCode: '7505', basinName: 'CHATELLERAULT', requirements: null, appellationCode: null, romeCode: 'F1606' });
      expect(Date.parse(edited.body.updatedAt)).toBeGreaterThan(Date.parse(created.body.updatedAt));

      const published = await post(employer, `${BASE}/${id}/publish`);
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({ status: 'published', statusLabel: 'Publié' });
      expect(published.body.publishedAt).toEqual(expect.any(String));

      // Published needs can still be edited.
      expect((await patch(employer, id, { positions: 4 })).body.positions).toBe(4);

      const listed = await employer.agent.get(`${BASE}?status=published`).expect(200);
      expect(listed.body.items.map((n: { id: string }) => n.id)).toContain(id);

      const closed = await post(employer, `${BASE}/${id}/close`);
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: 'closed', statusLabel: 'Clôturé', publishedAt: published.body.publishedAt });
    });

    it('accepts a minimal draft: no appellation, window, requirements or solutions; codes are normalised', async () => {
      const res = await post(employer, BASE, { romeCode: ' f1703 ', contractType: 'apprenticeship', positions: 1, communeCode: '86194' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ romeCode: 'F1703', appellationCode: null, startFrom: null, startUntil: null, requirements: null, solutions: [], status: 'draft' });
    });

    it('an empty PATCH changes nothing, not even the update time', async () => {
      const need = await create(employer);
      const before = await snapshot();
      const res = await patch(employer, need.id, {});
      expect(res.status).toBe(200);
      expect(res.body.updatedAt).toBe(need.updatedAt);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('validation: 400 problem naming the field, and nothing written', () => {
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['unknown ROME code', { romeCode: 'F9999' }, 'romeCode', /Code ROME inconnu « F9999 »/],
      ['malformed ROME code', { romeCode: 'peintre' }, 'romeCode', /Code ROME invalide \(attendu : une lettre majuscule et 4 chiffres/],
      ['missing ROME code', { romeCode: undefined }, 'romeCode', /Code ROME invalide/],
      ['appellation of another ROME code', { appellationCode: 12345 }, 'appellationCode', /« Maçon \/ Maçonne » relève du métier F1703, pas de F1606/],
      ['unknown appellation', { appellationCode: 999999 }, 'appellationCode', /Appellation inconnue « 999999 »/],
      ['appellation not a number', { appellationCode: '38017' }, 'appellationCode', /Code d’appellation invalide/],
      ['unknown contract type', { contractType: 'freelance' }, 'contractType', /Type de contrat inconnu \(attendu : cdi, cdd, interim/],
      ['unknown commune', { communeCode: '75056' }, 'communeCode', /Commune inconnue \(code INSEE « 75056 »\)/],
      ['malformed commune', { communeCode: '7505' }, 'communeCode', /Code commune INSEE invalide/],
      ['commune without basin', { communeCode: '86001' }, 'communeCode', /La commune Adriers \(86001\) n’est rattachée à aucun bassin d’emploi/],
      ['inverted window', { startFrom: inDays(30), startUntil: inDays(29) }, 'startUntil', /précède la date de début/],
      ['end without start', { startFrom: null, startUntil: inDays(29) }, 'startFrom', /date de début/],
      ['start more than 2 years ahead', { startFrom: addYears(inDays(1), 2), startUntil: addYears(inDays(40), 2) }, 'startFrom', /plus de 2 ans/],
      ['impossible date', { startFrom: '2030-02-30' }, 'startFrom', /Date de début invalide \(attendu : une date AAAA-MM-JJ/],
      ['date with a time', { startUntil: '2030-02-01T10:00:00Z' }, 'startUntil', /Date de fin invalide/],
      ['no positions', { positions: 0 }, 'positions', /entre 1 et 100/],
      ['too many positions', { positions: 101 }, 'positions', /entre 1 et 100/],
      ['fractional positions', { positions: 2.5 }, 'positions', /entre 1 et 100/],
      ['positions as text', { positions: '3' }, 'positions', /entre 1 et 100/],
      ['oversized requirements', { requirements: 'x'.repeat(2001) }, 'requirements', /au plus 2000 caractères \(2001 reçus\)/],
      ['unknown solution', { solutions: ['job', 'weekend'] }, 'solutions', /Solution inconnue \(attendu : job, apprenticeship/],
      ['duplicated solution', { solutions: ['job', 'job'] }, 'solutions', /qu’une fois/],
      ['empty solutions', { solutions: [] }, 'solutions', /au moins une solution/],
      ['solutions not a list', { solutions: 'job' }, 'solutions', /liste/],
      ...['status', 'organisationId', 'organisation_id', 'createdBy', 'created_by', 'basinCode', 'basin_code', 'publishedAt', 'id'].map(
        (field): [string, Record<string, unknown>, string, RegExp] => [`forbidden field ${field}`, { [field]: field === 'status' ? 'published' : UNKNOWN_ID }, field, /^Champ non autorisé\.$/],
      ),
    ];

    it.each(cases)('POST: %s', async (_label, overrides, field, message) => {
      const before = await snapshot();
      const res = await post(employer, BASE, validNeed(overrides));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'validation.failed', status: 400 });
      expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.stringMatching(message) }]));
      expect(await snapshot()).toEqual(before);
    });

    it.each(cases.filter(([label]) => !label.startsWith('missing')))('PATCH: %s', async (_label, overrides, field, message) => {
      const need = await create(employer);
      const before = await snapshot();
      const res = await patch(employer, need.id, overrides);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.stringMatching(message) }]));
      expect(await snapshot()).toEqual(before);
    });

    it('reports every wrong field at once', async () => {
      const res = await post(employer, BASE, validNeed({ romeCode: 'F9999', communeCode: '86001', startFrom: inDays(9), startUntil: inDays(8) }));
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body).sort()).toEqual(['communeCode', 'romeCode', 'startUntil']);
    });

    it('PATCH cannot clear a mandatory field, and checks the kept appellation against a new ROME code', async () => {
      const need = await create(employer);
      const before = await snapshot();
      for (const field of ['romeCode', 'contractType', 'positions', 'communeCode', 'solutions']) {
        const res = await patch(employer, need.id, { [field]: null });
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body)).toEqual([field]);
      }
      const moved = await patch(employer, need.id, { romeCode: 'F1703' });
      expect(moved.status).toBe(400);
      expect(moved.body.errors).toEqual([{ field: 'appellationCode', message: expect.stringContaining('relève du métier F1606, pas de F1703') }]);
      const window = await patch(employer, need.id, { startUntil: inDays(5) });
      expect(window.status).toBe(400);
      expect(fieldsOf(window.body)).toEqual(['startUntil']);
      expect(await snapshot()).toEqual(before);
      // Both together are consistent.
      expect((await patch(employer, need.id, { romeCode: 'F1703', appellationCode: 12345 })).body).toMatchObject({ romeCode: 'F1703', appellationCode: 12345 });
    });

    it('refuses a malformed id and unknown fields on transitions', async () => {
      const bad = await employer.agent.get(`${BASE}/not-a-uuid`);
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'id', message: 'Identifiant invalide.' }]);
      const need = await create(employer);
      const before = await snapshot();
      const res = await post(employer, `${BASE}/${need.id}/publish`, { status: 'closed' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'status', message: 'Champ non autorisé.' }]);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('authorisation', () => {
    let needId: string;
    beforeAll(async () => {
      needId = (await create(employer)).id;
    });

    const routes = (id: string): [string, (who: Signed | null) => request.Test][] => {
      const anon = () => request(t.server);
      return [
        ['GET list', (who) => (who ? who.agent.get(BASE) : anon().get(BASE))],
        ['GET one', (who) => (who ? who.agent.get(`${BASE}/${id}`) : anon().get(`${BASE}/${id}`))],
        ['POST', (who) => (who ? post(who, BASE, validNeed()) : anon().post(BASE).send(validNeed()))],
        ['PATCH', (who) => (who ? patch(who, id, { positions: 9 }) : anon().patch(`${BASE}/${id}`).send({ positions: 9 }))],
        ['publish', (who) => (who ? post(who, `${BASE}/${id}/publish`) : anon().post(`${BASE}/${id}/publish`))],
        ['close', (who) => (who ? post(who, `${BASE}/${id}/close`) : anon().post(`${BASE}/${id}/close`))],
      ];
    };

    it('anonymous users get 401 on every route, and nothing changes', async () => {
      const before = await snapshot();
      for (const [label, call] of routes(needId)) {
        const res = await call(null);
        expect([label, res.status, res.body.code]).toEqual([label, 401, 'auth.unauthenticated']);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('counsellors get 403 on every route, and nothing changes', async () => {
      const before = await snapshot();
      for (const [label, call] of routes(needId)) {
        const res = await call(counsellor);
        expect([label, res.status, res.body.code]).toEqual([label, 403, 'auth.forbidden']);
      }
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['pending', () => pendingEmployer, /en attente de validation par la coordination/],
      ['refused', () => refusedEmployer, /a été refusée/],
    ])('members of a %s organisation get a French 403 on every route, before their input is even read', async (_status, who, detail) => {
      const before = await snapshot();
      for (const [label, call] of routes(needId)) {
        const res = await call(who());
        expect([label, res.status, res.body.code]).toEqual([label, 403, 'employer_need.organisation_inactive']);
        expect(res.body.detail).toMatch(detail);
      }
      // Even an invalid body gets the organisation's reason rather than a field error.
      const invalid = await post(who(), BASE, { status: 'published' });
      expect(invalid.status).toBe(403);
      expect(await snapshot()).toEqual(before);
    });

    it('an employer-role member of a partner organisation gets 403', async () => {
      const res = await post(partnerEmployer, BASE, validNeed());
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('employer_need.not_employer_organisation');
      expect((await partnerEmployer.agent.get(BASE)).status).toBe(403);
    });

    it('another organisation’s need is a 404 on every route, indistinguishable from a missing one', async () => {
      const before = await snapshot();
      for (const [label, call] of routes(needId).slice(1).filter(([l]) => l !== 'POST')) {
        const foreign = await call(otherEmployer);
        expect([label, foreign.status, foreign.body.code, foreign.body.detail]).toEqual([label, 404, 'employer_need.not_found', 'Besoin de recrutement introuvable.']);
      }
      for (const [label, call] of routes(UNKNOWN_ID).slice(1).filter(([l]) => l !== 'POST')) {
        expect([label, (await call(otherEmployer)).status]).toEqual([label, 404]);
      }
      expect(await snapshot()).toEqual(before);
      const list = await otherEmployer.agent.get(`${BASE}?pageSize=100`).expect(200);
      expect(list.body.items.map((n: { id: string }) => n.id)).toEqual([otherNeedId]);
      const peek = await otherEmployer.agent.get(`${BASE}?organisationId=${employer.organisationId}`);
      expect(peek.status).toBe(400);
      expect(fieldsOf(peek.body)).toEqual(['organisationId']);
    });

    it.each([
      ['coordinators', () => coordinator],
      ['admins', () => admin],
    ])('%s read every need but cannot create, edit or change their status', async (_label, who) => {
      const list = await who().agent.get(`${BASE}?pageSize=100`).expect(200);
      const ids = list.body.items.map((n: { id: string }) => n.id);
      expect(ids).toEqual(expect.arrayContaining([needId, otherNeedId]));
      const filtered = await who().agent.get(`${BASE}?pageSize=100&organisationId=${otherEmployer.organisationId}`).expect(200);
      expect(filtered.body.items.map((n: { id: string }) => n.id)).toEqual([otherNeedId]);
      expect((await who().agent.get(`${BASE}/${needId}`).expect(200)).body.organisationId).toBe(employer.organisationId);

      const before = await snapshot();
      for (const [label, call] of routes(needId).slice(2)) {
        const res = await call(who());
        expect([label, res.status, res.body.code]).toEqual([label, 403, 'auth.forbidden']);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('cookie-authenticated writes need the CSRF header', async () => {
      const before = await snapshot();
      const res = await employer.agent.post(BASE).send(validNeed());
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('csrf.invalid');
      expect((await employer.agent.patch(`${BASE}/${needId}`).send({ positions: 9 })).status).toBe(403);
      expect((await employer.agent.post(`${BASE}/${needId}/publish`)).status).toBe(403);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('pagination', () => {
    let paged: Signed;
    const ids: string[] = [];
    beforeAll(async () => {
      paged = await signIn(Role.Employer);
      for (let i = 1; i <= 5; i++) ids.push((await create(paged, { positions: i })).id);
      await post(paged, `${BASE}/${ids[0]}/publish`).expect(200);
    });

    it('pages through the organisation’s needs, most recently changed first', async () => {
      const pages = [];
      for (const page of [1, 2, 3]) {
        const res = await paged.agent.get(`${BASE}?pageSize=2&page=${page}`).expect(200);
        expect(res.body).toMatchObject({ page, pageSize: 2, total: 5, totalPages: 3 });
        pages.push(...res.body.items.map((n: { id: string }) => n.id));
      }
      expect(pages).toEqual([ids[0], ...ids.slice(1).reverse()]);
      const beyond = await paged.agent.get(`${BASE}?pageSize=2&page=4`).expect(200);
      expect(beyond.body).toMatchObject({ items: [], total: 5, totalPages: 3 });
    });

    it('filters by status', async () => {
      const published = await paged.agent.get(`${BASE}?status=published`).expect(200);
      expect(published.body).toMatchObject({ total: 1, items: [{ id: ids[0], status: 'published' }] });
      expect((await paged.agent.get(`${BASE}?status=draft`).expect(200)).body.total).toBe(4);
      expect((await paged.agent.get(`${BASE}?status=closed`).expect(200)).body).toMatchObject({ total: 0, items: [] });
    });

    it.each([
      ['pageSize=101', 'pageSize'],
      ['page=0', 'page'],
      ['status=archived', 'status'],
      ['organisationId=nope', 'organisationId'],
      ['sort=name', 'sort'],
    ])('refuses %s with a 400 naming the field', async (query, field) => {
      const res = await paged.agent.get(`${BASE}?${query}`);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    });
  });

  describe('state machine', () => {
    const status = async (id: string) => (await t.dataSource.query(`SELECT status FROM employer_needs WHERE id = $1`, [id]))[0].status as string;

    it('refuses to publish a draft without solutions or start window, naming what is missing', async () => {
      const draft = await create(employer, { solutions: undefined, startFrom: null, startUntil: null });
      const res = await post(employer, `${BASE}/${draft.id}/publish`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'employer_need.incomplete', detail: expect.stringContaining('complétez') });
      expect(fieldsOf(res.body)).toEqual(['solutions', 'startFrom', 'startUntil']);
      expect(await status(draft.id)).toBe('draft');
      // The schema holds the same rule, whatever the code path.
      await expect(t.dataSource.query(`UPDATE employer_needs SET status = 'published', published_at = now() WHERE id = $1`, [draft.id])).rejects.toThrow(
        /employer_needs_publishable/,
      );

      await patch(employer, draft.id, { solutions: ['immersion'], startFrom: inDays(0), startUntil: inDays(0) }).expect(200);
      expect((await post(employer, `${BASE}/${draft.id}/publish`)).status).toBe(200);
    });

    it('refuses to publish a need whose start window is over', async () => {
      const draft = await create(employer);
      await t.dataSource.query(`UPDATE employer_needs SET start_from = $2, start_until = $3 WHERE id = $1`, [draft.id, inDays(-30), inDays(-1)]);
      const res = await post(employer, `${BASE}/${draft.id}/publish`);
      expect(res.status).toBe(409);
      expect(res.body.errors).toEqual([{ field: 'startUntil', message: expect.stringContaining('terminée') }]);
      expect(await status(draft.id)).toBe('draft');
    });

    it('draft → published → closed, every other move a 409 that changes nothing', async () => {
      const need = await create(employer);
      await post(employer, `${BASE}/${need.id}/publish`).expect(200);

      let before = await snapshot();
      const again = await post(employer, `${BASE}/${need.id}/publish`);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'employer_need.invalid_transition', detail: 'Ce besoin est déjà publié.' });
      const cleared = await patch(employer, need.id, { startFrom: null, startUntil: null });
      expect(cleared.status).toBe(409);
      expect(cleared.body.code).toBe('employer_need.published_incomplete');
      expect(fieldsOf(cleared.body)).toEqual(['startFrom', 'startUntil']);
      expect(await snapshot()).toEqual(before);

      await post(employer, `${BASE}/${need.id}/close`).expect(200);
      before = await snapshot();
      const closeAgain = await post(employer, `${BASE}/${need.id}/close`);
      expect(closeAgain.status).toBe(409);
      expect(closeAgain.body).toMatchObject({ code: 'employer_need.invalid_transition', detail: 'Ce besoin est déjà clôturé.' });
      const republish = await post(employer, `${BASE}/${need.id}/publish`);
      expect(republish.status).toBe(409);
      expect(republish.body.detail).toMatch(/clôturé : il ne peut plus être publié/);
      const edit = await patch(employer, need.id, { positions: 7 });
      expect(edit.status).toBe(409);
      expect(edit.body.code).toBe('employer_need.closed');
      expect(await snapshot()).toEqual(before);
    });

    it('closes a draft directly', async () => {
      const draft = await create(employer);
      const res = await post(employer, `${BASE}/${draft.id}/close`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'closed', publishedAt: null });
    });
  });
});
