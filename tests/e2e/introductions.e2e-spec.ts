import request from 'supertest';
import { Clock } from '../../src/common/clock/clock';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { CaughtMail } from '../../src/dev/smtp-catcher';
import { OutboxRepository } from '../../src/infra/outbox/outbox.repository';
import { OutboxService } from '../../src/infra/outbox/outbox.service';
import { AuditService } from '../../src/modules/audit/audit.service';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { addDays } from '../../src/modules/introductions/introduction-rules';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { IntroductionMailer } from '../../src/modules/introductions/introduction-mailer';
import { IntroductionSweepService } from '../../src/modules/introductions/introduction-sweep.service';
import { IntroductionsRepository } from '../../src/modules/introductions/introductions.repository';
import { MatchingRepository } from '../../src/modules/matching/matching.repository';
import { EmailOutboxService } from '../../src/modules/notifications/email-outbox.service';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { OrganisationRole, Role } from '../../src/modules/users/user.entity';
import { UsersRepository } from '../../src/modules/users/users.repository';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(240_000);

type Signed = { agent: Agent; csrf: string; id: string; email: string; displayName: string };
type Profile = { id: string; code: string };

const API = '/api/introductions';
const PROFILES = '/api/candidate-profiles';
const NEEDS = '/api/employer-needs';
const UNKNOWN_ID = '4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f';
const DAY = 24 * 3600 * 1000;
const MINUTE = 60 * 1000;

/** What a profile holds that the employer must never get through an introduction: free text, the establishment, exact dates, the age band. */
const PROJECT = 'Reprendre la peinture décorative en atelier.';
const SKILL = 'Pose de papier peint panoramique';
const CANDIDATE_TRACES = [PROJECT, SKILL, 'Vivonne', 'CP POITIERS', 'pénitentiaire', '2027-03-10', '10/03/2027', '"26-35"', 'Semi-liberté', 'semi_liberte'];
/** A counsellor's notes stay on the partner side. */
const COUNSELLOR_NOTE = 'Note interne : la personne change de quartier le mois prochain.';

const profileBody = (overrides: Record<string, unknown> = {}) => ({
  establishmentCode: 'CP POITIERS VIVONNE',
  ageBand: '26-35',
  releaseFrom: '2027-03-10',
  releaseUntil: '2027-05-20',
  adjustments: ['semi_liberte'],
  exitPermits: true,
  soughtSolutions: ['job'],
  targetRomeCodes: ['F1606'],
  targetBasinCodes: ['7513'],
  mobility: { licences: ['B'], hasVehicle: false, maxCommuteMinutes: 45 },
  languages: ['Français'],
  skills: [SKILL],
  experiences: [],
  trainings: [{ title: 'CAP Peintre applicateur de revêtements', level: 3, status: 'obtained', inDetention: true }],
  project: PROJECT,
  availability: null,
  constraints: { avoidDepartments: [], avoidRomeCodes: [] },
  ...overrides,
});

const needBody = (overrides: Record<string, unknown> = {}) => ({
  romeCode: 'F1606',
  contractType: 'cdi',
  positions: 1,
  communeCode: '86194',
  startFrom: '2027-03-01',
  startUntil: '2027-06-30',
  solutions: ['job'],
  ...overrides,
});

const after = (instant: Date, ms: number) => new Date(instant.getTime() + ms);
const today = () => parisDate(new Date());

/** The time the sweep sees; tests move it. */
class TestClock extends Clock {
  at = new Date();
  now(): Date {
    return new Date(this.at);
  }
}

const expectNoCandidateTrace = (what: string, value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  for (const trace of [...CANDIDATE_TRACES, COUNSELLOR_NOTE]) expect({ what, trace, found: text.includes(trace) }).toEqual({ what, trace, found: false });
};

describe('introductions (mises en relation): API, e-mails, history, sweep (real PostgreSQL, Redis, SMTP; worker in-process)', () => {
  let t: TestApp;
  let partner: Organisation;
  let counsellor: Signed;
  let colleague: Signed;
  let otherCounsellor: Signed;
  let orgA: Organisation;
  let employerA: Signed;
  let employerA2: Signed;
  let orgB: Organisation;
  let employerB: Signed;
  let pendingEmployer: Signed;
  let admin: Signed;
  let needA: string;
  let needB: string;
  let draftNeedA: string;

  const signIn = async (role: Role, organisation: Organisation | null, values: { displayName?: string; organisationRole?: OrganisationRole } = {}): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}), ...values });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, email: user.email, displayName: user.displayName };
  };
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const createNeed = async (who: Signed, publish = true, overrides: Record<string, unknown> = {}): Promise<string> => {
    const created = await post(who, NEEDS, needBody(overrides));
    if (created.status !== 201) throw new Error(`need creation answered ${created.status} ${JSON.stringify(created.body)}`);
    if (publish) await post(who, `${NEEDS}/${created.body.id}/publish`).expect(200);
    return created.body.id;
  };
  const createProfile = async (publish = true, who: Signed = counsellor): Promise<Profile> => {
    const res = await post(who, PROFILES, profileBody());
    if (res.status !== 201) throw new Error(`profile creation answered ${res.status} ${JSON.stringify(res.body)}`);
    if (publish) {
      await post(who, `${PROFILES}/${res.body.id}/consents`, { scope: 'publication', givenOn: '2026-01-15' }).expect(201);
      const published = await post(who, `${PROFILES}/${res.body.id}/publish`);
      if (published.status !== 200) throw new Error(`profile publication answered ${published.status} ${JSON.stringify(published.body)}`);
    }
    return { id: res.body.id, code: res.body.code };
  };
  const ask = (who: Signed, profile: Profile, overrides: Record<string, unknown> = {}) =>
    post(who, API, { profileCode: profile.code, solution: 'job', message: 'Nous recrutons deux peintres ; nous aimerions présenter le poste.', availability: 'Mardi après-midi', ...overrides });
  const propose = (who: Signed, profile: Profile, organisation: Organisation, overrides: Record<string, unknown> = {}) =>
    post(who, `${API}/proposals`, { profileId: profile.id, organisationId: organisation.id, solution: 'immersion', candidateAgreed: true, candidateAgreedOn: today(), ...overrides });
  const agreement = () => ({ candidateAgreed: true, candidateAgreedOn: today() });

  const introductionRow = async (id: string) => (await t.dataSource.query(`SELECT * FROM introductions WHERE id = $1`, [id]))[0];
  const introductionCount = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM introductions`))[0].n as number;
  const eventsOf = (id: string): Promise<{ from_status: string | null; to_status: string; actor_side: string; actor_user_id: string | null; reason_code: string | null; note: string | null }[]> =>
    t.dataSource.query(`SELECT from_status, to_status, actor_side, actor_user_id, reason_code, note FROM introduction_events WHERE introduction_id = $1 ORDER BY id`, [id]);
  const auditOf = (id: string): Promise<{ action: string; actor_user_id: string | null; details: Record<string, unknown> }[]> =>
    t.dataSource.query(`SELECT action, actor_user_id, details FROM audit_events WHERE subject_type = 'introduction' AND subject_id = $1 ORDER BY id`, [id]);
  /** E-mails queued for an introduction, as [template, recipient] pairs in the order they were written. */
  const queued = async (id: string, template?: string): Promise<[string, string][]> =>
    (
      await t.dataSource.query(
        `SELECT payload->>'template' AS template, payload->>'recipientUserId' AS recipient FROM outbox_messages
          WHERE job_name = 'email.send' AND payload->>'introductionId' = $1 AND ($2::text IS NULL OR payload->>'template' = $2) ORDER BY id`,
        [id, template ?? null],
      )
    ).map((r: { template: string; recipient: string }) => [r.template, r.recipient]);
  /** The hourly sweep, built by hand on a clock the test moves. */
  const sweeperAt = (clock: Clock) => {
    const ds = t.dataSource;
    const repository = new IntroductionsRepository(ds);
    return new IntroductionSweepService(
      repository,
      new IntroductionMailer(repository, new UsersRepository(ds), new EmailOutboxService(new OutboxService(new OutboxRepository(ds)))),
      t.app.get(AuditService),
      new TransactionRunner(ds),
      clock,
      t.config,
    );
  };
  const mailTo = (who: Signed, subject: string | RegExp): Promise<CaughtMail> =>
    t.mail.waitFor((m) => m.to.includes(who.email) && (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject)), 15_000);

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    await seedReferenceData(t.app.get(ImportRunner));
    partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip, name: 'SPIP de la Vienne' });
    counsellor = await signIn(Role.Counsellor, partner, { displayName: 'Sacha Conseillère' });
    colleague = await signIn(Role.Counsellor, partner, { displayName: 'Alex Collègue', organisationRole: OrganisationRole.Member });
    otherCounsellor = await signIn(Role.Counsellor, await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale }));
    orgA = await createOrganisation(t.dataSource, { name: 'Peintures du Clain' });
    employerA = await signIn(Role.Employer, orgA, { displayName: 'Camille Responsable' });
    employerA2 = await signIn(Role.Employer, orgA, { displayName: 'Noé Membre', organisationRole: OrganisationRole.Member });
    orgB = await createOrganisation(t.dataSource, { name: 'Bâtir en Châtelleraudais' });
    employerB = await signIn(Role.Employer, orgB);
    pendingEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { status: OrganisationStatus.Pending }));
    admin = await signIn(Role.Admin, null);
    needA = await createNeed(employerA);
    draftNeedA = await createNeed(employerA, false);
    needB = await createNeed(employerB);
  });
  afterAll(() => t?.close());

  describe('an employer’s request, to the end', () => {
    let profile: Profile;
    let id: string;

    beforeAll(async () => {
      profile = await createProfile();
    });

    it('records the request, its first history line and its audit event, and tells the profile’s author only', async () => {
      const res = await ask(employerA, profile, { needId: needA });
      expect(res.status).toBe(201);
      id = res.body.id;
      expect(res.body).toMatchObject({
        status: 'requested',
        statusLabel: 'Demande en attente de réponse',
        initiator: 'employer',
        profileCode: profile.code,
        occupations: [{ romeCode: 'F1606', label: expect.any(String) }],
        organisationId: orgA.id,
        need: { id: needA, romeCode: 'F1606' },
        solution: 'job',
        solutionLabel: 'Emploi',
        awaiting: 'partner',
        awaitingYou: false,
        allowedActions: ['withdraw'],
        profileId: null,
        partnerOrganisationName: null,
        counsellorContact: null,
        candidateAgreement: null,
        closesOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });
      expect(res.body.history).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'requested', actor: 'employer', actorLabel: 'Votre organisation', actorName: null })]);
      expect(await eventsOf(id)).toEqual([{ from_status: null, to_status: 'requested', actor_side: 'employer', actor_user_id: employerA.id, reason_code: null, note: null }]);

      const audit = await auditOf(id);
      expect(audit).toEqual([
        {
          action: 'introduction.requested',
          actor_user_id: employerA.id,
          details: { profileId: profile.id, organisationId: orgA.id, partnerOrganisationId: partner.id, needId: needA, solution: 'job' },
        },
      ]);
      // The author of the profile hears of it; the colleague does not (one person follows it).
      expect(await queued(id)).toEqual([['introduction-requested', counsellor.id]]);
      const mail = await mailTo(counsellor, `Peintures du Clain souhaite rencontrer le candidat ${profile.code}`);
      expect(mail.text).toContain(`Bonjour ${counsellor.displayName},`);
      expect(mail.text).toMatch(new RegExp(`^${t.url}/conseil/mises-en-relation/${id}$`, 'm'));
      expect(mail.text).toContain('Solution proposée : Emploi');
      // The employer's message is read on the page, not carried by e-mail.
      expect(mail.text).not.toContain('Nous recrutons deux peintres');
    });

    it('shows the counsellor the message, the employer’s contact and the request as theirs to answer', async () => {
      const res = await counsellor.agent.get(`${API}/${id}`).expect(200);
      expect(res.body).toMatchObject({
        profileId: profile.id,
        message: 'Nous recrutons deux peintres ; nous aimerions présenter le poste.',
        availability: 'Mardi après-midi',
        employerContact: { displayName: 'Camille Responsable', email: employerA.email, organisationName: 'Peintures du Clain' },
        awaitingYou: true,
        allowedActions: ['accept', 'decline'],
        partnerOrganisationName: 'SPIP de la Vienne',
      });
      const inbox = await colleague.agent.get(`${API}?stage=to_answer`).expect(200);
      expect(inbox.body.items.map((i: { id: string }) => i.id)).toContain(id);
      const employerList = await employerA.agent.get(`${API}?stage=to_answer`).expect(200);
      expect(employerList.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    });

    it('refuses to accept without the candidate’s recorded agreement, naming the fields, and writes nothing', async () => {
      for (const body of [{}, { candidateAgreed: false, candidateAgreedOn: today() }, { candidateAgreed: true }]) {
        const res = await post(counsellor, `${API}/${id}/accept`, body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(Object.keys(body).length === 1 ? ['candidateAgreedOn'] : ['candidateAgreed']));
      }
      const future = await post(counsellor, `${API}/${id}/accept`, { candidateAgreed: true, candidateAgreedOn: '2099-01-01' });
      expect(future.status).toBe(400);
      expect(future.body.errors).toEqual([{ field: 'candidateAgreedOn', message: 'La date de l’accord de la personne ne peut pas être dans le futur.' }]);
      expect((await introductionRow(id)).status).toBe('requested');
      expect(await eventsOf(id)).toHaveLength(1);
    });

    it('accepts with the agreement (who recorded it, when), and tells the requester', async () => {
      const res = await post(colleague, `${API}/${id}/accept`, agreement());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'accepted',
        candidateAgreement: { agreedOn: today(), recordedByName: 'Alex Collègue', recordedAt: expect.any(String) },
        allowedActions: ['decline', 'introduce'],
      });
      const row = await introductionRow(id);
      expect(row).toMatchObject({ candidate_agreement_recorded_by: colleague.id, counsellor_user_id: colleague.id });
      expect(row.candidate_agreement_recorded_at).toBeInstanceOf(Date);
      expect(await queued(id, 'introduction-accepted')).toEqual([['introduction-accepted', employerA.id]]);
      await mailTo(employerA, `Votre demande de rencontre avec ${profile.code} est acceptée`);
      // Still no contact for the employer until the introduction is made.
      const employerView = await employerA.agent.get(`${API}/${id}`).expect(200);
      expect(employerView.body).toMatchObject({ status: 'accepted', counsellorContact: null, candidateAgreement: null, partnerOrganisationName: null });
    });

    it('introduces both sides: each gets the other’s professional contact and the next steps', async () => {
      expect((await post(employerA, `${API}/${id}/introduce`)).status).toBe(403);
      const res = await post(colleague, `${API}/${id}/introduce`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('introduced');
      expect((await queued(id, 'introduction-introduced')).sort()).toEqual([['introduction-introduced', employerA.id], ['introduction-introduced', colleague.id]].sort());

      const employerMail = await mailTo(employerA, `Mise en relation faite pour ${profile.code} : les prochaines étapes`);
      expect(employerMail.text).toContain('Votre contact est le conseiller qui accompagne la personne');
      expect(employerMail.text).toContain('Alex Collègue');
      expect(employerMail.text).toContain(colleague.email);
      expect(employerMail.text).toContain('SPIP de la Vienne');
      const counsellorMail = await mailTo(colleague, `Mise en relation faite pour ${profile.code} : les prochaines étapes`);
      expect(counsellorMail.text).toContain('Camille Responsable');
      expect(counsellorMail.text).toContain(employerA.email);

      const employerView = await employerA.agent.get(`${API}/${id}`).expect(200);
      expect(employerView.body.counsellorContact).toEqual({ displayName: 'Alex Collègue', email: colleague.email, organisationName: 'SPIP de la Vienne' });
      expect(employerView.body.allowedActions).toEqual([]);
    });

    it('records the meeting and the outcome (a hire says its contract), with the whole history', async () => {
      const meeting = await post(colleague, `${API}/${id}/meeting`, { meetingOn: today(), note: COUNSELLOR_NOTE });
      expect(meeting.status).toBe(200);
      expect(meeting.body).toMatchObject({ status: 'meeting_planned', meetingOn: today() });
      const noContract = await post(colleague, `${API}/${id}/outcome`, { outcome: 'hired' });
      expect(noContract.status).toBe(400);
      expect(noContract.body.errors).toEqual([{ field: 'contractType', message: 'Indiquez le type de contrat de l’embauche.' }]);
      const outcome = await post(colleague, `${API}/${id}/outcome`, { outcome: 'hired', contractType: 'cdi', note: COUNSELLOR_NOTE });
      expect(outcome.status).toBe(200);
      expect(outcome.body).toMatchObject({ status: 'concluded', outcome: 'hired', outcomeLabel: 'Embauche', contractType: 'cdi', contractTypeLabel: 'CDI', allowedActions: [] });

      expect((await eventsOf(id)).map((e) => [e.from_status, e.to_status, e.actor_side, e.actor_user_id])).toEqual([
        [null, 'requested', 'employer', employerA.id],
        ['requested', 'accepted', 'partner', colleague.id],
        ['accepted', 'introduced', 'partner', colleague.id],
        ['introduced', 'meeting_planned', 'partner', colleague.id],
        ['meeting_planned', 'concluded', 'partner', colleague.id],
      ]);
      const audit = await auditOf(id);
      expect(audit.map((e) => e.action)).toEqual(['introduction.requested', 'introduction.accepted', 'introduction.introduced', 'introduction.meeting_planned', 'introduction.concluded']);
      expect(audit[1].details).toEqual({ profileId: profile.id, organisationId: orgA.id, from: 'requested', side: 'partner', candidateAgreement: true });
      expect(audit[4].details).toEqual({ profileId: profile.id, organisationId: orgA.id, from: 'meeting_planned', side: 'partner', outcome: 'hired', contractType: 'cdi', reason: null });
      // Never the words written: no message, no note.
      expect(JSON.stringify(audit)).not.toMatch(/Nous recrutons|Note interne/);

      const partnerView = await colleague.agent.get(`${API}/${id}`).expect(200);
      expect(partnerView.body.history.map((e: { note: string | null }) => e.note)).toEqual([null, null, null, COUNSELLOR_NOTE, COUNSELLOR_NOTE]);
    });

    it('never gives the employer anything that identifies the candidate: JSON, list, e-mails and their jobs', async () => {
      const view = await employerA.agent.get(`${API}/${id}`).expect(200);
      expect(view.body.profileId).toBeNull();
      expect(view.body.history.map((e: { note: string | null; actorName: string | null }) => [e.note, e.actorName])).toEqual(Array(5).fill([null, null]));
      expectNoCandidateTrace('employer view', view.body);
      expect(JSON.stringify(view.body)).not.toContain(profile.id);
      expectNoCandidateTrace('employer list', (await employerA.agent.get(API).expect(200)).body);

      const payloads: Record<string, unknown>[] = (
        await t.dataSource.query(`SELECT payload FROM outbox_messages WHERE job_name = 'email.send' AND payload->>'introductionId' = $1`, [id])
      ).map((r: { payload: Record<string, unknown> }) => r.payload);
      expect(payloads.length).toBeGreaterThanOrEqual(4);
      // Jobs carry ids only.
      for (const payload of payloads) expect(Object.keys(payload).sort()).toEqual(['introductionId', 'profileId', 'recipientUserId', 'template']);
      const employerMails = t.mail.messages.filter((m) => m.to.includes(employerA.email) && m.text.includes(profile.code));
      expect(employerMails.length).toBeGreaterThanOrEqual(2);
      for (const mail of employerMails) {
        expectNoCandidateTrace(`e-mail « ${mail.subject} »`, `${mail.subject}\n${mail.text}\n${mail.html ?? ''}`);
      }
    });
  });

  describe('a counsellor’s proposal', () => {
    let profile: Profile;

    beforeAll(async () => {
      profile = await createProfile();
    });

    it('proposes with the candidate’s agreement, tells every member of the organisation; the employer’s acceptance introduces both sides', async () => {
      const res = await propose(counsellor, profile, orgA, { needId: needA, message: 'Profil motivé, disponible pour une immersion dès la sortie.' });
      expect(res.status).toBe(201);
      const id = res.body.id;
      expect(res.body).toMatchObject({ status: 'proposed', initiator: 'partner', candidateAgreement: { agreedOn: today(), recordedByName: 'Sacha Conseillère' } });
      expect((await queued(id)).sort()).toEqual([['introduction-proposed', employerA.id], ['introduction-proposed', employerA2.id]].sort());
      const proposal = await mailTo(employerA2, `Un conseiller vous propose de rencontrer le candidat ${profile.code}`);
      expect(proposal.text).toContain('Métiers visés : ');
      expect(proposal.text).toMatch(new RegExp(`^${t.url}/organisation/mises-en-relation/${id}$`, 'm'));
      expectNoCandidateTrace('proposal e-mail', proposal.text);
      expect(await auditOf(id)).toEqual([
        {
          action: 'introduction.proposed',
          actor_user_id: counsellor.id,
          details: { profileId: profile.id, organisationId: orgA.id, partnerOrganisationId: partner.id, needId: needA, solution: 'immersion', candidateAgreement: true },
        },
      ]);

      const employerView = await employerA2.agent.get(`${API}/${id}`).expect(200);
      expect(employerView.body).toMatchObject({
        proposalMessage: 'Profil motivé, disponible pour une immersion dès la sortie.',
        awaitingYou: true,
        allowedActions: ['accept', 'decline'],
        counsellorContact: null,
        candidateAgreement: null,
      });
      // The agreement is the counsellor's to record, not the employer's.
      const withAgreement = await post(employerA2, `${API}/${id}/accept`, agreement());
      expect(withAgreement.status).toBe(400);
      expect(withAgreement.body.errors.map((e: { field: string }) => e.field)).toEqual(['candidateAgreed', 'candidateAgreedOn']);

      const accepted = await post(employerA2, `${API}/${id}/accept`);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'introduced', counsellorContact: { displayName: 'Sacha Conseillère', email: counsellor.email, organisationName: 'SPIP de la Vienne' } });
      expect(await introductionRow(id)).toMatchObject({ employer_user_id: employerA2.id });
      expect((await queued(id, 'introduction-introduced')).sort()).toEqual([['introduction-introduced', employerA2.id], ['introduction-introduced', counsellor.id]].sort());
      const counsellorMail = await mailTo(counsellor, `Mise en relation faite pour ${profile.code} : les prochaines étapes`);
      expect(counsellorMail.text).toContain('Noé Membre');
      expect((await eventsOf(id)).map((e) => [e.from_status, e.to_status, e.actor_side])).toEqual([
        [null, 'proposed', 'partner'],
        ['proposed', 'introduced', 'employer'],
      ]);
    });

    it('lets the employer decline with one of its reasons only; the counsellor hears of it', async () => {
      const res = await propose(counsellor, profile, orgB);
      expect(res.status).toBe(201);
      const id = res.body.id;
      const wrongSide = await post(employerB, `${API}/${id}/decline`, { reason: 'candidate_declined' });
      expect(wrongSide.status).toBe(400);
      expect(wrongSide.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
      const declined = await post(employerB, `${API}/${id}/decline`, { reason: 'position_filled_typo' });
      expect(declined.status).toBe(400);
      const ok = await post(employerB, `${API}/${id}/decline`, { reason: 'no_position', note: 'Le poste vient d’être pourvu.' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ status: 'declined', declineReason: 'no_position', declineReasonLabel: 'Plus de poste ou de place disponible' });
      expect(await queued(id, 'introduction-declined')).toEqual([['introduction-declined', counsellor.id]]);
      const mail = await mailTo(counsellor, `Bâtir en Châtelleraudais décline la proposition pour ${profile.code}`);
      expect(mail.text).toContain('Motif indiqué par l’employeur : Plus de poste ou de place disponible.');
      // The employer's note is read by the counsellor.
      const partnerView = await counsellor.agent.get(`${API}/${id}`).expect(200);
      expect(partnerView.body.history[1]).toMatchObject({ toStatus: 'declined', reason: 'no_position', note: 'Le poste vient d’être pourvu.', actorName: employerB.displayName });
      expect((await auditOf(id)).map((e) => [e.action, e.details.reason])).toEqual([
        ['introduction.proposed', undefined],
        ['introduction.declined', 'no_position'],
      ]);
    });

    it('refuses a message that could identify the person, a proposal without agreement, and another organisation’s or an unpublished profile', async () => {
      const before = await introductionCount();
      const pii = await propose(counsellor, profile, orgB, { message: 'Appelez-moi au 06 12 34 56 78 pour organiser.' });
      expect(pii.status).toBe(422);
      expect(pii.body).toMatchObject({ code: 'introduction.pii_found', errors: [{ field: 'message', message: expect.any(String) }] });
      const noAgreement = await propose(counsellor, profile, orgB, { candidateAgreed: false });
      expect(noAgreement.status).toBe(400);
      expect(noAgreement.body.errors).toEqual([{ field: 'candidateAgreed', message: 'Cochez la case confirmant que la personne a donné son accord pour cette rencontre.' }]);
      const foreign = await propose(otherCounsellor, profile, orgB);
      expect(foreign.status).toBe(422);
      expect(foreign.body).toMatchObject({ code: 'introduction.profile_unavailable', errors: [{ field: 'profileId', message: 'Profil introuvable parmi ceux de votre organisation.' }] });
      const draft = await createProfile(false);
      const unpublished = await propose(counsellor, draft, orgB);
      expect(unpublished.status).toBe(422);
      expect(unpublished.body.errors[0].field).toBe('profileId');
      const toPartner = await propose(counsellor, profile, partner);
      expect(toPartner.status).toBe(422);
      expect(toPartner.body).toMatchObject({ code: 'introduction.organisation_unavailable', errors: [{ field: 'organisationId', message: expect.any(String) }] });
      expect(await introductionCount()).toBe(before);
    });
  });

  describe('refusals: nothing is written', () => {
    it('refuses a second open request for the same organisation and profile (409), also at the database, and accepts one once the first is over', async () => {
      const profile = await createProfile();
      const first = await ask(employerB, profile);
      expect(first.status).toBe(201);
      const before = await introductionCount();
      const again = await ask(employerB, profile, { solution: 'immersion' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'introduction.duplicate', detail: expect.stringContaining('déjà en cours') });
      // A counsellor proposing the same profile to the same organisation is the same duplicate.
      expect((await propose(counsellor, profile, orgB)).status).toBe(409);
      // The partial unique index holds whatever the path.
      await expect(
        t.dataSource.query(
          `INSERT INTO introductions (profile_id, organisation_id, partner_organisation_id, initiator, solution, status, message) VALUES ($1, $2, $3, 'employer', 'job', 'requested', 'x')`,
          [profile.id, orgB.id, partner.id],
        ),
      ).rejects.toThrow(/introductions_open_key/);
      expect(await introductionCount()).toBe(before);

      expect((await post(employerB, `${API}/${first.body.id}/withdraw`, { note: 'Finalement pas de poste.' })).status).toBe(200);
      expect((await ask(employerB, profile)).status).toBe(201);
    });

    it('keeps one of several identical requests sent at once; the others are the same 409', async () => {
      const profile = await createProfile();
      const answers = await Promise.all(Array.from({ length: 5 }, () => ask(employerA, profile)));
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      expect(answers.filter((r) => r.status === 409).every((r) => r.body.code === 'introduction.duplicate')).toBe(true);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM introductions WHERE profile_id = $1`, [profile.id]))[0].n).toBe(1);
    });

    it('refuses an organisation at its monthly cap (requests and proposals count, last month’s do not)', async () => {
      const organisation = await createOrganisation(t.dataSource, { name: 'Plafond Bâtiment', monthlyIntroductionCap: 1 });
      const employer = await signIn(Role.Employer, organisation);
      const [p1, p2, p3] = [await createProfile(), await createProfile(), await createProfile()];
      const first = await ask(employer, p1);
      expect(first.status).toBe(201);
      const capped = await ask(employer, p2);
      expect(capped.status).toBe(409);
      expect(capped.body).toMatchObject({ code: 'introduction.monthly_cap_reached', detail: expect.stringMatching(/^Votre organisation a atteint son plafond de 1 mise en relation ce mois-ci : vous pourrez en demander de nouvelles à partir du 01\/\d{2}\/\d{4}\./) });
      const proposal = await propose(counsellor, p2, organisation);
      expect(proposal.status).toBe(409);
      expect(proposal.body.detail).toMatch(/^Cette organisation a atteint son plafond/);
      // A withdrawn request still counts for this month; moved to last month, it no longer does.
      await post(employer, `${API}/${first.body.id}/withdraw`).expect(200);
      expect((await ask(employer, p3)).status).toBe(409);
      await t.dataSource.query(`UPDATE introductions SET created_at = date_trunc('month', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris' - interval '1 hour' WHERE id = $1`, [first.body.id]);
      expect((await ask(employer, p3)).status).toBe(201);
    });

    it('refuses an organisation that paused introductions, through the last paused day', async () => {
      const organisation = await createOrganisation(t.dataSource, { name: 'Pause Peinture', pausedUntil: today() });
      const employer = await signIn(Role.Employer, organisation);
      const profile = await createProfile();
      const paused = await ask(employer, profile);
      expect(paused.status).toBe(409);
      expect(paused.body).toMatchObject({ code: 'introduction.organisation_paused', detail: expect.stringContaining(`jusqu’au ${today().split('-').reverse().join('/')} inclus`) });
      expect((await propose(counsellor, profile, organisation)).status).toBe(409);
      const yesterday = parisDate(new Date(Date.now() - DAY));
      await t.dataSource.query(`UPDATE organisations SET paused_until = $2 WHERE id = $1`, [organisation.id, yesterday]);
      expect((await ask(employer, profile)).status).toBe(201);
    });

    it('refuses a profile that is not visible to employers, and a need that is not a published need of the organisation (422, naming the field)', async () => {
      const before = await introductionCount();
      const draft = await createProfile(false);
      const unpublished = await ask(employerA, draft);
      expect(unpublished.status).toBe(422);
      expect(unpublished.body).toMatchObject({ code: 'introduction.profile_unavailable', errors: [{ field: 'profileCode', message: expect.stringContaining('plus visible des employeurs') }] });
      expect((await ask(employerA, { id: UNKNOWN_ID, code: 'PSG-ZZZZ' })).status).toBe(422);
      // Revoking the consent unpublishes the profile: no request either.
      const revoked = await createProfile();
      await post(counsellor, `${PROFILES}/${revoked.id}/consents/revoke`, { scope: 'publication' }).expect(200);
      expect((await ask(employerA, revoked)).status).toBe(422);

      const profile = await createProfile();
      const foreignNeed = await ask(employerA, profile, { needId: needB });
      expect(foreignNeed.status).toBe(422);
      expect(foreignNeed.body).toMatchObject({ code: 'introduction.need_unavailable', errors: [{ field: 'needId', message: expect.any(String) }] });
      expect((await ask(employerA, profile, { needId: draftNeedA })).status).toBe(422);
      expect((await ask(employerA, profile, { needId: UNKNOWN_ID })).status).toBe(422);
      expect(await introductionCount()).toBe(before);
    });

    it('refuses bad input with French messages naming the fields', async () => {
      const profile = await createProfile();
      const res = await post(employerA, API, { profileCode: 'code', solution: 'advice', message: '   ', needId: 'x', availability: 'a'.repeat(501), organisationId: orgB.id });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['availability', 'message', 'needId', 'organisationId', 'profileCode', 'solution']);
      expect(res.body.errors).toContainEqual({ field: 'message', message: 'Message : ce champ est obligatoire.' });
      expect(res.body.errors).toContainEqual({ field: 'profileCode', message: 'Code de profil invalide (attendu : PSG- suivi de 4 à 8 caractères, ex. PSG-7K3Q).' });
      expect((await ask(employerA, profile, { status: 'introduced' })).status).toBe(400);
      expect((await employerA.agent.get(`${API}?stage=later`)).status).toBe(400);
      expect((await employerA.agent.get(`${API}/not-a-uuid`)).status).toBe(400);
    });

    it('keeps each side to its own organisation and moves: 403 for the wrong role or an inactive organisation, 404 for others’ introductions, 409 for a move the status forbids', async () => {
      const profile = await createProfile();
      const { body } = await ask(employerA, profile).expect(201);
      const id = body.id;
      const before = await eventsOf(id);

      expect((await post(counsellor, API, { profileCode: profile.code, solution: 'job', message: 'Bonjour' })).status).toBe(403);
      expect((await propose(employerA, profile, orgB)).status).toBe(403);
      expect((await admin.agent.get(API)).status).toBe(403);
      const pending = await pendingEmployer.agent.get(API);
      expect(pending.status).toBe(403);
      expect(pending.body).toMatchObject({ code: 'introduction.organisation_inactive', detail: expect.stringContaining('en attente de validation') });
      expect((await ask(pendingEmployer, profile)).status).toBe(403);

      for (const outsider of [employerB, otherCounsellor]) {
        expect((await outsider.agent.get(`${API}/${id}`)).status).toBe(404);
        expect((await outsider.agent.get(API)).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
      }
      expect((await post(otherCounsellor, `${API}/${id}/accept`, agreement())).body.code).toBe('introduction.not_found');
      expect((await post(employerB, `${API}/${id}/withdraw`)).status).toBe(404);
      expect((await counsellor.agent.get(`${API}/${UNKNOWN_ID}`)).status).toBe(404);

      // A move the caller's side makes in other statuses: 409. One never theirs: 403.
      const notNow = await post(counsellor, `${API}/${id}/withdraw`);
      expect(notNow.status).toBe(409);
      const employerAccept = await post(employerA, `${API}/${id}/accept`);
      expect(employerAccept.status).toBe(409);
      expect(employerAccept.body.detail).toBe('Cette mise en relation attend la réponse du conseiller : impossible de l’accepter.');
      expect((await post(employerA, `${API}/${id}/meeting`, { meetingOn: today() })).status).toBe(403);
      expect((await post(counsellor, `${API}/${id}/introduce`)).body).toMatchObject({ status: 409, code: 'introduction.invalid_transition' });
      expect(await eventsOf(id)).toEqual(before);

      await post(counsellor, `${API}/${id}/accept`, agreement()).expect(200);
      const twice = await post(counsellor, `${API}/${id}/accept`, agreement());
      expect(twice.status).toBe(409);
      expect(twice.body.detail).toBe('Cette mise en relation est acceptée et attend la mise en relation : impossible de l’accepter.');
    });
  });

  describe('fair share in matching', () => {
    it('counts an organisation’s introductions under way and leaves out one at its monthly cap', async () => {
      const matching = t.app.get(MatchingRepository);
      const organisation = await createOrganisation(t.dataSource, { name: 'Équité Décor' });
      const employer = await signIn(Role.Employer, organisation);
      const need = await createNeed(employer);
      const pendingOf = async () => (await matching.needById(need))!.pendingIntroductions;
      expect(await pendingOf()).toBe(0);
      const [p1, p2] = [await createProfile(), await createProfile()];
      const first = await ask(employer, p1).expect(201);
      await ask(employer, p2).expect(201);
      expect(await pendingOf()).toBe(2);
      await post(employer, `${API}/${first.body.id}/withdraw`).expect(200);
      expect(await pendingOf()).toBe(1);

      const inputs = { romeCodes: ['F1606'], basinCodes: ['7513'], regionCodes: [] as string[] };
      const ids = async () => (await matching.candidateNeeds(inputs, today())).map((n) => n.id);
      expect(await ids()).toContain(need);
      // Two introductions this month (the withdrawn one counts): a cap of 2 is reached, 3 is not.
      await t.dataSource.query(`UPDATE organisations SET monthly_introduction_cap = 2 WHERE id = $1`, [organisation.id]);
      expect(await ids()).not.toContain(need);
      await t.dataSource.query(`UPDATE organisations SET monthly_introduction_cap = 3 WHERE id = $1`, [organisation.id]);
      expect(await ids()).toContain(need);
    });
  });

  describe('erasure of a profile', () => {
    it('takes its introductions, their history and their e-mails not relayed yet with it; the audit keeps the ids', async () => {
      const profile = await createProfile();
      const { body } = await ask(employerA, profile).expect(201);
      const [{ id: pending }] = await t.dataSource.query(
        `INSERT INTO outbox_messages (job_name, payload, available_at) VALUES ('email.send', $1, now() + interval '1 day') RETURNING id`,
        [JSON.stringify({ template: 'introduction-reminder', recipientUserId: counsellor.id, introductionId: body.id, profileId: profile.id })],
      );
      await post(counsellor, `${PROFILES}/${profile.id}/erase`, { confirmCode: profile.code }).expect(204);
      expect(await introductionRow(body.id)).toBeUndefined();
      expect(await eventsOf(body.id)).toEqual([]);
      expect(await t.dataSource.query(`SELECT id FROM outbox_messages WHERE id = $1`, [pending])).toEqual([]);
      expect((await auditOf(body.id)).map((e) => e.action)).toEqual(['introduction.requested']);
      expect((await employerA.agent.get(`${API}/${body.id}`)).status).toBe(404);
    });
  });

  describe('reminders at 3 and 7 days, then closing (hourly sweep, moved clock)', () => {
    let clock: TestClock;
    let sweeper: IntroductionSweepService;
    let requestId: string;
    let proposalId: string;
    let createdAt: Date;
    let profile: Profile;
    let organisation: Organisation;
    let owner: Signed;
    let member: Signed;

    beforeAll(async () => {
      clock = new TestClock();
      sweeper = sweeperAt(clock);
      organisation = await createOrganisation(t.dataSource, { name: 'Rappels & Fils' });
      owner = await signIn(Role.Employer, organisation, { displayName: 'Jo Responsable' });
      member = await signIn(Role.Employer, organisation, { organisationRole: OrganisationRole.Member });
      profile = await createProfile();
      requestId = (await ask(owner, profile).expect(201)).body.id;
      proposalId = (await propose(counsellor, await createProfile(), organisation).expect(201)).body.id;
      createdAt = new Date((await introductionRow(requestId)).status_changed_at);
    });

    const reminders = async (id: string) => queued(id, 'introduction-reminder');

    it('reminds nobody before 3 days', async () => {
      clock.at = after(createdAt, 3 * DAY - MINUTE);
      await sweeper.sweep();
      expect(await reminders(requestId)).toEqual([]);
      expect(await reminders(proposalId)).toEqual([]);
    });

    it('reminds whoever must answer at 3 days, once however often the sweep runs', async () => {
      clock.at = after(createdAt, 3 * DAY + MINUTE);
      const outcome = await sweeper.sweep();
      expect(outcome.reminded3).toBeGreaterThanOrEqual(2);
      expect(await reminders(requestId)).toEqual([['introduction-reminder', counsellor.id]]);
      expect((await reminders(proposalId)).sort()).toEqual([['introduction-reminder', owner.id], ['introduction-reminder', member.id]].sort());
      const row = await introductionRow(requestId);
      expect(row.reminded_3d_at).toEqual(clock.at);
      expect(row.reminded_7d_at).toBeNull();

      await sweeper.sweep();
      clock.at = after(clock.at, 2 * DAY);
      await sweeper.sweep();
      expect(await reminders(requestId)).toHaveLength(1);
      expect(await reminders(proposalId)).toHaveLength(2);

      const mail = await mailTo(counsellor, `Rappel : la demande de Rappels & Fils pour ${profile.code} attend votre réponse`);
      expect(mail.text).toContain('attend toujours votre réponse');
      expect(mail.text).toMatch(/Sans réponse, elle sera close le \d{1,2} \S+ \d{4}\./);
      await mailTo(member, /^Rappel : une proposition de rencontre avec PSG-/);
    });

    it('reminds again at 7 days, once', async () => {
      clock.at = after(createdAt, 7 * DAY + MINUTE);
      await sweeper.sweep();
      await sweeper.sweep();
      expect(await reminders(requestId)).toHaveLength(2);
      expect(await reminders(proposalId)).toHaveLength(4);
      expect((await introductionRow(requestId)).reminded_7d_at).toEqual(clock.at);
      expect((await introductionRow(requestId)).status).toBe('requested');
    });

    it('gives an introduction the sweep reaches late one reminder, not two', async () => {
      const late = (await ask(owner, await createProfile()).expect(201)).body.id;
      clock.at = after(new Date((await introductionRow(late)).status_changed_at), 8 * DAY);
      await sweeper.sweep();
      expect(await reminders(late)).toHaveLength(1);
      const row = await introductionRow(late);
      expect(row.reminded_3d_at).toEqual(clock.at);
      expect(row.reminded_7d_at).toEqual(clock.at);
    });

    it('closes what nobody answered after INTRODUCTION_EXPIRE_AFTER_DAYS, with a history line, an audit event and an e-mail to both sides', async () => {
      expect(t.config.INTRODUCTION_EXPIRE_AFTER_DAYS).toBe(14);
      clock.at = after(createdAt, 14 * DAY - MINUTE);
      await sweeper.sweep();
      expect((await introductionRow(requestId)).status).toBe('requested');

      clock.at = after(createdAt, 14 * DAY + MINUTE);
      const outcome = await sweeper.sweep();
      expect(outcome.expired).toBeGreaterThanOrEqual(2);
      for (const id of [requestId, proposalId]) {
        expect((await introductionRow(id)).status).toBe('expired');
        expect((await eventsOf(id)).at(-1)).toEqual({ from_status: id === requestId ? 'requested' : 'proposed', to_status: 'expired', actor_side: 'system', actor_user_id: null, reason_code: 'no_answer', note: null });
        expect((await auditOf(id)).at(-1)).toMatchObject({ action: 'introduction.expired', actor_user_id: null, details: { reason: 'no_answer' } });
      }
      expect((await queued(requestId, 'introduction-closed')).sort()).toEqual([['introduction-closed', owner.id], ['introduction-closed', counsellor.id]].sort());
      // The proposal's employer side is every member (nobody had taken it up yet); its partner side, the proposer.
      expect((await queued(proposalId, 'introduction-closed')).sort()).toEqual(
        [['introduction-closed', owner.id], ['introduction-closed', member.id], ['introduction-closed', counsellor.id]].sort(),
      );
      const mail = await mailTo(owner, `Mise en relation close sans réponse pour ${profile.code}`);
      expect(mail.text).toContain('restée sans réponse dans le délai prévu');
      expect(mail.text).toContain('vous pouvez faire une nouvelle demande');

      // Nothing more on the next pass, and a closed request can no longer be answered.
      await sweeper.sweep();
      expect(await queued(requestId, 'introduction-closed')).toHaveLength(2);
      expect((await post(counsellor, `${API}/${requestId}/accept`, agreement())).status).toBe(409);
      expect((await ask(owner, profile)).status).toBe(201);
    });
  });

  describe('reminder to record the outcome of a past meeting (hourly sweep, moved clock)', () => {
    let clock: TestClock;
    let sweeper: IntroductionSweepService;
    let organisation: Organisation;
    let employer: Signed;
    const meetingDay = today();
    /** An instant in UTC that is, in France, on the given calendar day (winter or summer time alike). */
    const utc = (date: string, time: string) => new Date(`${date}T${time}Z`);
    const outcomeReminders = (id: string) => queued(id, 'introduction-outcome-due');
    /** A request accepted and introduced by the colleague (who then follows it), with its meeting planned on `meetingOn`. */
    const meetingPlanned = async (meetingOn: string) => {
      const profile = await createProfile();
      const id = (await ask(employer, profile).expect(201)).body.id as string;
      await post(colleague, `${API}/${id}/accept`, agreement()).expect(200);
      await post(colleague, `${API}/${id}/introduce`).expect(200);
      await post(colleague, `${API}/${id}/meeting`, { meetingOn }).expect(200);
      return { id, profile };
    };

    beforeAll(async () => {
      clock = new TestClock();
      sweeper = sweeperAt(clock);
      organisation = await createOrganisation(t.dataSource, { name: 'Suites & Rencontres' });
      employer = await signIn(Role.Employer, organisation);
    });

    it('reminds the counsellor following it once, two days after the meeting’s day, however often the sweep runs', async () => {
      const { id, profile } = await meetingPlanned(meetingDay);
      // The evening of the next day in France: not yet.
      clock.at = utc(addDays(meetingDay, 1), '21:30:00');
      await sweeper.sweep();
      expect(await outcomeReminders(id)).toEqual([]);
      expect((await introductionRow(id)).outcome_reminded_at).toBeNull();

      clock.at = utc(addDays(meetingDay, 2), '00:30:00');
      const outcome = await sweeper.sweep();
      expect(outcome.outcomeDue).toBeGreaterThanOrEqual(1);
      // The colleague who took it up, not the profile's author.
      expect(await outcomeReminders(id)).toEqual([['introduction-outcome-due', colleague.id]]);
      expect((await introductionRow(id)).outcome_reminded_at).toEqual(clock.at);

      await sweeper.sweep();
      clock.at = utc(addDays(meetingDay, 5), '10:00:00');
      await sweeper.sweep();
      expect(await outcomeReminders(id)).toHaveLength(1);
      expect((await introductionRow(id)).status).toBe('meeting_planned');

      const day = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${meetingDay}T12:00:00Z`));
      const mail = await mailTo(colleague, `Rencontre du ${day} pour ${profile.code} : quelle suite ?`);
      expect(mail.text).toContain(`La rencontre entre Suites & Rencontres et la personne du profil ${profile.code} était prévue le ${day}.`);
      expect(mail.text).toMatch(new RegExp(`^${t.url}/conseil/mises-en-relation/${id}$`, 'm'));
      expectNoCandidateTrace('outcome reminder', `${mail.subject}\n${mail.text}\n${mail.html ?? ''}`);
      const [{ payload }] = await t.dataSource.query(`SELECT payload FROM outbox_messages WHERE payload->>'template' = 'introduction-outcome-due' AND payload->>'introductionId' = $1`, [id]);
      expect(Object.keys(payload).sort()).toEqual(['introductionId', 'profileId', 'recipientUserId', 'template']);
    });

    it('reminds again for a meeting planned for another day, and not for the same day planned again', async () => {
      const { id } = await meetingPlanned(meetingDay);
      clock.at = utc(addDays(meetingDay, 2), '00:30:00');
      await sweeper.sweep();
      expect(await outcomeReminders(id)).toHaveLength(1);

      await post(colleague, `${API}/${id}/meeting`, { meetingOn: meetingDay }).expect(200);
      expect((await introductionRow(id)).outcome_reminded_at).toEqual(clock.at);
      await sweeper.sweep();
      expect(await outcomeReminders(id)).toHaveLength(1);

      const nextDay = addDays(meetingDay, 1);
      await post(colleague, `${API}/${id}/meeting`, { meetingOn: nextDay }).expect(200);
      expect((await introductionRow(id)).outcome_reminded_at).toBeNull();
      await sweeper.sweep();
      expect(await outcomeReminders(id)).toHaveLength(1);
      clock.at = utc(addDays(nextDay, 2), '00:30:00');
      await sweeper.sweep();
      expect(await outcomeReminders(id)).toEqual([
        ['introduction-outcome-due', colleague.id],
        ['introduction-outcome-due', colleague.id],
      ]);
    });

    it('reminds nobody once the outcome is recorded, nor for a meeting still to come', async () => {
      const concluded = await meetingPlanned(meetingDay);
      await post(colleague, `${API}/${concluded.id}/outcome`, { outcome: 'training' }).expect(200);
      const later = await meetingPlanned(addDays(meetingDay, 10));
      clock.at = utc(addDays(meetingDay, 3), '10:00:00');
      await sweeper.sweep();
      expect(await outcomeReminders(concluded.id)).toEqual([]);
      expect(await outcomeReminders(later.id)).toEqual([]);
      clock.at = utc(addDays(meetingDay, 12), '00:30:00');
      await sweeper.sweep();
      expect(await outcomeReminders(later.id)).toEqual([['introduction-outcome-due', colleague.id]]);
    });
  });

  it('documents the API in OpenAPI, with the moves as POST sub-resources', async () => {
    const res = await request(t.server).get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths).filter((path) => path.startsWith('/api/introductions')).sort()).toEqual([
      '/api/introductions',
      '/api/introductions/proposals',
      '/api/introductions/{id}',
      '/api/introductions/{id}/accept',
      '/api/introductions/{id}/decline',
      '/api/introductions/{id}/introduce',
      '/api/introductions/{id}/meeting',
      '/api/introductions/{id}/outcome',
      '/api/introductions/{id}/withdraw',
    ]);
    expect(res.body.components.schemas.IntroductionDto.properties.counsellorContact).toBeDefined();
  });

  it('renders and sends every introduction e-mail queued in this file (of introductions that still exist)', async () => {
    const unsent = async () =>
      t.dataSource.query(
        `SELECT o.payload->>'template' AS template, d.status, d.last_error AS error
           FROM outbox_messages o
           JOIN introductions i ON i.id = (o.payload->>'introductionId')::uuid
           LEFT JOIN email_deliveries d ON d.outbox_id = o.id
          WHERE o.job_name = 'email.send' AND (d.status IS NULL OR d.status <> 'sent')`,
      );
    const deadline = Date.now() + 20_000;
    let rows = await unsent();
    while (rows.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      rows = await unsent();
    }
    expect(rows).toEqual([]);
    const templates = (await t.dataSource.query(`SELECT DISTINCT payload->>'template' AS template FROM outbox_messages WHERE payload ? 'introductionId' ORDER BY 1`)).map(
      (r: { template: string }) => r.template,
    );
    expect(templates).toEqual([
      'introduction-accepted',
      'introduction-closed',
      'introduction-declined',
      'introduction-introduced',
      'introduction-outcome-due',
      'introduction-proposed',
      'introduction-reminder',
      'introduction-requested',
    ]);
  });
});
