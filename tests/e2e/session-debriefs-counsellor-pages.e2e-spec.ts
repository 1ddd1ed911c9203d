import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { insertBinome, insertCandidate, insertInterview, insertProfile, insertProgramme, insertRoom, insertSession } from '../support/session-factories';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(240_000);

type Signed = { agent: Agent; csrf: string };

const LIST = '/conseil/sessions';

/**
 * The form of the page whose action starts with `path` (the list's forms carry its filter and page in their query
 * string): its action as the browser posts it, and the CSRF token it carries.
 */
function formOf(html: string, path: string): { action: string; token: string } {
  const form = (html.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) ?? []).find((f) => f.includes(`action="${path}?`) || f.includes(`action="${path}"`));
  if (!form) throw new Error(`No form posts to ${path}`);
  // As a browser reads the attribute: Handlebars escapes `=` and `&` in it.
  const action = /action="([^"]+)"/.exec(form)![1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  const token = /name="_csrf" value="([^"]*)"/.exec(form)?.[1];
  if (!token) throw new Error(`The form posting to ${path} has no CSRF field`);
  return { action, token };
}

describe('« Propositions des sessions » (/conseil/sessions): counsellors follow their candidates’ proposals up', () => {
  let t: TestApp;
  let company: Organisation;
  let counsellorA: Signed;
  let counsellorB: Signed;
  let counsellorC: Signed;
  let counsellorD: Signed;
  let employer: Signed;
  let sessionId: string;
  let futureSessionId: string;
  let profileA: { id: string; code: string };
  let profileB: { id: string; code: string };
  let futureProfile: { id: string; code: string };
  const proposals: Record<string, string> = {};

  const signIn = async (role: Role, organisation: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, organisationId: organisation.id });
    return loginAgent(t.server, user.email);
  };

  /** An assessment of the interview with proposals written straight into the debrief's tables (the binôme's form is tested elsewhere). */
  const insertProposals = async (session: string, interviewId: string, rows: { kind: string; organisationId: string; detail?: string; declined?: boolean; contractType?: string }[]) => {
    const [assessment] = await t.dataSource.query(`INSERT INTO session_assessments (interview_id, session_id, project_clarity, motivation, fit) VALUES ($1, $2, 3, 3, 3) RETURNING id`, [interviewId, session]);
    const ids: string[] = [];
    for (const p of rows) {
      const [row] = await t.dataSource.query(
        p.declined
          ? `INSERT INTO session_proposals (assessment_id, session_id, kind, organisation_id, detail, contract_type, status, decline_reason, decided_at) VALUES ($1, $2, $3, $4, $5, $6, 'declined', 'not_relevant', now()) RETURNING id`
          : `INSERT INTO session_proposals (assessment_id, session_id, kind, organisation_id, detail, contract_type) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [assessment.id, session, p.kind, p.organisationId, p.detail ?? null, p.contractType ?? null],
      );
      ids.push(row.id);
    }
    return ids;
  };

  /** What a browser does: loads the list, and submits the form posting to `path` with the token that form carries. */
  const submitFrom = async (who: Signed, page: string, path: string, status: number, fields: Record<string, string> = {}) => {
    const html = (await who.agent.get(page).expect(200)).text;
    const { action, token } = formOf(html, path);
    return who.agent.post(action).type('form').send(new URLSearchParams({ _csrf: token, ...fields }).toString()).expect(status);
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    const ds = t.dataSource;
    const coordination = await createOrganisation(ds, { kind: OrganisationKind.MissionLocale });
    const partnerA = await createOrganisation(ds, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale A' });
    const partnerB = await createOrganisation(ds, { kind: OrganisationKind.Spip, name: 'SPIP B' });
    company = await createOrganisation(ds, { name: 'Peintures du Clain' });
    const agency = await createOrganisation(ds, { name: 'Intérim Vienne', kind: OrganisationKind.TempAgency });
    counsellorA = await signIn(Role.Counsellor, partnerA);
    counsellorB = await signIn(Role.Counsellor, partnerB);
    counsellorC = await signIn(Role.Counsellor, await createOrganisation(ds, { kind: OrganisationKind.MissionLocale }));
    employer = await signIn(Role.Employer, company);
    const sponsor = await createUser(ds, { role: Role.Employer, organisationId: company.id });
    const partnerD = await createOrganisation(ds, { kind: OrganisationKind.MissionLocale });
    counsellorD = await signIn(Role.Counsellor, partnerD);
    const programmeId = await insertProgramme(ds, [coordination.id, partnerA.id, partnerB.id]);

    sessionId = await insertSession(ds, { programmeId, organiserOrganisationId: coordination.id, title: 'Session de février', interviewOn: '2026-02-10' });
    const room = await insertRoom(ds, sessionId, 'Salle 1');
    const binome = await insertBinome(ds, sessionId, [company.id, agency.id]);
    profileA = await insertProfile(ds, partnerA.id, { published: true });
    profileB = await insertProfile(ds, partnerB.id, { published: true });
    const interviewA = await insertInterview(ds, { sessionId, binomeId: binome, sessionCandidateId: await insertCandidate(ds, sessionId, profileA.id), roomId: room, round: 0 });
    const interviewB = await insertInterview(ds, { sessionId, binomeId: binome, sessionCandidateId: await insertCandidate(ds, sessionId, profileB.id), roomId: room, round: 1 });
    // Profile A was also offered a sponsorship by a member of the company (named below).
    [proposals.job, proposals.training, proposals.advice, proposals.sponsorship] = await insertProposals(sessionId, interviewA, [
      { kind: 'job', organisationId: company.id, detail: 'Poste de peintre en bâtiment', contractType: 'cdi' },
      { kind: 'training', organisationId: agency.id, detail: 'Habilitation travail en hauteur' },
      { kind: 'advice', organisationId: company.id, declined: true },
      { kind: 'sponsorship', organisationId: company.id },
    ]);
    [proposals.other] = await insertProposals(sessionId, interviewB, [{ kind: 'immersion', organisationId: company.id, detail: 'Deux semaines en atelier' }]);
    await ds.query(`UPDATE session_proposals SET sponsor_user_id = $2 WHERE id = $1`, [proposals.sponsorship, sponsor.id]);
    // Organisation D's two candidates got every solution from both organisations of the binôme: 28 proposals, two pages.
    for (const round of [2, 3]) {
      const profile = await insertProfile(ds, partnerD.id, { published: true });
      const interview = await insertInterview(ds, { sessionId, binomeId: binome, sessionCandidateId: await insertCandidate(ds, sessionId, profile.id), roomId: room, round });
      const all = ['advice', 'introduction', 'job', 'training', 'immersion', 'job_promise', 'sponsorship'].flatMap((kind) => [company.id, agency.id].map((organisationId) => ({ kind, organisationId })));
      await insertProposals(sessionId, interview, all);
    }

    // A session whose interview day is to come: its proposals are listed, but cannot be followed up yet.
    futureSessionId = await insertSession(ds, { programmeId, organiserOrganisationId: coordination.id, title: 'Session de mars', interviewOn: '2099-03-10' });
    const futureBinome = await insertBinome(ds, futureSessionId, [company.id, agency.id]);
    futureProfile = await insertProfile(ds, partnerA.id, { published: true });
    const futureInterview = await insertInterview(ds, {
      sessionId: futureSessionId,
      binomeId: futureBinome,
      sessionCandidateId: await insertCandidate(ds, futureSessionId, futureProfile.id),
      roomId: await insertRoom(ds, futureSessionId, 'Salle A'),
      round: 0,
    });
    [proposals.future] = await insertProposals(futureSessionId, futureInterview, [{ kind: 'job_promise', organisationId: company.id }]);
  });
  afterAll(() => t?.close());

  it('lists the pending proposals made to the organisation’s candidates, across sessions, with a link to each profile', async () => {
    const page = await counsellorA.agent.get(LIST).expect(200);
    expect(page.text).toContain('<h1>Propositions des sessions</h1>');
    expect(page.text).toContain('En attente (4)');
    expect(page.text).toContain('Session de février');
    expect(page.text).toContain('entretiens le 10/02/2026');
    expect(page.text).toContain(`<a href="/conseil/profils/${profileA.id}">${profileA.code}</a>`);
    expect(page.text).toContain('Poste de peintre en bâtiment');
    expect(page.text).toContain('Habilitation travail en hauteur');
    expect(page.text).toContain('Intérim Vienne');
    expect(page.text).toContain('Formation');
    // The declined advice is filtered out of the pending list; the other organisation's candidate is never shown.
    expect(page.text).not.toContain(`id="proposition-${proposals.advice}"`);
    expect(page.text).not.toContain(profileB.code);
    expect(page.text).not.toContain('Deux semaines en atelier');
    expect(formOf(page.text, `/conseil/sessions/${sessionId}/propositions/${proposals.job}/accepter`).action).toBe(`/conseil/sessions/${sessionId}/propositions/${proposals.job}/accepter?statut=pending&page=1`);
    expect(page.text).not.toContain('name="_csrf" value=""');
    // Before the interview day the proposal is listed with the reason instead of the forms.
    expect(page.text).toContain(futureProfile.code);
    expect(page.text).toContain('Le débriefing s’ouvre le jour des entretiens, le 10/03/2099');
    expect(page.text).not.toContain(`/propositions/${proposals.future}/accepter`);
  });

  it('filters by status, paginates, and refuses an unknown status (400)', async () => {
    const declined = await counsellorA.agent.get(`${LIST}?statut=declined`).expect(200);
    expect(declined.text).toContain('Déclinées (1)');
    expect(declined.text).toContain(`id="proposition-${proposals.advice}"`);
    expect(declined.text).toContain('Ne correspond pas au projet de la personne');
    expect(declined.text).not.toContain(`id="proposition-${proposals.job}"`);
    const all = await counsellorA.agent.get(`${LIST}?statut=toutes`).expect(200);
    expect(all.text).toContain('Toutes (5)');
    // The latest interview day first.
    expect(all.text.indexOf(`id="proposition-${proposals.future}"`)).toBeLessThan(all.text.indexOf(`id="proposition-${proposals.job}"`));
    expect(all.text).toContain('Page 1 sur 1');
    const beyond = await counsellorA.agent.get(`${LIST}?statut=toutes&page=2`).expect(200);
    expect(beyond.text).toContain('Aucune proposition sur cette page.');
    await counsellorA.agent.get(`${LIST}?statut=perdue`).expect(400);
  });

  it('shows the form again when the agreement is missing, then accepts: a real introduction is created and linked', async () => {
    const path = `/conseil/sessions/${sessionId}/propositions/${proposals.job}/accepter`;
    const missing = await submitFrom(counsellorA, LIST, path, 400, { candidateAgreedOn: parisDate(new Date()), message: 'Disponible en mars.' });
    expect(missing.text).toContain('Cochez la case confirmant que la personne a donné son accord');
    expect(missing.text).toContain('Disponible en mars.');
    expect(missing.text).not.toContain('name="_csrf" value=""');
    expect(await t.dataSource.query(`SELECT status FROM session_proposals WHERE id = $1`, [proposals.job])).toEqual([{ status: 'pending' }]);

    const agreedOn = parisDate(new Date());
    const accepted = await submitFrom(counsellorA, LIST, path, 303, { candidateAgreed: 'true', candidateAgreedOn: agreedOn, message: '' });
    const [row] = await t.dataSource.query(
      `SELECT sp.status, sp.candidate_agreed_on::text AS "agreedOn", i.id AS "introductionId", i.profile_id AS "profileId", i.organisation_id AS "organisationId", i.solution
         FROM session_proposals sp JOIN introductions i ON i.id = sp.introduction_id WHERE sp.id = $1`,
      [proposals.job],
    );
    expect(row).toEqual({ status: 'accepted', agreedOn, introductionId: expect.any(String), profileId: profileA.id, organisationId: company.id, solution: 'job' });
    expect(accepted.headers.location).toBe(`${LIST}?info=proposition-acceptee&miseEnRelation=${row.introductionId}`);

    const after = await counsellorA.agent.get(accepted.headers.location).expect(200);
    expect(after.text).toContain('La proposition est acceptée.');
    expect(after.text).toContain(`<a href="/conseil/mises-en-relation/${row.introductionId}">voir la mise en relation</a>`);
    expect(after.text).not.toContain(`id="proposition-${proposals.job}"`);
    await counsellorA.agent.get(`/conseil/mises-en-relation/${row.introductionId}`).expect(200);
    const acceptedList = await counsellorA.agent.get(`${LIST}?statut=accepted`).expect(200);
    expect(acceptedList.text).toContain(`id="proposition-${proposals.job}"`);
    expect(acceptedList.text).toContain(`<a href="/conseil/mises-en-relation/${row.introductionId}">Mise en relation créée</a>`);

    // A second acceptance of the same proposal is refused on the page (409), not an error page.
    const twice = await counsellorA.agent.post(path).type('form').send(new URLSearchParams({ _csrf: counsellorA.csrf, candidateAgreed: 'true', candidateAgreedOn: agreedOn }).toString()).expect(409);
    expect(twice.text).toContain('Cette proposition a déjà été acceptée ou déclinée.');
    expect(twice.text).toContain('<h1>Propositions des sessions</h1>');
  });

  it('declines a proposal with its reason, which then shows among the declined ones', async () => {
    // Posted from the unfiltered list: the form's action brings the counsellor back to it.
    const res = await submitFrom(counsellorA, `${LIST}?statut=toutes`, `/conseil/sessions/${sessionId}/propositions/${proposals.training}/decliner`, 303, { reason: 'candidate_declined' });
    expect(res.headers.location).toBe(`${LIST}?statut=toutes&info=proposition-declinee`);
    expect(await t.dataSource.query(`SELECT status, decline_reason AS reason FROM session_proposals WHERE id = $1`, [proposals.training])).toEqual([{ status: 'declined', reason: 'candidate_declined' }]);
    const pending = await counsellorA.agent.get(`${LIST}?info=proposition-declinee`).expect(200);
    expect(pending.text).toContain('La proposition est déclinée.');
    expect(pending.text).not.toContain(`id="proposition-${proposals.training}"`);
    const declined = await counsellorA.agent.get(`${LIST}?statut=declined`).expect(200);
    expect(declined.text).toContain(`id="proposition-${proposals.training}"`);
    expect(declined.text).toContain('La personne ne souhaite pas y donner suite');
  });

  it('accepts a sponsorship proposal: the sponsorship is created with the member the binôme named, and linked', async () => {
    const accepted = await submitFrom(counsellorA, LIST, `/conseil/sessions/${sessionId}/propositions/${proposals.sponsorship}/accepter`, 303, {
      candidateAgreed: 'true',
      candidateAgreedOn: parisDate(new Date()),
      startsOn: '',
      plannedEndOn: '',
    });
    const [row] = await t.dataSource.query(
      `SELECT sp.status, s.id AS "sponsorshipId", s.profile_id AS "profileId", s.organisation_id AS "organisationId", s.sponsor_user_id = sp.sponsor_user_id AS "sameSponsor"
         FROM session_proposals sp JOIN sponsorships s ON s.id = sp.sponsorship_id WHERE sp.id = $1`,
      [proposals.sponsorship],
    );
    expect(row).toEqual({ status: 'accepted', sponsorshipId: expect.any(String), profileId: profileA.id, organisationId: company.id, sameSponsor: true });
    expect(accepted.headers.location).toBe(`${LIST}?info=proposition-acceptee&parrainage=${row.sponsorshipId}`);
    const after = await counsellorA.agent.get(accepted.headers.location).expect(200);
    expect(after.text).toContain(`<a href="/conseil/parrainages/${row.sponsorshipId}">voir le parrainage</a>`);
    await counsellorA.agent.get(`/conseil/parrainages/${row.sponsorshipId}`).expect(200);
  });

  it('pages a long list, twenty proposals a page', async () => {
    const first = await counsellorD.agent.get(LIST).expect(200);
    expect(first.text).toContain('En attente (28)');
    expect(first.text).toContain('Page 1 sur 2');
    expect(first.text.match(/<tr id="proposition-/g)).toHaveLength(20);
    expect(first.text).toContain('<a href="/conseil/sessions?page&#x3D;2">Page suivante</a>');
    const second = await counsellorD.agent.get(`${LIST}?page=2`).expect(200);
    expect(second.text.match(/<tr id="proposition-/g)).toHaveLength(8);
    expect(second.text).toContain('<a href="/conseil/sessions">Page précédente</a>');
  });

  it('refuses a follow-up before the interview day with the reason on the page (409)', async () => {
    const res = await counsellorA.agent
      .post(`/conseil/sessions/${futureSessionId}/propositions/${proposals.future}/accepter`)
      .type('form')
      .send(new URLSearchParams({ _csrf: counsellorA.csrf, candidateAgreed: 'true', candidateAgreedOn: parisDate(new Date()) }).toString())
      .expect(409);
    expect(res.text).toContain('Le débriefing s’ouvre le jour des entretiens');
    expect(await t.dataSource.query(`SELECT status FROM session_proposals WHERE id = $1`, [proposals.future])).toEqual([{ status: 'pending' }]);
  });

  it('shows another organisation’s counsellor their own candidates only, and hides the others’ proposals (404)', async () => {
    const other = await counsellorB.agent.get(LIST).expect(200);
    expect(other.text).toContain('En attente (1)');
    expect(other.text).toContain(profileB.code);
    expect(other.text).not.toContain(profileA.code);
    expect(other.text).not.toContain(futureProfile.code);
    // In a session where it has a candidate too, and in one where it has none.
    for (const [session, proposal] of [[sessionId, proposals.advice], [futureSessionId, proposals.future]]) {
      await counsellorB.agent
        .post(`/conseil/sessions/${session}/propositions/${proposal}/decliner`)
        .type('form')
        .send(new URLSearchParams({ _csrf: counsellorB.csrf, reason: 'other' }).toString())
        .expect(404);
    }
    const none = await counsellorC.agent.get(LIST).expect(200);
    expect(none.text).toContain('Aucune proposition n’attend de réponse.');
    expect(none.text).toContain('En attente (0)');
    await employer.agent.get(LIST).expect(403);
    expect(await t.dataSource.query(`SELECT status FROM session_proposals WHERE id = $1`, [proposals.future])).toEqual([{ status: 'pending' }]);
  });
});
