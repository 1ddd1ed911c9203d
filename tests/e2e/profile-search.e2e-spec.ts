import request from 'supertest';
import { generateSyntheticProfiles, insertSyntheticProfiles } from '../../src/database/seeds/synthetic-profiles';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { SearchService } from '../../src/infra/search/search.service';
import { EMPLOYER_PROFILE_KEYS, EmployerProfileDto } from '../../src/modules/candidates/employer-view.mapper';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { ProfileIndexService } from '../../src/modules/profile-search/profile-index.service';
import { PROFILE_INDEX } from '../../src/modules/profile-search/profile-search-index';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor as waitUntil } from '../support/wait-for';
import { DERIVED_KEYS, FORBIDDEN_KEYS } from '../support/profile-documents';

jest.setTimeout(120_000);

type Signed = { agent: Agent; csrf: string; id: string };
type Profile = { id: string; code: string };
type Hit = { profile: EmployerProfileDto; highlight: Record<string, unknown>; match?: { score: number; reasons: { code: string; label: string; points: number }[]; needId: string } };
type SearchBody = { items: Hit[]; page: number; pageSize: number; total: number; totalPages: number; facets: Record<string, { value: string; label: string; count: number; selected: boolean }[]>; sort: string };

const PROFILES = '/api/candidate-profiles';
const NEEDS = '/api/employer-needs';
const SEARCH = '/api/profile-search';
const SYNTHETIC_COUNT = 1500;
const SYNTHETIC_SEED = 5;
/** The generator places release windows and publications around this day: the day the test runs. */
const TODAY = new Date().toISOString().slice(0, 10);

/** The search's filters, as the query string names them. */
interface Filters {
  basin?: string[];
  department?: string[];
  region?: string[];
  rome?: string[];
  domain?: string[];
  grandDomain?: string[];
  licence?: string[];
  language?: string[];
  adjustment?: boolean;
  adjustmentKind?: string[];
  solution?: string[];
  certificationLevel?: number;
  releaseFrom?: string;
  releaseTo?: string;
}

/** Every facet the API answers, by query-string name. */
const FACETS = ['rome', 'domain', 'grandDomain', 'basin', 'department', 'region', 'adjustment', 'adjustmentKind', 'licence', 'language', 'certificationLevel', 'solution'] as const;
type Facet = (typeof FACETS)[number];

// --------------------------------------------------------------------------------------------- semesters

const semesterOfDay = (day: string) => `${day.slice(0, 4)}-S${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;
const dayAfter = (days: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** "2027-S2" → 4055, the order of semesters. */
const semesterRank = (semester: string) => Number(semester.slice(0, 4)) * 2 + Number(semester.slice(6)) - 1;
/** First and last semester ranks of an employer view's release window ("2027-S1", "2027-S1 / 2027-S2", "2027-S1 à 2028-S1"). */
function releaseWindow(releaseSemester: string): { start: number; end: number } {
  const ranks = [...releaseSemester.matchAll(/(\d{4})-S([12])/g)].map((m) => semesterRank(`${m[1]}-S${m[2]}`));
  if (!ranks.length) throw new Error(`no semester in "${releaseSemester}"`);
  return { start: ranks[0], end: ranks[ranks.length - 1] };
}

// -------------------------------------------------------------------- the same filters, written in SQL

/** What employers may see, written here from the rule (published, with an active publication consent). */
const VISIBLE = `p.status = 'published' AND EXISTS (SELECT 1 FROM candidate_consents c WHERE c.profile_id = p.id AND c.scope = 'publication' AND c.revoked_at IS NULL)`;
const SEMESTER_SQL = (column: string) => `(extract(year FROM ${column})::int * 2 + CASE WHEN extract(month FROM ${column}) > 6 THEN 1 ELSE 0 END)`;
/** A language as the facet shows it: trimmed, spaces collapsed, lower case with a capital first letter. */
const LANGUAGE_KEY_SQL = (column: string) => `(SELECT upper(left(k, 1)) || substr(k, 2) FROM (SELECT lower(regexp_replace(btrim(${column}), '\\s+', ' ', 'g')) AS k) folded)`;

function sqlPredicates(f: Filters, params: unknown[]): string[] {
  const $ = (value: unknown) => `$${params.push(value)}`;
  const clauses: string[] = [];
  if (f.basin) clauses.push(`p.target_basin_codes::text[] && ${$(f.basin)}::text[]`);
  if (f.department) clauses.push(`EXISTS (SELECT 1 FROM basin_departments d WHERE d.basin_code = ANY(p.target_basin_codes) AND d.department_code = ANY(${$(f.department)}::text[]))`);
  if (f.region) clauses.push(`EXISTS (SELECT 1 FROM basins b WHERE b.code = ANY(p.target_basin_codes) AND b.region_code = ANY(${$(f.region)}::text[]))`);
  if (f.rome) clauses.push(`p.target_rome_codes::text[] && ${$(f.rome)}::text[]`);
  if (f.domain) clauses.push(`EXISTS (SELECT 1 FROM unnest(p.target_rome_codes) r WHERE left(r, 3) = ANY(${$(f.domain)}::text[]))`);
  if (f.grandDomain) clauses.push(`EXISTS (SELECT 1 FROM unnest(p.target_rome_codes) r WHERE left(r, 1) = ANY(${$(f.grandDomain)}::text[]))`);
  if (f.licence) clauses.push(`p.mobility -> 'licences' ?| ${$(f.licence)}::text[]`);
  if (f.language) clauses.push(`EXISTS (SELECT 1 FROM unnest(p.languages) l WHERE lower(btrim(l)) = ANY(${$(f.language.map((l) => l.toLowerCase()))}::text[]))`);
  if (f.adjustment !== undefined) clauses.push(`(cardinality(p.adjustments) > 0) = ${$(f.adjustment)}::boolean`);
  if (f.adjustmentKind) clauses.push(`p.adjustments && ${$(f.adjustmentKind)}::text[]`);
  if (f.solution) clauses.push(`p.sought_solutions::text[] && ${$(f.solution)}::text[]`);
  if (f.certificationLevel !== undefined)
    clauses.push(`EXISTS (SELECT 1 FROM jsonb_array_elements(p.trainings) t WHERE t ->> 'status' = 'obtained' AND (t ->> 'level')::int >= ${$(f.certificationLevel)}::int)`);
  // Windows overlap when the profile's last semester is not before `releaseFrom` and its first not after `releaseTo`.
  if (f.releaseFrom) clauses.push(`${SEMESTER_SQL('coalesce(p.release_until, p.release_from)')} >= ${$(semesterRank(f.releaseFrom))}::int`);
  if (f.releaseTo) clauses.push(`${SEMESTER_SQL('p.release_from')} <= ${$(semesterRank(f.releaseTo))}::int`);
  return clauses;
}

/** The values of each facet for one profile row `p`, as a set-returning subquery. */
const FACET_VALUES_SQL: Record<Facet, string> = {
  rome: `SELECT unnest(p.target_rome_codes::text[])`,
  domain: `SELECT DISTINCT left(r, 3) FROM unnest(p.target_rome_codes::text[]) r`,
  grandDomain: `SELECT DISTINCT left(r, 1) FROM unnest(p.target_rome_codes::text[]) r`,
  basin: `SELECT unnest(p.target_basin_codes::text[])`,
  department: `SELECT DISTINCT d.department_code::text FROM basin_departments d WHERE d.basin_code = ANY(p.target_basin_codes)`,
  region: `SELECT DISTINCT b.region_code::text FROM basins b WHERE b.code = ANY(p.target_basin_codes) AND b.region_code IS NOT NULL`,
  adjustment: `SELECT (cardinality(p.adjustments) > 0)::text`,
  adjustmentKind: `SELECT unnest(p.adjustments)`,
  licence: `SELECT jsonb_array_elements_text(p.mobility -> 'licences')`,
  language: `SELECT DISTINCT ${LANGUAGE_KEY_SQL('l')} FROM unnest(p.languages) l`,
  certificationLevel: `SELECT DISTINCT t ->> 'level' FROM jsonb_array_elements(p.trainings) t WHERE t ->> 'status' = 'obtained' AND jsonb_typeof(t -> 'level') = 'number'`,
  solution: `SELECT unnest(p.sought_solutions)`,
};

/** Whether one item of the employer view satisfies the filters, read from the view itself. */
function unmetFilters(view: EmployerProfileDto, f: Filters, regionOfBasin: ReadonlyMap<string, string | null>): string[] {
  const some = <T>(values: readonly T[], wanted: readonly T[] | undefined) => !wanted || values.some((v) => wanted.includes(v));
  const romes = view.targetOccupations.map((o) => o.romeCode);
  const basins = view.targetBasins.map((b) => b.code);
  const fold = (language: string) => language.trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr-FR');
  const { start, end } = releaseWindow(view.releaseSemester);
  const checks: [string, boolean][] = [
    ['basin', some(basins, f.basin)],
    ['department', some(view.targetBasins.flatMap((b) => b.departments.map((d) => d.code)), f.department)],
    ['region', some(basins.map((b) => regionOfBasin.get(b) ?? null), f.region)],
    ['rome', some(romes, f.rome)],
    ['domain', some(romes.map((r) => r.slice(0, 3)), f.domain)],
    ['grandDomain', some(romes.map((r) => r.slice(0, 1)), f.grandDomain)],
    ['licence', some<string>(view.mobility.licences, f.licence)],
    ['language', some(view.languages.map(fold), f.language?.map(fold))],
    ['adjustment', f.adjustment === undefined || view.sentenceAdjustment.possible === f.adjustment],
    ['adjustmentKind', some<string>(view.sentenceAdjustment.kinds.map((k) => k.code), f.adjustmentKind)],
    ['solution', some<string>(view.soughtSolutions.map((s) => s.code), f.solution)],
    ['certificationLevel', f.certificationLevel === undefined || view.trainings.some((t) => t.status === 'obtained' && t.level !== null && t.level >= f.certificationLevel!)],
    ['releaseFrom', !f.releaseFrom || end >= semesterRank(f.releaseFrom)],
    ['releaseTo', !f.releaseTo || start <= semesterRank(f.releaseTo)],
  ];
  return checks.filter(([, ok]) => !ok).map(([name]) => name);
}

/** The query string of filters (lists repeated: `rome=F1606&rome=N1103`) and extra parameters. */
function queryOf(f: Filters, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(f)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  for (const [key, value] of Object.entries(extra)) params.append(key, String(value));
  return params.toString();
}

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

/** Every string of a JSON value, at any depth. */
function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into);
  else if (value !== null && typeof value === 'object') for (const inner of Object.values(value)) stringsOf(inner, into);
  return into;
}

/** Polls like the shared helper, with this file's longer default wait. */
const waitFor = <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000) => waitUntil(what, probe, timeoutMs);

const profileBody = (overrides: Record<string, unknown> = {}) => ({
  establishmentCode: 'CP POITIERS VIVONNE',
  ageBand: '26-35',
  releaseFrom: dayAfter(120),
  releaseUntil: dayAfter(170),
  adjustments: ['semi_liberte'],
  exitPermits: true,
  soughtSolutions: ['job', 'immersion'],
  targetRomeCodes: ['F1606'],
  targetBasinCodes: ['7513'],
  mobility: { licences: ['B'], hasVehicle: false, maxCommuteMinutes: 45 },
  languages: ['Français', 'arabe'],
  skills: ['Ponçage et finitions'],
  experiences: [{ romeCode: null, sector: 'Atelier de reliure artisanale', months: 14 }],
  trainings: [{ title: 'Titre professionnel de finisseur', level: 3, status: 'obtained', inDetention: true }],
  project: 'Remettre en état des logements : enduits, ponçage et finitions soignées.',
  availability: 'Disponible à temps plein dès la sortie.',
  constraints: { avoidDepartments: ['16'], avoidRomeCodes: ['G1603'] },
  ...overrides,
});

/** What the override of the PII guard says: internal, never shown to employers nor indexed. */
const OVERRIDE_JUSTIFICATION = 'Standard public de la Mission Locale, accord de la coordination consigné.';

describe('employer search API on the real Meilisearch: relevance, filters and facets agree with PostgreSQL, employer view only', () => {
  let t: TestApp;
  let partner: Organisation;
  let counsellor: Signed;
  let coordinator: Signed;
  let employer: Signed;
  let employerOrganisation: Organisation;
  let employerWithoutNeed: Signed;
  let employerPending: Signed;
  let needId: string;
  let regionOfBasin: Map<string, string | null>;
  /** Hand-written profiles with known texts: */
  let collector: Profile; // aims at K2303 (label "Ripeur / Ripeuse"); its text never says "éboueur", an appellation of K2303
  let painter: Profile; // aims at F1606 "Peintre en bâtiment"; its text says neither word
  let tiler: Profile; // aims at F1608 "Carreleur / Carreleuse"; its text never says "carreleur"
  let mentioner: Profile; // aims at N1101 (cariste) and only mentions a "carreleur" in its project

  const signIn = async (role: Role, organisation?: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id };
  };
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const publish = async (overrides: Record<string, unknown>, publishBody: object = {}): Promise<Profile> => {
    const created = await post(counsellor, PROFILES, profileBody(overrides));
    if (created.status !== 201) throw new Error(`creation failed: ${created.status} ${JSON.stringify(created.body)}`);
    const profile = { id: created.body.id as string, code: created.body.code as string };
    await post(counsellor, `${PROFILES}/${profile.id}/consents`, { scope: 'publication', givenOn: dayAfter(-30) }).expect(201);
    const published = await post(counsellor, `${PROFILES}/${profile.id}/publish`, publishBody);
    if (published.status !== 200) throw new Error(`publication failed: ${published.status} ${JSON.stringify(published.body)}`);
    return profile;
  };
  const search = async (who: Signed, query: string): Promise<SearchBody> => {
    const res = await who.agent.get(`${SEARCH}?${query}`);
    if (res.status !== 200) throw new Error(`search ?${query} answered ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as SearchBody;
  };
  /** Every hit of a search, page after page (50 a page). */
  const allHits = async (who: Signed, query: string): Promise<Hit[]> => {
    const first = await search(who, `${query}&pageSize=50&page=1`);
    const hits = [...first.items];
    for (let page = 2; page <= first.totalPages; page++) hits.push(...(await search(who, `${query}&pageSize=50&page=${page}`)).items);
    return hits;
  };
  const sqlCodes = async (f: Filters): Promise<string[]> => {
    const params: unknown[] = [];
    const rows: { code: string }[] = await t.dataSource.query(`SELECT p.code FROM candidate_profiles p WHERE ${[VISIBLE, ...sqlPredicates(f, params)].join(' AND ')}`, params);
    return rows.map((r) => r.code).sort();
  };
  const sqlDistribution = async (facet: Facet, f: Filters): Promise<Record<string, number>> => {
    const params: unknown[] = [];
    const rows: { value: string; n: number }[] = await t.dataSource.query(
      `SELECT v.value, count(DISTINCT p.id)::int AS n
         FROM candidate_profiles p CROSS JOIN LATERAL (${FACET_VALUES_SQL[facet]}) AS v(value)
        WHERE ${[VISIBLE, ...sqlPredicates(f, params)].join(' AND ')}
        GROUP BY v.value`,
      params,
    );
    return Object.fromEntries(rows.map((r) => [r.value, r.n]));
  };
  const auditCount = async (): Promise<number> => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`))[0].n;
  const listedRows = (actor: string): Promise<{ subject_type: string; subject_id: string; details: Record<string, unknown> }[]> =>
    t.dataSource.query(`SELECT subject_type, subject_id, details FROM audit_events WHERE action = 'profile.listed_for_employer' AND actor_user_id = $1 ORDER BY id`, [actor]);

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    await seedReferenceData(t.app.get(ImportRunner));
    partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip, name: 'SPIP partenaire des recherches' });
    counsellor = await signIn(Role.Counsellor, partner);
    coordinator = await signIn(Role.Coordinator, partner);
    employerOrganisation = await createOrganisation(t.dataSource, { kind: OrganisationKind.Company, name: 'Finitions du Clain' });
    employer = await signIn(Role.Employer, employerOrganisation);
    employerWithoutNeed = await signIn(Role.Employer, await createOrganisation(t.dataSource, { kind: OrganisationKind.Company }));
    employerPending = await signIn(Role.Employer, await createOrganisation(t.dataSource, { kind: OrganisationKind.TempAgency, status: OrganisationStatus.Pending }));

    const need = await post(employer, NEEDS, {
      romeCode: 'F1606',
      contractType: 'cdi',
      positions: 2,
      communeCode: '86194',
      startFrom: dayAfter(100),
      startUntil: dayAfter(250),
      solutions: ['job'],
    });
    if (need.status !== 201) throw new Error(`need creation answered ${need.status} ${JSON.stringify(need.body)}`);
    needId = need.body.id;
    await post(employer, `${NEEDS}/${needId}/publish`).expect(200);

    collector = await publish(
      {
        targetRomeCodes: ['K2303'],
        targetBasinCodes: ['2801'],
        skills: ['Tri des déchets recyclables', 'Travail en équipe de tournée'],
        trainings: [],
        project: 'Reprendre les tournées de collecte en équipe du matin, sur une benne de la métropole.',
        // A phone number the guard flags: published with an override whose justification stays internal.
        availability: 'Joignable par le standard de la Mission Locale au 05 49 12 34 56.',
      },
      { overrideJustification: OVERRIDE_JUSTIFICATION },
    );
    painter = await publish({});
    tiler = await publish({
      targetRomeCodes: ['F1608'],
      targetBasinCodes: ['2817'],
      skills: ['Découpe et pose de faïence'],
      trainings: [],
      project: 'Poser du carrelage et de la faïence dans des logements neufs.',
    });
    mentioner = await publish({
      targetRomeCodes: ['N1101'],
      targetBasinCodes: ['2817'],
      skills: ['Conduite de chariot en entrepôt'],
      trainings: [],
      project: 'A secondé un carreleur sur des chantiers de rénovation ; vise désormais la conduite de chariots en entrepôt.',
    });

    const [romeCodes, basins, establishments] = await Promise.all([
      t.dataSource.query(`SELECT code, label FROM rome_occupations ORDER BY code`),
      t.dataSource.query(`SELECT code, name, region_code AS "regionCode" FROM basins ORDER BY code`),
      t.dataSource.query(`SELECT code FROM establishments ORDER BY code`),
    ]);
    regionOfBasin = new Map((basins as { code: string; regionCode: string | null }[]).map((b) => [b.code, b.regionCode]));
    const taken: { code: string }[] = await t.dataSource.query(`SELECT code FROM candidate_profiles`);
    const synthetic = generateSyntheticProfiles(SYNTHETIC_COUNT, {
      seed: SYNTHETIC_SEED,
      today: TODAY,
      romeCodes,
      basins,
      establishmentCodes: (establishments as { code: string }[]).map((e) => e.code),
      excludeCodes: taken.map((r) => r.code),
    });
    await insertSyntheticProfiles(t.dataSource, partner.id, synthetic);
    await t.worker!.get(ProfileIndexService).reindex();

    const expected = (await sqlCodes({})).length;
    expect(expected).toBe(SYNTHETIC_COUNT + 4);
    const searchService = t.app.get(SearchService);
    await waitFor(`${expected} documents in the index`, async () => (await searchService.count(PROFILE_INDEX)) === expected);
  });
  afterAll(() => t?.close());

  describe('relevance', () => {
    it('finds the profiles of a ROME code by one of its job titles (appellations) absent from their texts, first, and with a typo', async () => {
      const k2303 = await sqlCodes({ rome: ['K2303'] });
      expect(k2303).toContain(collector.code);
      expect(k2303.length).toBeGreaterThan(1);
      expect(k2303.length).toBeLessThanOrEqual(50);
      const [collectorRow] = await t.dataSource.query(`SELECT project, skills, availability FROM candidate_profiles WHERE id = $1`, [collector.id]);
      expect(JSON.stringify(collectorRow).toLowerCase()).not.toMatch(/[eé]boueu/);

      for (const q of ['éboueur', 'Eboueur', 'eboeur' /* one letter missing */, 'éboueurs']) {
        const res = await search(employer, queryOf({}, { q, pageSize: 50 }));
        const firstCodes = res.items.slice(0, k2303.length).map((i) => i.profile.code);
        expect({ q, codes: [...firstCodes].sort() }).toEqual({ q, codes: k2303 });
        expect(res.items[0].highlight).toBeDefined();
      }
    });

    it('ignores accents and case: "peintre batiment" finds every F1606 profile, the same as "Peintre bâtiment"', async () => {
      const f1606 = await sqlCodes({ rome: ['F1606'] });
      expect(f1606).toContain(painter.code);
      const pages = await Promise.all(['peintre batiment', 'Peintre bâtiment', 'PEINTRE BATIMENT'].map((q) => search(employer, queryOf({}, { q, pageSize: 20 }))));
      const codes = pages.map((p) => p.items.map((i) => i.profile.code));
      expect(codes[1]).toEqual(codes[0]);
      expect(codes[2]).toEqual(codes[0]);
      expect(codes[0]).toHaveLength(20);
      for (const item of pages[0].items) expect(item.profile.targetOccupations.map((o) => o.romeCode)).toContain('F1606');

      const narrowed = await allHits(employer, queryOf({ rome: ['F1606'] }, { q: 'peintre batiment' }));
      expect(narrowed.map((i) => i.profile.code).sort()).toEqual(f1606);
    });

    it('ranks the profiles aiming at an occupation above those merely mentioning its label in their project', async () => {
      const f1608 = new Set(await sqlCodes({ rome: ['F1608'] }));
      const hits = await allHits(employer, queryOf({}, { q: 'carreleur' }));
      const codes = hits.map((h) => h.profile.code);
      const targeting = codes.map((code) => f1608.has(code));
      const lastTargeting = targeting.lastIndexOf(true);
      const firstOther = targeting.indexOf(false);
      expect(codes.filter((c) => f1608.has(c)).sort()).toEqual([...f1608].sort());
      expect(codes).toContain(tiler.code);
      expect(codes).toContain(mentioner.code);
      expect(firstOther).toBeGreaterThan(lastTargeting);
      expect(codes.indexOf(tiler.code)).toBeLessThan(codes.indexOf(mentioner.code));
      const mentioned = hits.find((h) => h.profile.code === mentioner.code)!;
      expect(mentioned.highlight.project).toContain('<mark>carreleur</mark>');
    });
  });

  describe('filters agree with the database', () => {
    const releaseFrom = semesterOfDay(dayAfter(200));
    const releaseTo = semesterOfDay(dayAfter(400));
    const combos: [string, Filters][] = [
      ['two basins', { basin: ['7513', '2817'] }],
      ['a department, with an adjustment possible', { department: ['86'], adjustment: true }],
      ['a region and licences', { region: ['28'], licence: ['B', 'CACES_R489'] }],
      ['occupations and a language', { rome: ['F1606', 'N1103'], language: ['Anglais'] }],
      ['a professional domain within a release range', { domain: ['F16'], releaseFrom, releaseTo }],
      ['grand domains and sought solutions', { grandDomain: ['G', 'K'], solution: ['apprenticeship', 'job_promise'] }],
      ['an adjustment kind and a minimum certification level', { adjustmentKind: ['semi_liberte', 'placement_exterieur'], certificationLevel: 4 }],
      ['a region, a solution, no adjustment, released from a semester', { region: ['32', '01'], solution: ['immersion'], adjustment: false, releaseFrom }],
      ['a language folded like the facet, a department and a release end', { language: ['Arabe'], department: ['14', '76'], releaseTo }],
      // Typed in lower case: Meilisearch compares filter strings without case, as the SQL folds languages.
      ['a language in lower case and a basin', { language: ['arabe'], basin: ['2817'] }],
    ];

    it.each(combos)('%s: the total is the SQL count, and every item satisfies the filter', async (_label, filters) => {
      const expected = await sqlCodes(filters);
      expect(expected.length).toBeGreaterThan(0);
      const first = await search(employer, queryOf(filters, { pageSize: 50 }));
      expect(first.total).toBe(expected.length);
      expect(first.totalPages).toBe(Math.ceil(expected.length / 50));
      // Small enough to read in full: the codes themselves are those of the database.
      const hits = expected.length <= 300 ? await allHits(employer, queryOf(filters)) : first.items;
      if (expected.length <= 300) expect(hits.map((h) => h.profile.code).sort()).toEqual(expected);
      for (const hit of hits) expect({ code: hit.profile.code, unmet: unmetFilters(hit.profile, filters, regionOfBasin) }).toEqual({ code: hit.profile.code, unmet: [] });
    });

    it('selects the folded language facet value for a language typed in lower case', async () => {
      const res = await search(employer, 'language=arabe&pageSize=1');
      const values = res.facets.language.map((v) => v.value);
      expect(values).not.toContain('arabe');
      expect(res.facets.language.find((v) => v.value === 'Arabe')).toMatchObject({ selected: true });
      expect(res.facets.language.find((v) => v.value === 'Arabe')!.count).toBe(res.total);
    });

    it('takes comma-separated lists like repeated parameters', async () => {
      const repeated = await search(employer, 'basin=7513&basin=2817&grandDomain=f&pageSize=50');
      const commas = await search(employer, 'basin=7513,2817&grandDomain=F&pageSize=50');
      expect(commas.total).toBe((await sqlCodes({ basin: ['7513', '2817'], grandDomain: ['F'] })).length);
      expect(commas.items.map((i) => i.profile.code)).toEqual(repeated.items.map((i) => i.profile.code));
    });
  });

  describe('facets agree with the database', () => {
    it.each([
      ['basin', { basin: ['7513'] }],
      ['licence', { licence: ['B'] }],
      ['grandDomain', { grandDomain: ['N'] }],
    ] as [Facet, Filters][])('one active %s filter: other facets count within it, its own facet counts without it', async (active, filters) => {
      const res = await search(employer, queryOf(filters, { pageSize: 1 }));
      expect(Object.keys(res.facets).sort()).toEqual([...FACETS].sort());
      for (const facet of FACETS) {
        const api = Object.fromEntries(res.facets[facet].map((v) => [v.value, v.count]));
        const expected = await sqlDistribution(facet, facet === active ? {} : filters);
        expect({ facet, counts: api }).toEqual({ facet, counts: expected });
        const selected = res.facets[facet].filter((v) => v.selected).map((v) => v.value);
        expect({ facet, selected }).toEqual({ facet, selected: facet === active ? (filters[active] as string[]) : [] });
      }
      expect(res.total).toBe((await sqlCodes(filters)).length);
    });
  });

  describe('paging and bad requests', () => {
    it('continues page 1 on page 2 without overlap, with and without a text', async () => {
      for (const q of ['', 'cuisine']) {
        const base = queryOf({}, q ? { q } : {});
        const [one, two, both] = await Promise.all([
          search(employer, `${base}&page=1&pageSize=10`),
          search(employer, `${base}&page=2&pageSize=10`),
          search(employer, `${base}&page=1&pageSize=20`),
        ]);
        const first = one.items.map((i) => i.profile.code);
        const second = two.items.map((i) => i.profile.code);
        expect(first).toHaveLength(10);
        expect(second).toHaveLength(10);
        expect(first.filter((c) => second.includes(c))).toEqual([]);
        expect([...first, ...second]).toEqual(both.items.map((i) => i.profile.code));
        expect(two).toMatchObject({ page: 2, pageSize: 10, total: one.total });
      }
    });

    it.each([
      ['a page of more than 50', 'pageSize=51', 'pageSize'],
      ['a page size of 0', 'pageSize=0', 'pageSize'],
      ['a third semester', 'releaseFrom=2027-S3', 'releaseFrom'],
      ['an unknown licence', 'licence=B,PERMIS_BATEAU', 'licence'],
      ['a text of 201 characters', `q=${'a'.repeat(201)}`, 'q'],
      ['an inverted release range', 'releaseFrom=2028-S2&releaseTo=2027-S1', 'releaseTo'],
      ['an unknown sort', 'sort=salary', 'sort'],
      ['an unknown parameter', 'establishment=CP%20POITIERS%20VIVONNE', 'establishment'],
    ])('refuses %s with a 400 problem naming the field, and audits nothing', async (_label, query, field) => {
      const before = await auditCount();
      const res = await employer.agent.get(`${SEARCH}?${query}`).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: expect.any(String), detail: expect.any(String) });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      expect(typeof res.body.errors[0].message).toBe('string');
      expect(await auditCount()).toBe(before);
    });

    it('accepts a text of exactly 200 characters', async () => {
      await employer.agent.get(`${SEARCH}?q=${'a'.repeat(200)}`).expect(200);
    });
  });

  describe('employer view only', () => {
    type InternalRow = {
      code: string;
      id: string;
      ownerId: string;
      ownerName: string;
      establishmentCode: string | null;
      establishmentName: string | null;
      createdBy: string | null;
      sectors: string[];
      avoidRomeCodes: string[];
      avoidDepartments: string[];
      justification: string | null;
    };
    let internal: Map<string, InternalRow>;

    beforeAll(async () => {
      const rows: InternalRow[] = await t.dataSource.query(
        `SELECT p.code, p.id::text, p.owner_organisation_id::text AS "ownerId", o.name AS "ownerName", p.establishment_code AS "establishmentCode",
                e.name AS "establishmentName", p.created_by::text AS "createdBy",
                ARRAY(SELECT x ->> 'sector' FROM jsonb_array_elements(p.experiences) x) AS sectors,
                ARRAY(SELECT jsonb_array_elements_text(p.constraints -> 'avoidRomeCodes')) AS "avoidRomeCodes",
                ARRAY(SELECT jsonb_array_elements_text(p.constraints -> 'avoidDepartments')) AS "avoidDepartments",
                p.pii_override ->> 'justification' AS justification
           FROM candidate_profiles p
           JOIN organisations o ON o.id = p.owner_organisation_id
           LEFT JOIN establishments e ON e.code = p.establishment_code
          WHERE ${VISIBLE}`,
      );
      internal = new Map(rows.map((r) => [r.code, r]));
      // The set holds what the checks look for: establishments, experiences, constraints, an override.
      expect(rows.filter((r) => r.establishmentCode).length).toBeGreaterThan(1000);
      expect(rows.filter((r) => r.sectors.length).length).toBeGreaterThan(500);
      expect(rows.filter((r) => r.avoidRomeCodes.length).length).toBeGreaterThan(10);
      expect(internal.get(collector.code)!.justification).toBe(OVERRIDE_JUSTIFICATION);
    });

    /** Nothing internal of the profile `code` in `value` (a document or an item of the employer view). */
    const expectNothingInternal = (code: string, value: unknown) => {
      const row = internal.get(code);
      expect({ code, known: Boolean(row) }).toEqual({ code, known: true });
      const json = JSON.stringify(value);
      const strings = stringsOf(value);
      const leaks: string[] = [];
      for (const key of keysOf(value)) if (FORBIDDEN_KEYS.includes(key)) leaks.push(`key ${key}`);
      for (const secret of [row!.id, row!.ownerId, row!.ownerName, row!.establishmentCode, row!.establishmentName, row!.createdBy, row!.justification, 'Poitiers-Vivonne', 'VIVONNE']) {
        if (secret && json.includes(secret)) leaks.push(`value ${secret}`);
      }
      // Experience sectors and constraint codes are short words: a leak would be a whole value. A sector may also be
      // the title of an occupation the profile aims at ("Aide à domicile"): that one comes from the reference data.
      const view = ((value as { profile?: unknown }).profile ?? value) as { occupationTitles?: string[]; targetOccupations?: { label: string }[] };
      const { occupationTitles, targetOccupations } = view;
      const reference = new Set([...(occupationTitles ?? []), ...(targetOccupations ?? []).map((o) => o.label)]);
      for (const secret of [...row!.sectors, ...row!.avoidRomeCodes, ...row!.avoidDepartments]) {
        if (strings.includes(secret) && !reference.has(secret)) leaks.push(`value ${secret}`);
      }
      // No exact day (release window, consent, publication): only semesters reach employers.
      for (const s of strings) if (/\d{4}-\d{2}-\d{2}/.test(s)) leaks.push(`date in "${s}"`);
      expect({ code, leaks }).toEqual({ code, leaks: [] });
    };

    it('holds, in every document of the index, the employer view and derived fields only, nothing internal', async () => {
      const allowed = new Set<string>([...EMPLOYER_PROFILE_KEYS, ...DERIVED_KEYS]);
      const seen = new Set<string>();
      for await (const page of t.app.get(SearchService).scan<Record<string, unknown>>(PROFILE_INDEX, ['*'])) {
        for (const doc of page) {
          const code = doc.code as string;
          seen.add(code);
          expect({ code, extra: Object.keys(doc).filter((k) => !allowed.has(k)) }).toEqual({ code, extra: [] });
          expect({ code, missing: EMPLOYER_PROFILE_KEYS.filter((k) => !(k in doc)) }).toEqual({ code, missing: [] });
          expectNothingInternal(code, doc);
        }
      }
      expect([...seen].sort()).toEqual([...internal.keys()].sort());
    });

    it('returns, in every API item of several pages and sorts, the employer view only', async () => {
      const pages = [
        ...[1, 2, 3].map((page) => queryOf({}, { page, pageSize: 50 })),
        queryOf({}, { q: 'carreleur', pageSize: 50 }),
        queryOf({ basin: ['2801'] }, { q: 'collecte', pageSize: 50 }),
        queryOf({}, { sort: 'release', pageSize: 50 }),
        queryOf({}, { sort: 'match', pageSize: 50 }),
      ];
      const codes = new Set<string>();
      for (const query of pages) {
        const res = await employer.agent.get(`${SEARCH}?${query}`).expect(200);
        expect(res.text).not.toContain(OVERRIDE_JUSTIFICATION);
        for (const item of (res.body as SearchBody).items) {
          codes.add(item.profile.code);
          const itemKeys = Object.keys(item).sort();
          expect(itemKeys).toEqual(query.includes('sort=match') ? ['highlight', 'match', 'profile'] : ['highlight', 'profile']);
          expect(Object.keys(item.profile).sort()).toEqual([...EMPLOYER_PROFILE_KEYS].sort());
          expectNothingInternal(item.profile.code, item);
        }
      }
      expect(codes.has(collector.code)).toBe(true);
      expect(codes.size).toBeGreaterThan(200);
    });
  });

  describe('sorts', () => {
    it('"release" puts the earliest release semesters first, page after page', async () => {
      const hits = [...(await search(employer, 'sort=release&pageSize=50&page=1')).items, ...(await search(employer, 'sort=release&pageSize=50&page=2')).items];
      const windows = hits.map((h) => releaseWindow(h.profile.releaseSemester));
      for (let i = 1; i < windows.length; i++) {
        const [a, b] = [windows[i - 1], windows[i]];
        expect({ i, ordered: a.start < b.start || (a.start === b.start && a.end <= b.end) }).toEqual({ i, ordered: true });
      }
      const [{ earliest }] = await t.dataSource.query(`SELECT min(${SEMESTER_SQL('p.release_from')})::int AS earliest FROM candidate_profiles p WHERE ${VISIBLE}`);
      expect(windows[0].start).toBe(earliest);

      const filtered = await allHits(employer, queryOf({ rome: ['F1606'] }, { sort: 'release' }));
      expect(filtered.map((h) => h.profile.code).sort()).toEqual(await sqlCodes({ rome: ['F1606'] }));
      const starts = filtered.map((h) => releaseWindow(h.profile.releaseSemester).start);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    });

    it('"match" ranks by the employer’s published need, with a non-increasing score and French reasons', async () => {
      const one = await search(employer, 'sort=match&pageSize=50&page=1');
      const two = await search(employer, 'sort=match&pageSize=50&page=2');
      expect(one.sort).toBe('match');
      expect(two.total).toBe(one.total);
      const hits = [...one.items, ...two.items];
      expect(hits).toHaveLength(100);
      expect(new Set(hits.map((h) => h.profile.code)).size).toBe(100);
      const scores = hits.map((h) => h.match!.score);
      for (let i = 1; i < scores.length; i++) expect({ i, ordered: scores[i] <= scores[i - 1] }).toEqual({ i, ordered: true });
      for (const hit of hits) {
        expect(hit.match!.needId).toBe(needId);
        expect(hit.match!.score).toBeGreaterThanOrEqual(0);
        expect(hit.match!.score).toBeLessThanOrEqual(100);
        expect(hit.match!.reasons.length).toBeGreaterThan(0);
        for (const reason of hit.match!.reasons) expect(reason).toEqual({ code: expect.any(String), label: expect.stringMatching(/\p{L}{3,}/u), points: expect.any(Number) });
        // The need is in F (building): the sort keeps profiles of that grand domain.
        expect(hit.profile.targetOccupations.map((o) => o.romeCode[0])).toContain('F');
      }
      const best = one.items[0].match!;
      expect(best.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['occupation_exact', 'place_basin']));
      expect(best.reasons.map((r) => r.label)).toEqual(expect.arrayContaining([expect.stringMatching(/^Métier visé identique : F1606 /), 'Bassin visé : POITIERS']));
      expect(scores[0]).toBeGreaterThan(scores[scores.length - 1]);
      const [{ inF }] = await t.dataSource.query(
        `SELECT count(*)::int AS "inF" FROM candidate_profiles p WHERE ${VISIBLE} AND EXISTS (SELECT 1 FROM unnest(p.target_rome_codes) r WHERE left(r, 1) = 'F')`,
      );
      expect(one.total).toBeLessThanOrEqual(inF);
    });

    it('refuses "match" to staff and to an employer without a published need, naming `sort`', async () => {
      const staff = await coordinator.agent.get(`${SEARCH}?sort=match`).expect(400);
      expect(staff.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(staff.body).toMatchObject({ code: 'profile_search.match_needs_employer', errors: [{ field: 'sort', message: expect.any(String) }] });
      const without = await employerWithoutNeed.agent.get(`${SEARCH}?sort=match`).expect(400);
      expect(without.body).toMatchObject({ code: 'profile_search.no_published_need', errors: [{ field: 'sort', message: expect.any(String) }] });
      expect(await listedRows(employerWithoutNeed.id)).toEqual([]);
    });
  });

  describe('access and audit', () => {
    it('writes one row per page an employer sees, with the codes shown, and none for an empty page', async () => {
      const before = await listedRows(employer.id);
      const res = await search(employer, queryOf({ rome: ['F1608'] }, { pageSize: 5, page: 2 }));
      expect(res.items).toHaveLength(5);
      const after = await listedRows(employer.id);
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toEqual({
        subject_type: 'organisation',
        subject_id: employerOrganisation.id,
        details: { via: 'search', count: 5, codes: res.items.map((i) => i.profile.code) },
      });

      const empty = await search(employer, queryOf({}, { q: 'xylophoniste' }));
      expect(empty).toMatchObject({ items: [], total: 0 });
      expect(await listedRows(employer.id)).toHaveLength(after.length);
    });

    it('lets a coordinator preview the same results without auditing, and refuses a pending employer (403)', async () => {
      const before = await auditCount();
      const asEmployer = await search(employer, 'basin=2817&pageSize=10');
      const preview = await search(coordinator, 'basin=2817&pageSize=10');
      expect(preview.items.map((i) => i.profile.code)).toEqual(asEmployer.items.map((i) => i.profile.code));
      expect(preview.total).toBe(asEmployer.total);
      expect(await auditCount()).toBe(before + 1);

      const pending = await employerPending.agent.get(`${SEARCH}?q=peintre`).expect(403);
      expect(pending.body.code).toBe('employer_profile.organisation_inactive');
      // Refused for the organisation before the query is even validated.
      expect((await employerPending.agent.get(`${SEARCH}?pageSize=500`).expect(403)).body.code).toBe('employer_profile.organisation_inactive');
      await counsellor.agent.get(SEARCH).expect(403);
      await request(t.server).get(SEARCH).expect(401);
      expect(await auditCount()).toBe(before + 1);
      expect(await listedRows(employerPending.id)).toEqual([]);
      expect(await listedRows(coordinator.id)).toEqual([]);
    });
  });
});
