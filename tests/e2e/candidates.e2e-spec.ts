import request from 'supertest';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

type Signed = { agent: Agent; csrf: string; id: string; organisationId: string | null };
type Problem = { code: string; errors?: { field: string; message: string }[] };

const BASE = '/api/candidate-profiles';
const UNKNOWN_ID = '4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f';
const CODE_FORMAT = /^PSG-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$/;

const validProfile = (overrides: Record<string, unknown> = {}) => ({
  establishmentCode: 'CP POITIERS VIVONNE',
  ageBand: '26-35',
  releaseFrom: '2026-09-01',
  releaseUntil: '2026-12-31',
  adjustments: ['semi_liberte', 'placement_exterieur'],
  exitPermits: true,
  targetRomeCodes: ['F1606', 'F1703'],
  targetBasinCodes: ['7513', '7514'],
  mobility: { licences: ['B', 'CACES_R489'], hasVehicle: false, maxCommuteMinutes: 45 },
  languages: ['Français', 'Arabe'],
  skills: ['Pose de plaques de plâtre', 'Peinture intérieure'],
  experiences: [{ romeCode: 'F1606', sector: 'Bâtiment, second œuvre', months: 18 }],
  trainings: [{ title: 'CAP Peintre applicateur de revêtements', level: 3, status: 'in_progress', inDetention: true }],
  project: 'Devenir peintre en bâtiment, en CDI ou en intérim, après une période d’essai.',
  availability: 'Disponible à temps plein dès la sortie.',
  constraints: { avoidDepartments: ['16'], avoidRomeCodes: ['G1603'] },
  ...overrides,
});

describe('candidate profiles API, counsellor side (real PostgreSQL, Redis, Meilisearch)', () => {
  let t: TestApp;
  let partner: Organisation;
  let counsellor: Signed;
  let coordinator: Signed;
  let counsellorOther: Signed;
  let pendingCounsellor: Signed;
  let companyCounsellor: Signed;
  let employer: Signed;
  let admin: Signed;
  let otherProfileId: string;

  const signIn = async (role: Role, organisation?: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, organisationId: user.organisationId };
  };
  const post = (who: Signed, path: string, body?: object) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const patch = (who: Signed, id: string, body: object) => who.agent.patch(`${BASE}/${id}`).set('x-csrf-token', who.csrf).send(body);
  const create = async (who: Signed, overrides: Record<string, unknown> = {}) => {
    const res = await post(who, BASE, validProfile(overrides));
    if (res.status !== 201) throw new Error(`creation failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; code: string; status: string };
  };
  const consent = async (who: Signed, id: string) => {
    const res = await post(who, `${BASE}/${id}/consents`, { scope: 'publication', givenOn: '2025-01-15' });
    if (res.status !== 201) throw new Error(`consent failed: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const published = async (who: Signed, overrides: Record<string, unknown> = {}) => {
    const { id } = await create(who, overrides);
    await consent(who, id);
    const res = await post(who, `${BASE}/${id}/publish`);
    if (res.status !== 200) throw new Error(`publish failed: ${res.status} ${JSON.stringify(res.body)}`);
    return id;
  };
  /** Every profile and consent row, to prove that a refused request changed nothing. */
  const snapshot = async () => ({
    profiles: await t.dataSource.query(`SELECT * FROM candidate_profiles ORDER BY id`),
    consents: await t.dataSource.query(`SELECT * FROM candidate_consents ORDER BY id`),
    audit: await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`),
  });
  const auditOf = (id: string): Promise<{ action: string; actor_user_id: string; details: Record<string, unknown> }[]> =>
    t.dataSource.query(`SELECT action, actor_user_id, details FROM audit_events WHERE subject_type = 'candidate_profile' AND subject_id = $1 ORDER BY id`, [id]);
  const fieldsOf = (body: Problem) => [...new Set((body.errors ?? []).map((e) => e.field))];

  beforeAll(async () => {
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip });
    counsellor = await signIn(Role.Counsellor, partner);
    coordinator = await signIn(Role.Coordinator, partner);
    counsellorOther = await signIn(Role.Counsellor, await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale }));
    pendingCounsellor = await signIn(Role.Counsellor, await createOrganisation(t.dataSource, { kind: OrganisationKind.FranceTravail, status: OrganisationStatus.Pending }));
    companyCounsellor = await signIn(Role.Counsellor, await createOrganisation(t.dataSource, { kind: OrganisationKind.Company }));
    employer = await signIn(Role.Employer);
    admin = await signIn(Role.Admin);
    otherProfileId = (await create(counsellorOther)).id;
  });
  afterAll(() => t?.close());

  describe('happy path', () => {
    it('creates a draft, records consent, publishes, pauses, resumes, and revoking the consent pauses it again; every step audited', async () => {
      const created = await post(counsellor, BASE, validProfile());
      expect(created.status).toBe(201);
      expect(created.body.code).toMatch(CODE_FORMAT);
      expect(created.body).toMatchObject({
        ownerOrganisationId: partner.id,
        createdBy: counsellor.id,
        establishmentName: 'Centre pénitentiaire de Poitiers-Vivonne',
        ...validProfile(),
        experiences: [{ romeCode: 'F1606', sector: 'Bâtiment, second œuvre', months: 18 }],
        targetOccupations: [{ code: 'F1606', label: expect.any(String) }, { code: 'F1703', label: expect.any(String) }],
        targetBasins: [{ code: '7513', label: 'POITIERS' }, { code: '7514', label: 'CHATELLERAULT' }],
        status: 'draft',
        statusLabel: 'Brouillon',
        activeConsent: null,
        consents: [],
        piiOverride: null,
        publishedAt: null,
      });
      const id = created.body.id as string;
      const [row] = await t.dataSource.query(`SELECT owner_organisation_id, created_by, status, code FROM candidate_profiles WHERE id = $1`, [id]);
      expect(row).toEqual({ owner_organisation_id: partner.id, created_by: counsellor.id, status: 'draft', code: created.body.code });
      expect((await counsellor.agent.get(`${BASE}/${id}`).expect(200)).body).toEqual(created.body);
      expect((await counsellor.agent.get(`${BASE}/${id}/pii-check`).expect(200)).body).toEqual({ findings: [] });

      const consented = await post(counsellor, `${BASE}/${id}/consents`, { scope: 'publication', givenOn: '2025-01-15' });
      expect(consented.status).toBe(201);
      expect(consented.body.activeConsent).toMatchObject({ scope: 'publication', givenOn: '2025-01-15', recordedBy: counsellor.id, revokedAt: null });

      const publishedRes = await post(counsellor, `${BASE}/${id}/publish`);
      expect(publishedRes.status).toBe(200);
      expect(publishedRes.body).toMatchObject({ status: 'published', statusLabel: 'Publié', piiOverride: null });
      expect(publishedRes.body.publishedAt).toEqual(expect.any(String));

      expect((await post(counsellor, `${BASE}/${id}/pause`)).body.status).toBe('paused');
      // A coordinator of the same organisation manages the same profiles.
      expect((await post(coordinator, `${BASE}/${id}/resume`)).body.status).toBe('published');

      const revoked = await post(counsellor, `${BASE}/${id}/consents/revoke`);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ status: 'paused', activeConsent: null });
      expect(revoked.body.consents).toEqual([expect.objectContaining({ scope: 'publication', revokedBy: counsellor.id, revokedAt: expect.any(String) })]);
      // Without consent it cannot come back.
      expect((await post(counsellor, `${BASE}/${id}/resume`)).body.code).toBe('candidate_profile.consent_missing');

      const audit = await auditOf(id);
      expect(audit.map((e) => e.action)).toEqual([
        'profile.created',
        'consent.recorded',
        'profile.published',
        'profile.paused',
        'profile.resumed',
        'consent.revoked',
        'profile.paused',
      ]);
      expect(audit.map((e) => e.actor_user_id)).toEqual([counsellor.id, counsellor.id, counsellor.id, counsellor.id, coordinator.id, counsellor.id, counsellor.id]);
      expect(audit[0].details).toEqual({ code: created.body.code, organisationId: partner.id });
      expect(audit[2].details).toEqual({ from: 'draft', override: false, findingKinds: [] });
      expect(audit[6].details).toEqual({ cause: 'consent_revoked', consentId: consented.body.activeConsent.id });
      // The trail holds ids and codes only, never the profile's text.
      expect(JSON.stringify(audit)).not.toMatch(/peintre|plâtre|Disponible/i);
    });

    it('audits an edit with the changed field names only, and an edit that changes nothing not at all', async () => {
      const { id } = await create(counsellor);
      const edited = await patch(coordinator, id, { ageBand: '36-45', skills: ['Peinture intérieure'], project: '   ', mobility: { licences: ['B'] } });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ ageBand: '36-45', skills: ['Peinture intérieure'], project: null, mobility: { licences: ['B'], hasVehicle: null, maxCommuteMinutes: null } });
      expect((await patch(counsellor, id, { ageBand: '36-45', experiences: validProfile().experiences })).status).toBe(200);
      const audit = await auditOf(id);
      expect(audit.map((e) => e.action)).toEqual(['profile.created', 'profile.updated']);
      expect(audit[1]).toMatchObject({ actor_user_id: coordinator.id, details: { fields: ['ageBand', 'mobility', 'skills', 'project'] } });
    });
  });

  describe('PII guard', () => {
    const leaky = {
      project: 'Kevin veut devenir peintre. Joignable au 06 12 34 56 78.',
      skills: ['Peinture intérieure', 'Contact : kevin.durand@example.org'],
      trainings: [{ title: 'CAP obtenu au Centre pénitentiaire de Poitiers-Vivonne', level: 3, status: 'obtained', inDetention: true }],
    };

    it('lists findings with field, span, excerpt, kind and reason, and refuses to publish until overridden with a justification', async () => {
      const { id } = await create(counsellor, leaky);
      const check = await counsellor.agent.get(`${BASE}/${id}/pii-check`);
      expect(check.status).toBe(200);
      const findings = check.body.findings as { field: string; kind: string; start: number; end: number; excerpt: string; message: string }[];
      expect(findings.map((f) => [f.field, f.kind])).toEqual(
        expect.arrayContaining([
          ['project', 'first_name'],
          ['project', 'phone'],
          ['skills.1', 'email'],
          ['trainings.0.title', 'establishment'],
        ]),
      );
      for (const finding of findings) {
        const text = finding.field === 'project' ? leaky.project : finding.field === 'skills.1' ? leaky.skills[1] : leaky.trainings[0].title;
        expect(text.slice(finding.start, finding.end)).toBe(finding.excerpt);
        expect(finding.message).toMatch(/[a-zé]/);
      }
      expect(findings.find((f) => f.kind === 'phone')?.excerpt).toBe('06 12 34 56 78');

      await consent(counsellor, id);
      const before = await snapshot();
      const refused = await post(counsellor, `${BASE}/${id}/publish`);
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.code).toBe('candidate_profile.pii_found');
      expect(refused.body.errors).toEqual(findings);
      expect(await snapshot()).toEqual(before);

      const tooShort = await post(counsellor, `${BASE}/${id}/publish`, { overrideJustification: 'trop court' });
      expect(tooShort.status).toBe(400);
      expect(fieldsOf(tooShort.body)).toEqual(['overrideJustification']);
      expect(await snapshot()).toEqual(before);

      const justification = 'Numéro du standard de la Mission Locale, validé avec la personne.';
      const overridden = await post(counsellor, `${BASE}/${id}/publish`, { overrideJustification: justification });
      expect(overridden.status).toBe(200);
      expect(overridden.body.status).toBe('published');
      expect(overridden.body.piiOverride).toEqual({ justification, by: counsellor.id, at: expect.any(String) });
      const [event] = (await auditOf(id)).filter((e) => e.action === 'profile.published');
      expect(event.details).toEqual({ from: 'draft', override: true, findingKinds: expect.arrayContaining(['phone', 'email', 'establishment', 'first_name']) });
      expect(JSON.stringify(event.details)).not.toContain('standard');

      // Editing the published text runs the guard again, without an override.
      const before2 = await snapshot();
      const edit = await patch(counsellor, id, { availability: 'Appeler le 01 23 45 67 89.' });
      expect(edit.status).toBe(422);
      expect(edit.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'availability', kind: 'phone' })]));
      expect(await snapshot()).toEqual(before2);

      // Resuming after a pause needs the justification again.
      await post(counsellor, `${BASE}/${id}/pause`).expect(200);
      expect((await post(counsellor, `${BASE}/${id}/resume`)).status).toBe(422);
      const resumed = await post(counsellor, `${BASE}/${id}/resume`, { overrideJustification: justification });
      expect(resumed.status).toBe(200);
      expect((await auditOf(id)).filter((e) => e.action === 'profile.resumed')[0].details).toMatchObject({ override: true });
    });

    it('publishes clean text without an override and clears none that was never set', async () => {
      const id = await published(counsellor, { project: 'Projet : CAP peintre, puis CDI dans le second œuvre.' });
      const [row] = await t.dataSource.query(`SELECT status, pii_override FROM candidate_profiles WHERE id = $1`, [id]);
      expect(row).toEqual({ status: 'published', pii_override: null });
    });
  });

  describe('publishing requirements', () => {
    it('refuses without consent, then names every missing field', async () => {
      const { id } = await create(counsellor, { targetRomeCodes: [], targetBasinCodes: [], releaseFrom: null, releaseUntil: null });
      const noConsent = await post(counsellor, `${BASE}/${id}/publish`);
      expect(noConsent.status).toBe(409);
      expect(noConsent.body.code).toBe('candidate_profile.consent_missing');
      await consent(counsellor, id);
      const incomplete = await post(counsellor, `${BASE}/${id}/publish`);
      expect(incomplete.status).toBe(409);
      expect(incomplete.body.code).toBe('candidate_profile.incomplete');
      expect(fieldsOf(incomplete.body)).toEqual(['targetRomeCodes', 'targetBasinCodes', 'releaseFrom', 'releaseUntil']);
      expect((await counsellor.agent.get(`${BASE}/${id}`)).body.status).toBe('draft');
    });

    it('keeps a published profile complete', async () => {
      const id = await published(counsellor);
      const res = await patch(counsellor, id, { targetBasinCodes: [] });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('candidate_profile.published_incomplete');
      expect(fieldsOf(res.body)).toEqual(['targetBasinCodes']);
    });
  });

  describe('validation: a 400 naming the field, and nothing changes', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create(counsellor)).id;
    });

    it.each([
      ['unknown ROME code', { targetRomeCodes: ['F1606', 'F9999'] }, 'targetRomeCodes', /F9999/],
      ['malformed ROME code', { targetRomeCodes: ['F16'] }, 'targetRomeCodes', /code ROME invalide/],
      ['unknown basin', { targetBasinCodes: ['9999'] }, 'targetBasinCodes', /bassin d’emploi inconnu « 9999 »/],
      ['unknown establishment', { establishmentCode: 'MA NULLE PART' }, 'establishmentCode', /Établissement inconnu/],
      ['inverted release window', { releaseFrom: '2026-12-31', releaseUntil: '2026-09-01' }, 'releaseUntil', /précède/],
      ['impossible date', { releaseFrom: '2026-02-30' }, 'releaseFrom', /AAAA-MM-JJ/],
      ['too many target occupations', { targetRomeCodes: ['F1602', 'F1603', 'F1606', 'F1608', 'F1701', 'F1703'] }, 'targetRomeCodes', /au plus 5 \(6 reçus\)/],
      ['duplicated target basin', { targetBasinCodes: ['7513', '7513'] }, 'targetBasinCodes', /qu’une fois/],
      ['oversized project', { project: 'x'.repeat(3001) }, 'project', /au plus 3000 caractères \(3001 reçus\)/],
      ['oversized availability', { availability: 'x'.repeat(301) }, 'availability', /au plus 300/],
      ['oversized skill', { skills: ['x'.repeat(81)] }, 'skills', /au plus 80 caractères/],
      ['too many skills', { skills: Array.from({ length: 31 }, (_, i) => `Compétence ${i}`) }, 'skills', /au plus 30/],
      ['unknown adjustment', { adjustments: ['bracelet'] }, 'adjustments', /Aménagement de peine inconnu/],
      ['unknown licence', { mobility: { licences: ['Z'] } }, 'mobility.licences', /Permis : valeur inconnue/],
      ['unknown age band', { ageBand: '30-40' }, 'ageBand', /Tranche d’âge inconnue/],
      ['employer name in an experience', { experiences: [{ sector: 'BTP', months: 6, employerName: 'Dupont SA' }] }, 'experiences.0.employerName', /non autorisé/],
      ['unknown occupation in an experience', { experiences: [{ romeCode: 'F9999', sector: 'BTP', months: 6 }] }, 'experiences.0.romeCode', /F9999/],
      ['training level out of range', { trainings: [{ title: 'Master', level: 9, status: 'obtained', inDetention: false }] }, 'trainings.0.level', /niveau/],
      ['reason attached to a constraint', { constraints: { avoidDepartments: ['86'], avoidRomeCodes: [], reason: 'victime' } }, 'constraints.reason', /non autorisé/],
      ['code set by the client', { code: 'PSG-AAAA' }, 'code', /non autorisé/],
      ['status set by the client', { status: 'published' }, 'status', /non autorisé/],
      ['owner set by the client', { ownerOrganisationId: UNKNOWN_ID }, 'ownerOrganisationId', /non autorisé/],
      ['author set by the client', { createdBy: UNKNOWN_ID }, 'createdBy', /non autorisé/],
      ['override set by the client', { piiOverride: { justification: 'x', by: UNKNOWN_ID, at: '2025-01-01' } }, 'piiOverride', /non autorisé/],
    ])('%s', async (_label, body, field, message) => {
      const before = await snapshot();
      for (const res of [await post(counsellor, BASE, validProfile(body)), await patch(counsellor, id, body)]) {
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation.failed');
        expect(fieldsOf(res.body)).toEqual([field]);
        expect(res.body.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(message);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a consent dated in the future, an unknown scope and a malformed id', async () => {
      const before = await snapshot();
      const future = await post(counsellor, `${BASE}/${id}/consents`, { scope: 'publication', givenOn: '2999-01-01' });
      expect([future.status, fieldsOf(future.body)]).toEqual([400, ['givenOn']]);
      const scope = await post(counsellor, `${BASE}/${id}/consents`, { scope: 'marketing', givenOn: '2025-01-01' });
      expect([scope.status, fieldsOf(scope.body)]).toEqual([400, ['scope']]);
      const badId = await counsellor.agent.get(`${BASE}/not-a-uuid`);
      expect([badId.status, fieldsOf(badId.body)]).toEqual([400, ['id']]);
      const pauseBody = await post(counsellor, `${BASE}/${id}/pause`, { status: 'paused' });
      expect([pauseBody.status, fieldsOf(pauseBody.body)]).toEqual([400, ['status']]);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('authorisation', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create(counsellor)).id;
      await consent(counsellor, id);
    });

    const objectRoutes = (profileId: string): [string, string, object?][] => [
      ['get', `${BASE}/${profileId}`],
      ['get', `${BASE}/${profileId}/pii-check`],
      ['patch', `${BASE}/${profileId}`, { ageBand: '18-25' }],
      ['post', `${BASE}/${profileId}/consents`, { scope: 'publication', givenOn: '2025-01-01' }],
      ['post', `${BASE}/${profileId}/consents/revoke`, {}],
      ['post', `${BASE}/${profileId}/publish`, {}],
      ['post', `${BASE}/${profileId}/pause`, {}],
      ['post', `${BASE}/${profileId}/resume`, {}],
      ['post', `${BASE}/${profileId}/placed`, {}],
      ['post', `${BASE}/${profileId}/archive`, {}],
    ];
    const call = (who: Signed | null, [method, path, body]: [string, string, object?]) => {
      if (!who) return (request(t.server) as unknown as Record<string, (p: string) => request.Test>)[method](path).send(body);
      return (who.agent as unknown as Record<string, (p: string) => request.Test>)[method](path).set('x-csrf-token', who.csrf).send(body);
    };
    const allRoutes = (profileId: string): [string, string, object?][] => [['get', BASE], ['post', BASE, validProfile()], ...objectRoutes(profileId)];

    it('a counsellor of another organisation gets 404 on every object route, and does not see the profile in the list', async () => {
      const before = await snapshot();
      for (const route of objectRoutes(id)) {
        const res = await call(counsellorOther, route);
        expect([route[1], res.status, res.body.code]).toEqual([route[1], 404, 'candidate_profile.not_found']);
      }
      const list = await counsellorOther.agent.get(BASE).expect(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([otherProfileId]);
      expect(await snapshot()).toEqual(before);
      // Same answer as for a profile that does not exist.
      expect((await counsellor.agent.get(`${BASE}/${UNKNOWN_ID}`)).status).toBe(404);
    });

    it('anonymous callers get 401, employers 403, members of a pending or non-partner organisation 403 — before their body is read', async () => {
      const before = await snapshot();
      for (const route of allRoutes(id)) {
        expect([route[1], (await call(null, route)).status]).toEqual([route[1], 401]);
        expect([route[1], (await call(employer, route)).status]).toEqual([route[1], 403]);
        const pending = await call(pendingCounsellor, route);
        expect([route[1], pending.status, pending.body.code]).toEqual([route[1], 403, 'candidate_profile.organisation_inactive']);
        const company = await call(companyCounsellor, route);
        expect([route[1], company.status, company.body.code]).toEqual([route[1], 403, 'candidate_profile.not_partner_organisation']);
      }
      // An invalid body still gets the 403, not a 400 that would reveal the form.
      expect((await post(pendingCounsellor, BASE, { code: 'PSG-AAAA' })).status).toBe(403);
      expect(await snapshot()).toEqual(before);
    });

    it('admins read every organisation’s profiles but change none', async () => {
      const list = await admin.agent.get(`${BASE}?pageSize=100`).expect(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([id, otherProfileId]));
      expect((await admin.agent.get(`${BASE}/${otherProfileId}`)).status).toBe(200);
      expect((await admin.agent.get(`${BASE}/${id}/pii-check`)).status).toBe(200);
      const before = await snapshot();
      for (const route of [['post', BASE, validProfile()] as [string, string, object], ...objectRoutes(id).filter(([method]) => method !== 'get')]) {
        expect([route[1], (await call(admin, route)).status]).toEqual([route[1], 403]);
      }
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('caseload list', () => {
    let caseworker: Signed;
    let prison: Organisation;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      prison = await createOrganisation(t.dataSource, { kind: OrganisationKind.Prison });
      caseworker = await signIn(Role.Counsellor, prison);
      ids.a = (await create(caseworker, { targetRomeCodes: ['F1606'], targetBasinCodes: ['7513'] })).id;
      ids.b = (await create(caseworker, { targetRomeCodes: ['F1703', 'F1606'], targetBasinCodes: ['7514'] })).id;
      ids.c = await published(caseworker, { targetRomeCodes: ['G1603'], targetBasinCodes: ['7513', '7514'] });
    });

    it('pages through the organisation’s profiles, most recently changed first, without free text', async () => {
      const first = await caseworker.agent.get(`${BASE}?pageSize=2`).expect(200);
      expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 3, totalPages: 2 });
      expect(first.body.items.map((p: { id: string }) => p.id)).toEqual([ids.c, ids.b]);
      expect(first.body.items[0]).toEqual({
        id: ids.c,
        code: expect.stringMatching(CODE_FORMAT),
        status: 'published',
        statusLabel: 'Publié',
        ageBand: '26-35',
        releaseFrom: '2026-09-01',
        releaseUntil: '2026-12-31',
        targetRomeCodes: ['G1603'],
        targetBasinCodes: ['7513', '7514'],
        establishmentCode: 'CP POITIERS VIVONNE',
        hasActiveConsent: true,
        ownerOrganisationId: prison.id,
        ownerOrganisationName: prison.name,
        updatedAt: expect.any(String),
      });
      const second = await caseworker.agent.get(`${BASE}?pageSize=2&page=2`).expect(200);
      expect(second.body.items.map((p: { id: string }) => p.id)).toEqual([ids.a]);
      const beyond = await caseworker.agent.get(`${BASE}?pageSize=2&page=3`).expect(200);
      expect(beyond.body).toMatchObject({ items: [], total: 3 });
    });

    it.each([
      ['basin=7514', ['c', 'b']],
      ['rome=f1606', ['b', 'a']],
      ['status=published', ['c']],
      ['status=draft&basin=7513', ['a']],
      ['status=archived', []],
    ])('filters by %s', async (query, expected) => {
      const res = await caseworker.agent.get(`${BASE}?${query}`).expect(200);
      expect(res.body.items.map((p: { id: string }) => p.id)).toEqual(expected.map((k) => ids[k]));
      expect(res.body.total).toBe(expected.length);
    });

    it.each([
      ['status=lost', 'status'],
      ['basin=ABC', 'basin'],
      ['rome=F16', 'rome'],
      ['pageSize=101', 'pageSize'],
    ])('refuses %s', async (query, field) => {
      const res = await caseworker.agent.get(`${BASE}?${query}`);
      expect([res.status, fieldsOf(res.body)]).toEqual([400, [field]]);
    });
  });

  describe('state machine', () => {
    it.each([
      ['pause', 'draft'],
      ['resume', 'draft'],
      ['placed', 'draft'],
    ])('refuses to %s a %s profile', async (action, _status) => {
      const { id } = await create(counsellor);
      const res = await post(counsellor, `${BASE}/${id}/${action}`);
      expect([res.status, res.body.code]).toEqual([409, 'candidate_profile.invalid_transition']);
      expect((await auditOf(id)).map((e) => e.action)).toEqual(['profile.created']);
    });

    it('walks published → placed → archived, and refuses what comes after', async () => {
      const id = await published(counsellor);
      expect((await post(counsellor, `${BASE}/${id}/publish`)).status).toBe(409);
      expect((await post(counsellor, `${BASE}/${id}/resume`)).status).toBe(409);
      expect((await post(counsellor, `${BASE}/${id}/placed`)).body.status).toBe('placed');
      for (const action of ['publish', 'pause', 'resume', 'placed']) {
        expect([action, (await post(counsellor, `${BASE}/${id}/${action}`)).status]).toEqual([action, 409]);
      }
      const edit = await patch(counsellor, id, { ageBand: '18-25' });
      expect([edit.status, edit.body.code]).toEqual([409, 'candidate_profile.not_editable']);
      expect((await post(counsellor, `${BASE}/${id}/archive`)).body.status).toBe('archived');
      expect((await post(counsellor, `${BASE}/${id}/archive`)).status).toBe(409);
      // The consent can always be revoked, even on an archived profile; none can be recorded any more.
      expect((await post(counsellor, `${BASE}/${id}/consents/revoke`)).status).toBe(200);
      const lateConsent = await post(counsellor, `${BASE}/${id}/consents`, { scope: 'publication', givenOn: '2025-02-01' });
      expect([lateConsent.status, lateConsent.body.code]).toEqual([409, 'candidate_profile.archived']);
      expect((await auditOf(id)).map((e) => e.action)).toEqual([
        'profile.created',
        'consent.recorded',
        'profile.published',
        'profile.placed',
        'profile.archived',
        'consent.revoked',
      ]);
    });

    it('archives a draft, refuses a second consent and a revocation without consent', async () => {
      const { id } = await create(counsellor);
      const revoke = await post(counsellor, `${BASE}/${id}/consents/revoke`);
      expect([revoke.status, revoke.body.code]).toEqual([409, 'candidate_profile.no_active_consent']);
      await consent(counsellor, id);
      const second = await post(counsellor, `${BASE}/${id}/consents`, { scope: 'publication', givenOn: '2025-01-16' });
      expect([second.status, second.body.code]).toEqual([409, 'candidate_profile.consent_active']);
      expect((await post(counsellor, `${BASE}/${id}/archive`)).body.status).toBe('archived');
    });
  });

  it('stores what SQL can check even if a code path forgot it', async () => {
    const { id } = await create(counsellor);
    await expect(t.dataSource.query(`UPDATE candidate_profiles SET status = 'published', target_rome_codes = '{}' WHERE id = $1`, [id])).rejects.toThrow(/candidate_profiles_publishable/);
    await expect(t.dataSource.query(`UPDATE candidate_profiles SET skills = ARRAY[repeat('x', 81)] WHERE id = $1`, [id])).rejects.toThrow(/check/);
    await expect(t.dataSource.query(`UPDATE candidate_profiles SET adjustments = '{bracelet}' WHERE id = $1`, [id])).rejects.toThrow(/check/);
    await expect(t.dataSource.query(`UPDATE candidate_profiles SET code = 'PSG-0O1I' WHERE id = $1`, [id])).rejects.toThrow(/check/);
  });
});
