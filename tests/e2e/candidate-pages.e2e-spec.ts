import request from 'supertest';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

type Signed = { agent: Agent; csrf: string; id: string };

const BASE = '/conseil/profils';
const UNKNOWN_ID = '4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f';
const PROFILE_PATH = /^\/conseil\/profils\/([0-9a-f-]{36})\?info=profil-cree$/;
const PHONE = '06 12 34 56 78';

/** What the editor form sends: strings, ticked boxes repeated, nothing for unticked ones. */
const editorForm = (overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  establishmentCode: 'CP POITIERS VIVONNE',
  ageBand: '26-35',
  releaseFrom: '2026-09-01',
  releaseUntil: '2026-12-31',
  adjustments: ['semi_liberte', 'placement_exterieur'],
  exitPermits: 'oui',
  targetRomeCodes: 'f1606, F1703',
  targetBasinCodes: '7513',
  'mobility.licences': ['B', 'CACES_R489'],
  'mobility.hasVehicle': 'non',
  'mobility.maxCommuteMinutes': '45',
  languages: 'Français\r\n\r\n  Arabe  ',
  skills: 'Pose de plaques de plâtre\r\nPeinture intérieure',
  // Row 0 left blank: the filled row 1 becomes the first experience.
  'experiences.0.romeCode': '',
  'experiences.0.sector': '',
  'experiences.0.months': '',
  'experiences.1.romeCode': 'F1606',
  'experiences.1.sector': 'Bâtiment, second œuvre',
  'experiences.1.months': '18',
  'trainings.0.title': 'CAP Peintre applicateur de revêtements',
  'trainings.0.level': '3',
  'trainings.0.status': 'in_progress',
  'trainings.0.inDetention': 'on',
  'trainings.1.title': '',
  'trainings.1.level': '',
  'trainings.1.status': 'obtained',
  project: 'Devenir peintre en bâtiment, en CDI ou en intérim.',
  availability: 'Temps plein dès la sortie.',
  'constraints.avoidDepartments': '16',
  'constraints.avoidRomeCodes': '',
  action: 'enregistrer',
  ...overrides,
});

/** URL-encodes a form the way a browser does (repeated keys for check boxes). */
const encode = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  return params.toString();
};

describe('counsellor pages: caseload and profile editor (French, server-rendered)', () => {
  let t: TestApp;
  let partner: Organisation;
  let counsellor: Signed;
  let coordinator: Signed;
  let counsellorOther: Signed;
  let pendingCounsellor: Signed;
  let employer: Signed;
  let admin: Signed;
  let otherProfileId: string;

  const signIn = async (role: Role, organisation?: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id };
  };
  const submit = (who: Signed, path: string, fields: Record<string, string | string[]> = {}) =>
    who.agent.post(path).type('form').send(encode({ _csrf: who.csrf, ...fields }));
  const createThroughForm = async (who: Signed, overrides: Record<string, string | string[]> = {}) => {
    const res = await submit(who, BASE, editorForm(overrides));
    expect(res.status).toBe(303);
    const match = PROFILE_PATH.exec(res.headers.location);
    if (!match) throw new Error(`unexpected redirect: ${res.headers.location}`);
    return match[1];
  };
  const profileRow = async (id: string) => (await t.dataSource.query(`SELECT * FROM candidate_profiles WHERE id = $1`, [id]))[0];
  const snapshot = async () => ({
    profiles: await t.dataSource.query(`SELECT * FROM candidate_profiles ORDER BY id`),
    consents: await t.dataSource.query(`SELECT * FROM candidate_consents ORDER BY id`),
  });
  /** The text of an element with that id (ids of nested fields contain dots, so no CSS selector). */
  const byId = (html: string, id: string) => {
    const match = new RegExp(`id="${id.replace(/\./g, '\\.')}"[^>]*>([^<]*)<`).exec(html);
    return match?.[1].trim();
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip });
    counsellor = await signIn(Role.Counsellor, partner);
    coordinator = await signIn(Role.Coordinator, partner);
    counsellorOther = await signIn(Role.Counsellor, await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale }));
    pendingCounsellor = await signIn(Role.Counsellor, await createOrganisation(t.dataSource, { kind: OrganisationKind.FranceTravail, status: OrganisationStatus.Pending }));
    employer = await signIn(Role.Employer);
    admin = await signIn(Role.Admin);
    otherProfileId = await createThroughForm(counsellorOther);
  });
  afterAll(() => t?.close());

  describe('who may open the pages', () => {
    it.each([BASE, `${BASE}/nouveau`, `${BASE}/${UNKNOWN_ID}`])('sends anonymous visitors of %s to the login page', async (path) => {
      const res = await request(t.server).get(path).expect(303);
      expect(res.headers.location).toBe(`/connexion?suite=${encodeURIComponent(path)}`);
    });

    it.each([
      ['an employer', () => employer],
      ['an admin', () => admin],
    ])('refuses %s with the French 403 page', async (_who, who) => {
      for (const path of [BASE, `${BASE}/nouveau`]) {
        const res = await who().agent.get(path).expect(403);
        expect(res.text).toContain('Accès refusé');
      }
      const before = await snapshot();
      await submit(who(), BASE, editorForm()).expect(403);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a counsellor whose organisation is not validated yet, saying why', async () => {
      const res = await pendingCounsellor.agent.get(BASE).expect(403);
      expect(res.text).toContain('en attente de validation');
    });

    it('answers 404 for another organisation’s profile, on the page and on every form, and changes nothing', async () => {
      expect((await counsellor.agent.get(`${BASE}/${otherProfileId}`).expect(404)).text).toContain('Page introuvable');
      const before = await snapshot();
      await submit(counsellor, `${BASE}/${otherProfileId}`, editorForm({ project: 'Autre texte.' })).expect(404);
      for (const action of ['publier', 'pause', 'reprendre', 'placer', 'archiver', 'consentement/revoquer']) await submit(counsellor, `${BASE}/${otherProfileId}/${action}`).expect(404);
      await submit(counsellor, `${BASE}/${otherProfileId}/consentement`, { scope: 'publication', givenOn: '2025-01-15' }).expect(404);
      expect(await snapshot()).toEqual(before);
      expect((await counsellor.agent.get(`${BASE}/not-a-uuid`).expect(400)).text).toContain('Identifiant invalide');
    });

    it('refuses a form without its CSRF token', async () => {
      const before = await snapshot();
      await counsellor.agent.post(BASE).type('form').send(encode(editorForm())).expect(403);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('caseload', () => {
    it('shows an explicit empty state and the "Nouveau profil" button to a new organisation', async () => {
      const fresh = await signIn(Role.Counsellor, await createOrganisation(t.dataSource, { kind: OrganisationKind.Prison }));
      const res = await fresh.agent.get(BASE).expect(200);
      expect(res.text).toContain('<h1>Profils de candidats</h1>');
      expect(res.text).toContain('Aucun profil pour l’instant');
      expect(res.text).toContain('href="/conseil/profils/nouveau"');
      expect(res.text).toContain('<link rel="stylesheet" href="/static/css/candidates.css">');
      expect((await fresh.agent.get(`${BASE}?statut=published`).expect(200)).text).toContain('Aucun profil ne correspond à ces filtres');
    });

    it('lists the organisation’s profiles only, filters by status, occupation and basin, and pages by 20', async () => {
      const org = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale });
      const who = await signIn(Role.Counsellor, org);
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push(await createThroughForm(who, { targetRomeCodes: 'F1703', targetBasinCodes: '7514' }));
      const special = await createThroughForm(who, { targetRomeCodes: 'F1606', targetBasinCodes: '7513' });
      const codeOf = async (id: string) => (await profileRow(id)).code as string;

      const first = await who.agent.get(BASE).expect(200);
      expect(first.text).toContain('21 profils');
      expect(first.text).toContain(await codeOf(special));
      expect(first.text).not.toContain((await profileRow(otherProfileId)).code);
      expect(first.text).toContain('du 01/09/2026 au 31/12/2026');
      expect(first.text).toContain('<span class="badge badge-profile-draft">Brouillon</span>');
      // Handlebars escapes "=" in attributes, which browsers read back as "=".
      expect(first.text).toContain('href="/conseil/profils?page&#x3D;2"');
      const second = await who.agent.get(`${BASE}?page=2`).expect(200);
      expect(second.text).toContain('Page 2 sur 2');
      expect((second.text.match(/<tr>/g) ?? []).length).toBe(2);

      const byRome = await who.agent.get(`${BASE}?rome=f1606`).expect(200);
      expect(byRome.text).toContain('1 profil<');
      expect(byRome.text).toContain(await codeOf(special));
      const byBasin = await who.agent.get(`${BASE}?bassin=7514&statut=draft`).expect(200);
      expect(byBasin.text).toContain('20 profils');
      expect(byBasin.text).toContain('href="/conseil/profils?statut&#x3D;published&amp;bassin&#x3D;7514"');
      expect((await who.agent.get(`${BASE}?statut=published`).expect(200)).text).toContain('0 profils');

      const bad = await who.agent.get(`${BASE}?rome=XX&statut=bidon`).expect(400);
      expect(bad.text).toContain('Statut inconnu');
      expect(bad.text).toContain('code ROME invalide');
    });
  });

  describe('editor', () => {
    it('shows an empty form for a new profile, with its field rows', async () => {
      const res = await counsellor.agent.get(`${BASE}/nouveau`).expect(200);
      expect(res.text).toContain('<h1>Nouveau profil</h1>');
      expect(res.text).toContain('action="/conseil/profils"');
      expect(res.text).toContain('name="_csrf"');
      expect(res.text).toContain('id="experiences.1.sector"');
      expect(res.text).toContain('Vérifier les données personnelles');
      // No consent nor status section before the profile exists.
      expect(res.text).not.toContain('id="consent"');
    });

    it('creates a draft from the form, in the API’s shape, and shows it back', async () => {
      const id = await createThroughForm(counsellor);
      const row = await profileRow(id);
      expect(row).toMatchObject({
        owner_organisation_id: partner.id,
        status: 'draft',
        target_rome_codes: ['F1606', 'F1703'],
        target_basin_codes: ['7513'],
        adjustments: ['semi_liberte', 'placement_exterieur'],
        exit_permits: true,
        languages: ['Français', 'Arabe'],
        skills: ['Pose de plaques de plâtre', 'Peinture intérieure'],
        experiences: [{ romeCode: 'F1606', sector: 'Bâtiment, second œuvre', months: 18 }],
        trainings: [{ title: 'CAP Peintre applicateur de revêtements', level: 3, status: 'in_progress', inDetention: true }],
        mobility: { licences: ['B', 'CACES_R489'], hasVehicle: false, maxCommuteMinutes: 45 },
        constraints: { avoidDepartments: ['16'], avoidRomeCodes: [] },
      });
      const page = await counsellor.agent.get(`${BASE}/${id}?info=profil-cree`).expect(200);
      expect(page.text).toContain(`Profil ${row.code}`);
      expect(page.text).toContain('Le profil est créé en brouillon');
      expect(page.text).toContain('value="F1606, F1703"');
      expect(page.text).toContain('<option value="26-35" selected>');
      expect(page.text).toContain('value="semi_liberte" checked');
      expect(page.text).toContain('Pose de plaques de plâtre\nPeinture intérieure</textarea>');
      expect(page.text).toContain('id="experiences.0.sector" name="experiences.0.sector" type="text" value="Bâtiment, second œuvre"');
      expect(page.text).toContain('Aucun consentement en cours');
      expect(page.text).toContain('>Publier</button>');
      expect(page.text).not.toContain('>Reprendre</button>');
    });

    it('shows validation errors inline, keeps what was typed, and saves nothing', async () => {
      const before = await snapshot();
      const res = await submit(
        counsellor,
        BASE,
        editorForm({ releaseFrom: '2026-12-31', releaseUntil: '2026-09-01', targetRomeCodes: 'F16', 'experiences.1.months': 'dix-huit', 'mobility.maxCommuteMinutes': '999' }),
      ).expect(400);
      expect(res.text).toContain('<title>Erreur — Nouveau profil · Passerelle</title>');
      expect(res.text).toContain('Le formulaire contient des erreurs');
      expect(byId(res.text, 'targetRomeCodes-error')).toMatch(/^Métiers visés : code ROME invalide/);
      // The blank row was dropped: the filled experience is shown, with its error, as the first one.
      expect(byId(res.text, 'experiences.0.months-error')).toMatch(/^Expérience, durée : un nombre entier de mois/);
      expect(byId(res.text, 'mobility.maxCommuteMinutes-error')).toMatch(/^Temps de trajet maximal/);
      expect(res.text).toContain('href="#experiences.0.months"');
      expect(res.text).toContain('value="dix-huit"');
      expect(res.text).toContain('value="F16"');
      expect(await snapshot()).toEqual(before);

      // Reference checks happen in the service, and land next to their field too.
      const unknown = await submit(counsellor, BASE, editorForm({ targetRomeCodes: 'Z9999', releaseFrom: '2026-12-31', releaseUntil: '2026-09-01' })).expect(400);
      expect(byId(unknown.text, 'targetRomeCodes-error')).toContain('code ROME inconnu « Z9999 »');
      expect(byId(unknown.text, 'releaseUntil-error')).toContain('précède son début');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses fields the form does not have, such as the status or the owner', async () => {
      const before = await snapshot();
      const extras: Record<string, string | string[]>[] = [{ status: 'published' }, { ownerOrganisationId: partner.id }, { 'experiences.25.sector': 'x' }, { project: ['a', 'b'] }];
      for (const extra of extras) {
        const res = await submit(counsellor, BASE, { ...editorForm(), ...extra }).expect(400);
        expect(res.text).toMatch(/Champ non autorisé|ne peut être envoyé qu’une fois/);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('checks personal data without saving, and highlights each passage next to its field', async () => {
      const before = await snapshot();
      const res = await submit(
        counsellor,
        BASE,
        editorForm({ action: 'verifier', project: `Joignable au ${PHONE} pour un entretien.`, skills: 'Peinture\r\nContact : jean.dupont@example.fr' }),
      ).expect(200);
      expect(res.text).toContain('2 passages ressemblent à des données personnelles');
      expect(res.text).toContain(`<q class="pii-excerpt">Joignable au <mark>${PHONE}</mark> pour un entretien.</q>`);
      expect(res.text).toContain('Numéro de téléphone : aucune coordonnée ne doit figurer dans le profil.');
      expect(res.text).toContain('id="project-pii"');
      expect(res.text).toContain('aria-describedby="project-hint project-pii"');
      expect(res.text).toContain('<span class="pii-where">Ligne 2 :</span> <q class="pii-excerpt">Contact : <mark>jean.dupont@example.fr</mark></q>');
      expect(res.text).toContain('href="#skills">Compétences, ligne 2</a>');
      expect(await snapshot()).toEqual(before);

      const clean = await submit(counsellor, BASE, editorForm({ action: 'verifier' })).expect(200);
      expect(clean.text).toContain('Aucune donnée personnelle repérée');
      expect(clean.text).not.toContain('<mark>');
    });

    it('goes through consent, the PII refusal, the override and every status, each with its flash message', async () => {
      const id = await createThroughForm(counsellor, { project: `Appeler le ${PHONE}.` });
      const path = `${BASE}/${id}`;

      // The stored text's findings are shown on the page itself.
      const page = await counsellor.agent.get(path).expect(200);
      expect(page.text).toContain(`<mark>${PHONE}</mark>`);
      expect(page.text).toContain('Données personnelles possibles (1)');
      expect(page.text).toContain('id="overrideJustification"');

      // Without consent, publishing is refused and says so.
      const noConsent = await submit(counsellor, `${path}/publier`).expect(409);
      expect(noConsent.text).toContain('enregistrez-le avant de publier');
      expect(noConsent.text).toContain('Aucun consentement à la publication en cours.');

      const future = await submit(counsellor, `${path}/consentement`, { scope: 'publication', givenOn: '2999-01-01' }).expect(400);
      expect(byId(future.text, 'givenOn-error')).toBe('La date du consentement ne peut pas être dans le futur.');
      const badDate = await submit(counsellor, `${path}/consentement`, { scope: 'publication', givenOn: '2025-02-30' }).expect(400);
      expect(byId(badDate.text, 'givenOn-error')).toContain('Date du consentement invalide');
      const consented = await submit(counsellor, `${path}/consentement`, { scope: 'publication', givenOn: '2025-01-15' }).expect(303);
      expect(consented.headers.location).toBe(`${path}?info=consentement-enregistre`);
      const withConsent = await counsellor.agent.get(consented.headers.location).expect(200);
      expect(withConsent.text).toContain('Consentement recueilli le <strong>15/01/2025</strong>');
      expect(withConsent.text).toContain('Le consentement à la publication est enregistré.');
      await submit(counsellor, `${path}/consentement`, { scope: 'publication', givenOn: '2025-01-16' }).expect(409);

      // The PII guard refuses, with the findings inline; a short justification is refused by the form.
      const refused = await submit(counsellor, `${path}/publier`).expect(422);
      expect(refused.text).toContain('semble contenir une donnée personnelle');
      expect(refused.text).toContain(`<mark>${PHONE}</mark>`);
      const short = await submit(counsellor, `${path}/publier`, { overrideJustification: 'trop court' }).expect(400);
      expect(byId(short.text, 'overrideJustification-error')).toMatch(/^Justification : entre 20 et 1000 caractères/);
      expect(short.text).toContain('>trop court</textarea>');
      expect((await profileRow(id)).status).toBe('draft');

      // Fixing the text: saved, then published without override.
      const saved = await submit(counsellor, path, editorForm({ project: 'Devenir peintre en bâtiment.' })).expect(303);
      expect(saved.headers.location).toBe(`${path}?info=profil-enregistre`);
      expect((await counsellor.agent.get(path).expect(200)).text).not.toContain('<mark>');
      expect((await submit(counsellor, `${path}/publier`).expect(303)).headers.location).toBe(`${path}?info=profil-publie`);
      expect((await profileRow(id)).status).toBe('published');
      expect((await counsellor.agent.get(`${BASE}?statut=published`).expect(200)).text).toContain((await profileRow(id)).code);

      // A published profile cannot take flagged text: the edit is refused with the findings beside the typed text.
      const flagged = await submit(counsellor, path, editorForm({ project: `Appeler le ${PHONE}.` })).expect(422);
      expect(flagged.text).toContain(`<mark>${PHONE}</mark>`);
      expect(flagged.text).toContain('mettez le profil en pause');
      expect((await profileRow(id)).project).toBe('Devenir peintre en bâtiment.');

      const published = await counsellor.agent.get(path).expect(200);
      expect(published.text).toContain('>Mettre en pause</button>');
      expect(published.text).not.toContain('>Publier</button>');

      // The coordinator of the same organisation manages the same profile.
      expect((await submit(coordinator, `${path}/pause`).expect(303)).headers.location).toBe(`${path}?info=profil-en-pause`);
      expect((await submit(counsellor, `${path}/reprendre`).expect(303)).headers.location).toBe(`${path}?info=profil-repris`);
      expect((await submit(counsellor, `${path}/consentement/revoquer`).expect(303)).headers.location).toBe(`${path}?info=consentement-revoque`);
      expect((await profileRow(id)).status).toBe('paused');
      const revoked = await counsellor.agent.get(`${path}?info=consentement-revoque`).expect(200);
      expect(revoked.text).toContain('Consentements révoqués');
      expect(revoked.text).toContain('Aucun consentement en cours');

      // A wrong transition is explained on the page; a tampered transition form is refused.
      const wrong = await submit(counsellor, `${path}/pause`).expect(409);
      expect(wrong.text).toContain('Ce profil est en pause : impossible de le mettre en pause');
      await submit(counsellor, `${path}/archiver`, { status: 'draft' }).expect(400);

      expect((await submit(counsellor, `${path}/placer`).expect(303)).headers.location).toBe(`${path}?info=profil-place`);
      expect((await submit(counsellor, `${path}/archiver`).expect(303)).headers.location).toBe(`${path}?info=profil-archive`);
      const archived = await counsellor.agent.get(`${path}?info=profil-archive`).expect(200);
      expect(archived.text).toContain('Le profil est archivé.');
      expect(archived.text).toContain('<fieldset class="plain" disabled>');
      expect(archived.text).not.toContain('>Enregistrer</button>');
      expect(archived.text).not.toContain('id="form-consentement"');
      const notEditable = await submit(counsellor, path, editorForm()).expect(409);
      expect(notEditable.text).toContain('il ne peut plus être modifié');
    });

    it('publishes despite findings with a justification, which the page then shows', async () => {
      const id = await createThroughForm(counsellor, { project: `Appeler le ${PHONE}.` });
      await submit(counsellor, `${BASE}/${id}/consentement`, { scope: 'publication', givenOn: parisDate(new Date()) }).expect(303);
      const justification = 'Numéro du standard de la Mission Locale, pas celui de la personne.';
      await submit(counsellor, `${BASE}/${id}/publier`, { overrideJustification: justification }).expect(303);
      expect(await profileRow(id)).toMatchObject({ status: 'published' });
      const page = await counsellor.agent.get(`${BASE}/${id}`).expect(200);
      expect(page.text).toContain('Publié malgré des passages signalés');
      expect(page.text).toContain(justification);
    });
  });
});
