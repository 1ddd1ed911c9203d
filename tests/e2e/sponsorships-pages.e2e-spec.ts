import Handlebars from 'handlebars';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { addDays, addMonths } from '../../src/modules/sponsorships/sponsorship-rules';
import { OrganisationRole, Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

type Signed = { agent: Agent; csrf: string; id: string; email: string; displayName: string };
type Profile = { id: string; code: string };

const EMPLOYER = '/organisation/parrainages';
const PARTNER = '/conseil/parrainages';
const COORDINATION = '/coordination/parrainages';
const API = '/api/sponsorships';

const today = () => parisDate(new Date());
const french = (date: string) => date.split('-').reverse().join('/');
/** Text as the pages write it (HTML-escaped by Handlebars). */
const html = (value: string) => Handlebars.escapeExpression(value);

const encode = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('sponsorship pages (French, server-rendered)', () => {
  let t: TestApp;
  let partner: Organisation;
  let counsellor: Signed;
  let company: Organisation;
  let owner: Signed;
  let otherEmployer: Signed;
  let otherCounsellor: Signed;
  let coordinator: Signed;

  const signIn = async (role: Role, organisation: Organisation, values: { displayName?: string; organisationRole?: OrganisationRole } = {}): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, organisationId: organisation.id, ...values });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, email: user.email, displayName: user.displayName };
  };
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const submit = (who: Signed, path: string, fields: Record<string, string> = {}) => who.agent.post(path).type('form').send(encode({ _csrf: who.csrf, ...fields }));
  const createProfile = async (): Promise<Profile> => {
    const res = await post(counsellor, '/api/candidate-profiles', { ageBand: '26-35', targetRomeCodes: ['F1606'], targetBasinCodes: ['7513'], project: 'Devenir peintre en bâtiment.' });
    if (res.status !== 201) throw new Error(`profile creation answered ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, code: res.body.code };
  };
  /** A sponsorship engaged through the API (the form has its own test). */
  const engage = async (sponsor: Signed, overrides: Record<string, unknown> = {}): Promise<{ id: string; profile: Profile; checkIns: { id: string }[] }> => {
    const profile = await createProfile();
    const res = await post(counsellor, API, {
      profileCode: profile.code,
      sponsorEmail: sponsor.email,
      startsOn: today(),
      plannedEndOn: addMonths(today(), 12),
      candidateAgreed: true,
      candidateAgreedOn: today(),
      ...overrides,
    });
    if (res.status !== 201) throw new Error(`sponsorship creation answered ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, profile, checkIns: res.body.checkIns };
  };
  const statusOf = async (id: string) => (await t.dataSource.query(`SELECT status FROM sponsorships WHERE id = $1`, [id]))[0].status as string;

  beforeAll(async () => {
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale du Poitou' });
    counsellor = await signIn(Role.Counsellor, partner, { displayName: 'Sacha Conseillère' });
    otherCounsellor = await signIn(Role.Counsellor, await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip }));
    company = await createOrganisation(t.dataSource, { name: 'Peintures du Clain' });
    owner = await signIn(Role.Employer, company, { displayName: 'Camille Responsable' });
    otherEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource));
    coordinator = await signIn(Role.Coordinator, await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale }));
  });
  afterAll(() => t?.close());

  it('shows an employer without sponsorships the empty states of « Mes parrainages »', async () => {
    const page = await otherEmployer.agent.get(EMPLOYER).expect(200);
    expect(page.text).toContain('<h1>Mes parrainages</h1>');
    expect(page.text).toContain('Aucun point de suivi n’est arrivé à échéance');
    expect(page.text).toContain('Aucun parrainage dans cette liste');
    expect((await otherCounsellor.agent.get(PARTNER).expect(200)).text).toContain('Aucun parrainage dans cette liste');
  });

  it('lets the counsellor engage a sponsorship through the form, with the candidate’s agreement', async () => {
    const sponsor = await signIn(Role.Employer, company, { displayName: 'Dominique Parrain', organisationRole: OrganisationRole.Member });
    const profile = await createProfile();
    const form = await counsellor.agent.get(`${PARTNER}/nouveau?profil=${profile.code.toLowerCase()}`).expect(200);
    expect(form.text).toContain(`value="${profile.code}"`);
    expect(form.text).toContain('name="_csrf"');
    expect(form.text).toContain('au plus 3 à la fois');

    const fields = { profileCode: profile.code, sponsorEmail: sponsor.email, startsOn: today(), plannedEndOn: addMonths(today(), 9), candidateAgreedOn: today(), introductionId: '' };
    const missingAgreement = await submit(counsellor, PARTNER, fields);
    expect(missingAgreement.status).toBe(400);
    expect(missingAgreement.text).toContain(html('Cochez la case confirmant que la personne a donné son accord pour ce parrainage.'));
    expect(missingAgreement.text).toContain(`value="${html(sponsor.email)}"`);

    const unknownSponsor = await submit(counsellor, PARTNER, { ...fields, candidateAgreed: 'true', sponsorEmail: 'inconnu@example.org' });
    expect(unknownSponsor.status).toBe(422);
    expect(unknownSponsor.text).toContain(html('Aucun membre d’une organisation employeuse active n’a cette adresse'));

    const created = await submit(counsellor, PARTNER, { ...fields, candidateAgreed: 'true' });
    expect(created.status).toBe(303);
    const id = new RegExp(`^${PARTNER}/([0-9a-f-]{36})\\?info=parrainage-cree$`).exec(created.headers.location)![1];
    const detail = await counsellor.agent.get(created.headers.location).expect(200);
    expect(detail.text).toContain('Le parrainage est engagé.');
    expect(detail.text).toContain(`Parrainage — profil ${profile.code}`);
    expect(detail.text).toContain(`Point à J+7</th>`);
    expect(detail.text).toContain(french(addDays(today(), 7)));
    expect(detail.text).toContain('Dominique Parrain');
    expect(detail.text).toContain('Accord de la personne');
    expect(await statusOf(id)).toBe('active');

    const again = await submit(counsellor, PARTNER, { ...fields, candidateAgreed: 'true' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Cette personne a déjà un parrainage en cours');
  });

  it('lists an employer’s sponsorships with their next check-in, and those due at the top', async () => {
    const current = await engage(owner);
    const late = await engage(owner, { startsOn: addDays(today(), -10) });
    const page = await owner.agent.get(EMPLOYER).expect(200);
    expect(page.text).toContain(`<a href="${EMPLOYER}/${current.id}">${current.profile.code}</a>`);
    expect(page.text).toContain(`Point à J+7 — le ${french(addDays(today(), 7))}`);
    const due = page.text.slice(page.text.indexOf('id="points-a-faire"'), page.text.indexOf('</section>', page.text.indexOf('id="points-a-faire"')));
    expect(due).toContain(`Profil ${late.profile.code}</a> — Point à J+7, échéance le ${french(addDays(today(), -3))}`);
    expect(due).not.toContain(current.profile.code);
    // The employer view only: no link to the counsellor's profile page, no agreement record.
    const detail = await owner.agent.get(`${EMPLOYER}/${current.id}`).expect(200);
    expect(detail.text).not.toContain('/conseil/profils/');
    expect(detail.text).not.toContain('Accord de la personne');
    expect(detail.text).not.toContain('Devenir peintre');
  });

  it('records a check-in from the form; a note the PII guard flags comes back highlighted (422), and nothing is written', async () => {
    const sponsorship = await engage(owner);
    const path = `${EMPLOYER}/${sponsorship.id}/points`;
    const fields = { checkInId: sponsorship.checkIns[0].id, heldOn: today(), channel: 'phone', note: 'Appel avec Kevin au 06 12 34 56 78, tout va bien.', nextStep: '' };

    const flagged = await submit(owner, path, fields);
    expect(flagged.status).toBe(422);
    expect(flagged.text).toContain('semble contenir 2 données personnelles');
    expect(flagged.text).toContain('<mark>06 12 34 56 78</mark>');
    expect(flagged.text).toContain('<mark>Kevin</mark>');
    expect(flagged.text).toContain(`>${html(fields.note)}</textarea>`);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM sponsorship_check_ins WHERE sponsorship_id = $1 AND status = 'done'`, [sponsorship.id]))[0].n).toBe(0);

    const noChannel = await submit(owner, path, { ...fields, channel: '', note: '' });
    expect(noChannel.status).toBe(400);
    expect(noChannel.text).toContain('Moyen d’échange inconnu');

    expect((await owner.agent.post(path).type('form').send(encode({ ...fields, note: '' }))).status).toBe(403);

    const recorded = await submit(owner, path, { ...fields, note: 'Bonne première semaine ; horaires à revoir.', nextStep: 'Rappeler dans un mois.' });
    expect(recorded.status).toBe(303);
    expect(recorded.headers.location).toBe(`${EMPLOYER}/${sponsorship.id}?info=point-enregistre`);
    const page = await owner.agent.get(recorded.headers.location).expect(200);
    expect(page.text).toContain('Le point de suivi est enregistré.');
    expect(page.text).toContain(html('Bonne première semaine ; horaires à revoir.'));
    expect(page.text).toContain('Rappeler dans un mois.');
    expect(page.text).toContain(`le ${french(today())}, Téléphone`);
    // The counsellor reads the same note.
    expect((await counsellor.agent.get(`${PARTNER}/${sponsorship.id}`).expect(200)).text).toContain(html('Bonne première semaine ; horaires à revoir.'));
  });

  it('pauses, resumes and ends from the page (the owner follows a colleague’s), with the reason required to end', async () => {
    const sponsorship = await engage(await signIn(Role.Employer, company, { organisationRole: OrganisationRole.Member }));
    const paused = await submit(owner, `${EMPLOYER}/${sponsorship.id}/pause`);
    expect(paused.status).toBe(303);
    const page = await owner.agent.get(paused.headers.location).expect(200);
    expect(page.text).toContain('aucun rappel n’est envoyé tant qu’il l’est');
    expect(page.text).toContain('Reprendre le parrainage');
    expect(await statusOf(sponsorship.id)).toBe('paused');

    expect((await submit(counsellor, `${PARTNER}/${sponsorship.id}/reprise`)).status).toBe(303);
    expect(await statusOf(sponsorship.id)).toBe('active');

    const noReason = await submit(counsellor, `${PARTNER}/${sponsorship.id}/fin`, { reason: '', endedOn: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Motif inconnu');
    const ended = await submit(counsellor, `${PARTNER}/${sponsorship.id}/fin`, { reason: 'goal_reached', endedOn: '' });
    expect(ended.status).toBe(303);
    const endedPage = await counsellor.agent.get(ended.headers.location).expect(200);
    expect(endedPage.text).toContain('Le parrainage est terminé ; les points de suivi restants sont annulés.');
    expect(endedPage.text).toContain('Objectif atteint avant le terme');
    expect(endedPage.text).not.toContain('Noter un point de suivi');
    expect(await statusOf(sponsorship.id)).toBe('ended');
  });

  it('answers 404 for another organisation’s sponsorship, and 403 to roles the pages are not for', async () => {
    const sponsorship = await engage(await signIn(Role.Employer, company, { organisationRole: OrganisationRole.Member }));
    const hidden = await otherEmployer.agent.get(`${EMPLOYER}/${sponsorship.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.text).toContain('Page introuvable');
    expect((await otherCounsellor.agent.get(`${PARTNER}/${sponsorship.id}`)).status).toBe(404);
    expect((await submit(otherEmployer, `${EMPLOYER}/${sponsorship.id}/pause`)).status).toBe(404);
    expect(await statusOf(sponsorship.id)).toBe('active');
    // A coordinator of another partner organisation reads it for the figures, without any form, and changes nothing.
    const read = await coordinator.agent.get(`${PARTNER}/${sponsorship.id}`).expect(200);
    expect(read.text).not.toContain('Noter un point de suivi');
    expect(read.text).not.toContain('Mettre en pause');
    expect((await submit(coordinator, `${PARTNER}/${sponsorship.id}/pause`)).status).toBe(403);
    expect((await submit(coordinator, `${PARTNER}/${sponsorship.id}/points`)).status).toBe(403);
    expect((await owner.agent.get(PARTNER)).status).toBe(403);
    expect((await counsellor.agent.get(EMPLOYER)).status).toBe(403);
    expect((await owner.agent.get(COORDINATION)).status).toBe(403);
    expect((await counsellor.agent.get(COORDINATION)).status).toBe(403);
  });

  it('shows coordinators the retention at 6 months per organisation, says which sponsorships count, and lists them all', async () => {
    const retaining = await createOrganisation(t.dataSource, { name: 'Maintien & Cie' });
    const sponsor = await signIn(Role.Employer, retaining);
    const colleague = await signIn(Role.Employer, retaining, { organisationRole: OrganisationRole.Member });
    const started = addDays(today(), -200);
    const old = { startsOn: started, plannedEndOn: addMonths(started, 12) };
    const kept = await engage(sponsor, old);
    await engage(sponsor, old);
    const dropped = await engage(colleague, old);
    await post(colleague, `${API}/${dropped.id}/end`, { reason: 'lost_contact', endedOn: addDays(started, 20) }).expect(200);

    const page = await coordinator.agent.get(COORDINATION).expect(200);
    expect(page.text).toContain('Seuls les parrainages commencés depuis au moins 6 mois comptent dans le taux');
    const line = page.text.slice(page.text.indexOf(html('Maintien & Cie')), page.text.indexOf('</tr>', page.text.indexOf(html('Maintien & Cie'))));
    expect(line).toMatch(/<td class="num">3<\/td><td class="num">2<\/td><td class="num">3<\/td><td class="num">2<\/td>\s*<td class="num">67&nbsp;%<\/td>/);
    // Organisations whose sponsorships are all recent have no rate yet.
    const recent = page.text.slice(page.text.indexOf(html('Peintures du Clain')));
    expect(recent.slice(0, recent.indexOf('</tr>'))).toContain('pas encore de recul');
    // Each line opens the sponsorship's coordination page, never a page of either side.
    expect(page.text).toContain(`<a href="${COORDINATION}/${kept.id}">${kept.profile.code}</a>`);
    expect(page.text).not.toContain(`${EMPLOYER}/${kept.id}`);
    expect(page.text).not.toContain(`${PARTNER}/${kept.id}`);
  });

  it('shows coordinators and admins one sponsorship read only: dates, status, check-ins and where it came from, never the notes', async () => {
    const sponsor = await signIn(Role.Employer, company, { displayName: 'Dominique Marraine', organisationRole: OrganisationRole.Member });
    const profile = await createProfile();
    const [introduction] = await t.dataSource.query(
      `INSERT INTO introductions (profile_id, organisation_id, partner_organisation_id, initiator, solution, status, message, created_at)
       VALUES ($1, $2, $3, 'employer', 'sponsorship', 'withdrawn', 'Message de l’employeur, jamais montré ici', '2026-03-05T10:00:00Z') RETURNING id`,
      [profile.id, company.id, partner.id],
    );
    const started = addDays(today(), -10);
    const res = await post(counsellor, API, {
      profileCode: profile.code,
      sponsorEmail: sponsor.email,
      startsOn: started,
      plannedEndOn: addMonths(started, 12),
      candidateAgreed: true,
      candidateAgreedOn: started,
      introductionId: introduction.id,
    });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const note = 'Échange confidentiel sur les horaires du matin.';
    const nextStep = 'Revoir ensemble le planning du mois.';
    await post(sponsor, `${API}/${id}/check-ins/${res.body.checkIns[0].id}`, { heldOn: today(), channel: 'visit', note, nextStep }).expect(200);
    // A coordinator of the counsellor's own organisation, who follows it on the counsellor's pages, reads no note here either.
    const ownCoordinator = await signIn(Role.Coordinator, partner);
    const admin = await loginAgent(t.server, (await createUser(t.dataSource, { role: Role.Admin })).email);

    for (const agent of [coordinator.agent, ownCoordinator.agent, admin.agent]) {
      const page = await agent.get(`${COORDINATION}/${id}`).expect(200);
      expect(page.text).toContain(`<h1>Parrainage — profil ${profile.code}</h1>`);
      expect(page.text).toContain(`<a href="${COORDINATION}">Parrainages</a>`);
      expect(page.text).toContain('En cours');
      expect(page.text).toContain(html('Peintures du Clain'));
      expect(page.text).toContain('Dominique Marraine');
      expect(page.text).toContain(`du ${french(started)} au ${french(addMonths(started, 12))} (fin prévue)`);
      expect(page.text).toContain(html('Mission Locale du Poitou — Sacha Conseillère'));
      const origin = page.text.slice(page.text.indexOf('id="mise-en-relation"'), page.text.indexOf('</dd>', page.text.indexOf('id="mise-en-relation"')));
      expect(origin).toContain(html('Issu d’une mise en relation (Demande de l’employeur, Parrainage) du 05/03/2026 : Retirée'));
      const row = (milestone: string) => page.text.slice(page.text.indexOf(`id="point-${milestone}"`), page.text.indexOf('</tr>', page.text.indexOf(`id="point-${milestone}"`)));
      expect(row('d7')).toContain('Fait');
      expect(row('d7')).toContain(`le ${french(today())}, Rencontre en personne`);
      expect(row('d7')).toContain('<td>Notée</td>');
      expect(row('m1')).toContain('À faire');
      expect(page.text).toContain('Points faits : 1 sur 4.');
      // The words of the check-in, the agreement record, the employer's message and the counsellor's profile page stay out.
      for (const hidden of [note, nextStep, 'Message de l’employeur', 'Accord de la personne', '/conseil/profils/', 'Devenir peintre', sponsor.email]) {
        expect({ hidden, found: page.text.includes(html(hidden)) || page.text.includes(hidden) }).toEqual({ hidden, found: false });
      }
      expect(page.text).not.toMatch(/<form method="post" action="[^"]*parrainages/);
    }
    // The API gives staff the same: whether a next step was noted, not what it says.
    const api = await coordinator.agent.get(`${API}/${id}`).expect(200);
    expect(api.body.checkIns[0]).toMatchObject({ note: null, nextStep: null, withNextStep: true });
    expect(api.body.checkIns[1]).toMatchObject({ withNextStep: false });

    expect((await coordinator.agent.get(`${COORDINATION}/4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f`)).status).toBe(404);
    expect((await coordinator.agent.get(`${COORDINATION}/pas-un-id`)).status).toBe(400);
    for (const who of [owner, counsellor]) expect((await who.agent.get(`${COORDINATION}/${id}`)).status).toBe(403);
  });
});
