import request from 'supertest';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { Clock } from '../../src/common/clock/clock';
import { SignedTokens } from '../../src/common/security/signed-token';
import { seedReferenceData } from '../../src/database/seeds/reference-seed';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { MailRenderer } from '../../src/infra/mail/mail-renderer';
import { OutboxRepository } from '../../src/infra/outbox/outbox.repository';
import { OutboxService } from '../../src/infra/outbox/outbox.service';
import { AuditService } from '../../src/modules/audit/audit.service';
import { parisDate } from '../../src/modules/employer-needs/employer-need-rules';
import { EmployerNeedsRepository } from '../../src/modules/employer-needs/employer-needs.repository';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { IntroductionsRepository } from '../../src/modules/introductions/introductions.repository';
import { EmailOutboxService } from '../../src/modules/notifications/email-outbox.service';
import { EmailPropsBuilder } from '../../src/modules/notifications/email-props.builder';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { OrganisationsRepository } from '../../src/modules/organisations/organisations.repository';
import { SponsorshipRemindersService } from '../../src/modules/sponsorships/sponsorship-reminders.service';
import { addDays, addMonths } from '../../src/modules/sponsorships/sponsorship-rules';
import { SponsorshipsRepository } from '../../src/modules/sponsorships/sponsorships.repository';
import { SponsorshipsService } from '../../src/modules/sponsorships/sponsorships.service';
import { OrganisationRole, Role } from '../../src/modules/users/user.entity';
import { UsersRepository } from '../../src/modules/users/users.repository';
import { createOrganisation, createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(240_000);

type Signed = { agent: Agent; csrf: string; id: string; email: string; displayName: string };
type Profile = { id: string; code: string };

const API = '/api/sponsorships';
const PROFILES = '/api/candidate-profiles';
const UNKNOWN_ID = '4a3c1d5e-9f1b-4c2d-8e7f-0a1b2c3d4e5f';

/** What a profile holds that the employer must never get through a sponsorship: free text, the establishment, exact dates, the age band. */
const PROJECT = 'Reprendre la peinture décorative en atelier.';
const CANDIDATE_TRACES = [PROJECT, 'Vivonne', 'VIVONNE', 'pénitentiaire', '2027-03-10', '"26-35"', 'semi_liberte', 'candidateAgreedOn'];
/** A check-in note: internal, never in the audit trail, and hidden from staff reading for the figures. */
const NOTE = 'Bonne intégration dans l’équipe ; horaires du matin difficiles la première semaine.';

const today = () => parisDate(new Date());
const noon = (date: string) => new Date(`${date}T12:00:00Z`);

/** The time the services built by hand see; tests move it. */
class TestClock extends Clock {
  at = new Date();
  now(): Date {
    return new Date(this.at);
  }
}

describe('sponsorships (parrainages): API, check-ins, reminders, retention (real PostgreSQL, Redis, SMTP)', () => {
  let t: TestApp;
  let partner: Organisation;
  let counsellor: Signed;
  let otherCounsellor: Signed;
  let companyA: Organisation;
  let ownerA: Signed;
  let memberA: Signed;
  let employerB: Signed;
  let pendingEmployer: Signed;
  let coordinator: Signed;
  let admin: Signed;

  const signIn = async (role: Role, organisation: Organisation | null, values: { displayName?: string; organisationRole?: OrganisationRole } = {}): Promise<Signed> => {
    const user = await createUser(t.dataSource, { role, ...(organisation ? { organisationId: organisation.id } : {}), ...values });
    return { ...(await loginAgent(t.server, user.email)), id: user.id, email: user.email, displayName: user.displayName };
  };
  const post = (who: Signed, path: string, body: object = {}) => who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
  const createProfile = async (who: Signed = counsellor): Promise<Profile> => {
    const res = await post(who, PROFILES, {
      establishmentCode: 'CP POITIERS VIVONNE',
      ageBand: '26-35',
      releaseFrom: '2027-03-10',
      releaseUntil: '2027-05-20',
      adjustments: ['semi_liberte'],
      targetRomeCodes: ['F1606'],
      targetBasinCodes: ['7513'],
      project: PROJECT,
    });
    if (res.status !== 201) throw new Error(`profile creation answered ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, code: res.body.code };
  };
  const engageBody = (profile: Profile, sponsor: { email: string }, overrides: Record<string, unknown> = {}) => ({
    profileCode: profile.code,
    sponsorEmail: sponsor.email,
    startsOn: today(),
    plannedEndOn: addMonths(today(), 12),
    candidateAgreed: true,
    candidateAgreedOn: today(),
    ...overrides,
  });
  const engage = (profile: Profile, sponsor: { email: string }, overrides: Record<string, unknown> = {}, who: Signed = counsellor) => post(who, API, engageBody(profile, sponsor, overrides));
  /** A new profile with a sponsorship under way; returns the sponsorship as the counsellor reads it. */
  const sponsored = async (sponsor: { email: string }, overrides: Record<string, unknown> = {}) => {
    const profile = await createProfile();
    const res = await engage(profile, sponsor, overrides);
    if (res.status !== 201) throw new Error(`sponsorship creation answered ${res.status} ${JSON.stringify(res.body)}`);
    return { profile, sponsorship: res.body as { id: string; checkIns: { id: string; milestone: string; dueOn: string; status: string }[] } };
  };
  /** A new member of company A: sponsors have a cap, so tests that need any sponsor take a fresh one. */
  const freshSponsor = () => signIn(Role.Employer, companyA, { organisationRole: OrganisationRole.Member });
  const auditOf = (id: string): Promise<{ action: string; actor_user_id: string | null; details: Record<string, unknown> }[]> =>
    t.dataSource.query(`SELECT action, actor_user_id, details FROM audit_events WHERE subject_type = 'sponsorship' AND subject_id = $1 ORDER BY id`, [id]);
  const checkInRows = (id: string): Promise<{ milestone: string; status: string; due_on: string; reminder_sent_at: Date | null; reminder_skipped_at: Date | null; note: string | null }[]> =>
    t.dataSource.query(`SELECT milestone, status, due_on::text, reminder_sent_at, reminder_skipped_at, note FROM sponsorship_check_ins WHERE sponsorship_id = $1 ORDER BY due_on`, [id]);
  /** Reminder e-mails queued for a sponsorship, as [milestone, recipient]. */
  const reminders = async (id: string): Promise<[string, string][]> => {
    const rows: { milestone: string; recipient: string }[] = await t.dataSource.query(
      `SELECT c.milestone, m.payload->>'recipientUserId' AS recipient
         FROM outbox_messages m JOIN sponsorship_check_ins c ON c.id::text = m.payload->>'checkInId'
        WHERE m.payload->>'template' = 'sponsorship-checkin-due' AND m.payload->>'sponsorshipId' = $1
        ORDER BY m.id`,
      [id],
    );
    return rows.map((r) => [r.milestone, r.recipient]);
  };
  const expectNoCandidateTrace = (value: unknown) => {
    const text = JSON.stringify(value);
    for (const trace of CANDIDATE_TRACES) expect({ trace, found: text.includes(trace) }).toEqual({ trace, found: false });
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedReferenceData(t.app.get(ImportRunner));
    partner = await createOrganisation(t.dataSource, { kind: OrganisationKind.Spip, name: 'SPIP de la Vienne' });
    counsellor = await signIn(Role.Counsellor, partner, { displayName: 'Sacha Conseillère' });
    otherCounsellor = await signIn(Role.Counsellor, await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale }));
    companyA = await createOrganisation(t.dataSource, { name: 'Peintures du Clain' });
    ownerA = await signIn(Role.Employer, companyA, { displayName: 'Camille Responsable' });
    memberA = await signIn(Role.Employer, companyA, { displayName: 'Dominique Parrain', organisationRole: OrganisationRole.Member });
    employerB = await signIn(Role.Employer, await createOrganisation(t.dataSource, { name: 'Menuiserie Autre' }));
    pendingEmployer = await signIn(Role.Employer, await createOrganisation(t.dataSource, { status: OrganisationStatus.Pending }));
    coordinator = await signIn(Role.Coordinator, await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale }));
    admin = await signIn(Role.Admin, null);
  });
  afterAll(() => t?.close());

  describe('engaging a sponsorship', () => {
    it('creates it for the counsellor’s profile with the candidate’s agreement, four check-ins (D+7, M+1, M+3, M+6) and an audit event holding ids only', async () => {
      const profile = await createProfile();
      const res = await engage(profile, memberA);
      expect(res.status).toBe(201);
      const start = today();
      expect(res.body).toMatchObject({
        status: 'active',
        statusLabel: 'En cours',
        profileCode: profile.code,
        profileId: profile.id,
        occupations: [{ romeCode: 'F1606', label: expect.any(String) }],
        organisationId: companyA.id,
        organisationName: 'Peintures du Clain',
        partnerOrganisationName: 'SPIP de la Vienne',
        sponsorName: 'Dominique Parrain',
        sponsor: { displayName: 'Dominique Parrain', email: memberA.email },
        counsellor: { displayName: 'Sacha Conseillère', email: counsellor.email },
        startsOn: start,
        plannedEndOn: addMonths(start, 12),
        candidateAgreement: { agreedOn: start, recordedByName: 'Sacha Conseillère' },
        nextCheckIn: { milestone: 'd7', milestoneLabel: 'Point à J+7', dueOn: addDays(start, 7), due: false },
        follower: true,
        allowedActions: ['pause', 'end', 'record_check_in'],
      });
      expect(res.body.checkIns.map((c: { milestone: string; dueOn: string; status: string }) => [c.milestone, c.dueOn, c.status])).toEqual([
        ['d7', addDays(start, 7), 'scheduled'],
        ['m1', addMonths(start, 1), 'scheduled'],
        ['m3', addMonths(start, 3), 'scheduled'],
        ['m6', addMonths(start, 6), 'scheduled'],
      ]);
      expect(await auditOf(res.body.id)).toEqual([
        {
          action: 'sponsorship.created',
          actor_user_id: counsellor.id,
          details: { profileId: profile.id, organisationId: companyA.id, partnerOrganisationId: partner.id, sponsorUserId: memberA.id, introductionId: null, candidateAgreement: true },
        },
      ]);
    });

    it('links the introduction it came from when one is named', async () => {
      const profile = await createProfile();
      const [introduction] = await t.dataSource.query(
        `INSERT INTO introductions (profile_id, organisation_id, partner_organisation_id, initiator, solution, status, message)
         VALUES ($1, $2, $3, 'employer', 'sponsorship', 'requested', 'Demande de parrainage') RETURNING id`,
        [profile.id, companyA.id, partner.id],
      );
      const res = await engage(profile, await freshSponsor(), { introductionId: introduction.id }).expect(201);
      expect(res.body.introductionId).toBe(introduction.id);
      // Deleting the introduction keeps the sponsorship.
      await t.dataSource.query(`DELETE FROM introductions WHERE id = $1`, [introduction.id]);
      expect((await counsellor.agent.get(`${API}/${res.body.id}`).expect(200)).body.introductionId).toBeNull();
    });

    it('refuses an introduction between other parties than the sponsorship’s (422 naming introductionId), and writes nothing', async () => {
      const profile = await createProfile();
      const otherProfile = await createProfile();
      const introductionOf = async (profileId: string, organisationId: string, partnerOrganisationId: string): Promise<string> =>
        (
          await t.dataSource.query(
            `INSERT INTO introductions (profile_id, organisation_id, partner_organisation_id, initiator, solution, status, message)
             VALUES ($1, $2, $3, 'employer', 'sponsorship', 'withdrawn', 'Demande de parrainage') RETURNING id`,
            [profileId, organisationId, partnerOrganisationId],
          )
        )[0].id;
      const companyB = (await t.dataSource.query(`SELECT organisation_id AS id FROM users WHERE id = $1`, [employerB.id]))[0].id as string;
      const otherPartner = (await t.dataSource.query(`SELECT organisation_id AS id FROM users WHERE id = $1`, [otherCounsellor.id]))[0].id as string;
      const sponsor = await freshSponsor();
      const cases: [string, string, string][] = [
        [await introductionOf(otherProfile.id, companyA.id, partner.id), 'sponsorship.introduction_mismatch', 'Cette mise en relation concerne un autre profil que celui du parrainage'],
        [await introductionOf(profile.id, companyB, partner.id), 'sponsorship.introduction_mismatch', 'Cette mise en relation a été faite avec une autre organisation que celle du parrain ou de la marraine'],
        // Another partner organisation's introduction is not told apart from one that does not exist.
        [await introductionOf(profile.id, companyA.id, otherPartner), 'sponsorship.introduction_unavailable', 'Mise en relation introuvable.'],
      ];
      for (const [introductionId, code, detail] of cases) {
        const res = await engage(profile, sponsor, { introductionId });
        expect({ introductionId, status: res.status, code: res.body.code }).toEqual({ introductionId, status: 422, code });
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.detail).toContain(detail);
        expect(res.body.errors).toEqual([{ field: 'introductionId', message: res.body.detail }]);
      }
      expect(await t.dataSource.query(`SELECT id FROM sponsorships WHERE profile_id = $1`, [profile.id])).toEqual([]);
      expect(await t.dataSource.query(`SELECT id FROM audit_events WHERE subject_type = 'sponsorship' AND details->>'profileId' = $1`, [profile.id])).toEqual([]);
      // The profile's own introduction with the sponsor's organisation is accepted.
      const own = await introductionOf(profile.id, companyA.id, partner.id);
      expect((await engage(profile, sponsor, { introductionId: own })).body).toMatchObject({ introductionId: own, status: 'active' });
    });

    it('refuses what is not a sound sponsorship with a problem document naming the field', async () => {
      const profile = await createProfile();
      const pendingMember = pendingEmployer;
      const cases: [Record<string, unknown>, number, string, Signed?][] = [
        [{ candidateAgreed: false }, 400, 'candidateAgreed'],
        [{ candidateAgreed: undefined }, 400, 'candidateAgreed'],
        [{ plannedEndOn: addMonths(today(), 5) }, 400, 'plannedEndOn'],
        [{ startsOn: addDays(today(), -400), plannedEndOn: addMonths(today(), 1) }, 400, 'startsOn'],
        [{ startsOn: '2026-02-30' }, 400, 'startsOn'],
        [{ sponsorEmail: 'personne@example.org' }, 422, 'sponsorEmail'],
        [{ sponsorEmail: pendingMember.email }, 422, 'sponsorEmail'],
        [{ sponsorEmail: otherCounsellor.email }, 422, 'sponsorEmail'],
        [{ introductionId: UNKNOWN_ID }, 422, 'introductionId'],
        [{ profileCode: 'PSG-ZZZZ' }, 422, 'profileCode'],
        [{}, 422, 'profileCode', otherCounsellor],
        [{ status: 'ended' }, 400, 'status'],
      ];
      for (const [overrides, status, field, who] of cases) {
        const res = await engage(profile, ownerA, overrides, who ?? counsellor);
        expect({ overrides, status: res.status }).toEqual({ overrides, status });
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      expect(await t.dataSource.query(`SELECT id FROM sponsorships WHERE profile_id = $1`, [profile.id])).toEqual([]);
    });

    it('is the counsellor’s to engage: an employer is refused (403), a pending organisation too', async () => {
      const profile = await createProfile();
      const byEmployer = await engage(profile, ownerA, {}, ownerA);
      expect(byEmployer.status).toBe(403);
      const pending = await pendingEmployer.agent.get(API);
      expect(pending.status).toBe(403);
      expect(pending.body.detail).toMatch(/en attente de validation/);
    });

    it('keeps one sponsorship under way per person (409)', async () => {
      const { profile } = await sponsored(await freshSponsor());
      const again = await engage(profile, await freshSponsor());
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'sponsorship.duplicate', errors: [{ field: 'profileCode' }] });
    });

    it('caps the sponsorships under way per sponsor at 3 (paused ones count), and frees a place when one ends', async () => {
      const sponsor = await freshSponsor();
      const first = await sponsored(sponsor);
      await sponsored(sponsor);
      const third = await sponsored(sponsor);
      await post(sponsor, `${API}/${third.sponsorship.id}/pause`).expect(200);
      const fourth = await createProfile();
      const refused = await engage(fourth, sponsor);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'sponsorship.cap_reached', errors: [{ field: 'sponsorEmail' }] });
      expect(refused.body.detail).toContain('déjà 3 parrainages en cours');
      await post(sponsor, `${API}/${first.sponsorship.id}/end`, { reason: 'completed' }).expect(200);
      expect((await engage(fourth, sponsor)).status).toBe(201);
    });
  });

  describe('who sees what', () => {
    let sponsorshipId: string;
    let colleagueId: string;
    let dueId: string;

    beforeAll(async () => {
      sponsorshipId = (await sponsored(memberA)).sponsorship.id;
      colleagueId = (await sponsored(ownerA)).sponsorship.id;
      // Recorded ten days after it started: its D+7 check-in is due (no reminder for it, but still to record).
      dueId = (await sponsored(await freshSponsor(), { startsOn: addDays(today(), -10) })).sponsorship.id;
      const [checkIn] = (await counsellor.agent.get(`${API}/${sponsorshipId}`).expect(200)).body.checkIns;
      await post(memberA, `${API}/${sponsorshipId}/check-ins/${checkIn.id}`, { heldOn: today(), channel: 'phone', note: NOTE, nextStep: 'Reparler des horaires.' }).expect(200);
    });

    it('shows the sponsor only the employer view of the profile (code, occupations), never the profile id nor the agreement record', async () => {
      const res = await memberA.agent.get(`${API}/${sponsorshipId}`).expect(200);
      expect(res.body).toMatchObject({ profileId: null, candidateAgreement: null, allowedActions: ['pause', 'end', 'record_check_in'] });
      expect(res.body.checkIns[0]).toMatchObject({ status: 'done', note: NOTE, channelLabel: 'Téléphone' });
      expectNoCandidateTrace(res.body);
      expectNoCandidateTrace((await memberA.agent.get(API).expect(200)).body);
    });

    it('lists for an employer member their own sponsorships, for an owner the organisation’s', async () => {
      const mine = (await memberA.agent.get(API).expect(200)).body.items.map((s: { id: string }) => s.id);
      expect(mine).toContain(sponsorshipId);
      expect(mine).not.toContain(colleagueId);
      const organisation = (await ownerA.agent.get(`${API}?pageSize=100`).expect(200)).body.items.map((s: { id: string }) => s.id);
      expect(organisation).toEqual(expect.arrayContaining([sponsorshipId, colleagueId]));
      // The owner follows the colleague's sponsorship too.
      expect((await ownerA.agent.get(`${API}/${sponsorshipId}`).expect(200)).body.allowedActions).toContain('record_check_in');
      expect((await memberA.agent.get(`${API}/${colleagueId}`)).status).toBe(404);
    });

    it('hides it from another employer organisation and another partner organisation (404), in lists too', async () => {
      for (const who of [employerB, otherCounsellor]) {
        const res = await who.agent.get(`${API}/${sponsorshipId}`);
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('sponsorship.not_found');
        expect((await post(who, `${API}/${sponsorshipId}/pause`)).status).toBe(404);
        expect((await who.agent.get(API).expect(200)).body.items.map((s: { id: string }) => s.id)).not.toContain(sponsorshipId);
      }
      expect((await memberA.agent.get(`${API}/${UNKNOWN_ID}`)).status).toBe(404);
      expect((await memberA.agent.get(`${API}/not-an-id`)).body.errors).toEqual([{ field: 'id', message: 'Identifiant invalide.' }]);
    });

    it('lets the counsellor’s organisation read and follow it', async () => {
      const colleague = await signIn(Role.Counsellor, partner);
      const res = await colleague.agent.get(`${API}/${sponsorshipId}`).expect(200);
      expect(res.body).toMatchObject({ profileId: expect.any(String), candidateAgreement: { recordedByName: 'Sacha Conseillère' } });
      expect(res.body.checkIns[0].note).toBe(NOTE);
      const listed = (await colleague.agent.get(`${API}?pageSize=100`).expect(200)).body.items.map((s: { id: string }) => s.id);
      expect(listed).toEqual(expect.arrayContaining([sponsorshipId, colleagueId]));
    });

    it('lets coordinators and admins read every sponsorship without the notes, and change none (403)', async () => {
      for (const who of [coordinator, admin]) {
        const res = await who.agent.get(`${API}/${sponsorshipId}`).expect(200);
        expect(res.body).toMatchObject({ follower: false, allowedActions: [] });
        expect(res.body.checkIns[0]).toMatchObject({ status: 'done', note: null, nextStep: null });
        expect(JSON.stringify(res.body)).not.toContain(NOTE);
        const pause = await post(who, `${API}/${sponsorshipId}/pause`);
        expect(pause.status).toBe(403);
      }
      expect((await post(coordinator, `${API}/${sponsorshipId}/pause`)).body.code).toBe('sponsorship.read_only');
      const all = (await coordinator.agent.get(`${API}?organisationId=${companyA.id}&pageSize=100`).expect(200)).body.items.map((s: { id: string }) => s.id);
      expect(all).toEqual(expect.arrayContaining([sponsorshipId, colleagueId]));
    });

    it('filters by status and by check-ins due; the staff filters are refused to others by name', async () => {
      const active = (await ownerA.agent.get(`${API}?status=active&pageSize=100`).expect(200)).body.items;
      expect(active.length).toBeGreaterThanOrEqual(3);
      expect(active.every((s: { status: string }) => s.status === 'active')).toBe(true);
      expect((await ownerA.agent.get(`${API}?status=ended`).expect(200)).body.items.map((s: { id: string }) => s.id)).not.toContain(colleagueId);
      const due = (await ownerA.agent.get(`${API}?checkInDue=true&pageSize=100`).expect(200)).body.items;
      expect(due.map((s: { id: string }) => s.id)).toContain(dueId);
      expect(due.map((s: { id: string }) => s.id)).not.toContain(colleagueId);
      expect(due.find((s: { id: string }) => s.id === dueId).nextCheckIn).toEqual({ id: expect.any(String), milestone: 'd7', milestoneLabel: 'Point à J+7', dueOn: addDays(today(), -3), due: true });
      const refused = await ownerA.agent.get(`${API}?organisationId=${companyA.id}`);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ field: 'organisationId', message: expect.stringContaining('réservé à la coordination') }]);
      expect((await ownerA.agent.get(`${API}?status=finished`)).body.errors[0].field).toBe('status');
    });
  });

  describe('check-ins, pause and end', () => {
    it('records a check-in; a note or next step flagged by the PII guard is refused with 422 naming the field, and nothing is written', async () => {
      const { sponsorship } = await sponsored(ownerA);
      const d7 = sponsorship.checkIns[0];
      const path = `${API}/${sponsorship.id}/check-ins/${d7.id}`;
      const note = 'Kevin a appelé au 06 12 34 56 78.';
      const flagged = await post(ownerA, path, { heldOn: today(), channel: 'visit', note, nextStep: 'Écrire à kevin.d@example.org' });
      expect(flagged.status).toBe(422);
      expect(flagged.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(flagged.body.code).toBe('sponsorship.pii_found');
      expect(flagged.body.errors.map((e: { field: string; kind: string }) => [e.field, e.kind])).toEqual([
        ['note', 'first_name'],
        ['note', 'phone'],
        ['nextStep', 'email'],
      ]);
      expect(flagged.body.errors[1]).toMatchObject({ start: note.indexOf('06'), end: note.indexOf('06') + 14, excerpt: '06 12 34 56 78', message: expect.stringMatching(/téléphone/i) });
      expect((await checkInRows(sponsorship.id))[0]).toMatchObject({ status: 'scheduled', note: null });

      expect((await post(ownerA, path, { heldOn: addDays(today(), 1), channel: 'visit' })).body.errors).toEqual([{ field: 'heldOn', message: expect.any(String) }]);
      expect((await post(ownerA, path, { heldOn: today(), channel: 'pigeon' })).body.errors[0].field).toBe('channel');

      const recorded = await post(ownerA, path, { heldOn: today(), channel: 'visit', note: NOTE }).expect(200);
      expect(recorded.body.checkIns[0]).toMatchObject({ status: 'done', heldOn: today(), channel: 'visit', note: NOTE, recordedByName: 'Camille Responsable' });
      expect(recorded.body.nextCheckIn.milestone).toBe('m1');
      expect((await post(counsellor, path, { heldOn: today(), channel: 'phone' })).status).toBe(409);
      expect((await post(ownerA, `${API}/${sponsorship.id}/check-ins/${UNKNOWN_ID}`, { heldOn: today(), channel: 'phone' })).status).toBe(404);

      const audit = await auditOf(sponsorship.id);
      expect(audit.at(-1)).toEqual({
        action: 'sponsorship.check_in_recorded',
        actor_user_id: ownerA.id,
        details: { profileId: expect.any(String), organisationId: companyA.id, checkInId: d7.id, milestone: 'd7', channel: 'visit', side: 'employer', withNote: true, withNextStep: false },
      });
      expect(JSON.stringify(audit)).not.toContain('intégration');
    });

    it('pauses and resumes (by either side), ends with a reason from the list, cancelling the check-ins still to come', async () => {
      const { sponsorship } = await sponsored(memberA);
      const paused = await post(memberA, `${API}/${sponsorship.id}/pause`).expect(200);
      expect(paused.body).toMatchObject({ status: 'paused', allowedActions: ['resume', 'end', 'record_check_in'] });
      expect((await post(memberA, `${API}/${sponsorship.id}/pause`)).body).toMatchObject({ code: 'sponsorship.invalid_transition' });
      await post(counsellor, `${API}/${sponsorship.id}/resume`).expect(200);
      expect((await post(memberA, `${API}/${sponsorship.id}/pause`, { reason: 'x' })).status).toBe(400);

      expect((await post(counsellor, `${API}/${sponsorship.id}/end`, { reason: 'bored' })).body.errors[0].field).toBe('reason');
      expect((await post(counsellor, `${API}/${sponsorship.id}/end`, { reason: 'lost_contact', endedOn: addDays(today(), 1) })).body.errors[0].field).toBe('endedOn');
      const ended = await post(counsellor, `${API}/${sponsorship.id}/end`, { reason: 'lost_contact' }).expect(200);
      expect(ended.body).toMatchObject({ status: 'ended', endedOn: today(), endReason: 'lost_contact', endReasonLabel: 'Contact perdu avec la personne', nextCheckIn: null, allowedActions: [] });
      expect((await checkInRows(sponsorship.id)).map((c) => c.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
      expect((await post(memberA, `${API}/${sponsorship.id}/check-ins/${sponsorship.checkIns[1].id}`, { heldOn: today(), channel: 'phone' })).body.code).toBe('sponsorship.ended');
      expect((await post(memberA, `${API}/${sponsorship.id}/resume`)).status).toBe(409);
      expect((await auditOf(sponsorship.id)).map((e) => [e.action, e.details.side ?? null])).toEqual([
        ['sponsorship.created', null],
        ['sponsorship.paused', 'employer'],
        ['sponsorship.resumed', 'partner'],
        ['sponsorship.ended', 'partner'],
      ]);
      expect((await auditOf(sponsorship.id)).at(-1)!.details).toMatchObject({ reason: 'lost_contact', cancelledCheckIns: 4 });
    });
  });

  describe('reminders (hourly sweep, moved clock)', () => {
    let clock: TestClock;
    let sweeper: SponsorshipRemindersService;
    let service: SponsorshipsService;
    /** The signed-in user as a request knows them, for the services called directly. */
    const authUser = async (id: string): Promise<AuthUser> =>
      (
        await t.dataSource.query(
          `SELECT u.id, u.email, u.display_name AS "displayName", u.role, u.organisation_id AS "organisationId", o.name AS "organisationName",
                  o.kind AS "organisationKind", o.status AS "organisationStatus"
             FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
          [id],
        )
      )[0];

    beforeAll(() => {
      clock = new TestClock();
      const ds = t.dataSource;
      const repository = new SponsorshipsRepository(ds);
      const audit = t.app.get(AuditService);
      sweeper = new SponsorshipRemindersService(repository, new EmailOutboxService(new OutboxService(new OutboxRepository(ds))), audit, new TransactionRunner(ds), clock);
      service = new SponsorshipsService(repository, audit, new TransactionRunner(ds), clock);
    });

    it('reminds the sponsor once per check-in when it falls due; pausing skips the reminders, ending cancels the rest', async () => {
      clock.at = new Date();
      const start = parisDate(clock.at);
      const profile = await createProfile();
      const created = await service.create(await authUser(counsellor.id), engageBody(profile, memberA) as never);
      const id = created.id;

      clock.at = noon(addDays(start, 6));
      await sweeper.sweep();
      expect(await reminders(id)).toEqual([]);

      clock.at = noon(addDays(start, 7));
      const outcome = await sweeper.sweep();
      expect(outcome.reminded).toBeGreaterThanOrEqual(1);
      await sweeper.sweep();
      clock.at = noon(addDays(start, 9));
      await sweeper.sweep();
      expect(await reminders(id)).toEqual([['d7', memberA.id]]);
      const [payload] = await t.dataSource.query(`SELECT payload FROM outbox_messages WHERE payload->>'sponsorshipId' = $1`, [id]);
      expect(payload.payload).toEqual({ template: 'sponsorship-checkin-due', recipientUserId: memberA.id, sponsorshipId: id, checkInId: created.checkIns[0].id, profileId: profile.id });

      const sponsor = await authUser(memberA.id);
      await service.recordCheckIn(sponsor, id, created.checkIns[0].id, { heldOn: addDays(start, 8), channel: 'phone' } as never);
      await service.pause(sponsor, id);

      // M+1 falls due during the pause: no reminder, then or after resuming.
      clock.at = noon(addDays(addMonths(start, 1), 2));
      await sweeper.sweep();
      expect(await reminders(id)).toEqual([['d7', memberA.id]]);
      await service.resume(sponsor, id);
      await sweeper.sweep();
      expect(await reminders(id)).toEqual([['d7', memberA.id]]);
      const m1 = (await checkInRows(id))[1];
      expect(m1).toMatchObject({ milestone: 'm1', status: 'scheduled', reminder_sent_at: null });
      expect(m1.reminder_skipped_at).toEqual(clock.at);

      clock.at = noon(addMonths(start, 3));
      await sweeper.sweep();
      expect(await reminders(id)).toEqual([['d7', memberA.id], ['m3', memberA.id]]);

      clock.at = noon(addDays(addMonths(start, 3), 1));
      await service.end(sponsor, id, { reason: 'candidate_withdrew' } as never);
      clock.at = noon(addDays(addMonths(start, 6), 1));
      await sweeper.sweep();
      expect(await reminders(id)).toEqual([['d7', memberA.id], ['m3', memberA.id]]);
      expect((await checkInRows(id)).map((c) => [c.milestone, c.status])).toEqual([
        ['d7', 'done'],
        ['m1', 'cancelled'],
        ['m3', 'cancelled'],
        ['m6', 'cancelled'],
      ]);
      expect((await auditOf(id)).filter((e) => e.action === 'sponsorship.check_in_reminded').map((e) => [e.actor_user_id, e.details.recipientUserId])).toEqual([
        [null, memberA.id],
        [null, memberA.id],
      ]);
    });

    it('does not remind a sponsorship recorded late of the check-ins already past, nor one of a suspended organisation', async () => {
      const late = (await sponsored(await freshSponsor(), { startsOn: addDays(today(), -40), plannedEndOn: addMonths(today(), 6) })).sponsorship;
      const suspendedCompany = await createOrganisation(t.dataSource, { name: 'Suspendue SARL' });
      const suspendedSponsor = await signIn(Role.Employer, suspendedCompany);
      const frozen = (await sponsored(suspendedSponsor, { startsOn: addDays(today(), -6) })).sponsorship;
      await t.dataSource.query(`UPDATE organisations SET status = 'suspended' WHERE id = $1`, [suspendedCompany.id]);

      clock.at = noon(addDays(today(), 2));
      await sweeper.sweep();
      expect(await reminders(late.id)).toEqual([]);
      expect((await checkInRows(late.id)).slice(0, 2).every((c) => c.reminder_skipped_at !== null)).toBe(true);
      expect(await reminders(frozen.id)).toEqual([]);

      await t.dataSource.query(`UPDATE organisations SET status = 'active' WHERE id = $1`, [suspendedCompany.id]);
      await sweeper.sweep();
      expect(await reminders(frozen.id)).toEqual([['d7', suspendedSponsor.id]]);
    });

    it('renders the reminder in French with the code only and a link to the sponsorship', async () => {
      const sponsor = await freshSponsor();
      const { sponsorship, profile } = await sponsored(sponsor, { startsOn: addDays(today(), -7) });
      clock.at = new Date();
      await sweeper.sweep();
      expect(await reminders(sponsorship.id)).toEqual([['d7', sponsor.id]]);
      const ds = t.dataSource;
      const builder = new EmailPropsBuilder(
        t.config,
        clock,
        new SignedTokens(t.config.APP_SECRET),
        new OrganisationsRepository(ds),
        new EmployerNeedsRepository(ds),
        new IntroductionsRepository(ds),
        new SponsorshipsRepository(ds),
      );
      const recipient = (await new UsersRepository(ds).findById(sponsor.id))!;
      const props = await builder.build('sponsorship-checkin-due', recipient, { sponsorshipId: sponsorship.id, checkInId: sponsorship.checkIns[0].id, profileId: profile.id });
      const mail = new MailRenderer().render('sponsorship-checkin-due', props as never);
      expect(mail.subject).toBe(`Parrainage ${profile.code} : point à J+7 à faire`);
      expect(mail.text).toContain(`Bonjour ${sponsor.displayName},`);
      expect(mail.text).toMatch(new RegExp(`^${t.config.PUBLIC_URL}/organisation/parrainages/${sponsorship.id}$`, 'm'));
      expect(mail.text).toMatch(/est à faire depuis le \d{1,2} \S+ \d{4}\./);
      expectNoCandidateTrace(mail.text);
      expectNoCandidateTrace(mail.html);
    });
  });

  describe('retention figures', () => {
    it('gives coordinators the share still under way at M+6 per organisation, counting only sponsorships started 6 months ago or more', async () => {
      const started = addDays(today(), -200);
      const old = { startsOn: started, plannedEndOn: addMonths(started, 12) };
      // 3 started more than 6 months ago, 2 still under way (one of them paused), 1 recent: 2 of 3, 67 %.
      const company = await createOrganisation(t.dataSource, { name: 'Maintien & Cie' });
      const sponsors = [await signIn(Role.Employer, company), await signIn(Role.Employer, company, { organisationRole: OrganisationRole.Member })];
      await sponsored(sponsors[0], old);
      const paused = (await sponsored(sponsors[0], old)).sponsorship;
      await post(sponsors[0], `${API}/${paused.id}/pause`).expect(200);
      const dropped = (await sponsored(sponsors[1], old)).sponsorship;
      await post(sponsors[1], `${API}/${dropped.id}/end`, { reason: 'candidate_withdrew', endedOn: addDays(started, 30) }).expect(200);
      await sponsored(sponsors[1]);
      // Ended after its M+6 day: it was still under way then, so it counts as retained.
      const other = await createOrganisation(t.dataSource, { name: 'Terme & Fils' });
      const otherSponsor = await signIn(Role.Employer, other);
      const completed = (await sponsored(otherSponsor, old)).sponsorship;
      await post(otherSponsor, `${API}/${completed.id}/end`, { reason: 'completed' }).expect(200);

      const res = await coordinator.agent.get(`${API}/retention`).expect(200);
      expect(res.body).toMatchObject({ asOf: today(), retentionMonths: 6 });
      const lineOf = (id: string) => res.body.organisations.find((o: { organisationId: string }) => o.organisationId === id);
      expect(lineOf(company.id)).toEqual({ organisationId: company.id, organisationName: 'Maintien & Cie', total: 4, ongoing: 3, counted: 3, retained: 2, retentionPercent: 67 });
      expect(lineOf(other.id)).toMatchObject({ total: 1, ongoing: 0, counted: 1, retained: 1, retentionPercent: 100 });
      expect(lineOf(companyA.id)).toMatchObject({ counted: 0, retained: 0, retentionPercent: null });
      expect(res.body.overall).toMatchObject({ organisationName: 'Toutes les organisations', counted: 4, retained: 3, retentionPercent: 75 });

      expect((await admin.agent.get(`${API}/retention`).expect(200)).body.overall.counted).toBe(4);
      for (const who of [ownerA, counsellor]) expect((await who.agent.get(`${API}/retention`)).status).toBe(403);
    });
  });

  it('documents the API in OpenAPI', async () => {
    const res = await request(t.server).get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths).filter((path) => path.startsWith(API)).sort()).toEqual([
      '/api/sponsorships',
      '/api/sponsorships/retention',
      '/api/sponsorships/{id}',
      '/api/sponsorships/{id}/check-ins/{checkInId}',
      '/api/sponsorships/{id}/end',
      '/api/sponsorships/{id}/pause',
      '/api/sponsorships/{id}/resume',
    ]);
    const schemas = res.body.components.schemas;
    expect(Object.keys(schemas.CreateSponsorshipDto.properties).sort()).toEqual(['candidateAgreed', 'candidateAgreedOn', 'introductionId', 'plannedEndOn', 'profileCode', 'sponsorEmail', 'startsOn']);
    expect(schemas.RecordCheckInDto.properties.channel.enum).toEqual(['phone', 'visit', 'video', 'message', 'workplace', 'other']);
    expect(schemas.SponsorshipDto.properties.checkIns).toBeDefined();
    expect(schemas.RetentionDto.properties.organisations).toBeDefined();
  });

  describe('erasure of the profile', () => {
    it('removes its sponsorships, their check-ins and the reminders not sent yet; the audit trail keeps the ids', async () => {
      const sponsor = await freshSponsor();
      const { profile, sponsorship } = await sponsored(sponsor, { startsOn: addDays(today(), -8) });
      await post(sponsor, `${API}/${sponsorship.id}/check-ins/${sponsorship.checkIns[0].id}`, { heldOn: today(), channel: 'video', note: NOTE }).expect(200);
      const [pending] = await t.dataSource.query(
        `INSERT INTO outbox_messages (job_name, payload, available_at) VALUES ('email.send', $1, now() + interval '1 day') RETURNING id`,
        [JSON.stringify({ template: 'sponsorship-checkin-due', recipientUserId: sponsor.id, sponsorshipId: sponsorship.id, checkInId: sponsorship.checkIns[1].id, profileId: profile.id })],
      );
      await post(counsellor, `${PROFILES}/${profile.id}/erase`, { confirmCode: profile.code }).expect(204);
      expect(await t.dataSource.query(`SELECT id FROM sponsorships WHERE id = $1`, [sponsorship.id])).toEqual([]);
      expect(await checkInRows(sponsorship.id)).toEqual([]);
      expect(await t.dataSource.query(`SELECT id FROM outbox_messages WHERE id = $1`, [pending.id])).toEqual([]);
      expect((await auditOf(sponsorship.id)).map((e) => e.action)).toEqual(['sponsorship.created', 'sponsorship.check_in_recorded']);
      expect((await sponsor.agent.get(`${API}/${sponsorship.id}`)).status).toBe(404);
    });
  });
});
