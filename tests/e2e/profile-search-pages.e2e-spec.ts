import request from 'supertest';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor as waitUntil } from '../support/wait-for';

jest.setTimeout(120_000);

type Signed = { agent: Agent; csrf: string; id: string };
type Profile = { id: string; code: string };

const PROFILES = '/api/candidate-profiles';

const profileBody = (overrides: Record<string, unknown> = {}) => ({
  establishmentCode: 'CP POITIERS VIVONNE',
  ageBand: '26-35',
  releaseFrom: '2027-03-10',
  releaseUntil: '2027-05-20',
  adjustments: ['semi_liberte'],
  exitPermits: true,
  soughtSolutions: ['job', 'immersion'],
  targetRomeCodes: ['F1606'],
  targetBasinCodes: ['7513', '7514'],
  mobility: { licences: ['B'], hasVehicle: false, maxCommuteMinutes: 45 },
  languages: ['Français'],
  skills: ['Peinture intérieure', 'Pose de plaques de plâtre'],
  experiences: [],
  trainings: [],
  project: 'Devenir peintre en bâtiment, en CDI ou en intérim.',
  availability: 'Disponible à temps plein dès la sortie.',
  ...overrides,
});

/** A check box of a filter as the page renders it: name, value, ticked or not, label and count. */
interface FacetBox {
  name: string;
  value: string;
  checked: boolean;
  label: string;
  count: number | null;
}

function facetBoxes(html: string, name: string): FacetBox[] {
  const boxes: FacetBox[] = [];
  const pattern = /<input type="checkbox" id="([^"]+)" name="([^"]+)" value="([^"]*)" (checked)?>\s*<label for="\1">([^<]*?)(?: <span class="facet-count">\((\d+)\)<\/span>)?<\/label>/g;
  for (const m of html.matchAll(pattern)) {
    if (m[2] === name) boxes.push({ name: m[2], value: m[3], checked: m[4] === 'checked', label: m[5].trim(), count: m[6] === undefined ? null : Number(m[6]) });
  }
  return boxes;
}

/** The target of the link with this text, as the browser reads it (Handlebars escapes `=` and `&` in attributes). */
function hrefOf(html: string, text: string): string | undefined {
  const found = [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].find((m) => m[2] === text)?.[1];
  return found?.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
}

/** Codes of the result cards, in page order. */
const cardCodes = (html: string) => [...html.matchAll(/<li class="card profile-card" data-profile="(PSG-[0-9A-Z]+)">/g)].map((m) => m[1]);

/** Polls like the shared helper, with this file's longer default wait. */
const waitFor = <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000) => waitUntil(what, probe, timeoutMs);

describe('candidate search pages for employers (real PostgreSQL, Redis, Meilisearch, worker in-process)', () => {
  let t: TestApp;
  let partner: Organisation;
  let counsellor: Signed;
  let coordinator: Signed;
  let employer: Signed;
  let employerOrganisation: Organisation;
  let employerPending: Signed;
  let painter: Profile;
  let storekeeper: Profile;
  let mason: Profile;
  let draft: Profile;

  const signIn = async (role: Role, organisation?: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id };
  };
  const post = (path: string, body: object = {}) => counsellor.agent.post(path).set('x-csrf-token', counsellor.csrf).send(body);
  const create = async (overrides: Record<string, unknown> = {}): Promise<Profile> => {
    const res = await post(PROFILES, profileBody(overrides));
    if (res.status !== 201) throw new Error(`creation failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, code: res.body.code };
  };
  const publish = async (overrides: Record<string, unknown> = {}): Promise<Profile> => {
    const profile = await create(overrides);
    expect((await post(`${PROFILES}/${profile.id}/consents`, { scope: 'publication', givenOn: '2025-01-15' })).status).toBe(201);
    const res = await post(`${PROFILES}/${profile.id}/publish`);
    if (res.status !== 200) throw new Error(`publication failed: ${res.status} ${JSON.stringify(res.body)}`);
    return profile;
  };
  const auditRows = (action: string, actor: string): Promise<{ subject_type: string; subject_id: string; details: Record<string, unknown> }[]> =>
    t.dataSource.query(`SELECT subject_type, subject_id, details FROM audit_events WHERE action = $1 AND actor_user_id = $2 ORDER BY id`, [action, actor]);
  const page = (who: Signed, query = '') => who.agent.get(`/profils${query}`);

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    await seedReferenceData(t.app.get(ImportRunner));
    partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip });
    counsellor = await signIn(Role.Counsellor, partner);
    coordinator = await signIn(Role.Coordinator, partner);
    employerOrganisation = await createOrganisation(t.dataSource, { kind: OrganisationKind.Company });
    employer = await signIn(Role.Employer, employerOrganisation);
    employerPending = await signIn(Role.Employer, await createOrganisation(t.dataSource, { kind: OrganisationKind.Company, status: OrganisationStatus.Pending }));

    painter = await publish();
    storekeeper = await publish({
      targetRomeCodes: ['N1103'],
      targetBasinCodes: ['2817'],
      releaseFrom: '2028-01-10',
      releaseUntil: '2028-02-20',
      adjustments: [],
      soughtSolutions: ['job'],
      skills: ['Préparation de commandes'],
      project: 'Préparer des commandes dans un entrepôt de la région caennaise.',
    });
    mason = await publish({
      targetRomeCodes: ['F1703'],
      targetBasinCodes: ['7513'],
      skills: ['Montage de murs en parpaings'],
      project: 'Reprendre la maçonnerie <b>x</b> dans une structure d’insertion.',
    });
    draft = await create();
    await waitFor('the three published profiles in the search index', async () => {
      const res = await employer.agent.get('/api/profile-search');
      return res.status === 200 && res.body.total === 3;
    });
  });
  afterAll(() => t?.close());

  it('lists the published profiles as cards, with the employer view only', async () => {
    const res = await page(employer).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('3 profils trouvés');
    expect((await page(employer, '?q=xylophoniste')).text).toContain('Aucun profil trouvé');
    expect(cardCodes(res.text).sort()).toEqual([painter.code, storekeeper.code, mason.code].sort());
    expect(cardCodes(res.text)).not.toContain(draft.code);
    expect(res.text).toContain(`href="/profils/${painter.code}"`);
    // What employers never see: the establishment and the exact release dates.
    expect(res.text).not.toContain('VIVONNE');
    expect(res.text).not.toContain('2027-03-10');
    // The card of the storekeeper: basin name, release semester, no adjustment.
    const card = res.text.slice(res.text.indexOf(`data-profile="${storekeeper.code}"`));
    expect(card.slice(0, card.indexOf('</li>\n'))).toMatch(/CAEN[\s\S]*2028-S1[\s\S]*Non envisagé/);
    // The navigation leads employers here.
    expect(res.text).toContain('<a href="/profils">Candidats</a>');
  });

  it('highlights the searched words in the snippet, the matching occupations and skills', async () => {
    const res = await page(employer, '?q=peintre').expect(200);
    expect(cardCodes(res.text)).toContain(painter.code);
    expect(cardCodes(res.text)).not.toContain(storekeeper.code);
    expect(res.text).toMatch(/<p class="profile-snippet">[^<]*<mark>peintre<\/mark>/i);
    expect(res.text).toContain('<li><mark>Peintre</mark> en bâtiment <span class="code">F1606</span></li>');
    expect(res.text).toContain('value="peintre"');

    const skills = await page(employer, '?q=parpaings').expect(200);
    expect(cardCodes(skills.text)).toEqual([mason.code]);
    expect(skills.text).toMatch(/<dt>Compétences trouvées<\/dt>\s*<dd><ul class="plain-list"><li>Montage de murs en <mark>parpaings<\/mark><\/li><\/ul><\/dd>/);
  });

  it('narrows by a ticked basin, keeps it ticked, and counts each value of the filters', async () => {
    const all = await page(employer).expect(200);
    const basinsBefore = facetBoxes(all.text, 'basin');
    expect(basinsBefore.find((b) => b.value === '7513')).toMatchObject({ label: 'POITIERS', count: 2, checked: false });
    expect(basinsBefore.find((b) => b.value === '2817')).toMatchObject({ label: 'CAEN', count: 1, checked: false });

    const res = await page(employer, '?basin=2817').expect(200);
    expect(cardCodes(res.text)).toEqual([storekeeper.code]);
    expect(res.text).toContain('1 profil trouvé');
    // A ticked filter comes first and keeps counting the other values of its own group (OR within a filter).
    const basins = facetBoxes(res.text, 'basin');
    expect(basins[0]).toMatchObject({ value: '2817', checked: true, count: 1 });
    expect(basins.find((b) => b.value === '7513')).toMatchObject({ checked: false, count: 2 });
    // Other filters count within the narrowed results (AND across filters).
    expect(facetBoxes(res.text, 'rome')).toEqual([{ name: 'rome', value: 'N1103', checked: false, label: expect.stringContaining('N1103'), count: 1 }]);
    expect(hrefOf(res.text, 'Effacer les filtres')).toBe('/profils');

    const two = await page(employer, '?basin=2817&basin=7514').expect(200);
    expect(cardCodes(two.text).sort()).toEqual([storekeeper.code, painter.code].sort());
  });

  it('keeps the search in the pagination links', async () => {
    const first = await page(employer, '?basin=7513&pageSize=1').expect(200);
    expect(cardCodes(first.text)).toHaveLength(1);
    expect(first.text).toContain('Page 1 sur 2');
    const next = hrefOf(first.text, 'Page suivante');
    expect(next).toBe('/profils?basin=7513&pageSize=1&page=2');
    const second = await employer.agent.get(next!).expect(200);
    expect(second.text).toContain('Page 2 sur 2');
    expect(cardCodes(second.text)).toHaveLength(1);
    expect(cardCodes(second.text)[0]).not.toBe(cardCodes(first.text)[0]);
  });

  it('filters on the release range chosen with the semester selects', async () => {
    const res = await page(employer, '?releaseFrom=2028-S1&releaseTo=').expect(200);
    expect(cardCodes(res.text)).toEqual([storekeeper.code]);
    expect(res.text).toMatch(/<option value="2028-S1" selected>1er semestre 2028<\/option>/);
  });

  it('shows the empty state with a link that clears the filters but keeps the text', async () => {
    const res = await page(employer, '?q=xylophoniste&basin=7513').expect(200);
    expect(cardCodes(res.text)).toEqual([]);
    expect(res.text).toContain('Aucun profil ne correspond à votre recherche « xylophoniste » avec ces filtres.');
    expect(hrefOf(res.text, 'Effacer les filtres')).toBe('/profils?q=xylophoniste');
    expect(hrefOf(res.text, 'Nouvelle recherche')).toBe('/profils');
  });

  it('answers 400 with the French message of the query rules, and the form kept', async () => {
    const res = await page(employer, '?q=peintre&releaseFrom=2027-S3').expect(400);
    expect(res.text).toContain('Sortie à partir de : semestre invalide (attendu : AAAA-S1 ou AAAA-S2).');
    expect(res.text).toContain('id="releaseFrom" name="releaseFrom" aria-invalid="true"');
    expect(res.text).toContain('value="peintre"');
    expect(cardCodes(res.text)).toEqual([]);

    const inverted = await page(employer, '?releaseFrom=2028-S2&releaseTo=2027-S1').expect(400);
    expect(inverted.text).toContain('La période de sortie est inversée.');
    expect(inverted.text).toContain('Le semestre de fin précède le semestre de début.');

    const badBasin = await page(employer, '?basin=<script>').expect(400);
    expect(badBasin.text).toContain('Bassins : code de bassin invalide');
    expect(badBasin.text).not.toContain('<script>');
  });

  it('shows HTML written in a project as text, in the results and on the profile page', async () => {
    const res = await page(employer, '?rome=F1703').expect(200);
    expect(cardCodes(res.text)).toEqual([mason.code]);
    expect(res.text).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(res.text).not.toContain('<b>x</b>');

    const detail = await employer.agent.get(`/profils/${mason.code}`).expect(200);
    expect(detail.text).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(detail.text).not.toContain('<b>x</b>');
  });

  it('shows one published profile in the employer view, and a 404 page for a draft or an unknown code', async () => {
    const res = await employer.agent.get(`/profils/${painter.code}`).expect(200);
    expect(res.text).toContain(`<h1>Profil ${painter.code}</h1>`);
    expect(res.text).toContain('Devenir peintre en bâtiment, en CDI ou en intérim.');
    expect(res.text).toContain('POITIERS');
    expect(res.text).toContain('2027-S1');
    expect(res.text).toContain('Envisageable : semi-liberté');
    expect(res.text).not.toContain('VIVONNE');

    for (const code of [draft.code, 'PSG-ZZZZ', 'pas-un-code']) {
      const missing = await employer.agent.get(`/profils/${code}`).expect(404);
      expect(missing.text).toContain('Profil introuvable ou qui n’est plus publié.');
    }
  });

  it('audits each page of results and each profile an employer sees, not a coordinator’s preview', async () => {
    const listedBefore = (await auditRows('profile.listed_for_employer', employer.id)).length;
    await page(employer, '?basin=2817').expect(200);
    const listed = await auditRows('profile.listed_for_employer', employer.id);
    expect(listed).toHaveLength(listedBefore + 1);
    expect(listed.at(-1)).toEqual({
      subject_type: 'organisation',
      subject_id: employerOrganisation.id,
      details: { via: 'search', count: 1, codes: [storekeeper.code] },
    });

    await employer.agent.get(`/profils/${storekeeper.code}`).expect(200);
    const read = await auditRows('profile.read_by_employer', employer.id);
    expect(read.at(-1)).toMatchObject({ subject_type: 'candidate_profile', subject_id: storekeeper.id, details: { organisationId: employerOrganisation.id } });

    const preview = await page(coordinator).expect(200);
    expect(cardCodes(preview.text)).toHaveLength(3);
    expect(preview.text).toContain('Aperçu de ce que voient les employeurs');
    await coordinator.agent.get(`/profils/${painter.code}`).expect(200);
    expect(await auditRows('profile.listed_for_employer', coordinator.id)).toEqual([]);
    expect(await auditRows('profile.read_by_employer', coordinator.id)).toEqual([]);
  });

  it('tells a pending employer organisation why it cannot search (403), and refuses counsellors', async () => {
    for (const path of ['/profils', '/profils?releaseFrom=nonsense', `/profils/${painter.code}`]) {
      const res = await employerPending.agent.get(path).expect(403);
      expect(res.text).toContain('Votre organisation est en attente de validation par la coordination');
    }
    expect(await auditRows('profile.listed_for_employer', employerPending.id)).toEqual([]);
    await counsellor.agent.get('/profils').expect(403);
    const anonymous = await request(t.server).get('/profils?basin=7513').expect(303);
    expect(anonymous.headers.location).toBe(`/connexion?suite=${encodeURIComponent('/profils?basin=7513')}`);
  });
});

describe('candidate search page while Meilisearch is unreachable', () => {
  let t: TestApp;
  let employer: Signed;

  beforeAll(async () => {
    // A port nobody listens on: every search fails to connect, as when the Meilisearch process is down.
    t = await startTestApp({ env: { MEILI_URL: 'http://127.0.0.1:9' } });
    const organisation = await createOrganisation(t.dataSource, { kind: OrganisationKind.Company });
    const user = await createUser(t.dataSource, { role: Role.Employer, organisationId: organisation.id });
    employer = { ...(await loginAgent(t.server, user.email)), id: user.id };
  });
  afterAll(() => t?.close());

  it('answers a friendly French 503 page within a second, with the form to try again', async () => {
    const started = Date.now();
    const res = await employer.agent.get('/profils?q=peintre').expect(503);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.text).toContain('Recherche momentanément indisponible.');
    expect(res.text).toContain('le reste de Passerelle fonctionne normalement');
    expect(res.text).toContain('value="peintre"');
    expect(res.text).not.toContain('ECONNREFUSED');
  });
});
