import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { EmployerNeedStatus } from '../employer-needs/employer-need';
import { OrganisationKind, OrganisationStatus } from '../organisations/organisation.entity';
import {
  DeclineReason,
  HireContractType,
  IntroductionOutcome,
  IntroductionSide,
  IntroductionSolution,
  IntroductionStatus,
  NoFollowUpReason,
  OPEN_STATUSES,
  WAITING_STATUSES,
} from './introduction';
import type { IntroductionActor } from './introduction-rules';

/** An introduction as stored, locked for a change. Dates are YYYY-MM-DD strings. */
export interface IntroductionRecord {
  id: string;
  profileId: string;
  organisationId: string;
  partnerOrganisationId: string;
  needId: string | null;
  initiator: IntroductionSide;
  solution: IntroductionSolution;
  status: IntroductionStatus;
  employerUserId: string | null;
  counsellorUserId: string | null;
  candidateAgreedOn: string | null;
  meetingOn: string | null;
  createdAt: Date;
  statusChangedAt: Date;
}

export interface ContactRow {
  displayName: string;
  email: string;
}

/** An introduction with what it points to, for reading (both sides' views are built from it) and for e-mails. */
export interface IntroductionRow extends IntroductionRecord {
  profileCode: string;
  /** Author of the profile: told of requests before anyone has taken them up. */
  profileAuthorId: string | null;
  /** The profile's target occupations, in its order (what the employer view shows). */
  occupations: { romeCode: string; label: string }[];
  organisationName: string;
  partnerOrganisationName: string;
  need: { id: string; romeCode: string; romeLabel: string; appellationLabel: string | null; communeName: string | null } | null;
  message: string | null;
  availability: string | null;
  proposalMessage: string | null;
  candidateAgreementRecordedAt: Date | null;
  candidateAgreementRecordedByName: string | null;
  declineReason: DeclineReason | null;
  outcome: IntroductionOutcome | null;
  outcomeContractType: HireContractType | null;
  outcomeReason: NoFollowUpReason | null;
  employerContact: ContactRow | null;
  counsellorContact: ContactRow | null;
  updatedAt: Date;
}

export interface IntroductionEventRow {
  fromStatus: IntroductionStatus | null;
  toStatus: IntroductionStatus;
  actorSide: IntroductionActor;
  actorName: string | null;
  occurredAt: Date;
  reasonCode: string | null;
  meetingOn: string | null;
  outcome: IntroductionOutcome | null;
  contractType: HireContractType | null;
  note: string | null;
}

export interface NewIntroduction {
  profileId: string;
  organisationId: string;
  partnerOrganisationId: string;
  needId: string | null;
  initiator: IntroductionSide;
  solution: IntroductionSolution;
  status: IntroductionStatus;
  message: string | null;
  availability: string | null;
  proposalMessage: string | null;
  employerUserId: string | null;
  counsellorUserId: string | null;
  createdBy: string;
  candidateAgreedOn: string | null;
  now: Date;
}

/** The columns a transition may set, besides the status. */
export interface IntroductionChanges {
  employerUserId?: string;
  counsellorUserId?: string;
  candidateAgreedOn?: string;
  candidateAgreementRecordedBy?: string;
  declineReason?: DeclineReason;
  meetingOn?: string;
  outcome?: IntroductionOutcome;
  outcomeContractType?: HireContractType | null;
  outcomeReason?: NoFollowUpReason | null;
}

const CHANGE_COLUMNS: Record<keyof IntroductionChanges, string> = {
  employerUserId: 'employer_user_id',
  counsellorUserId: 'counsellor_user_id',
  candidateAgreedOn: 'candidate_agreed_on',
  candidateAgreementRecordedBy: 'candidate_agreement_recorded_by',
  declineReason: 'decline_reason',
  meetingOn: 'meeting_on',
  outcome: 'outcome',
  outcomeContractType: 'outcome_contract_type',
  outcomeReason: 'outcome_reason',
};

export interface NewIntroductionEvent {
  introductionId: string;
  fromStatus: IntroductionStatus | null;
  toStatus: IntroductionStatus;
  actorUserId: string | null;
  actorSide: IntroductionActor;
  at: Date;
  reasonCode?: string | null;
  meetingOn?: string | null;
  outcome?: IntroductionOutcome | null;
  contractType?: HireContractType | null;
  note?: string | null;
}

/** An employer organisation as a new introduction needs it, locked so that its monthly count cannot race. */
export interface IntroductionOrganisationRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  status: OrganisationStatus;
  monthlyIntroductionCap: number | null;
  pausedUntil: string | null;
}

/** A published need, as a form offers it. */
export interface PublishedNeedOption {
  id: string;
  romeCode: string;
  label: string;
  communeName: string | null;
}

/** An introduction the sweep acted on: ids only, as they go into e-mail jobs. */
export interface SweptIntroductionRef {
  id: string;
  from: IntroductionStatus;
  profileId: string;
}

/** Whose introductions a list shows: an employer organisation's, or those of the profiles a partner organisation owns. */
export interface IntroductionScope {
  side: IntroductionSide;
  organisationId: string;
}

const RECORD_COLUMNS = `i.id, i.profile_id AS "profileId", i.organisation_id AS "organisationId", i.partner_organisation_id AS "partnerOrganisationId",
  i.need_id AS "needId", i.initiator, i.solution, i.status, i.employer_user_id AS "employerUserId", i.counsellor_user_id AS "counsellorUserId",
  i.candidate_agreed_on::text AS "candidateAgreedOn", i.meeting_on::text AS "meetingOn", i.created_at AS "createdAt", i.status_changed_at AS "statusChangedAt"`;

const ROW_SELECT = `SELECT ${RECORD_COLUMNS}, p.code AS "profileCode", p.created_by AS "profileAuthorId",
       (SELECT coalesce(jsonb_agg(jsonb_build_object('romeCode', r.code, 'label', r.label) ORDER BY array_position(p.target_rome_codes, r.code)), '[]'::jsonb)
          FROM rome_occupations r WHERE r.code = ANY(p.target_rome_codes)) AS occupations,
       o.name AS "organisationName", po.name AS "partnerOrganisationName",
       CASE WHEN n.id IS NULL THEN NULL ELSE jsonb_build_object('id', n.id, 'romeCode', n.rome_code, 'romeLabel', nr.label, 'appellationLabel', na.label, 'communeName', nc.name) END AS need,
       i.message, i.availability, i.proposal_message AS "proposalMessage",
       i.candidate_agreement_recorded_at AS "candidateAgreementRecordedAt", au.display_name AS "candidateAgreementRecordedByName",
       i.decline_reason AS "declineReason", i.outcome, i.outcome_contract_type AS "outcomeContractType", i.outcome_reason AS "outcomeReason",
       CASE WHEN eu.id IS NULL THEN NULL ELSE jsonb_build_object('displayName', eu.display_name, 'email', eu.email) END AS "employerContact",
       CASE WHEN cu.id IS NULL THEN NULL ELSE jsonb_build_object('displayName', cu.display_name, 'email', cu.email) END AS "counsellorContact",
       i.updated_at AS "updatedAt"
  FROM introductions i
  JOIN candidate_profiles p ON p.id = i.profile_id
  JOIN organisations o ON o.id = i.organisation_id
  JOIN organisations po ON po.id = i.partner_organisation_id
  LEFT JOIN employer_needs n ON n.id = i.need_id
  LEFT JOIN rome_occupations nr ON nr.code = n.rome_code
  LEFT JOIN rome_appellations na ON na.ogr_code = n.appellation_code
  LEFT JOIN communes nc ON nc.insee_code = n.commune_code
  LEFT JOIN users eu ON eu.id = i.employer_user_id
  LEFT JOIN users cu ON cu.id = i.counsellor_user_id
  LEFT JOIN users au ON au.id = i.candidate_agreement_recorded_by`;

const scopeColumn = (side: IntroductionSide) => (side === 'employer' ? 'i.organisation_id' : 'i.partner_organisation_id');

/** Whether an insert failed on the one-open-introduction-per-organisation-and-profile index. */
export function isOpenDuplicate(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  return driverError?.code === '23505' && driverError.constraint === 'introductions_open_key';
}

/** Introductions, their history, and what creating one reads of organisations and needs. */
@Injectable()
export class IntroductionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T> {
    return (manager ?? this.dataSource.manager).query(sql, params);
  }

  async findById(id: string, manager?: EntityManager): Promise<IntroductionRow | null> {
    const rows = await this.query<IntroductionRow[]>(`${ROW_SELECT} WHERE i.id = $1`, [id], manager);
    return rows[0] ?? null;
  }

  /** Locks the introduction for a change, so that two answers cannot interleave. */
  async lock(id: string, manager: EntityManager): Promise<IntroductionRecord | null> {
    const rows = await this.query<IntroductionRecord[]>(`SELECT ${RECORD_COLUMNS} FROM introductions i WHERE i.id = $1 FOR UPDATE`, [id], manager);
    return rows[0] ?? null;
  }

  /** One page of a side's introductions, the most recently changed first. */
  async list(scope: IntroductionScope, statuses: readonly IntroductionStatus[] | null, offset: number, limit: number): Promise<{ rows: IntroductionRow[]; total: number }> {
    const where = `WHERE ${scopeColumn(scope.side)} = $1 AND ($2::text[] IS NULL OR i.status = ANY($2::text[]))`;
    const params = [scope.organisationId, statuses];
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM introductions i ${where}`, params);
    const rows = await this.query<IntroductionRow[]>(`${ROW_SELECT} ${where} ORDER BY i.updated_at DESC, i.id LIMIT $3 OFFSET $4`, [...params, limit, offset]);
    return { rows, total };
  }

  /** Inserts an introduction; a second one under way for the same organisation and profile fails (see `isOpenDuplicate`). */
  async insert(values: NewIntroduction, manager: EntityManager): Promise<string> {
    const rows = await this.query<{ id: string }[]>(
      `INSERT INTO introductions (profile_id, organisation_id, partner_organisation_id, need_id, initiator, solution, status, message, availability,
                                  proposal_message, employer_user_id, counsellor_user_id, created_by, candidate_agreed_on, candidate_agreement_recorded_by,
                                  candidate_agreement_recorded_at, created_at, updated_at, status_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::date,
               CASE WHEN $14::date IS NULL THEN NULL ELSE $13::uuid END, CASE WHEN $14::date IS NULL THEN NULL ELSE $15::timestamptz END, $15, $15, $15)
       RETURNING id`,
      [
        values.profileId,
        values.organisationId,
        values.partnerOrganisationId,
        values.needId,
        values.initiator,
        values.solution,
        values.status,
        values.message,
        values.availability,
        values.proposalMessage,
        values.employerUserId,
        values.counsellorUserId,
        values.createdBy,
        values.candidateAgreedOn,
        values.now,
      ],
      manager,
    );
    return rows[0].id;
  }

  /** Moves to `status` with the columns the transition sets; recording the candidate's agreement stamps when. */
  async transition(id: string, status: IntroductionStatus, changes: IntroductionChanges, now: Date, manager: EntityManager): Promise<void> {
    const params: unknown[] = [id, status, now];
    const assignments = (Object.keys(changes) as (keyof IntroductionChanges)[])
      .filter((key) => changes[key] !== undefined)
      .map((key) => `${CHANGE_COLUMNS[key]} = $${params.push(changes[key])}`);
    if (changes.candidateAgreedOn !== undefined) assignments.push('candidate_agreement_recorded_at = $3');
    // A meeting planned for another day is a new meeting: its outcome may be reminded again.
    if (changes.meetingOn !== undefined) assignments.push(`outcome_reminded_at = CASE WHEN meeting_on IS DISTINCT FROM $${params.push(changes.meetingOn)}::date THEN NULL ELSE outcome_reminded_at END`);
    await this.query(
      `UPDATE introductions SET status = $2::varchar, updated_at = $3,
              status_changed_at = CASE WHEN status = $2::varchar THEN status_changed_at ELSE $3 END
              ${assignments.map((a) => `, ${a}`).join('')}
        WHERE id = $1`,
      params,
      manager,
    );
  }

  async insertEvent(event: NewIntroductionEvent, manager: EntityManager): Promise<void> {
    await this.query(
      `INSERT INTO introduction_events (introduction_id, from_status, to_status, actor_user_id, actor_side, occurred_at, reason_code, meeting_on, outcome, contract_type, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9, $10, $11)`,
      [
        event.introductionId,
        event.fromStatus,
        event.toStatus,
        event.actorUserId,
        event.actorSide,
        event.at,
        event.reasonCode ?? null,
        event.meetingOn ?? null,
        event.outcome ?? null,
        event.contractType ?? null,
        event.note ?? null,
      ],
      manager,
    );
  }

  /** The history of an introduction, oldest first. */
  events(introductionId: string): Promise<IntroductionEventRow[]> {
    return this.query<IntroductionEventRow[]>(
      `SELECT e.from_status AS "fromStatus", e.to_status AS "toStatus", e.actor_side AS "actorSide", u.display_name AS "actorName",
              e.occurred_at AS "occurredAt", e.reason_code AS "reasonCode", e.meeting_on::text AS "meetingOn", e.outcome,
              e.contract_type AS "contractType", e.note
         FROM introduction_events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE e.introduction_id = $1 ORDER BY e.id`,
      [introductionId],
    );
  }

  /** Locks an organisation for a new introduction: of two creations racing for its last monthly place, one waits for the other. */
  async lockOrganisation(id: string, manager: EntityManager): Promise<IntroductionOrganisationRow | null> {
    const rows = await this.query<IntroductionOrganisationRow[]>(
      `SELECT id, name, kind, status, monthly_introduction_cap AS "monthlyIntroductionCap", paused_until::text AS "pausedUntil"
         FROM organisations WHERE id = $1 FOR NO KEY UPDATE`,
      [id],
      manager,
    );
    return rows[0] ?? null;
  }

  /** An organisation's settings as the pages show them before a request, unlocked. */
  async findOrganisation(id: string): Promise<IntroductionOrganisationRow | null> {
    const rows = await this.query<IntroductionOrganisationRow[]>(
      `SELECT id, name, kind, status, monthly_introduction_cap AS "monthlyIntroductionCap", paused_until::text AS "pausedUntil" FROM organisations WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Introductions of an organisation created at or after `since`, whatever became of them: what its monthly cap counts. */
  async countCreatedSince(organisationId: string, since: Date, manager?: EntityManager): Promise<number> {
    const [{ n }] = await this.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM introductions WHERE organisation_id = $1 AND created_at >= $2`, [organisationId, since], manager);
    return n;
  }

  async hasOpen(organisationId: string, profileId: string, manager: EntityManager): Promise<boolean> {
    const rows = await this.query<unknown[]>(
      `SELECT 1 FROM introductions WHERE organisation_id = $1 AND profile_id = $2 AND status = ANY($3::text[])`,
      [organisationId, profileId, OPEN_STATUSES],
      manager,
    );
    return rows.length > 0;
  }

  /** The need a request or a proposal names, if it is a published need of that organisation. */
  async findPublishedNeed(id: string, organisationId: string, manager: EntityManager): Promise<{ id: string } | null> {
    const rows = await this.query<{ id: string }[]>(
      `SELECT id FROM employer_needs WHERE id = $1 AND organisation_id = $2 AND status = $3`,
      [id, organisationId, EmployerNeedStatus.Published],
      manager,
    );
    return rows[0] ?? null;
  }

  /** An organisation's published needs, newest first, as the forms offer them. */
  publishedNeedsOf(organisationId: string): Promise<PublishedNeedOption[]> {
    return this.query<PublishedNeedOption[]>(
      `SELECT n.id, n.rome_code AS "romeCode", coalesce(a.label, r.label) AS label, c.name AS "communeName"
         FROM employer_needs n
         JOIN rome_occupations r ON r.code = n.rome_code
         LEFT JOIN rome_appellations a ON a.ogr_code = n.appellation_code
         LEFT JOIN communes c ON c.insee_code = n.commune_code
        WHERE n.organisation_id = $1 AND n.status = $2
        ORDER BY n.published_at DESC NULLS LAST, n.id`,
      [organisationId, EmployerNeedStatus.Published],
    );
  }

  /**
   * Closes up to `limit` introductions waiting for an answer since `waitingSince` or before, and returns them.
   * Rows another transaction holds (someone answering right now) are skipped and left to the next pass.
   */
  async expireWaiting(waitingSince: Date, now: Date, limit: number, manager: EntityManager): Promise<SweptIntroductionRef[]> {
    // For an UPDATE, TypeORM answers [returned rows, affected count].
    const [rows] = await this.query<[SweptIntroductionRef[], number]>(
      `WITH due AS (
         SELECT id, status FROM introductions
          WHERE status = ANY($4::text[]) AND status_changed_at <= $1
          ORDER BY status_changed_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE introductions i SET status = 'expired', status_changed_at = $2, updated_at = $2
         FROM due WHERE i.id = due.id
       RETURNING i.id, due.status AS "from", i.profile_id AS "profileId"`,
      [waitingSince, now, limit, WAITING_STATUSES],
      manager,
    );
    return rows;
  }

  /**
   * Marks as reminded up to `limit` introductions waiting since `waitingSince` or before and not yet reminded at
   * `days` days, and returns them. The 7-day reminder also counts as the 3-day one, so an introduction the sweep
   * reaches late gets one reminder, not two.
   */
  async markReminders(days: 3 | 7, waitingSince: Date, now: Date, limit: number, manager: EntityManager): Promise<SweptIntroductionRef[]> {
    const column = days === 3 ? 'reminded_3d_at' : 'reminded_7d_at';
    const alsoEarlier = days === 7 ? ', reminded_3d_at = coalesce(i.reminded_3d_at, $2)' : '';
    const [rows] = await this.query<[SweptIntroductionRef[], number]>(
      `WITH due AS (
         SELECT id FROM introductions
          WHERE status = ANY($4::text[]) AND ${column} IS NULL AND status_changed_at <= $1
          ORDER BY status_changed_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE introductions i SET ${column} = $2${alsoEarlier}
         FROM due WHERE i.id = due.id
       RETURNING i.id, i.status AS "from", i.profile_id AS "profileId"`,
      [waitingSince, now, limit, WAITING_STATUSES],
      manager,
    );
    return rows;
  }

  /**
   * Marks as reminded up to `limit` introductions whose planned meeting fell on `meetingOnOrBefore` or earlier and
   * that still have no outcome, and returns them. Once per meeting: the mark stays until the meeting is planned for
   * another day. Rows being changed right now (an outcome being recorded) are skipped and left to the next pass.
   */
  async markOutcomeReminders(meetingOnOrBefore: string, now: Date, limit: number, manager: EntityManager): Promise<SweptIntroductionRef[]> {
    const [rows] = await this.query<[SweptIntroductionRef[], number]>(
      `WITH due AS (
         SELECT id FROM introductions
          WHERE status = 'meeting_planned' AND outcome_reminded_at IS NULL AND meeting_on <= $1::date
          ORDER BY meeting_on, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE introductions i SET outcome_reminded_at = $2
         FROM due WHERE i.id = due.id
       RETURNING i.id, i.status AS "from", i.profile_id AS "profileId"`,
      [meetingOnOrBefore, now, limit],
      manager,
    );
    return rows;
  }
}
