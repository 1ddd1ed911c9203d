import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { JobName, QueueName } from '../../src/infra/jobs/job-names';
import { JobsService } from '../../src/infra/jobs/jobs.service';
import { SearchService } from '../../src/infra/search/search.service';
import { EMPLOYER_PROFILE_KEYS } from '../../src/modules/candidates/employer-view.mapper';
import { ProfileRetentionService } from '../../src/modules/candidates/profile-retention.service';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { ProfileDocument } from '../../src/modules/profile-search/profile-document';
import { ProfileIndexService } from '../../src/modules/profile-search/profile-index.service';
import { PROFILE_INDEX, PROFILE_SEARCHABLE_ATTRIBUTES } from '../../src/modules/profile-search/profile-search-index';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { DERIVED_KEYS, FORBIDDEN_KEYS } from '../support/profile-documents';

jest.setTimeout(120_000);

type Signed = { agent: Agent; csrf: string; id: string; organisationId: string | null };
type Profile = { id: string; code: string };
type Doc = ProfileDocument & Record<string, unknown>;

const PROFILES = '/api/candidate-profiles';

const profileBody = (overrides: Record<string, unknown> = {}) => ({
  establishmentCode: 'CP POITIERS VIVONNE',
  ageBand: '26-35',
  releaseFrom: '2027-03-10',
  releaseUntil: '2027-05-20',
  adjustments: ['semi_liberte'],
  exitPermits: true,
  soughtSolutions: ['job', 'immersion'],
  targetRomeCodes: ['F1606', 'F1703'],
  targetBasinCodes: ['7513', '7514'],
  mobility: { licences: ['B', 'CACES_R489'], hasVehicle: false, maxCommuteMinutes: 45 },
  languages: ['Français', 'arabe'],
  skills: ['Pose de plaques de plâtre', 'Peinture intérieure'],
  experiences: [{ romeCode: 'F1606', sector: 'Second œuvre du bâtiment', months: 18 }],
  trainings: [
    { title: 'CAP Peintre applicateur de revêtements', level: 3, status: 'obtained', inDetention: true },
    { title: 'Titre professionnel Maçon', level: 4, status: 'in_progress', inDetention: true },
  ],
  project: 'Devenir peintre en bâtiment, en CDI ou en intérim.',
  availability: 'Disponible à temps plein dès la sortie.',
  constraints: { avoidDepartments: ['16'], avoidRomeCodes: ['G1603'] },
  ...overrides,
});

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      keysOf(inner, into);
    }
  }
  return into;
}


describe('profile search index kept in sync through the outbox (real PostgreSQL, Redis, Meilisearch, worker in-process)', () => {
  let t: TestApp;
  let search: SearchService;
  let index: ProfileIndexService;
  let partner: Organisation;
  let counsellor: Signed;
  let employer: Signed;

  const signIn = async (role: Role, organisation: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, organisationId: organisation.id });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, organisationId: user.organisationId };
  };
  const post = (path: string, body: object = {}) => counsellor.agent.post(path).set('x-csrf-token', counsellor.csrf).send(body);
  const act = async (profile: Profile, action: string, body: object = {}, expected = 200) => {
    const res = await post(`${PROFILES}/${profile.id}/${action}`, body);
    if (res.status !== expected) throw new Error(`${action} of ${profile.code} answered ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const patch = async (profile: Profile, body: object) => {
    const res = await counsellor.agent.patch(`${PROFILES}/${profile.id}`).set('x-csrf-token', counsellor.csrf).send(body);
    if (res.status !== 200) throw new Error(`update of ${profile.code} answered ${res.status} ${JSON.stringify(res.body)}`);
  };
  const create = async (overrides: Record<string, unknown> = {}): Promise<Profile> => {
    const res = await post(PROFILES, profileBody(overrides));
    if (res.status !== 201) throw new Error(`creation failed: ${res.status} ${JSON.stringify(res.body)}`);
    const profile = { id: res.body.id as string, code: res.body.code as string };
    await act(profile, 'consents', { scope: 'publication', givenOn: '2025-01-15' }, 201);
    return profile;
  };
  const publish = async (overrides: Record<string, unknown> = {}): Promise<Profile> => {
    const profile = await create(overrides);
    await act(profile, 'publish');
    return profile;
  };

  /** The whole document of a code, as Meilisearch stores it, or null. */
  const documentOf = async (code: string): Promise<Doc | null> => {
    for await (const page of search.scan<Record<string, unknown>>(PROFILE_INDEX, ['*'])) {
      const found = page.find((d) => d.code === code);
      if (found) return found as Doc;
    }
    return null;
  };
  const indexedCodes = async (): Promise<string[]> => {
    const codes: string[] = [];
    for await (const page of search.scan<{ code: string }>(PROFILE_INDEX, ['code'])) codes.push(...page.map((d) => d.code));
    return codes.sort();
  };
  const present = (profile: Profile) => waitFor(`document of ${profile.code}`, () => documentOf(profile.code));
  const absent = (profile: Profile) => waitFor(`removal of ${profile.code}`, async () => (await documentOf(profile.code)) === null);
  const versionOf = async (profile: Profile): Promise<number> =>
    ((await t.dataSource.query(`SELECT updated_at FROM candidate_profiles WHERE id = $1`, [profile.id]))[0].updated_at as Date).getTime();
  const visibleCodes = async (): Promise<string[]> =>
    (
      await t.dataSource.query(
        `SELECT p.code FROM candidate_profiles p WHERE p.status = 'published'
            AND EXISTS (SELECT 1 FROM candidate_consents c WHERE c.profile_id = p.id AND c.scope = 'publication' AND c.revoked_at IS NULL)
          ORDER BY p.code`,
      )
    ).map((r: { code: string }) => r.code);
  const indexOrders = (where: string, param: string): Promise<{ payload: Record<string, unknown>; dispatched: boolean }[]> =>
    t.dataSource.query(
      `SELECT payload, dispatched_at IS NOT NULL AS dispatched FROM outbox_messages WHERE job_name = $1 AND ${where} ORDER BY id`,
      [JobName.SyncProfileIndex, param],
    );
  /** Every index order relayed and every index job finished (none waiting, running or waiting for a retry). */
  const drained = () =>
    waitFor('the profile-index outbox and queue to drain', async () => {
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE job_name = $1 AND dispatched_at IS NULL`, [
        JobName.SyncProfileIndex,
      ]);
      if (n > 0) return false;
      const counts = await t.worker!.get(JobsService).queue(QueueName.ProfileIndex).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused');
      return Object.values(counts).every((c) => c === 0);
    });
  const failedJobs = () => t.worker!.get(JobsService).queue(QueueName.ProfileIndex).getJobCountByTypes('failed');

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    await seedReferenceData(t.app.get(ImportRunner));
    search = t.app.get(SearchService);
    index = t.worker!.get(ProfileIndexService);
    partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip });
    counsellor = await signIn(Role.Counsellor, partner);
    employer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { kind: OrganisationKind.Company }));
  });
  afterAll(() => t?.close());

  it('indexes a published profile as exactly its employer view plus the derived fields, with nothing internal anywhere in it', async () => {
    const profile = await publish();
    const doc = await present(profile);

    expect(Object.keys(doc).sort()).toEqual([...EMPLOYER_PROFILE_KEYS, ...DERIVED_KEYS].sort());
    // The employer-view part is what an employer reads through the API, field for field.
    const view = (await employer.agent.get(`/api/profiles/${profile.code}`).expect(200)).body;
    expect(Object.fromEntries(EMPLOYER_PROFILE_KEYS.map((k) => [k, doc[k]]))).toEqual(view);

    const appellations: string[] = (
      await t.dataSource.query(`SELECT label FROM rome_appellations WHERE rome_code IN ('F1606', 'F1703') AND NOT rarely_used`)
    ).map((r: { label: string }) => r.label);
    expect(appellations).toEqual(expect.arrayContaining(['Peintre en bâtiment', 'Chapiste']));
    expect({ ...doc, occupationTitles: [...doc.occupationTitles].sort() }).toMatchObject({
      code: profile.code,
      releaseSemester: '2027-S1',
      romeCodes: ['F1606', 'F1703'],
      romeDomains: ['F16', 'F17'],
      romeGrandDomains: ['F'],
      occupationTitles: [...appellations].sort(),
      basinCodes: ['7513', '7514'],
      departmentCodes: ['86'],
      regionCodes: ['75'],
      releaseStart: 2027 * 2,
      releaseEnd: 2027 * 2,
      adjustmentPossible: true,
      adjustmentKinds: ['semi_liberte'],
      licences: ['B', 'CACES_R489'],
      languageKeys: ['Français', 'Arabe'],
      certificationLevels: [3],
      solutionCodes: ['job', 'immersion'],
      version: await versionOf(profile),
    });

    const keys = keysOf(doc);
    for (const key of FORBIDDEN_KEYS) expect({ key, present: keys.has(key) }).toEqual({ key, present: false });
    expect([...keys].filter((k) => /establishment|owner|consent|detention|pii/i.test(k))).toEqual([]);
    const json = JSON.stringify(doc);
    for (const secret of ['CP POITIERS VIVONNE', 'Poitiers-Vivonne', '2027-03-10', '2027-05-20', '10/03/2027', '20/05/2027', '2025-01-15', 'Second œuvre', 'G1603']) {
      expect({ secret, found: json.includes(secret) }).toEqual({ secret, found: false });
    }
    expect(json.toLowerCase()).not.toContain('vivonne');
    for (const id of [profile.id, partner.id, counsellor.id]) expect(json).not.toContain(id);
  });

  it('follows an edit of a published profile (project, version), and a job title of its occupation finds it, typo included', async () => {
    const profile = await publish();
    // Aims at the warehouse only: "chapiste" must not find it.
    const control = await publish({ targetRomeCodes: ['N1103'], targetBasinCodes: ['2817'], skills: ['Préparation de commandes'], trainings: [], project: 'Travailler en entrepôt.' });
    const before = await present(profile);
    await present(control);

    const project = 'Devenir chef d’équipe en rénovation intérieure, après une période d’essai.';
    await patch(profile, { project });
    const after = await waitFor('the edited project in the index', async () => {
      const doc = await documentOf(profile.code);
      return doc?.project === project ? doc : null;
    });
    expect(after.version).toBe(await versionOf(profile));
    expect(after.version).toBeGreaterThan(before.version);

    // "Chapiste" is an appellation of F1703 only: nothing in the profile's own text says it.
    expect((await t.dataSource.query(`SELECT rome_code FROM rome_appellations WHERE label = 'Chapiste'`)).map((r: { rome_code: string }) => r.rome_code)).toEqual(['F1703']);
    expect(JSON.stringify(Object.fromEntries(EMPLOYER_PROFILE_KEYS.map((k) => [k, after[k]]))).toLowerCase()).not.toContain('chapiste');
    for (const query of ['chapiste', 'chapizte']) {
      const hits = (await search.search<Doc>(PROFILE_INDEX, query, { limit: 50 })).hits;
      const codes = hits.map((h) => h.code);
      expect({ query, found: codes.includes(profile.code) }).toEqual({ query, found: true });
      expect(codes).not.toContain(control.code);
      for (const hit of hits) expect(hit.romeCodes).toContain('F1703');
    }
    // The new project text is searchable too.
    expect((await search.search<Doc>(PROFILE_INDEX, 'rénovation')).hits.map((h) => h.code)).toContain(profile.code);
  });

  it('removes and restores the document on pause, resume, consent revoked, placed, archived (by hand and by retention) and erasure', async () => {
    const toggled = await publish();
    await present(toggled);
    await act(toggled, 'pause');
    await absent(toggled);
    await act(toggled, 'resume');
    await present(toggled);
    expect((await act(toggled, 'consents/revoke', { scope: 'publication' })).body.status).toBe('paused');
    await absent(toggled);

    const placed = await publish();
    await present(placed);
    await act(placed, 'placed');
    await absent(placed);

    const archived = await publish();
    await present(archived);
    await act(archived, 'archive');
    await absent(archived);

    // Retention archives a profile a year after its release window ended: pretend that window is long past.
    const retained = await publish();
    await present(retained);
    await t.dataSource.query(`UPDATE candidate_profiles SET release_from = '2025-01-10', release_until = '2025-03-10' WHERE id = $1`, [retained.id]);
    expect(await t.worker!.get(ProfileRetentionService).sweep()).toEqual({ archived: 1, erased: 0 });
    await absent(retained);

    const erased = await publish();
    await present(erased);
    const res = await post(`${PROFILES}/${erased.id}/erase`, { confirmCode: erased.code });
    expect(res.status).toBe(204);
    expect(await t.dataSource.query(`SELECT id FROM candidate_profiles WHERE id = $1`, [erased.id])).toEqual([]);
    // Only the pseudonymous code is left to find the document by.
    expect((await indexOrders(`payload->>'code' = $2`, erased.code)).map((o) => o.payload)).toEqual([{ code: erased.code }]);
    await absent(erased);

    const statuses = await t.dataSource.query(`SELECT id, status FROM candidate_profiles WHERE id = ANY($1::uuid[])`, [[toggled.id, placed.id, archived.id, retained.id]]);
    expect(Object.fromEntries(statuses.map((r: { id: string; status: string }) => [r.id, r.status]))).toEqual({
      [toggled.id]: 'paused',
      [placed.id]: 'placed',
      [archived.id]: 'archived',
      [retained.id]: 'archived',
    });
  });

  it('converges on the last state after rapid successive changes, once the outbox is drained', async () => {
    const flapping = await create();
    const edited = await create();
    const lastProject = 'Devenir poseur de revêtements, dernière version du projet.';
    await Promise.all([
      (async () => {
        for (const action of ['publish', 'pause', 'resume', 'pause']) await act(flapping, action);
      })(),
      (async () => {
        for (const action of ['publish', 'pause', 'resume']) await act(edited, action);
        await patch(edited, { project: lastProject });
      })(),
    ]);
    await drained();

    expect(await indexOrders(`payload->>'profileId' = $2`, flapping.id)).toHaveLength(4);
    expect((await indexOrders(`payload->>'profileId' = $2`, edited.id)).every((o) => o.dispatched)).toBe(true);
    expect(await documentOf(flapping.code)).toBeNull();
    expect(await documentOf(edited.code)).toMatchObject({ project: lastProject, version: await versionOf(edited) });
    expect(await failedJobs()).toBe(0);
  });

  it('check() finds missing, stale and outdated documents after tampering, check(true) repairs them, and a second check is clean', async () => {
    const [deleted, outdated] = [await publish(), await publish({ targetRomeCodes: ['N1103'], targetBasinCodes: ['2817'] })];
    const draft = await create();
    await drained();
    expect(await index.check()).toMatchObject({ missing: [], stale: [], outdated: [] });

    const deletedDoc = (await documentOf(deleted.code))!;
    const outdatedDoc = (await documentOf(outdated.code))!;
    await search.remove(PROFILE_INDEX, [deleted.code]);
    await search.upsert(PROFILE_INDEX, [{ ...outdatedDoc, code: draft.code }]);
    await search.upsert(PROFILE_INDEX, [{ ...outdatedDoc, version: outdatedDoc.version - 60_000 }]);

    const expected = await visibleCodes();
    const report = await index.check(false);
    expect(report).toEqual({
      databaseCount: expected.length,
      indexCount: expected.length,
      missing: [deleted.code],
      stale: [draft.code],
      outdated: [outdated.code],
      repaired: false,
    });
    // A check without repair changes nothing.
    expect(await documentOf(deleted.code)).toBeNull();
    expect(await documentOf(draft.code)).not.toBeNull();

    expect(await index.check(true)).toEqual({ ...report, repaired: true });
    expect(await documentOf(deleted.code)).toEqual(deletedDoc);
    expect(await documentOf(draft.code)).toBeNull();
    expect(await documentOf(outdated.code)).toEqual(outdatedDoc);
    expect(await indexedCodes()).toEqual(expected);
    expect(await index.check()).toEqual({ databaseCount: expected.length, indexCount: expected.length, missing: [], stale: [], outdated: [], repaired: false });
  });

  it('reindex() rebuilds every published profile into a new index and swaps it in while searches keep answering', async () => {
    const occupations = [['F1606'], ['F1703'], ['N1103']];
    const basins = [['7513'], ['7514'], ['2817']];
    for (let batch = 0; batch < 3; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => publish({ targetRomeCodes: occupations[(batch + i) % 3], targetBasinCodes: basins[i % 3], project: `Projet numéro ${batch * 10 + i}.` })),
      );
    }
    await drained();
    const expected = await visibleCodes();
    const n = expected.length;
    expect(n).toBeGreaterThanOrEqual(30);
    expect(await search.count(PROFILE_INDEX)).toBe(n);

    // Damage the live index: the rebuild must not depend on what it holds.
    await search.remove(PROFILE_INDEX, expected.slice(0, 2));
    const sample = (await documentOf(expected[2]))!;
    await search.upsert(PROFILE_INDEX, [{ ...sample, code: 'PSG-2222' }]);
    expect(await visibleCodes()).not.toContain('PSG-2222');

    expect(await t.dataSource.query(`SELECT rome_code FROM rome_appellations WHERE label ILIKE 'préparateur%' AND NOT rarely_used`)).toContainEqual({ rome_code: 'N1103' });
    const rebuilding = index.reindex();
    let done = false;
    const settled = rebuilding.then(
      () => (done = true),
      () => (done = true),
    );
    const answers: { query: string; hits: number; total: number | undefined }[] = [];
    const failures: string[] = [];
    while (!done) {
      // An appellation of N1103, the occupation of a third of the profiles.
      const query = answers.length % 2 ? 'préparateur' : '';
      try {
        const res = await search.search(PROFILE_INDEX, query, { limit: 5 });
        answers.push({ query, hits: res.hits.length, total: res.estimatedTotalHits });
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    await settled;
    const outcome = await rebuilding;

    expect(failures).toEqual([]);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.hits === 0)).toEqual([]);
    // The first search, sent as the rebuild began, was served by the old (damaged) index: n - 2 + 1 documents.
    expect(answers[0]).toEqual({ query: '', hits: 5, total: n - 1 });
    expect((await search.search(PROFILE_INDEX, '', { limit: 5 })).estimatedTotalHits).toBe(n);
    expect(outcome).toMatchObject({ documents: n, caughtUp: expect.any(Number), staleRemoved: 0 });
    expect(await search.count(PROFILE_INDEX)).toBe(n);
    expect(await indexedCodes()).toEqual(expected);
    expect(await index.check()).toMatchObject({ databaseCount: n, indexCount: n, missing: [], stale: [], outdated: [] });
    // The swapped-in index carries the definition's settings, and no shadow index is left behind.
    expect((await search.getSettings(PROFILE_INDEX)).searchableAttributes).toEqual(PROFILE_SEARCHABLE_ATTRIBUTES);
    const listed = await fetch(`${t.config.MEILI_URL}/indexes?limit=1000`, {
      headers: t.config.MEILI_MASTER_KEY ? { Authorization: `Bearer ${t.config.MEILI_MASTER_KEY}` } : {},
    });
    const uids = ((await listed.json()) as { results: { uid: string }[] }).results.map((i) => i.uid).filter((uid) => uid.startsWith(t.config.MEILI_INDEX_PREFIX));
    expect(uids.filter((uid) => uid.startsWith(search.uid(PROFILE_INDEX)))).toEqual([search.uid(PROFILE_INDEX)]);

    // The sync keeps working on the swapped-in index.
    const late = await publish();
    await present(late);
    await drained();
    expect(await failedJobs()).toBe(0);
  });
});
