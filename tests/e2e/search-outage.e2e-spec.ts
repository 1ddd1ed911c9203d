import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { launchMeilisearch, LaunchedMeilisearch } from '../../src/dev/meilisearch-launcher';
import { JobName, outboxJobId, QueueName } from '../../src/infra/jobs/job-names';
import { JobsService } from '../../src/infra/jobs/jobs.service';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { ProfileIndexService } from '../../src/modules/profile-search/profile-index.service';
import { SEARCH_TIMEOUT_MS } from '../../src/modules/profile-search/profile-search.service';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

type Signed = { agent: Agent; csrf: string };
type Profile = { id: string; code: string };
type OutboxRow = { id: string; profileId: string; dispatched: boolean };

const PROFILES = '/api/candidate-profiles';
const SEARCH = '/api/profile-search';
/** What the issue promises an employer waits at most when Meilisearch is away. */
const UNAVAILABLE_WITHIN_MS = 1000;
/** Meilisearch may take several seconds per indexing task on a small, busy machine. */
const INDEXED_TIMEOUT_MS = 30_000;
/** The index retries back off to 30 s at most; the outage here is a few seconds, so the catch-up takes far less. */
const CATCH_UP_TIMEOUT_MS = 60_000;
/** A word of the edited project only: none of the seeded occupation titles or profile texts contain it. */
const NEW_WORD = 'horlogerie';

const profileBody = (project: string) => ({
  establishmentCode: 'CP POITIERS VIVONNE',
  ageBand: '26-35',
  releaseFrom: '2027-03-10',
  releaseUntil: '2027-05-20',
  adjustments: ['semi_liberte'],
  exitPermits: true,
  soughtSolutions: ['job', 'immersion'],
  targetRomeCodes: ['F1606', 'F1703'],
  targetBasinCodes: ['7513', '7514'],
  mobility: { licences: ['B'], hasVehicle: false, maxCommuteMinutes: 45 },
  languages: ['Français'],
  skills: ['Pose de plaques de plâtre', 'Peinture intérieure'],
  experiences: [{ romeCode: 'F1606', sector: 'Second œuvre du bâtiment', months: 18 }],
  trainings: [{ title: 'CAP Peintre applicateur de revêtements', level: 3, status: 'obtained', inDetention: true }],
  project,
  availability: 'Disponible à temps plein dès la sortie.',
  constraints: { avoidDepartments: ['16'], avoidRomeCodes: ['G1603'] },
});


describe('profile search while Meilisearch is stopped, then restarted (dedicated Meilisearch, worker in-process)', () => {
  let dataDir: string;
  let meili: LaunchedMeilisearch;
  let t: TestApp;
  let counsellor: Signed;
  let employer: Signed;
  let edited: Profile;
  let paused: Profile;
  let steady: Profile;
  let added: Profile;
  /** Last outbox row written before the outage: the profile-index rows after it are the outage's changes. */
  let lastRowBeforeOutage: string;

  const post = (path: string, body: object = {}) => counsellor.agent.post(path).set('x-csrf-token', counsellor.csrf).send(body);
  const act = async (profile: Profile, action: string, body: object = {}, expected = 200) => {
    const res = await post(`${PROFILES}/${profile.id}/${action}`, body);
    if (res.status !== expected) throw new Error(`${action} of ${profile.code} answered ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const publish = async (project: string): Promise<Profile> => {
    const res = await post(PROFILES, profileBody(project));
    if (res.status !== 201) throw new Error(`creation failed: ${res.status} ${JSON.stringify(res.body)}`);
    const profile = { id: res.body.id as string, code: res.body.code as string };
    await act(profile, 'consents', { scope: 'publication', givenOn: '2025-01-15' }, 201);
    await act(profile, 'publish');
    return profile;
  };
  /** Codes an employer finds for `q` through the search API; throws when the search is refused. */
  const searchCodes = async (q: string): Promise<string[]> => {
    const res = await employer.agent.get(SEARCH).query({ q, pageSize: 50 });
    if (res.status !== 200) throw new Error(`search for "${q}" answered ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body.items as { profile: { code: string } }[]).map((i) => i.profile.code);
  };
  const queue = () => t.worker!.get(JobsService).queue(QueueName.ProfileIndex);
  const outageRows = async (): Promise<OutboxRow[]> =>
    t.dataSource.query(
      `SELECT id::text AS id, payload->>'profileId' AS "profileId", dispatched_at IS NOT NULL AS dispatched
         FROM outbox_messages WHERE job_name = $1 AND id > $2 ORDER BY id`,
      [JobName.SyncProfileIndex, lastRowBeforeOutage],
    );
  /** State and attempts of the BullMQ job of each outbox row. */
  const jobsOf = async (rows: OutboxRow[]) =>
    Promise.all(
      rows.map(async (row) => {
        const job = await queue().getJob(outboxJobId(row.id));
        return { row: row.id, state: job ? await job.getState() : 'missing', attemptsMade: job?.attemptsMade ?? 0 };
      }),
    );
  const expectSearchUnavailable = async (q: string) => {
    const started = performance.now();
    const res = await employer.agent.get(SEARCH).query({ q });
    const elapsed = performance.now() - started;
    expect({ q, status: res.status }).toEqual({ q, status: 503 });
    expect(elapsed).toBeLessThan(UNAVAILABLE_WITHIN_MS);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, code: 'profile_search.unavailable', detail: expect.stringMatching(/recherche de profils est momentanément indisponible/) });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    return elapsed;
  };

  beforeAll(async () => {
    // A Meilisearch of this file's own, on a data directory it keeps, so it can be stopped and started again.
    dataDir = await mkdtemp(join(tmpdir(), 'passerelle-search-outage-'));
    meili = await launchMeilisearch({ dataDir });
    t = await startTestApp({ worker: true, env: { MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey } });
    await seedReferenceData(t.app.get(ImportRunner));
    const partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip });
    const counsellorUser = await createUser(t.dataSource, { role: Role.Counsellor, organisationId: partner.id });
    counsellor = await loginAgent(t.server, counsellorUser.email);
    const company = await createOrganisation(t.dataSource, { kind: OrganisationKind.Company });
    employer = await loginAgent(t.server, (await createUser(t.dataSource, { role: Role.Employer, organisationId: company.id })).email);
  });
  afterAll(async () => {
    await t?.close();
    await meili?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('finds the published profiles through the search API while Meilisearch is up', async () => {
    edited = await publish('Devenir peintre en bâtiment, en CDI ou en intérim.');
    paused = await publish('Travailler dans la peinture intérieure, en équipe.');
    steady = await publish('Reprendre la maçonnerie après une formation.');
    await waitFor(
      'the three profiles in the search results',
      async () => {
        const codes = await searchCodes('');
        return [edited, paused, steady].every((p) => codes.includes(p.code));
      },
      INDEXED_TIMEOUT_MS,
    );
    // The word the edit will bring finds nothing yet.
    expect(await searchCodes(NEW_WORD)).toEqual([]);
    // The employer page lists them too. Its first render compiles the templates (about half a second on a small
    // machine), a start-up cost that would otherwise be charged to the outage measured below.
    const page = await employer.agent.get('/profils').query({ q: 'peintre' });
    expect(page.status).toBe(200);
    expect(page.text).toContain(edited.code);
  });

  it('answers a 503 problem within a second when Meilisearch hangs (process frozen), and searches again once it resumes', async () => {
    // A frozen server accepts connections and never answers: only the search timeout ends the request.
    process.kill(meili.pid, 'SIGSTOP');
    try {
      for (const q of ['peintre', 'maçonnerie']) expect(await expectSearchUnavailable(q)).toBeGreaterThanOrEqual(SEARCH_TIMEOUT_MS);
    } finally {
      // Even on failure: a frozen server would ignore the SIGTERM of the clean-up until its 5 s grace ran out.
      process.kill(meili.pid, 'SIGCONT');
    }
    expect(await waitFor('the search to answer again', () => searchCodes('peintre'))).toContain(edited.code);
  });

  it('answers a 503 problem within a second, in French, when Meilisearch is stopped, while the rest keeps answering', async () => {
    [lastRowBeforeOutage] = (await t.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM outbox_messages`)).map((r: { id: string }) => r.id);
    await meili.stop();

    for (const q of ['peintre', 'maçon', '', NEW_WORD]) await expectSearchUnavailable(q);

    expect((await request(t.server).get('/api/health')).status).toBe(200);
    const ready = await request(t.server).get('/api/ready');
    expect({ status: ready.status, body: ready.body }).toEqual({ status: 503, body: { status: 'unavailable', checks: { postgres: 'up', redis: 'up', meilisearch: 'down' } } });

    // The employer search page says so in French, keeps the form, and tells when to come back.
    const started = performance.now();
    const page = await employer.agent.get('/profils').query({ q: 'peintre' });
    expect(performance.now() - started).toBeLessThan(UNAVAILABLE_WITHIN_MS);
    expect(page.status).toBe(503);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    expect(page.text).toContain('Recherche momentanément indisponible.');
    expect(page.text).toContain('le reste de Passerelle fonctionne normalement');
    expect(page.text).toContain('value="peintre"');

    // Reading a profile does not go through the index.
    const view = await employer.agent.get(`/api/profiles/${steady.code}`);
    expect({ status: view.status, code: view.body.code }).toEqual({ status: 200, code: steady.code });
  });

  it('accepts an edit, a publication and a pause while Meilisearch is down, relays their index orders and keeps retrying them', async () => {
    const project = `Ouvrir un atelier d’${NEW_WORD} et de restauration de pendules.`;
    const patched = await counsellor.agent.patch(`${PROFILES}/${edited.id}`).set('x-csrf-token', counsellor.csrf).send({ project });
    expect(patched.status).toBe(200);
    added = await publish('Devenir plaquiste, en intérim puis en CDI.');
    expect((await act(paused, 'pause')).body.status).toBe('paused');

    // Every change left an index order, each relayed to BullMQ: none is waiting in PostgreSQL.
    const rows = await waitFor('the outage’s index orders to be relayed', async () => {
      const found = await outageRows();
      return found.every((r) => r.dispatched) && found;
    });
    expect(new Set(rows.map((r) => r.profileId))).toEqual(new Set([edited.id, added.id, paused.id]));

    // Each job failed against the stopped server and is waiting for its next attempt; none gave up.
    const retrying = await waitFor('every outage job to have failed twice and wait for a retry', async () => {
      const jobs = await jobsOf(rows);
      return jobs.every((j) => j.attemptsMade >= 2 && j.state === 'delayed') && jobs;
    });
    expect(retrying).toHaveLength(rows.length);
    expect(await queue().getJobCountByTypes('failed')).toBe(0);
    await expectSearchUnavailable('peintre');
  });

  it('catches up once Meilisearch is back on the same port and data, losing no update, and the index check is clean', async () => {
    const port = Number(new URL(meili.url).port);
    meili = await launchMeilisearch({ dataDir, port, masterKey: meili.masterKey });
    expect(meili.url).toBe(t.config.MEILI_URL);

    await waitFor(
      'the index to reflect the edit, the publication and the pause',
      async () => {
        const [all, byNewWord] = [await searchCodes(''), await searchCodes(NEW_WORD)];
        return byNewWord.includes(edited.code) && all.includes(added.code) && !all.includes(paused.code);
      },
      CATCH_UP_TIMEOUT_MS,
    );

    expect(await searchCodes(NEW_WORD)).toEqual([edited.code]);
    const all = await searchCodes('');
    expect([edited, steady, added].every((p) => all.includes(p.code))).toBe(true);
    expect(all).not.toContain(paused.code);

    // Every order of the outage was applied: its job completed after retries, none failed or is left over.
    const rows = await outageRows();
    const jobs = await waitFor('every outage job to complete', async () => {
      const found = await jobsOf(rows);
      return found.every((j) => j.state === 'completed') && found;
    });
    expect(jobs.every((j) => j.attemptsMade >= 2)).toBe(true);
    expect(await queue().getJobCountByTypes('failed', 'delayed', 'waiting', 'active')).toBe(0);

    const report = await t.worker!.get(ProfileIndexService).check(false);
    expect(report).toEqual({ databaseCount: 3, indexCount: 3, missing: [], stale: [], outdated: [], repaired: false });
    expect((await request(t.server).get('/api/ready')).body).toEqual({ status: 'ready', checks: { postgres: 'up', redis: 'up', meilisearch: 'up' } });
  });
});
