import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { OrganisationRole, Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { insertBinome, insertCandidate, insertInterview, insertProfile, insertProgramme, insertRoom, insertSession } from '../support/session-factories';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(240_000);

type Signed = { agent: Agent; csrf: string; id: string };

const encode = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** The CSRF token of the form posting to `action`, as the rendered page gives it to the browser. */
function tokenOf(html: string, action: string): string {
  const form = (html.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) ?? []).find((f) => f.includes(`action="${action}"`));
  if (!form) throw new Error(`No form posts to ${action}`);
  const token = /name="_csrf" value="([^"]*)"/.exec(form);
  if (!token) throw new Error(`The form posting to ${action} has no CSRF field`);
  return token[1];
}

describe('session debrief pages (French): employer form, coordination overview, Grand Oral, statistics', () => {
  let t: TestApp;
  let coordination: Organisation;
  let companies: Organisation[];
  let coordinator: Signed;
  let employerA: Signed;
  let sponsorA: Signed;
  let outsider: Signed;
  let sessionId: string;
  let emptySessionId: string;
  let futureSessionId: string;
  let futureInterviewId: string;
  let interviewId: string;
  let internalInterviewId: string;
  let profileCode: string;
  let cohortIds: string[];

  const signIn = async (role: Role, organisation: Organisation, organisationRole?: OrganisationRole): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, organisationId: organisation.id, ...(organisationRole ? { organisationRole } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id };
  };
  /** Posts with the session's token, for callers who cannot see the page (outsiders) or a form the page does not offer. */
  const submit = (who: Signed, path: string, fields: Record<string, string> = {}) => who.agent.post(path).type('form').send(encode({ _csrf: who.csrf, ...fields }));
  /** What a browser does: loads the page, and submits the form posting to `action` with the token that form carries. */
  const submitFrom = async (who: Signed, page: string, action: string, status: number, fields: Record<string, string> = {}) => {
    const html = (await who.agent.get(page).expect(200)).text;
    expect(html).not.toContain('name="_csrf" value=""');
    return who.agent.post(action).type('form').send(encode({ _csrf: tokenOf(html, action), ...fields })).expect(status);
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    const ds = t.dataSource;
    coordination = await createOrganisation(ds, { kind: OrganisationKind.MissionLocale });
    companies = [await createOrganisation(ds, { name: 'Peintures du Clain' }), await createOrganisation(ds, { name: 'Intérim Vienne', kind: OrganisationKind.TempAgency })];
    coordinator = await signIn(Role.Coordinator, coordination);
    employerA = await signIn(Role.Employer, companies[0]);
    sponsorA = await signIn(Role.Employer, companies[0], OrganisationRole.Member);
    outsider = await signIn(Role.Employer, await createOrganisation(ds));
    const programmeId = await insertProgramme(ds, [coordination.id]);
    sessionId = await insertSession(ds, { programmeId, organiserOrganisationId: coordination.id, title: 'Session de février' });
    emptySessionId = await insertSession(ds, { programmeId, organiserOrganisationId: coordination.id, title: 'Session sans planning' });
    const room = await insertRoom(ds, sessionId, 'Salle 1');
    const binome = await insertBinome(ds, sessionId, [companies[0].id, companies[1].id]);
    cohortIds = [];
    for (const published of [true, false]) {
      const profile = await insertProfile(ds, coordination.id, { published });
      cohortIds.push(await insertCandidate(ds, sessionId, profile.id));
      if (published) profileCode = profile.code;
    }
    interviewId = await insertInterview(ds, { sessionId, binomeId: binome, sessionCandidateId: cohortIds[0], roomId: room, round: 0 });
    internalInterviewId = await insertInterview(ds, { sessionId, binomeId: binome, sessionCandidateId: cohortIds[1], roomId: room, round: 1 });

    futureSessionId = await insertSession(ds, { programmeId, organiserOrganisationId: coordination.id, title: 'Session de mars', interviewOn: '2099-03-10' });
    const futureBinome = await insertBinome(ds, futureSessionId, [companies[0].id, companies[1].id]);
    const futureCandidate = await insertCandidate(ds, futureSessionId, (await insertProfile(ds, coordination.id, { published: true })).id);
    futureInterviewId = await insertInterview(ds, { sessionId: futureSessionId, binomeId: futureBinome, sessionCandidateId: futureCandidate, roomId: await insertRoom(ds, futureSessionId, 'Salle A'), round: 0 });
  });
  afterAll(() => t?.close());

  it('shows the employer their binôme’s interviews with the assessment form, and saves it with its solutions', async () => {
    const page = await employerA.agent.get(`/organisation/sessions/${sessionId}/debrief`).expect(200);
    expect(page.text).toContain('Débriefing — Session de février');
    expect(page.text).toContain(`profil ${profileCode}`);
    expect(page.text).toContain('Intérim Vienne et Peintures du Clain');
    expect(page.text).toContain('Promesse d’embauche');

    const path = `/organisation/sessions/${sessionId}/debrief/${interviewId}`;
    // Lines of the solutions table: the binôme's organisations in name order (1 is Peintures du Clain).
    const fields = { projectClarity: '4', motivation: '3', fit: '3', comment: 'Projet solide.', 'offer.1.job_promise': 'on', 'contract.1.job_promise': 'cdi', 'offer.1.sponsorship': 'on', 'sponsor.1.sponsorship': sponsorA.id };
    const saved = await submitFrom(employerA, `/organisation/sessions/${sessionId}/debrief`, path, 303, fields);
    expect(saved.headers.location).toBe(`/organisation/sessions/${sessionId}/debrief?info=evaluation-enregistree#entretien-${interviewId}`);
    const rows = await t.dataSource.query(`SELECT kind, contract_type, sponsor_user_id FROM session_proposals ORDER BY kind`);
    expect(rows).toEqual([
      { kind: 'job_promise', contract_type: 'cdi', sponsor_user_id: null },
      { kind: 'sponsorship', contract_type: null, sponsor_user_id: sponsorA.id },
    ]);
    const after = await employerA.agent.get(`/organisation/sessions/${sessionId}/debrief?info=evaluation-enregistree`).expect(200);
    expect(after.text).toContain('L’évaluation est enregistrée.');
    expect(after.text).not.toContain('name="_csrf" value=""');
  });

  it('shows only the code of an internal (unpublished) profile, with its outcome form working from the page', async () => {
    const page = await employerA.agent.get(`/organisation/sessions/${sessionId}/debrief`).expect(200);
    const section = page.text.slice(page.text.indexOf(`id="entretien-${internalInterviewId}"`));
    const internal = section.slice(0, section.indexOf('</dl>'));
    expect(internal).toContain('Profil non publié : projet présenté en entretien');
    expect(internal).not.toContain('F1606');
    expect(internal).not.toContain('Métiers visés');
    const published = page.text.slice(page.text.indexOf(`id="entretien-${interviewId}"`));
    expect(published.slice(0, published.indexOf('</dl>'))).toContain('(F1606)');

    const action = `/organisation/sessions/${sessionId}/debrief/${internalInterviewId}/issue`;
    const res = await submitFrom(employerA, `/organisation/sessions/${sessionId}/debrief`, action, 303, { outcome: 'no_show' });
    expect(res.headers.location).toBe(`/organisation/sessions/${sessionId}/debrief?info=issue-enregistree#entretien-${internalInterviewId}`);
    expect(await t.dataSource.query(`SELECT outcome FROM session_interview_outcomes WHERE interview_id = $1`, [internalInterviewId])).toEqual([{ outcome: 'no_show' }]);
  });

  it('says when the debrief opens, offers no form before the interview day, and refuses a post (409)', async () => {
    const page = await employerA.agent.get(`/organisation/sessions/${futureSessionId}/debrief`).expect(200);
    expect(page.text).toContain('Le débriefing s’ouvre le jour des entretiens, le 10/03/2099');
    expect(page.text).not.toContain(`action="/organisation/sessions/${futureSessionId}/debrief/${futureInterviewId}"`);
    const refused = await submit(employerA, `/organisation/sessions/${futureSessionId}/debrief/${futureInterviewId}`, { projectClarity: '4', motivation: '3', fit: '3' }).expect(409);
    expect(refused.text).toContain('Le débriefing s’ouvre le jour des entretiens');
    const coordination = await coordinator.agent.get(`/coordination/sessions/${futureSessionId}/debrief`).expect(200);
    expect(coordination.text).toContain('Le débriefing s’ouvre le jour des entretiens');
    expect(coordination.text).not.toContain(`/debrief/entretiens/${futureInterviewId}/issue`);
  });

  it('shows the form again with the PII guard’s reason, and answers 404 to an organisation outside the session', async () => {
    const path = `/organisation/sessions/${sessionId}/debrief/${interviewId}`;
    const page = `/organisation/sessions/${sessionId}/debrief`;
    const refused = await submitFrom(employerA, page, path, 422, { projectClarity: '4', motivation: '3', fit: '3', comment: 'Appeler le 06 12 34 56 78.' });
    expect(refused.text).toContain('téléphone');
    expect(refused.text).toContain('Appeler le 06 12 34 56 78.');
    expect(refused.text).not.toContain('name="_csrf" value=""');
    const missing = await submitFrom(employerA, page, path, 400, { motivation: '3', fit: '3' });
    expect(missing.text).toContain('Clarté du projet : une note de 1 à 4 est attendue.');
    await outsider.agent.get(`/organisation/sessions/${sessionId}/debrief`).expect(404);
    await submit(outsider, path, { projectClarity: '4', motivation: '3', fit: '3' }).expect(404);
  });

  it('gives the coordinator the grid and the proposals, and accepting the job promise needs a published profile’s introduction', async () => {
    const debrief = `/coordination/sessions/${sessionId}/debrief`;
    const page = await coordinator.agent.get(debrief).expect(200);
    expect(page.text).toContain('Candidats et binômes');
    expect(page.text).toContain('4 / 3 / 3');
    expect(page.text).toContain('Promesse d’embauche — profil');
    expect(page.text).not.toContain('name="_csrf" value=""');
    const [proposal] = await t.dataSource.query(`SELECT id FROM session_proposals WHERE kind = 'job_promise'`);
    const base = `/coordination/sessions/${sessionId}/debrief/propositions/${proposal.id}`;
    const missing = await submitFrom(coordinator, debrief, `${base}/accepter`, 400, { candidateAgreedOn: parisDate(new Date()) });
    expect(missing.text).toContain('Cochez la case confirmant que la personne a donné son accord');
    await submitFrom(coordinator, debrief, `${base}/accepter`, 303, { candidateAgreed: 'true', candidateAgreedOn: parisDate(new Date()), message: '' });
    const [row] = await t.dataSource.query(`SELECT p.status, i.solution FROM session_proposals p JOIN introductions i ON i.id = p.introduction_id WHERE p.id = $1`, [proposal.id]);
    expect(row).toEqual({ status: 'accepted', solution: 'job' });
    const [sponsorship] = await t.dataSource.query(`SELECT id FROM session_proposals WHERE kind = 'sponsorship'`);
    const declined = await submitFrom(coordinator, debrief, `/coordination/sessions/${sessionId}/debrief/propositions/${sponsorship.id}/decliner`, 303, { reason: 'candidate_declined' });
    expect(declined.headers.location).toBe(`${debrief}?info=proposition-declinee#proposition-${sponsorship.id}`);
    // The coordinator notes an interview's outcome from the table of issues, and closes then reopens the debrief.
    await submitFrom(coordinator, debrief, `${debrief}/cloture`, 303);
    await submitFrom(coordinator, debrief, `${debrief}/reouverture`, 303);
    await submitFrom(coordinator, debrief, `${debrief}/entretiens/${internalInterviewId}/issue`, 303, { outcome: 'held' });
    expect(await t.dataSource.query(`SELECT outcome FROM session_interview_outcomes WHERE interview_id = $1`, [internalInterviewId])).toEqual([{ outcome: 'held' }]);
  });

  it('says so when no interview is planned yet, with a link to the planner', async () => {
    const page = await coordinator.agent.get(`/coordination/sessions/${emptySessionId}/debrief`).expect(200);
    expect(page.text).toContain('Aucun entretien n’est encore planifié');
    expect(page.text).toContain(`href="/coordination/sessions/${emptySessionId}"`);
  });

  it('generates and reorders the Grand Oral, records attendance, and shows the statistics', async () => {
    const grandOral = `/coordination/sessions/${sessionId}/grand-oral`;
    await submitFrom(coordinator, grandOral, `${grandOral}/generer`, 303);
    await submitFrom(coordinator, grandOral, `${grandOral}/passages/${cohortIds[1]}/monter`, 303);
    await submitFrom(coordinator, grandOral, `${grandOral}/passages/${cohortIds[1]}/descendre`, 303);
    await submitFrom(coordinator, grandOral, `${grandOral}/passages/${cohortIds[1]}/monter`, 303);
    const order = await t.dataSource.query(`SELECT session_candidate_id AS id FROM grand_oral_passages WHERE session_id = $1 ORDER BY position`, [sessionId]);
    expect(order.map((r: { id: string }) => r.id)).toEqual([cohortIds[1], cohortIds[0]]);
    await submitFrom(coordinator, grandOral, `${grandOral}/passages/${cohortIds[0]}/note`, 303, { note: 'Présentation claire.' });
    const [participant] = await t.dataSource.query(`SELECT id FROM session_organisations WHERE session_id = $1 AND organisation_id = $2`, [sessionId, companies[1].id]);
    await submitFrom(coordinator, grandOral, `${grandOral}/presences/${participant.id}`, 303, { present: 'false' });
    const page = await coordinator.agent.get(grandOral).expect(200);
    expect(page.text).toMatch(/Intérim Vienne<\/td><td>Absente/);
    expect(page.text).toContain('Présentation claire.');
    const pii = await submitFrom(coordinator, grandOral, `${grandOral}/notes`, 422, { notes: 'Écrire à candidat@example.org' });
    expect(pii.text).toContain('Adresse e-mail');
    expect(pii.text).not.toContain('name="_csrf" value=""');

    const stats = await coordinator.agent.get(`/coordination/sessions/${sessionId}/statistiques`).expect(200);
    expect(stats.text).toMatch(/id="stat-candidats">2</);
    expect(stats.text).toMatch(/id="stat-entretiens">2 planifiés, 2 tenus/);
    expect(stats.text).toMatch(/id="stat-mises-en-relation">1</);
    await employerA.agent.get(`/coordination/sessions/${sessionId}/statistiques`).expect(403);
  });
});
