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
  let interviewId: string;
  let profileCode: string;
  let cohortIds: string[];

  const signIn = async (role: Role, organisation: Organisation, organisationRole?: OrganisationRole): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, organisationId: organisation.id, ...(organisationRole ? { organisationRole } : {}) });
    return { ...(await loginAgent(t.server, user.email)), id: user.id };
  };
  const submit = (who: Signed, path: string, fields: Record<string, string> = {}) => who.agent.post(path).type('form').send(encode({ _csrf: who.csrf, ...fields }));

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
      if (published) {
        profileCode = profile.code;
        interviewId = await insertInterview(ds, { sessionId, binomeId: binome, sessionCandidateId: cohortIds[0], roomId: room, round: 0 });
      }
    }
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
    const saved = await submit(employerA, path, fields).expect(303);
    expect(saved.headers.location).toBe(`/organisation/sessions/${sessionId}/debrief?info=evaluation-enregistree#entretien-${interviewId}`);
    const rows = await t.dataSource.query(`SELECT kind, contract_type, sponsor_user_id FROM session_proposals ORDER BY kind`);
    expect(rows).toEqual([
      { kind: 'job_promise', contract_type: 'cdi', sponsor_user_id: null },
      { kind: 'sponsorship', contract_type: null, sponsor_user_id: sponsorA.id },
    ]);
    const after = await employerA.agent.get(`/organisation/sessions/${sessionId}/debrief?info=evaluation-enregistree`).expect(200);
    expect(after.text).toContain('L’évaluation est enregistrée.');
  });

  it('shows the form again with the PII guard’s reason, and answers 404 to an organisation outside the session', async () => {
    const path = `/organisation/sessions/${sessionId}/debrief/${interviewId}`;
    const refused = await submit(employerA, path, { projectClarity: '4', motivation: '3', fit: '3', comment: 'Appeler le 06 12 34 56 78.' }).expect(422);
    expect(refused.text).toContain('téléphone');
    expect(refused.text).toContain('Appeler le 06 12 34 56 78.');
    const missing = await submit(employerA, path, { motivation: '3', fit: '3' }).expect(400);
    expect(missing.text).toContain('Clarté du projet : une note de 1 à 4 est attendue.');
    await outsider.agent.get(`/organisation/sessions/${sessionId}/debrief`).expect(404);
    await submit(outsider, path, { projectClarity: '4', motivation: '3', fit: '3' }).expect(404);
  });

  it('gives the coordinator the grid and the proposals, and accepting the job promise needs a published profile’s introduction', async () => {
    const page = await coordinator.agent.get(`/coordination/sessions/${sessionId}/debrief`).expect(200);
    expect(page.text).toContain('Candidats et binômes');
    expect(page.text).toContain('4 / 3 / 3');
    expect(page.text).toContain('Promesse d’embauche — profil');
    const [proposal] = await t.dataSource.query(`SELECT id FROM session_proposals WHERE kind = 'job_promise'`);
    const base = `/coordination/sessions/${sessionId}/debrief/propositions/${proposal.id}`;
    const missing = await submit(coordinator, `${base}/accepter`, { candidateAgreedOn: parisDate(new Date()) }).expect(400);
    expect(missing.text).toContain('Cochez la case confirmant que la personne a donné son accord');
    await submit(coordinator, `${base}/accepter`, { candidateAgreed: 'true', candidateAgreedOn: parisDate(new Date()), message: '' }).expect(303);
    const [row] = await t.dataSource.query(`SELECT p.status, i.solution FROM session_proposals p JOIN introductions i ON i.id = p.introduction_id WHERE p.id = $1`, [proposal.id]);
    expect(row).toEqual({ status: 'accepted', solution: 'job' });
  });

  it('says so when no interview is planned yet, with a link to the planner', async () => {
    const page = await coordinator.agent.get(`/coordination/sessions/${emptySessionId}/debrief`).expect(200);
    expect(page.text).toContain('Aucun entretien n’est encore planifié');
    expect(page.text).toContain(`href="/coordination/sessions/${emptySessionId}"`);
  });

  it('generates and reorders the Grand Oral, records attendance, and shows the statistics', async () => {
    await submit(coordinator, `/coordination/sessions/${sessionId}/grand-oral/generer`).expect(303);
    await submit(coordinator, `/coordination/sessions/${sessionId}/grand-oral/passages/${cohortIds[1]}/monter`).expect(303);
    const order = await t.dataSource.query(`SELECT session_candidate_id AS id FROM grand_oral_passages WHERE session_id = $1 ORDER BY position`, [sessionId]);
    expect(order.map((r: { id: string }) => r.id)).toEqual([cohortIds[1], cohortIds[0]]);
    const [participant] = await t.dataSource.query(`SELECT id FROM session_organisations WHERE session_id = $1 AND organisation_id = $2`, [sessionId, companies[1].id]);
    await submit(coordinator, `/coordination/sessions/${sessionId}/grand-oral/presences/${participant.id}`, { present: 'false' }).expect(303);
    const page = await coordinator.agent.get(`/coordination/sessions/${sessionId}/grand-oral`).expect(200);
    expect(page.text).toMatch(/Intérim Vienne<\/td><td>Absente/);
    const pii = await submit(coordinator, `/coordination/sessions/${sessionId}/grand-oral/notes`, { notes: 'Écrire à candidat@example.org' }).expect(422);
    expect(pii.text).toContain('Adresse e-mail');

    const stats = await coordinator.agent.get(`/coordination/sessions/${sessionId}/statistiques`).expect(200);
    expect(stats.text).toMatch(/id="stat-candidats">2</);
    expect(stats.text).toMatch(/id="stat-entretiens">1 planifiés, 1 tenus/);
    expect(stats.text).toMatch(/id="stat-mises-en-relation">1</);
    await employerA.agent.get(`/coordination/sessions/${sessionId}/statistiques`).expect(403);
  });
});
