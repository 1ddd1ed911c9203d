import request from 'supertest';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { Organisation, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

type Signed = { agent: Agent; csrf: string; organisationId: string | null };

const BASE = '/organisation/besoins';
const UNKNOWN_ID = '4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f';

/** A date `days` from today in France, as the date inputs send it. */
const inDays = (days: number) => {
  const date = new Date(`${parisDate(new Date())}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};
const french = (date: string) => date.split('-').reverse().join('/');

/** What the editor form sends: strings, ticked boxes repeated, nothing for unticked ones. */
const editorForm = (overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  romeCode: 'F1606',
  appellationCode: '',
  contractType: 'cdd',
  positions: '2',
  communeCode: '86194',
  startFrom: inDays(10),
  startUntil: inDays(60),
  requirements: 'Port de charges.',
  solutions: ['job', 'company_visit'],
  ...overrides,
});

/** URL-encodes a form the way a browser does (repeated keys for checkboxes). */
const encode = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  return params.toString();
};

describe('employer needs pages (French, server-rendered)', () => {
  let t: TestApp;
  let company: Organisation;
  let employer: Signed;
  let otherEmployer: Signed;
  let pendingEmployer: Signed;
  let counsellor: Signed;

  const signIn = async (role: Role, organisation?: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), organisationId: user.organisationId };
  };
  const submit = (who: Signed, path: string, fields: Record<string, string | string[]> = {}) =>
    who.agent.post(path).type('form').send(encode({ _csrf: who.csrf, ...fields }));
  const needCount = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM employer_needs`))[0].n);
  const row = async (id: string) => (await t.dataSource.query(`SELECT * FROM employer_needs WHERE id = $1`, [id]))[0];
  const idFrom = (location: string) => /\/organisation\/besoins\/([0-9a-f-]{36})/.exec(location)![1];
  /** Creates a need through the page and returns its id. */
  const create = async (who: Signed, overrides: Record<string, string | string[]> = {}) => {
    const res = await submit(who, BASE, editorForm(overrides));
    if (res.status !== 303) throw new Error(`creation failed: ${res.status} ${res.text}`);
    return idFrom(res.headers.location);
  };

  beforeAll(async () => {
    t = await startTestApp();
    const q = (sql: string) => t.dataSource.query(sql);
    await q(`INSERT INTO rome_grand_domains (code, label) VALUES ('F', 'Construction, Bâtiment et Travaux publics')`);
    await q(`INSERT INTO rome_professional_domains (code, label, grand_domain_code) VALUES ('F16', 'Second oeuvre', 'F')`);
    await q(`INSERT INTO rome_occupations (code, label, ogr_code, domain_code) VALUES ('F1606', 'Peintre en bâtiment', 1, 'F16')`);
    await q(`INSERT INTO rome_appellations (ogr_code, label, short_label, rome_code, principal) VALUES (38017, 'Peintre en bâtiment', 'Peintre', 'F1606', true)`);
    await q(`INSERT INTO basins (code, name) VALUES ('7513', 'POITIERS'), ('7505', 'CHATELLERAULT')`);
    await q(
      `INSERT INTO communes (insee_code, name, basin_code, postcodes) VALUES
         ('86194', 'Poitiers', '7513', '{86000}'), ('86066', 'Châtellerault', '7505', '{86100}'),
         ('86233', 'Saint-Julien-l''Ars', '7513', '{86800}'), ('86268', 'Tercé', '7513', '{86800}')`,
    );
    company = await createOrganisation(t.dataSource);
    employer = await signIn(Role.Employer, company);
    otherEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource));
    pendingEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { status: OrganisationStatus.Pending }));
    counsellor = await signIn(Role.Counsellor);
  });
  afterAll(() => t.close());

  describe('who may use the pages', () => {
    it('sends anonymous visitors to the login form, with the page to come back to', async () => {
      const res = await request(t.server).get(`${BASE}/nouveau`);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/connexion?suite=${encodeURIComponent(`${BASE}/nouveau`)}`);
      expect((await request(t.server).get(BASE)).headers.location).toMatch(/^\/connexion\?suite=/);
    });

    it('refuses counsellors with the French 403 page, reading or writing', async () => {
      const page = await counsellor.agent.get(BASE);
      expect(page.status).toBe(403);
      expect(page.text).toContain('Accès refusé');
      const before = await needCount();
      expect((await submit(counsellor, BASE, editorForm())).status).toBe(403);
      expect(await needCount()).toBe(before);
    });

    it('explains to a pending organisation why it cannot manage needs yet, without any form', async () => {
      for (const path of [BASE, `${BASE}/nouveau`]) {
        const res = await pendingEmployer.agent.get(path);
        expect(res.status).toBe(403);
        expect(res.text).toContain('en attente de validation par la coordination');
        expect(res.text).not.toContain('<form method="post" action="/organisation/besoins');
      }
      const before = await needCount();
      const post = await submit(pendingEmployer, BASE, editorForm());
      expect(post.status).toBe(403);
      expect(post.text).toContain('en attente de validation');
      expect(await needCount()).toBe(before);
    });

    it('refuses a form without its CSRF token', async () => {
      const res = await employer.agent.post(BASE).type('form').send(encode(editorForm()));
      expect(res.status).toBe(403);
    });
  });

  describe('list', () => {
    it('shows an explicit empty state and the way to create a need', async () => {
      const fresh = await signIn(Role.Employer, await createOrganisation(t.dataSource));
      const res = await fresh.agent.get(BASE).expect(200);
      expect(res.text).toContain('Aucun besoin dans cette liste');
      expect(res.text).toContain(`href="${BASE}/nouveau"`);
      expect(res.text).toContain('Tous (0)');
    });

    it('lists the organisation’s needs only, in French, filtered by status tab and paginated', async () => {
      const listed = await signIn(Role.Employer, await createOrganisation(t.dataSource));
      const ids: string[] = [];
      for (let i = 0; i < 21; i++) ids.push(await create(listed, { positions: String(i + 1), contractType: i === 0 ? 'interim' : 'cdi' }));
      await submit(listed, `${BASE}/${ids[0]}/publier`).expect(303);

      const first = await listed.agent.get(BASE).expect(200);
      expect(first.text).toContain('Tous (21)');
      expect(first.text).toContain('Brouillon (20)');
      expect(first.text).toContain('Publié (1)');
      expect(first.text).toContain('Peintre en bâtiment</a> <span class="code">F1606</span>');
      expect(first.text).toContain('Bassin POITIERS');
      expect(first.text).toContain(`du ${french(inDays(10))} au ${french(inDays(60))}`);
      expect(first.text).toContain('Page 1 sur 2');
      expect(first.text).toContain(`href="${BASE}?page=2"`);
      expect((first.text.match(/<tr>/g) ?? []).length).toBe(21); // header + 20 rows
      const second = await listed.agent.get(`${BASE}?page=2`).expect(200);
      expect(second.text).toContain('Page 2 sur 2');
      expect((second.text.match(/<tr>/g) ?? []).length).toBe(2);

      const published = await listed.agent.get(`${BASE}?statut=published`).expect(200);
      expect(published.text).toContain(`${BASE}/${ids[0]}"`);
      expect(published.text).toContain('Intérim');
      expect(published.text).toContain('badge-published">Publié');
      expect(published.text).not.toContain(`${BASE}/${ids[1]}"`);

      // Another organisation's list does not show them.
      expect((await employer.agent.get(BASE).expect(200)).text).not.toContain(ids[0]);
    });

    it('answers a French 400 page for an unknown status filter', async () => {
      const res = await employer.agent.get(`${BASE}?statut=perdu`);
      expect(res.status).toBe(400);
      expect(res.text).toContain('Statut inconnu');
    });
  });

  describe('editor', () => {
    it('shows an empty form with the French choices, the ROME hint and a CSRF field', async () => {
      const res = await employer.agent.get(`${BASE}/nouveau`).expect(200);
      expect(res.text).toContain('<form method="post" action="/organisation/besoins"');
      expect(res.text).toContain('name="_csrf"');
      expect(res.text).toContain('<a href="/metiers">');
      expect(res.text).toContain('>Contrat de professionnalisation</option>');
      expect(res.text).toContain('value="job" > Emploi');
      expect(res.text).toContain('Promesse d’embauche écrite');
      expect(res.text).not.toContain('>Publier</button>');
    });

    it('creates a draft from a postcode and shows the basin it lands in', async () => {
      const res = await submit(employer, BASE, editorForm({ communeCode: '86000', appellationCode: '38017' }));
      expect(res.status).toBe(303);
      const id = idFrom(res.headers.location);
      expect(res.headers.location).toBe(`${BASE}/${id}?info=besoin-cree`);
      expect(await row(id)).toMatchObject({ organisation_id: company.id, commune_code: '86194', basin_code: '7513', status: 'draft', appellation_code: 38017, solutions: ['job', 'company_visit'] });

      const page = await employer.agent.get(res.headers.location).expect(200);
      expect(page.text).toContain('role="status"');
      expect(page.text).toContain('<a href="/bassins/7513">POITIERS</a>');
      expect(page.text).toContain('badge-draft">Brouillon');
      expect(page.text).toContain('value="86194"');
      expect(page.text).toContain('>Publier</button>');
      expect(page.text).toContain('>Clore</button>');
    });

    it('shows the API’s errors inline, keeps what was typed and writes nothing', async () => {
      const before = await needCount();
      const res = await submit(employer, BASE, editorForm({ startFrom: inDays(30), startUntil: inDays(20), positions: 'deux', requirements: 'Habilitation électrique' }));
      expect(res.status).toBe(400);
      expect(res.text).toContain('<title>Erreur — Nouveau besoin de recrutement');
      expect(res.text).toContain('id="positions-error">Le nombre de postes doit être un entier entre 1 et 100.');
      expect(res.text).toContain('value="deux"');
      expect(res.text).toContain('Habilitation électrique</textarea>');
      expect(await needCount()).toBe(before);

      // The window is checked by the service once the fields are well-formed.
      const inverted = await submit(employer, BASE, editorForm({ startFrom: inDays(30), startUntil: inDays(20) }));
      expect(inverted.status).toBe(400);
      expect(inverted.text).toContain(`id="startUntil-error">La date de fin (${french(inDays(20))}) précède la date de début (${french(inDays(30))}).`);
      expect(inverted.text).toContain('<a href="#startUntil">');
      expect(inverted.text).toContain('value="company_visit" checked');

      const unknown = await submit(employer, BASE, editorForm({ romeCode: 'Z9999', communeCode: '99999' }));
      expect(unknown.status).toBe(400);
      expect(unknown.text).toContain('id="romeCode-error">Code ROME inconnu « Z9999 »');
      expect(unknown.text).toContain('id="communeCode-error">Commune inconnue');
      expect(await needCount()).toBe(before);
    });

    it('asks which commune when a postcode covers several', async () => {
      const res = await submit(employer, BASE, editorForm({ communeCode: '86800' }));
      expect(res.status).toBe(400);
      expect(res.text).toContain('Le code postal 86800 couvre plusieurs communes : Saint-Julien-l&#x27;Ars (86233), Tercé (86268)');
    });

    it('refuses fields an employer may not set, by name', async () => {
      const before = await needCount();
      const res = await submit(employer, BASE, { ...editorForm(), status: 'published' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('<a href="#status">Champ non autorisé.</a>');
      expect(await needCount()).toBe(before);
    });

    it('edits a need; the basin follows the commune', async () => {
      const id = await create(employer);
      const res = await submit(employer, `${BASE}/${id}`, editorForm({ communeCode: '86066', positions: '5', solutions: 'advice' }));
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`${BASE}/${id}?info=besoin-enregistre`);
      expect(await row(id)).toMatchObject({ commune_code: '86066', basin_code: '7505', positions: 5, solutions: ['advice'] });
      expect((await employer.agent.get(`${BASE}/${id}`).expect(200)).text).toContain('<a href="/bassins/7505">CHATELLERAULT</a>');

      // Unticking every solution is refused by the API rather than silently ignored.
      const cleared = await submit(employer, `${BASE}/${id}`, editorForm({ solutions: [] }));
      expect(cleared.status).toBe(400);
      expect(cleared.text).toContain('id="solutions-error">Indiquez au moins une solution proposée.');
      expect((await row(id)).solutions).toEqual(['advice']);
    });

    it('publishes, refuses to publish twice, and closes; a closed need is read-only', async () => {
      const incomplete = await create(employer, { solutions: [] });
      const refused = await submit(employer, `${BASE}/${incomplete}/publier`);
      expect(refused.status).toBe(409);
      expect(refused.text).toContain('Ce besoin ne peut pas encore être publié : complétez les champs indiqués.');
      expect(refused.text).toContain('id="solutions-error">Indiquez au moins une solution proposée avant de publier.');
      expect((await row(incomplete)).status).toBe('draft');

      const id = await create(employer);
      const published = await submit(employer, `${BASE}/${id}/publier`);
      expect(published.status).toBe(303);
      expect(published.headers.location).toBe(`${BASE}?info=besoin-publie`);
      expect((await row(id)).status).toBe('published');
      const again = await submit(employer, `${BASE}/${id}/publier`);
      expect(again.status).toBe(409);
      expect(again.text).toContain('Ce besoin est déjà publié.');
      expect(again.text).not.toContain('>Publier</button>');

      expect((await submit(employer, `${BASE}/${id}/clore`)).headers.location).toBe(`${BASE}?info=besoin-clos`);
      expect((await row(id)).status).toBe('closed');
      const closedPage = await employer.agent.get(`${BASE}/${id}`).expect(200);
      expect(closedPage.text).toContain('Ce besoin est clôturé');
      expect(closedPage.text).not.toContain('id="form-besoin"');
      expect(closedPage.text).not.toContain('>Clore</button>');
      const edit = await submit(employer, `${BASE}/${id}`, editorForm({ positions: '9' }));
      expect(edit.status).toBe(409);
      expect(edit.text).toContain('Ce besoin est clôturé : il ne peut plus être modifié.');
      expect((await row(id)).positions).toBe(2);
      expect((await submit(employer, `${BASE}/${id}/clore`)).text).toContain('Ce besoin est déjà clôturé.');
    });

    it('answers 404 for another organisation’s need and for an unknown one, and changes nothing', async () => {
      const id = await create(employer);
      for (const [path, who] of [
        [`${BASE}/${id}`, otherEmployer],
        [`${BASE}/${UNKNOWN_ID}`, employer],
      ] as const) {
        const res = await who.agent.get(path);
        expect(res.status).toBe(404);
        expect(res.text).toContain('Page introuvable');
      }
      expect((await submit(otherEmployer, `${BASE}/${id}`, editorForm({ positions: '9' }))).status).toBe(404);
      expect((await submit(otherEmployer, `${BASE}/${id}/publier`)).status).toBe(404);
      expect((await submit(otherEmployer, `${BASE}/${id}/clore`)).status).toBe(404);
      expect(await row(id)).toMatchObject({ positions: 2, status: 'draft' });
      expect((await employer.agent.get(`${BASE}/pas-un-id`)).status).toBe(400);
    });
  });
});
