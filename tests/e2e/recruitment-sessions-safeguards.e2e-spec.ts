import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Organisation, OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { insertProfile } from '../support/session-factories';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(300_000);

type Signed = { agent: Agent; csrf: string; id: string; email: string };
type Interview = { id: string; binome_id: string; session_candidate_id: string; room_id: string; round: number };

const API = '/api/recruitment-sessions';
const HINT = 'profil non publié : projet présenté en entretien';
const PUBLISHED_PROJECT = 'Reprendre un poste en peinture décorative.';

/**
 * What the reviewer of issue 7 found: the planner deleted the debrief with the interviews, employers read the
 * target occupations of unpublished profiles, and suspended organisations were e-mailed their schedule.
 */
describe('recruitment sessions: debrief kept, unpublished profiles hidden from employers, suspended organisations skipped (real PostgreSQL, Redis, SMTP)', () => {
  let t: TestApp;
  let coordinator: Signed;
  let sessionId: string;
  let occupation: string;
  const organisations: Organisation[] = [];
  const employers = new Map<string, Signed>();
  const profiles: Record<'draft' | 'published' | 'revoked', { id: string; code: string }> = {} as never;

  const signIn = async (role: Role, organisation: Organisation): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, organisationId: organisation.id });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, email: user.email };
  };
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const patch = (who: Signed, path: string, body: object = {}) => who.agent.patch(path).set('x-csrf-token', who.csrf).send(body);
  const del = (who: Signed, path: string) => who.agent.delete(path).set('x-csrf-token', who.csrf);
  const form = (who: Signed, path: string, body: Record<string, string> = {}) => who.agent.post(path).type('form').send({ _csrf: who.csrf, ...body });
  const interviews = (): Promise<Interview[]> =>
    t.dataSource.query(`SELECT id, binome_id, session_candidate_id, room_id, round FROM session_interviews WHERE session_id = $1 ORDER BY id`, [sessionId]);
  const planner = async () => (await coordinator.agent.get(`${API}/${sessionId}`).expect(200)).body;
  /** Schedule e-mails queued for a user (the outbox row is written in the sending's transaction). */
  const scheduleMails = async (userId: string): Promise<number> =>
    (
      await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE payload->>'recipientUserId' = $1 AND payload->>'template' = 'recruitment-session-schedule'`, [
        userId,
      ])
    )[0].n;
  /** The line or table row of one candidate code in a text. */
  const rowOf = (text: string, code: string, separator: string) => text.split(separator).find((part) => part.includes(code)) ?? '';

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    await seedReferenceData(t.app.get(ImportRunner));
    const missionLocale = await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, name: 'Mission Locale de Poitiers' });
    const [programme] = await t.dataSource.query(`INSERT INTO programmes (name) VALUES ('100 chances — garde-fous') RETURNING id`);
    await t.dataSource.query(`INSERT INTO programme_members (programme_id, organisation_id) VALUES ($1, $2)`, [programme.id, missionLocale.id]);
    coordinator = await signIn(Role.Coordinator, missionLocale);
    [{ label: occupation }] = await t.dataSource.query(`SELECT label FROM rome_occupations WHERE code = 'F1606'`);

    // A draft (internal) profile, a published one, and a published one whose publication consent was revoked.
    profiles.draft = await insertProfile(t.dataSource, missionLocale.id, { project: 'Brouillon interne jamais montré.' });
    profiles.published = await insertProfile(t.dataSource, missionLocale.id, { published: true, project: PUBLISHED_PROJECT });
    profiles.revoked = await insertProfile(t.dataSource, missionLocale.id, { published: true, project: 'Projet dont le consentement est retiré.' });
    await t.dataSource.query(`UPDATE candidate_consents SET revoked_at = now() WHERE profile_id = $1`, [profiles.revoked.id]);

    const kinds = [OrganisationKind.Company, OrganisationKind.TempAgency, OrganisationKind.Company, OrganisationKind.TrainingBody];
    for (const [index, kind] of kinds.entries()) {
      const organisation = await createOrganisation(t.dataSource, { kind, name: `Garde-fou ${index + 1}` });
      organisations.push(organisation);
      employers.set(organisation.id, await signIn(Role.Employer, organisation));
    }

    const created = await post(coordinator, API, {
      programmeId: programme.id,
      establishmentCode: 'CP POITIERS VIVONNE',
      title: 'Session des garde-fous',
      interviewOn: '2027-02-11',
      dayStartsAt: '09:00',
      dayEndsAt: '17:00',
      slotMinutes: 30,
      breakMinutes: 10,
      meetingsPerCandidate: 2,
    });
    expect(created.status).toBe(201);
    sessionId = created.body.id;
    for (const profile of Object.values(profiles)) await post(coordinator, `${API}/${sessionId}/candidates`, { profileCode: profile.code }).expect(200);
    for (const organisation of organisations) await post(coordinator, `${API}/${sessionId}/organisations`, { organisationId: organisation.id }).expect(200);
    for (const name of ['Salle A', 'Salle B']) await post(coordinator, `${API}/${sessionId}/rooms`, { name }).expect(200);
    await post(coordinator, `${API}/${sessionId}/binomes`, { organisationIds: [organisations[0].id, organisations[1].id] }).expect(200);
    await post(coordinator, `${API}/${sessionId}/binomes`, { organisationIds: [organisations[2].id, organisations[3].id] }).expect(200);
    const generated = await post(coordinator, `${API}/${sessionId}/schedule/generate`);
    // Two binômes, two meetings each: every candidate meets both, so every organisation meets the three profiles.
    expect(generated.body).toMatchObject({ complete: true, interviewCount: 6 });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('unpublished profiles (privacy)', () => {
    it('keeps the occupations of every profile on the coordinator’s planner', async () => {
      const view = await planner();
      for (const profile of Object.values(profiles)) expect(view.candidates.find((c: { code: string }) => c.code === profile.code).occupations).toEqual([occupation]);
    });

    it('shows employers the occupations of published profiles only, on the page, the API, the e-mail and the printable page', async () => {
      const sent = await post(coordinator, `${API}/${sessionId}/schedule/send`);
      expect(sent.body).toMatchObject({ organisations: 4, recipients: 4, resent: false });
      const employer = employers.get(organisations[0].id)!;

      const api = (await employer.agent.get(`${API}/${sessionId}/my-schedule`).expect(200)).body;
      const byCode = (code: string) => api.interviews.find((i: { candidateCode: string }) => i.candidateCode === code);
      for (const hidden of [profiles.draft, profiles.revoked]) expect(byCode(hidden.code).occupations).toEqual([]);
      for (const hidden of [profiles.draft, profiles.revoked]) expect(byCode(hidden.code)).toMatchObject({ profilePublished: false, project: null, hint: HINT });
      expect(byCode(profiles.published.code)).toMatchObject({ profilePublished: true, occupations: [occupation], project: PUBLISHED_PROJECT, hint: null });

      const page = (await employer.agent.get(`/organisation/sessions/${sessionId}`).expect(200)).text;
      expect(rowOf(page, profiles.published.code, '<tr>')).toContain(occupation);
      for (const hidden of [profiles.draft, profiles.revoked]) {
        const row = rowOf(page, hidden.code, '<tr>');
        expect(row).toContain(HINT);
        expect(row).not.toContain(occupation);
      }

      const mail = await t.mail.waitFor((m) => m.to.includes(employer.email) && m.subject.startsWith('Votre planning'), 20_000);
      for (const text of [mail.text, mail.html ?? mail.text]) {
        expect(rowOf(text, profiles.published.code, '\n')).toContain(`${profiles.published.code} : ${occupation}`);
        for (const hidden of [profiles.draft, profiles.revoked]) {
          const line = rowOf(text, hidden.code, '\n');
          expect(line).toContain(`${hidden.code} (${HINT})`);
          expect(line).not.toContain(occupation);
        }
      }

      const printed = (await coordinator.agent.get(`/coordination/sessions/${sessionId}/impression/organisations`).expect(200)).text;
      const section = printed.split('<section').find((s) => s.includes(`>${organisations[0].name}</h1>`))!;
      expect(rowOf(section, profiles.published.code, '<tr>')).toContain(occupation);
      for (const hidden of [profiles.draft, profiles.revoked]) {
        expect(rowOf(section, hidden.code, '<tr>')).toContain(HINT);
        expect(rowOf(section, hidden.code, '<tr>')).not.toContain(occupation);
      }
    });
  });

  describe('suspended organisations', () => {
    it('does not e-mail a suspended organisation its schedule and tells the coordinator which one', async () => {
      const suspended = organisations[3];
      const suspendedUser = employers.get(suspended.id)!;
      const activeUser = employers.get(organisations[0].id)!;
      await t.dataSource.query(`UPDATE organisations SET status = 'suspended' WHERE id = $1`, [suspended.id]);
      const [before, activeBefore] = [await scheduleMails(suspendedUser.id), await scheduleMails(activeUser.id)];

      const sent = await post(coordinator, `${API}/${sessionId}/schedule/send`);
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({ organisations: 3, recipients: 3, resent: true, skipped: 1, skippedOrganisations: [{ organisationId: suspended.id, name: suspended.name }] });
      expect(await scheduleMails(suspendedUser.id)).toBe(before);
      expect(await scheduleMails(activeUser.id)).toBe(activeBefore + 1);

      const page = await form(coordinator, `/coordination/sessions/${sessionId}/planning/envoyer`);
      expect(page.status).toBe(303);
      expect(page.headers.location).toContain('info=plannings-envoyes-sauf-inactives');
      const planned = (await coordinator.agent.get(page.headers.location.split('#')[0]).expect(200)).text;
      expect(planned).toContain('Les plannings sont envoyés aux organisations actives');
      const warning = planned.split('id="non-actives"')[1]?.split('</div>')[0] ?? '';
      expect(warning).toContain(suspended.name);
      expect(warning).not.toContain(organisations[0].name);
      expect(await scheduleMails(suspendedUser.id)).toBe(before);
      await t.dataSource.query(`UPDATE organisations SET status = 'active' WHERE id = $1`, [suspended.id]);
    });
  });

  describe('once the debrief has started', () => {
    let debriefed: Interview;

    it('refuses every action that would delete interviews once an interview has an assessment, and keeps it', async () => {
      const rows = await interviews();
      debriefed = rows[0];
      await t.dataSource.query(`INSERT INTO session_assessments (interview_id, session_id, project_clarity, motivation, fit) VALUES ($1, $2, 3, 4, 3)`, [debriefed.id, sessionId]);
      const view = await planner();
      const participant = view.organisations[0].id;
      const candidate = view.candidates[0].id;
      const refusals = [
        await post(coordinator, `${API}/${sessionId}/schedule/generate`),
        await post(coordinator, `${API}/${sessionId}/binomes/suggest`),
        await post(coordinator, `${API}/${sessionId}/binomes`, { organisationIds: [organisations[0].id, organisations[2].id] }),
        await del(coordinator, `${API}/${sessionId}/binomes/${view.binomes[0].id}`),
        await del(coordinator, `${API}/${sessionId}/rooms/${view.rooms[0].id}`),
        await del(coordinator, `${API}/${sessionId}/organisations/${participant}`),
        await del(coordinator, `${API}/${sessionId}/candidates/${candidate}`),
        await patch(coordinator, `${API}/${sessionId}`, { dayEndsAt: '16:00' }),
        await post(coordinator, `${API}/${sessionId}/interviews/${debriefed.id}/move`, { round: debriefed.round === 11 ? 10 : 11, roomId: debriefed.room_id }),
      ];
      for (const res of refusals) {
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('recruitment_session.debrief_started');
        expect(res.body.detail).toMatch(/débriefing/);
      }
      expect(await interviews()).toEqual(rows);
      expect(await t.dataSource.query(`SELECT interview_id FROM session_assessments WHERE session_id = $1`, [sessionId])).toEqual([{ interview_id: debriefed.id }]);
      const after = await planner();
      expect(after.debriefStarted).toBe(true);
      expect([after.binomes.length, after.rooms.length, after.organisations.length, after.candidates.length, after.dayEndsAt]).toEqual([2, 2, 4, 3, '17:00']);
      // Changes that delete nothing stay open.
      expect((await patch(coordinator, `${API}/${sessionId}`, { title: 'Session des garde-fous, renommée' })).status).toBe(200);
    });

    it('still moves an interview without debrief rows, but not into the place of one with them', async () => {
      const rows = await interviews();
      const other = rows.find((r) => r.id !== debriefed.id)!;
      const usedRounds = new Set(rows.map((r) => r.round));
      const emptyRound = [...Array(12).keys()].find((r) => !usedRounds.has(r))!;
      const swap = await post(coordinator, `${API}/${sessionId}/interviews/${other.id}/move`, { round: debriefed.round, roomId: debriefed.room_id });
      expect([swap.status, swap.body.code]).toEqual([409, 'recruitment_session.debrief_started']);
      const moved = await post(coordinator, `${API}/${sessionId}/interviews/${other.id}/move`, { round: emptyRound, roomId: other.room_id });
      expect(moved.status).toBe(200);
      expect((await interviews()).find((r) => r.id === other.id)!.round).toBe(emptyRound);
    });

    it('counts an interview outcome alone as a started debrief', async () => {
      await t.dataSource.query(`DELETE FROM session_assessments WHERE session_id = $1`, [sessionId]);
      await t.dataSource.query(`INSERT INTO session_interview_outcomes (interview_id, session_id, outcome) VALUES ($1, $2, 'held')`, [debriefed.id, sessionId]);
      const res = await post(coordinator, `${API}/${sessionId}/schedule/generate`);
      expect([res.status, res.body.code]).toEqual([409, 'recruitment_session.debrief_started']);
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM session_interview_outcomes WHERE session_id = $1`, [sessionId])).toEqual([{ n: 1 }]);
    });

    it('says so on the planner, hides the destructive buttons and shows a refusal as the form’s error', async () => {
      const page = (await coordinator.agent.get(`/coordination/sessions/${sessionId}`).expect(200)).text;
      expect(page).toContain('Le débriefing a commencé');
      for (const action of ['/planning/generer', '/binomes/suggerer', '/retirer"', '/dissoudre"', `/coordination/sessions/${sessionId}/binomes"`]) expect(page).not.toContain(action);
      expect(page).toContain('/planning/deplacer');
      expect(page).not.toContain(`<option value="${debriefed.id}"`);
      const refused = await form(coordinator, `/coordination/sessions/${sessionId}/planning/generer`);
      expect(refused.status).toBe(409);
      expect(refused.text).toContain('le planning ne peut plus être remplacé ni réduit');
      expect((await interviews()).length).toBe(6);
    });
  });
});
