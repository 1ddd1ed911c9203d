import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { CandidateProfileStatus } from '../candidates/candidate-profile';
import { IntroductionOutcome, IntroductionSide, IntroductionSolution, IntroductionStatus } from '../introductions/introduction';
import { OrganisationKind, OrganisationStatus } from '../organisations/organisation.entity';
import { OrganisationRole, Role } from '../users/user.entity';
import { CheckInChannel, CheckInMilestone, CheckInStatus, SponsorshipEndReason, SponsorshipStatus } from './sponsorship';

/** A sponsorship as stored, locked for a change. Dates are YYYY-MM-DD strings: no time zone can shift them. */
export interface SponsorshipRecord {
  id: string;
  profileId: string;
  organisationId: string;
  /** The partner organisation owning the profile. */
  partnerOrganisationId: string;
  sponsorUserId: string | null;
  status: SponsorshipStatus;
  startsOn: string;
  pausedAt: Date | null;
}

export interface ContactRow {
  id: string;
  displayName: string;
  email: string;
}

/** A sponsorship with what it points to, for reading. */
export interface SponsorshipRow extends SponsorshipRecord {
  profileCode: string;
  /** The profile's target occupations, in its order: with the code, all the employer view of the profile shows here. */
  occupations: { romeCode: string; label: string }[];
  organisationName: string;
  partnerOrganisationName: string;
  sponsor: ContactRow | null;
  counsellor: ContactRow | null;
  introductionId: string | null;
  plannedEndOn: string;
  endedOn: string | null;
  endReason: SponsorshipEndReason | null;
  candidateAgreedOn: string;
  candidateAgreementRecordedAt: Date;
  candidateAgreementRecordedByName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One line of a list: the next scheduled check-in comes along. */
export interface SponsorshipSummaryRow extends Omit<SponsorshipRow, 'candidateAgreedOn' | 'candidateAgreementRecordedAt' | 'candidateAgreementRecordedByName' | 'counsellor'> {
  nextCheckIn: { id: string; milestone: CheckInMilestone; dueOn: string } | null;
  checkInsDone: number;
}

export interface CheckInRow {
  id: string;
  milestone: CheckInMilestone;
  dueOn: string;
  status: CheckInStatus;
  heldOn: string | null;
  channel: CheckInChannel | null;
  note: string | null;
  nextStep: string | null;
  recordedByName: string | null;
  recordedAt: Date | null;
  reminderSentAt: Date | null;
}

export interface NewSponsorship {
  profileId: string;
  organisationId: string;
  sponsorUserId: string;
  introductionId: string | null;
  createdBy: string;
  candidateAgreedOn: string;
  startsOn: string;
  plannedEndOn: string;
  now: Date;
}

export interface NewCheckIn {
  milestone: CheckInMilestone;
  dueOn: string;
  /** Already due when the sponsorship is recorded: no reminder for it. */
  skipReminder: boolean;
}

export interface CheckInValues {
  heldOn: string;
  channel: CheckInChannel;
  note: string | null;
  nextStep: string | null;
  recordedBy: string;
}

/** A profile as a new sponsorship needs it: whose it is, and the establishment names the PII guard looks for. */
export interface SponsoredProfileRow {
  id: string;
  code: string;
  ownerOrganisationId: string;
  status: CandidateProfileStatus;
  establishmentCode: string | null;
  establishmentName: string | null;
}

export interface SponsorCandidateRow {
  id: string;
  role: Role;
  organisationId: string | null;
  organisationKind: OrganisationKind | null;
  organisationStatus: OrganisationStatus | null;
}

export interface SponsorshipFilter {
  organisationId?: string;
  sponsorUserId?: string;
  partnerOrganisationId?: string;
  status?: SponsorshipStatus;
  /** Only those with a scheduled check-in due on or before this day. */
  checkInDueBy?: string;
}

/** The two organisations and the profile of an introduction a new sponsorship names. */
export interface IntroductionPartiesRow {
  profileId: string;
  organisationId: string;
  partnerOrganisationId: string;
}

/** The introduction a sponsorship came from, as staff reading the sponsorship see it. */
export interface LinkedIntroductionRow {
  id: string;
  initiator: IntroductionSide;
  solution: IntroductionSolution;
  status: IntroductionStatus;
  outcome: IntroductionOutcome | null;
  createdAt: Date;
  meetingOn: string | null;
}

/** A check-in the reminder sweep marked: ids only, as they go into e-mail jobs. */
export interface DueReminderRef {
  checkInId: string;
  sponsorshipId: string;
  profileId: string;
  sponsorUserId: string | null;
}

/** What the reminder e-mail shows: the code, never anything else about the person. */
export interface ReminderState {
  checkInId: string;
  sponsorshipId: string;
  profileCode: string;
  milestone: CheckInMilestone;
  dueOn: string;
  startsOn: string;
  checkInStatus: CheckInStatus;
  sponsorshipStatus: SponsorshipStatus;
}

export interface RetentionRow {
  organisationId: string;
  organisationName: string;
  /** Every sponsorship of the organisation. */
  total: number;
  ongoing: number;
  /** Started at least RETENTION_MONTHS ago: those the share is computed on. */
  counted: number;
  /** Of those counted, the ones not ended before their M+6 day. */
  retained: number;
}

const RECORD_COLUMNS = `s.id, s.profile_id AS "profileId", s.organisation_id AS "organisationId", p.owner_organisation_id AS "partnerOrganisationId",
  s.sponsor_user_id AS "sponsorUserId", s.status, s.starts_on::text AS "startsOn", s.paused_at AS "pausedAt"`;

const contact = (alias: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE jsonb_build_object('id', ${alias}.id, 'displayName', ${alias}.display_name, 'email', ${alias}.email) END`;

const OCCUPATIONS = `(SELECT coalesce(jsonb_agg(jsonb_build_object('romeCode', r.code, 'label', r.label) ORDER BY array_position(p.target_rome_codes, r.code)), '[]'::jsonb)
     FROM rome_occupations r WHERE r.code = ANY(p.target_rome_codes)) AS occupations`;

const READ_COLUMNS = `${RECORD_COLUMNS}, p.code AS "profileCode", ${OCCUPATIONS}, o.name AS "organisationName", po.name AS "partnerOrganisationName",
  ${contact('su')} AS sponsor, s.introduction_id AS "introductionId", s.planned_end_on::text AS "plannedEndOn", s.ended_on::text AS "endedOn",
  s.end_reason AS "endReason", s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

const READ_FROM = `FROM sponsorships s
  JOIN candidate_profiles p ON p.id = s.profile_id
  JOIN organisations o ON o.id = s.organisation_id
  JOIN organisations po ON po.id = p.owner_organisation_id
  LEFT JOIN users su ON su.id = s.sponsor_user_id`;

const NEXT_CHECK_IN = `(SELECT jsonb_build_object('id', c.id, 'milestone', c.milestone, 'dueOn', c.due_on::text)
     FROM sponsorship_check_ins c WHERE c.sponsorship_id = s.id AND c.status = 'scheduled' ORDER BY c.due_on, c.id LIMIT 1) AS "nextCheckIn",
  (SELECT count(*)::int FROM sponsorship_check_ins c WHERE c.sponsorship_id = s.id AND c.status = 'done') AS "checkInsDone"`;

/** Whether a failed insert hit the one-ongoing-sponsorship-per-profile index. */
export function isOngoingDuplicate(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  return driverError?.code === '23505' && driverError.constraint === 'sponsorships_ongoing_profile_key';
}

/** Sponsorships, their check-ins, and the few lookups creating one needs. */
@Injectable()
export class SponsorshipsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T> {
    return (manager ?? this.dataSource.manager).query(sql, params);
  }

  async findProfileByCode(code: string, manager: EntityManager): Promise<SponsoredProfileRow | null> {
    const rows = await this.query<SponsoredProfileRow[]>(
      `SELECT p.id, p.code, p.owner_organisation_id AS "ownerOrganisationId", p.status, p.establishment_code AS "establishmentCode", e.name AS "establishmentName"
         FROM candidate_profiles p LEFT JOIN establishments e ON e.code = p.establishment_code
        WHERE p.code = $1`,
      [code],
      manager,
    );
    return rows[0] ?? null;
  }

  /** The establishment of the sponsored profile, named as the PII guard looks for it. */
  async establishmentOf(profileId: string, manager: EntityManager): Promise<{ code: string | null; name: string | null }> {
    const rows = await this.query<{ code: string | null; name: string | null }[]>(
      `SELECT p.establishment_code AS code, e.name FROM candidate_profiles p LEFT JOIN establishments e ON e.code = p.establishment_code WHERE p.id = $1`,
      [profileId],
      manager,
    );
    return rows[0] ?? { code: null, name: null };
  }

  /**
   * The user an e-mail address names, with their organisation, locked: two sponsorships engaged at once for the
   * same sponsor then count each other, and the cap holds.
   */
  async lockSponsorByEmail(email: string, manager: EntityManager): Promise<SponsorCandidateRow | null> {
    const rows = await this.query<SponsorCandidateRow[]>(
      `SELECT u.id, u.role, u.organisation_id AS "organisationId", o.kind AS "organisationKind", o.status AS "organisationStatus"
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
        WHERE u.email = lower($1)
        FOR UPDATE OF u`,
      [email],
      manager,
    );
    return rows[0] ?? null;
  }

  async countOngoingBySponsor(sponsorUserId: string, manager: EntityManager): Promise<number> {
    const [{ n }] = await this.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM sponsorships WHERE sponsor_user_id = $1 AND status IN ('active','paused')`,
      [sponsorUserId],
      manager,
    );
    return n;
  }

  async hasOngoingForProfile(profileId: string, manager: EntityManager): Promise<boolean> {
    const rows = await this.query<unknown[]>(`SELECT 1 FROM sponsorships WHERE profile_id = $1 AND status IN ('active','paused') LIMIT 1`, [profileId], manager);
    return rows.length > 0;
  }

  /** Whom an introduction is about and between, to check a sponsorship said to come from it; nothing else of it is read here. */
  async findIntroductionParties(id: string, manager: EntityManager): Promise<IntroductionPartiesRow | null> {
    const rows = await this.query<IntroductionPartiesRow[]>(
      `SELECT profile_id AS "profileId", organisation_id AS "organisationId", partner_organisation_id AS "partnerOrganisationId" FROM introductions WHERE id = $1`,
      [id],
      manager,
    );
    return rows[0] ?? null;
  }

  /** What the coordination page says of the introduction a sponsorship came from: its stage and dates, never its message. */
  async findLinkedIntroduction(id: string): Promise<LinkedIntroductionRow | null> {
    const rows = await this.query<LinkedIntroductionRow[]>(
      `SELECT id, initiator, solution, status, outcome, created_at AS "createdAt", meeting_on::text AS "meetingOn" FROM introductions WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async organisationRoleOf(userId: string): Promise<OrganisationRole | null> {
    const rows = await this.query<{ role: OrganisationRole | null }[]>(`SELECT organisation_role AS role FROM users WHERE id = $1`, [userId]);
    return rows[0]?.role ?? null;
  }

  async insert(values: NewSponsorship, checkIns: NewCheckIn[], manager: EntityManager): Promise<string> {
    const [{ id }] = await this.query<{ id: string }[]>(
      `INSERT INTO sponsorships (profile_id, organisation_id, sponsor_user_id, introduction_id, created_by, candidate_agreed_on,
                                 candidate_agreement_recorded_by, candidate_agreement_recorded_at, starts_on, planned_end_on, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $5, $9, $7, $8, 'active', $9, $9)
       RETURNING id`,
      [values.profileId, values.organisationId, values.sponsorUserId, values.introductionId, values.createdBy, values.candidateAgreedOn, values.startsOn, values.plannedEndOn, values.now],
      manager,
    );
    await this.query(
      `INSERT INTO sponsorship_check_ins (sponsorship_id, milestone, due_on, reminder_skipped_at, created_at)
       SELECT $1, m.milestone, m.due_on, CASE WHEN m.skip THEN $5::timestamptz END, $5
         FROM unnest($2::text[], $3::date[], $4::boolean[]) AS m(milestone, due_on, skip)`,
      [id, checkIns.map((c) => c.milestone), checkIns.map((c) => c.dueOn), checkIns.map((c) => c.skipReminder), values.now],
      manager,
    );
    return id;
  }

  async findById(id: string, manager?: EntityManager): Promise<SponsorshipRow | null> {
    const rows = await this.query<SponsorshipRow[]>(
      `SELECT ${READ_COLUMNS}, ${contact('cu')} AS counsellor, s.candidate_agreed_on::text AS "candidateAgreedOn",
              s.candidate_agreement_recorded_at AS "candidateAgreementRecordedAt", ar.display_name AS "candidateAgreementRecordedByName"
         ${READ_FROM}
         LEFT JOIN users cu ON cu.id = s.created_by
         LEFT JOIN users ar ON ar.id = s.candidate_agreement_recorded_by
        WHERE s.id = $1`,
      [id],
      manager,
    );
    return rows[0] ?? null;
  }

  checkIns(sponsorshipId: string, manager?: EntityManager): Promise<CheckInRow[]> {
    return this.query<CheckInRow[]>(
      `SELECT c.id, c.milestone, c.due_on::text AS "dueOn", c.status, c.held_on::text AS "heldOn", c.channel, c.note, c.next_step AS "nextStep",
              u.display_name AS "recordedByName", c.recorded_at AS "recordedAt", c.reminder_sent_at AS "reminderSentAt"
         FROM sponsorship_check_ins c LEFT JOIN users u ON u.id = c.recorded_by
        WHERE c.sponsorship_id = $1
        ORDER BY c.due_on, c.id`,
      [sponsorshipId],
      manager,
    );
  }

  /** Locks the sponsorship for a change, so that two changes or check-ins cannot interleave. */
  async lock(id: string, manager: EntityManager): Promise<SponsorshipRecord | null> {
    const rows = await this.query<SponsorshipRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM sponsorships s JOIN candidate_profiles p ON p.id = s.profile_id WHERE s.id = $1 FOR UPDATE OF s`,
      [id],
      manager,
    );
    return rows[0] ?? null;
  }

  async pause(id: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE sponsorships SET status = 'paused', paused_at = $2, updated_at = $2 WHERE id = $1`, [id, now], manager);
  }

  /**
   * Back to active. The check-ins that fell due from the day of the pause (`pausedOn`) to `today` and were not
   * reminded get no reminder: pausing skips them, rather than sending them all on the day of resuming.
   */
  async resume(id: string, pausedOn: string, today: string, now: Date, manager: EntityManager): Promise<number> {
    await this.query(`UPDATE sponsorships SET status = 'active', paused_at = NULL, updated_at = $2 WHERE id = $1`, [id, now], manager);
    const [, skipped] = await this.query<[unknown[], number]>(
      `UPDATE sponsorship_check_ins SET reminder_skipped_at = $4
        WHERE sponsorship_id = $1 AND status = 'scheduled' AND reminder_sent_at IS NULL AND reminder_skipped_at IS NULL AND due_on BETWEEN $2 AND $3`,
      [id, pausedOn, today, now],
      manager,
    );
    return skipped;
  }

  /** Ends the sponsorship and cancels its check-ins still to come; returns how many were cancelled. */
  async end(id: string, endedOn: string, reason: SponsorshipEndReason, now: Date, manager: EntityManager): Promise<number> {
    await this.query(`UPDATE sponsorships SET status = 'ended', paused_at = NULL, ended_on = $2, end_reason = $3, updated_at = $4 WHERE id = $1`, [id, endedOn, reason, now], manager);
    const [, cancelled] = await this.query<[unknown[], number]>(
      `UPDATE sponsorship_check_ins SET status = 'cancelled' WHERE sponsorship_id = $1 AND status = 'scheduled'`,
      [id],
      manager,
    );
    return cancelled;
  }

  async lockCheckIn(sponsorshipId: string, checkInId: string, manager: EntityManager): Promise<{ id: string; milestone: CheckInMilestone; status: CheckInStatus } | null> {
    const rows = await this.query<{ id: string; milestone: CheckInMilestone; status: CheckInStatus }[]>(
      `SELECT id, milestone, status FROM sponsorship_check_ins WHERE id = $1 AND sponsorship_id = $2 FOR UPDATE`,
      [checkInId, sponsorshipId],
      manager,
    );
    return rows[0] ?? null;
  }

  async recordCheckIn(checkInId: string, values: CheckInValues, now: Date, manager: EntityManager): Promise<void> {
    await this.query(
      `UPDATE sponsorship_check_ins SET status = 'done', held_on = $2, channel = $3, note = $4, next_step = $5, recorded_by = $6, recorded_at = $7 WHERE id = $1`,
      [checkInId, values.heldOn, values.channel, values.note, values.nextStep, values.recordedBy, now],
      manager,
    );
    await this.query(`UPDATE sponsorships SET updated_at = $2 WHERE id = (SELECT sponsorship_id FROM sponsorship_check_ins WHERE id = $1)`, [checkInId, now], manager);
  }

  async list(filter: SponsorshipFilter, offset: number, limit: number): Promise<{ rows: SponsorshipSummaryRow[]; total: number }> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (filter.organisationId) conditions.push(`s.organisation_id = $${params.push(filter.organisationId)}`);
    if (filter.sponsorUserId) conditions.push(`s.sponsor_user_id = $${params.push(filter.sponsorUserId)}`);
    if (filter.partnerOrganisationId) conditions.push(`p.owner_organisation_id = $${params.push(filter.partnerOrganisationId)}`);
    if (filter.status) conditions.push(`s.status = $${params.push(filter.status)}`);
    if (filter.checkInDueBy) {
      conditions.push(`EXISTS (SELECT 1 FROM sponsorship_check_ins d WHERE d.sponsorship_id = s.id AND d.status = 'scheduled' AND d.due_on <= $${params.push(filter.checkInDueBy)}::date)`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM sponsorships s JOIN candidate_profiles p ON p.id = s.profile_id ${where}`, params);
    // Under way first, then by start, newest first.
    const rows = await this.query<SponsorshipSummaryRow[]>(
      `SELECT ${READ_COLUMNS}, ${NEXT_CHECK_IN}
         ${READ_FROM}
         ${where}
        ORDER BY (s.status = 'ended'), s.starts_on DESC, s.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { rows, total };
  }

  /**
   * Marks up to `limit` check-ins due on or before `today` and not yet reminded as reminded, and returns them.
   * Only those of active sponsorships of active organisations: a paused sponsorship's wait (see `resume`), a
   * suspended organisation's until it is reinstated. SKIP LOCKED in one statement: concurrent sweeps never take
   * the same check-in, and one being recorded is left for the next sweep.
   */
  async markDueReminders(today: string, now: Date, limit: number, manager: EntityManager): Promise<DueReminderRef[]> {
    const [rows] = await this.query<[DueReminderRef[], number]>(
      `WITH due AS (
         SELECT c.id FROM sponsorship_check_ins c
           JOIN sponsorships s ON s.id = c.sponsorship_id
           JOIN organisations o ON o.id = s.organisation_id
          WHERE c.status = 'scheduled' AND c.reminder_sent_at IS NULL AND c.reminder_skipped_at IS NULL AND c.due_on <= $1::date
            AND s.status = 'active' AND o.status = 'active'
          ORDER BY c.due_on, c.id LIMIT $3 FOR UPDATE OF c SKIP LOCKED)
       UPDATE sponsorship_check_ins c SET reminder_sent_at = $2
         FROM due, sponsorships s
        WHERE c.id = due.id AND s.id = c.sponsorship_id
       RETURNING c.id AS "checkInId", s.id AS "sponsorshipId", s.profile_id AS "profileId", s.sponsor_user_id AS "sponsorUserId"`,
      [today, now, limit],
      manager,
    );
    return rows;
  }

  async findReminderState(checkInId: string): Promise<ReminderState | null> {
    const rows = await this.query<ReminderState[]>(
      `SELECT c.id AS "checkInId", s.id AS "sponsorshipId", p.code AS "profileCode", c.milestone, c.due_on::text AS "dueOn", s.starts_on::text AS "startsOn",
              c.status AS "checkInStatus", s.status AS "sponsorshipStatus"
         FROM sponsorship_check_ins c JOIN sponsorships s ON s.id = c.sponsorship_id JOIN candidate_profiles p ON p.id = s.profile_id
        WHERE c.id = $1`,
      [checkInId],
    );
    return rows[0] ?? null;
  }

  /**
   * Retention per employer organisation on `today`: a sponsorship counts once its M+6 day has come, and is
   * retained unless it ended before that day. PostgreSQL's month arithmetic matches `addMonths` (end of month).
   */
  retention(today: string, retentionMonths: number): Promise<RetentionRow[]> {
    return this.query<RetentionRow[]>(
      `SELECT o.id AS "organisationId", o.name AS "organisationName", count(*)::int AS total,
              count(*) FILTER (WHERE s.status IN ('active','paused'))::int AS ongoing,
              count(*) FILTER (WHERE m.retention_on <= $1::date)::int AS counted,
              count(*) FILTER (WHERE m.retention_on <= $1::date AND (s.ended_on IS NULL OR s.ended_on >= m.retention_on))::int AS retained
         FROM sponsorships s
         JOIN organisations o ON o.id = s.organisation_id
         CROSS JOIN LATERAL (SELECT (s.starts_on + make_interval(months => $2::int))::date AS retention_on) m
        GROUP BY o.id, o.name
        ORDER BY o.name, o.id`,
      [today, retentionMonths],
    );
  }
}
