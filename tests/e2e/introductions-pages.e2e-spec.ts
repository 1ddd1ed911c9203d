import Handlebars from 'handlebars';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

type Signed = { agent: Agent; csrf: string; id: string; email: string; displayName: string };
type Profile = { id: string; code: string };

const EMPLOYER = '/organisation/mises-en-relation';
const PARTNER = '/conseil/mises-en-relation';
const UNKNOWN_ID = '4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f';

const today = () => parisDate(new Date());
const french = (date: string) => date.split('-').reverse().join('/');
/** Text as the pages write it (HTML-escaped by Handlebars). */
const html = (value: string) => Handlebars.escapeExpression(value);

/** URL-encodes a form the way a browser does (repeated keys for checkboxes). */
const encode = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  return params.toString();
};

describe('introductions pages (French, server-rendered)', () => {
  let t: TestApp;
  let partner: Organisation;
  let counsellor: Signed;
  let company: Organisation;
  let employer: Signed;
  let otherEmployer: Signed;
  let pendingEmployer: Signed;
  let coordinator: Signed;
  let need: string;

  const signIn = async (role: Role, organisation: Organisation, displayName?: string): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, organisationId: organisation.id, ...(displayName ? { displayName } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, email: user.email, displayName: user.displayName };
  };
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const submit = (who: Signed, path: string, fields: Record<string, string | string[]> = {}) => who.agent.post(path).type('form').send(encode({ _csrf: who.csrf, ...fields }));
  const introductionCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM introductions`))[0].n as number;
  const statusOf = async (id: string) => (await t.dataSource.query(`SELECT status FROM introductions WHERE id = $1`, [id]))[0].status as string;

  const publishProfile = async (): Promise<Profile> => {
    const res = await post(counsellor, '/api/candidate-profiles', {
      ageBand: '26-35',
      releaseFrom: '2027-03-10',
      releaseUntil: '2027-05-20',
      targetRomeCodes: ['F1606'],
      targetBasinCodes: ['7513'],
      project: 'Devenir peintre en bâtiment.',
    });
    if (res.status !== 201) throw new Error(`profile creation answered ${res.status} ${JSON.stringify(res.body)}`);
    await post(counsellor, `/api/candidate-profiles/${res.body.id}/consents`, { scope: 'publication', givenOn: '2026-01-15' }).expect(201);
    await post(counsellor, `/api/candidate-profiles/${res.body.id}/publish`).expect(200);
    return { id: res.body.id, code: res.body.code };
  };
  /** Sends the "Je souhaite rencontrer" form and returns the new introduction's id. */
  const requestThroughForm = async (profile: Profile, fields: Record<string, string> = {}): Promise<string> => {
    const res = await submit(employer, EMPLOYER, { profileCode: profile.code, needId: '', solution: 'job', message: 'Nous aimerions présenter le poste.', availability: '', ...fields });
    if (res.status !== 303) throw new Error(`request form answered ${res.status}`);
    return /\/organisation\/mises-en-relation\/([0-9a-f-]{36})\?info=demande-envoyee$/.exec(res.headers.location)![1];
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale du Poitou' });
    counsellor = await signIn(Role.Counsellor, partner, 'Sacha Conseillère');
    coordinator = await signIn(Role.Coordinator, await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale }));
    company = await createOrganisation(t.dataSource, { name: 'Peintures du Clain' });
    employer = await signIn(Role.Employer, company, 'Camille Responsable');
    otherEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource));
    pendingEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { status: OrganisationStatus.Pending }));
    const created = await post(employer, '/api/employer-needs', { romeCode: 'F1606', contractType: 'cdi', positions: 1, communeCode: '86194', startFrom: '2027-03-01', startUntil: '2027-06-30', solutions: ['job'] });
    need = created.body.id;
    await post(employer, `/api/employer-needs/${need}/publish`).expect(200);
  });
  afterAll(() => t?.close());

  describe('employer', () => {
    it('offers "Je souhaite rencontrer" on a profile page, to employers only', async () => {
      const profile = await publishProfile();
      const page = await employer.agent.get(`/profils/${profile.code}`).expect(200);
      expect(page.text).toContain(`href="${EMPLOYER}/nouvelle?profil=${profile.code}"`);
      expect(page.text).toContain('Je souhaite rencontrer');
      expect((await coordinator.agent.get(`/profils/${profile.code}`).expect(200)).text).not.toContain('Je souhaite rencontrer');
    });

    it('shows the request form with the organisation’s published needs and the solutions; an unknown profile is a 404 page', async () => {
      const profile = await publishProfile();
      const form = await employer.agent.get(`${EMPLOYER}/nouvelle?profil=${profile.code.toLowerCase()}`).expect(200);
      expect(form.text).toContain(`<h1>Je souhaite rencontrer ${profile.code}</h1>`);
      expect(form.text).toContain('name="_csrf"');
      expect(form.text).toContain(`<input type="hidden" name="profileCode" value="${profile.code}">`);
      expect(form.text).toMatch(new RegExp(`<option value="${need}" >Peintre en bâtiment – Poitiers</option>`, 'i'));
      expect(form.text).toContain('value="mock_interview"');
      expect(form.text).not.toContain('value="advice"');
      expect(form.text).not.toContain('id="demande-bloquee"');
      const unknown = await employer.agent.get(`${EMPLOYER}/nouvelle?profil=PSG-ZZZZ`);
      expect(unknown.status).toBe(404);
      expect(unknown.text).toContain('Page introuvable');
    });

    it('shows what is missing, keeps what was typed, and writes nothing; without the CSRF token it is refused', async () => {
      const profile = await publishProfile();
      const before = await introductionCount();
      const res = await submit(employer, EMPLOYER, { profileCode: profile.code, needId: '', message: '  ', availability: 'Le mardi' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Message : ce champ est obligatoire.');
      expect(res.text).toContain('Solution inconnue');
      expect(res.text).toContain('>Le mardi</textarea>');
      expect(res.text).toMatch(/<title>Erreur — /);
      const noToken = await employer.agent.post(EMPLOYER).type('form').send(encode({ profileCode: profile.code, solution: 'job', message: 'Bonjour' }));
      expect(noToken.status).toBe(403);
      expect(await introductionCount()).toBe(before);
    });

    it('sends the request, then shows it with its status, the pending contact and the withdrawal; a duplicate is explained on the form', async () => {
      const profile = await publishProfile();
      const id = await requestThroughForm(profile, { needId: need, availability: 'Le mardi après-midi' });
      const detail = await employer.agent.get(`${EMPLOYER}/${id}?info=demande-envoyee`).expect(200);
      expect(detail.text).toContain(html('Votre demande de rencontre est envoyée au conseiller'));
      expect(detail.text).toContain(html('Demande en attente de réponse'));
      expect(detail.text).toContain('id="contact-a-venir"');
      expect(detail.text).toContain(`action="${EMPLOYER}/${id}/retirer"`);
      expect(detail.text).not.toContain('Sacha Conseillère');
      expect(detail.text).not.toContain('Mission Locale du Poitou');

      const again = await submit(employer, EMPLOYER, { profileCode: profile.code, solution: 'immersion', message: 'Encore nous.' });
      expect(again.status).toBe(409);
      expect(again.text).toContain(html('Une mise en relation est déjà en cours entre cette organisation et ce profil'));

      const list = await employer.agent.get(EMPLOYER).expect(200);
      expect(list.text).toContain(`<a href="${EMPLOYER}/${id}">${profile.code}</a>`);
      expect((await otherEmployer.agent.get(`${EMPLOYER}/${id}`)).status).toBe(404);
    });

    it('explains a pause on the form and refuses the request with the reason', async () => {
      const paused = await createOrganisation(t.dataSource, { name: 'Pause & Co', pausedUntil: today() });
      const pausedEmployer = await signIn(Role.Employer, paused);
      const profile = await publishProfile();
      const form = await pausedEmployer.agent.get(`${EMPLOYER}/nouvelle?profil=${profile.code}`).expect(200);
      expect(form.text).toContain('id="demande-bloquee"');
      expect(form.text).toContain(html(`jusqu’au ${french(today())} inclus`));
      const refused = await submit(pausedEmployer, EMPLOYER, { profileCode: profile.code, solution: 'job', message: 'Bonjour' });
      expect(refused.status).toBe(409);
      expect(refused.text).toContain(html('Votre organisation a suspendu les mises en relation'));
    });

    it('shows an empty list with what to do, and tells a pending organisation why it cannot use the page', async () => {
      const fresh = await signIn(Role.Employer, await createOrganisation(t.dataSource));
      const empty = await fresh.agent.get(EMPLOYER).expect(200);
      expect(empty.text).toContain('id="aucune-mise-en-relation"');
      expect(empty.text).toContain(html('« Je souhaite rencontrer » envoie une demande'));
      const pending = await pendingEmployer.agent.get(EMPLOYER);
      expect(pending.status).toBe(403);
      expect(pending.text).toContain('en attente de validation');
      expect((await counsellor.agent.get(EMPLOYER)).status).toBe(403);
    });
  });

  describe('counsellor', () => {
    it('lists what waits for an answer, then takes a request through agreement, introduction, meeting and outcome', async () => {
      const profile = await publishProfile();
      const id = await requestThroughForm(profile, { message: 'Nous recrutons un peintre pour notre chantier de Poitiers.' });

      const inbox = await counsellor.agent.get(PARTNER).expect(200);
      expect(inbox.text).toContain(`<a href="${PARTNER}/${id}">${profile.code}</a>`);
      expect(inbox.text).toContain(`<a href="${html(`${PARTNER}?stage=to_answer`)}" aria-current="page">À traiter</a>`);

      const detail = await counsellor.agent.get(`${PARTNER}/${id}`).expect(200);
      expect(detail.text).toContain('Nous recrutons un peintre pour notre chantier de Poitiers.');
      expect(detail.text).toContain('Camille Responsable');
      expect(detail.text).toContain(`action="${PARTNER}/${id}/accepter"`);

      const unticked = await submit(counsellor, `${PARTNER}/${id}/accepter`, { candidateAgreedOn: today() });
      expect(unticked.status).toBe(400);
      expect(unticked.text).toContain('Cochez la case confirmant que la personne a donné son accord pour cette rencontre.');
      expect(await statusOf(id)).toBe('requested');

      const accepted = await submit(counsellor, `${PARTNER}/${id}/accepter`, { candidateAgreed: 'true', candidateAgreedOn: today() });
      expect(accepted.status).toBe(303);
      expect(accepted.headers.location).toBe(`${PARTNER}/${id}?info=demande-acceptee`);
      const afterAccept = await counsellor.agent.get(accepted.headers.location).expect(200);
      expect(afterAccept.text).toContain(`donné le ${french(today())}, enregistré par Sacha Conseillère`);
      expect(afterAccept.text).toContain(`action="${PARTNER}/${id}/mise-en-relation"`);

      expect((await submit(counsellor, `${PARTNER}/${id}/mise-en-relation`)).headers.location).toBe(`${PARTNER}/${id}?info=mise-en-relation-faite`);
      const employerView = await employer.agent.get(`${EMPLOYER}/${id}`).expect(200);
      expect(employerView.text).toContain('id="contact-conseiller"');
      expect(employerView.text).toContain('Sacha Conseillère');
      expect(employerView.text).toContain(counsellor.email);
      expect(employerView.text).toContain('Mission Locale du Poitou');

      expect((await submit(counsellor, `${PARTNER}/${id}/rencontre`, { meetingOn: today() })).status).toBe(303);
      const noReason = await submit(counsellor, `${PARTNER}/${id}/issue`, { outcome: 'no_follow_up', contractType: '', reason: '', note: '' });
      expect(noReason.status).toBe(400);
      expect(noReason.text).toContain(html('Indiquez pourquoi la mise en relation n’a pas eu de suite.'));
      const outcome = await submit(counsellor, `${PARTNER}/${id}/issue`, { outcome: 'no_follow_up', contractType: '', reason: 'meeting_missed', note: 'Rendez-vous manqué, à reprogrammer.' });
      expect(outcome.headers.location).toBe(`${PARTNER}/${id}?info=issue-enregistree`);
      expect(await statusOf(id)).toBe('concluded');
      const final = await counsellor.agent.get(`${PARTNER}/${id}`).expect(200);
      expect(final.text).toContain(html('Issue enregistrée'));
      expect(final.text).toContain('Rendez-vous manqué, à reprogrammer.');
      // The counsellor's note stays on their side.
      const employerFinal = await employer.agent.get(`${EMPLOYER}/${id}`).expect(200);
      expect(employerFinal.text).toContain('Pas de suite');
      expect(employerFinal.text).not.toContain('Rendez-vous manqué');
    });

    it('declines with a reason the employer then reads', async () => {
      const profile = await publishProfile();
      const id = await requestThroughForm(profile);
      const declined = await submit(counsellor, `${PARTNER}/${id}/decliner`, { reason: 'candidate_unavailable', note: '' });
      expect(declined.headers.location).toBe(`${PARTNER}/${id}?info=declinee`);
      const employerView = await employer.agent.get(`${EMPLOYER}/${id}`).expect(200);
      expect(employerView.text).toContain(html('La personne n’est pas disponible pour le moment'));
      expect(employerView.text).toContain(html('Déclinée'));
    });

    it('proposes a profile from its form; the employer accepts it on its page and gets the counsellor’s contact', async () => {
      const profile = await publishProfile();
      const formPath = `${PARTNER}/proposer?profil=${profile.id}&organisation=${company.id}&besoin=${need}`;
      const form = await counsellor.agent.get(formPath).expect(200);
      expect(form.text).toContain(`Proposer le profil ${profile.code} à Peintures du Clain`);
      expect(form.text).toContain(`<option value="${need}" selected>`);
      const fields = { profileId: profile.id, organisationId: company.id, needId: need, solution: 'company_visit', message: '', candidateAgreedOn: today() };
      const unticked = await submit(counsellor, `${PARTNER}/propositions`, fields);
      expect(unticked.status).toBe(400);
      expect(unticked.text).toContain('Cochez la case');
      const sent = await submit(counsellor, `${PARTNER}/propositions`, { ...fields, candidateAgreed: 'true' });
      expect(sent.status).toBe(303);
      const id = /\/conseil\/mises-en-relation\/([0-9a-f-]{36})\?info=proposition-envoyee$/.exec(sent.headers.location)![1];
      expect(await statusOf(id)).toBe('proposed');

      const toAnswer = await employer.agent.get(`${EMPLOYER}?stage=to_answer`).expect(200);
      expect(toAnswer.text).toContain(`<a href="${EMPLOYER}/${id}">${profile.code}</a>`);
      expect(toAnswer.text).toContain(html('à vous de répondre'));
      const detail = await employer.agent.get(`${EMPLOYER}/${id}`).expect(200);
      expect(detail.text).toContain(`action="${EMPLOYER}/${id}/accepter"`);
      const accepted = await submit(employer, `${EMPLOYER}/${id}/accepter`);
      expect(accepted.headers.location).toBe(`${EMPLOYER}/${id}?info=proposition-acceptee`);
      const after = await employer.agent.get(accepted.headers.location).expect(200);
      expect(after.text).toContain('Sacha Conseillère');
      expect(after.text).toContain(html('Mise en relation faite'));
    });

    it('shows an empty inbox with what to do; another organisation’s introduction and a bad id are error pages', async () => {
      const other = await signIn(Role.Counsellor, await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip }));
      const empty = await other.agent.get(PARTNER).expect(200);
      expect(empty.text).toContain(html('Rien à traiter : aucune demande n’attend votre réponse.'));
      const profile = await publishProfile();
      const id = await requestThroughForm(profile);
      expect((await other.agent.get(`${PARTNER}/${id}`)).status).toBe(404);
      expect((await submit(other, `${PARTNER}/${id}/accepter`, { candidateAgreed: 'true', candidateAgreedOn: today() })).status).toBe(404);
      expect(await statusOf(id)).toBe('requested');
      expect((await counsellor.agent.get(`${PARTNER}/${UNKNOWN_ID}`)).status).toBe(404);
      expect((await counsellor.agent.get(`${PARTNER}/proposer?profil=x&organisation=${company.id}`)).status).toBe(400);
      expect((await employer.agent.get(PARTNER)).status).toBe(403);
    });

    it('links both sides’ home pages to their introductions', async () => {
      expect((await employer.agent.get('/').expect(200)).text).toContain(`href="${EMPLOYER}"`);
      expect((await counsellor.agent.get('/').expect(200)).text).toContain(`href="${PARTNER}"`);
    });
  });
});
