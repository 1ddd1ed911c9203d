import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OrganisationKind, OrganisationStatus } from '../organisations/organisation.entity';
import { Role } from '../users/user.entity';
import { InterviewOutcome, ProposalContractType, ProposalDeclineReason, ProposalKind, ProposalStatus } from './session-debrief';

/** What access checks and headers need of a recruitment session, with its debrief's state. */
export interface DebriefSessionRow {
  id: string;
  title: string;
  organiserOrganisationId: string;
  status: string;
  establishmentCode: string;
  establishmentName: string | null;
  interviewOn: string;
  grandOralOn: string | null;
  meetingsPerCandidate: number;
  closedAt: Date | null;
}

export interface NamedOrganisation {
  id: string;
  name: string;
}

/** A scheduled interview, for the debrief: the candidate by code and employer view, the binôme, what was recorded. */
export interface DebriefInterviewRow {
  id: string;
  round: number;
  roomName: string;
  binomeId: string;
  binomeOrganisations: NamedOrganisation[];
  sessionCandidateId: string;
  profileId: string;
  profileCode: string;
  /** Whether the profile is published with the person's consent on record: only then do employers see more than its code. */
  published: boolean;
  /** Published profiles only: their project passed the PII guard on publication. */
  project: string | null;
  /** Published profiles only (empty otherwise). */
  occupations: { romeCode: string; label: string }[];
  outcome: InterviewOutcome | null;
}

export interface AssessmentRow {
  id: string;
  interviewId: string;
  projectClarity: number;
  motivation: number;
  fit: number;
  comment: string | null;
  writtenByName: string | null;
  writtenAt: Date;
  updatedByName: string | null;
  updatedAt: Date;
}

export interface ProposalRow {
  id: string;
  assessmentId: string;
  interviewId: string;
  kind: ProposalKind;
  organisationId: string;
  organisationName: string;
  detail: string | null;
  contractType: ProposalContractType | null;
  sponsorUserId: string | null;
  sponsorName: string | null;
  status: ProposalStatus;
  declineReason: ProposalDeclineReason | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  candidateAgreedOn: string | null;
  introductionId: string | null;
  sponsorshipId: string | null;
  profileId: string;
  profileCode: string;
  profileOwnerOrganisationId: string;
  binomeId: string;
}

/** A proposal locked for its follow-up, with what creating the introduction or sponsorship needs. */
export interface LockedProposal {
  id: string;
  kind: ProposalKind;
  status: ProposalStatus;
  organisationId: string;
  detail: string | null;
  contractType: ProposalContractType | null;
  sponsorUserId: string | null;
  sponsorEmail: string | null;
  profileId: string;
  profileCode: string;
  profileStatus: string;
  profileOwnerOrganisationId: string;
  /** An acceptance under way (see the migration): when it was claimed, and by whom. */
  acceptingAt: Date | null;
  acceptingBy: string | null;
}

export interface LockedInterview {
  id: string;
  binomeId: string;
  profileId: string;
  establishmentNames: string[];
  outcome: InterviewOutcome | null;
}

export interface NewProposal {
  kind: ProposalKind;
  organisationId: string;
  detail: string | null;
  contractType: ProposalContractType | null;
  sponsorUserId: string | null;
}

export interface ExistingProposal extends NewProposal {
  id: string;
  status: ProposalStatus;
}

/** A proposal listed across sessions, with its session's header and what decides whether it can be followed up now. */
export interface OwnedProposalRow extends ProposalRow {
  sessionId: string;
  sessionTitle: string;
  sessionStatus: string;
  interviewOn: string;
}

export interface ProposalFilter {
  status?: ProposalStatus;
  profileOwnerOrganisationId?: string;
}

export interface OrganisationContext {
  id: string;
  name: string;
  kind: OrganisationKind;
  status: OrganisationStatus;
}

export interface PassageRow {
  sessionCandidateId: string;
  profileCode: string;
  position: number;
  note: string | null;
}

export interface AttendanceRow {
  organisationId: string;
  participantId: string;
  name: string;
  present: boolean | null;
}

export interface SessionFigures {
  candidates: number;
  organisations: number;
  organisationsPresent: number;
  organisationsAbsent: number;
  interviewsScheduled: number;
  interviewsHeld: number;
  interviewsNoShow: number;
  candidatesMeetingTarget: number;
  assessments: number;
  proposalsByKind: Record<string, number>;
  proposalsByStatus: Record<string, number>;
  introductionsCreated: number;
  sponsorshipsCreated: number;
}

/**
 * What the employer view of a profile needs: published, with the person's publication consent on record. A cohort
 * may hold internal profiles (drafts) too; of those the binômes see the code only.
 */
const PUBLISHED = `(p.status = 'published' AND EXISTS (SELECT 1 FROM candidate_consents cc WHERE cc.profile_id = p.id AND cc.scope = 'publication' AND cc.revoked_at IS NULL))`;

const OCCUPATIONS = `(SELECT coalesce(jsonb_agg(jsonb_build_object('romeCode', r.code, 'label', r.label) ORDER BY array_position(p.target_rome_codes, r.code)), '[]'::jsonb)
     FROM rome_occupations r WHERE r.code = ANY(p.target_rome_codes))`;

const BINOME_ORGANISATIONS = `(SELECT coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'name', o.name) ORDER BY o.name, o.id), '[]'::jsonb)
     FROM session_binome_members m JOIN session_organisations so ON so.id = m.participant_id JOIN organisations o ON o.id = so.organisation_id
    WHERE m.binome_id = i.binome_id)`;

const PROPOSAL_COLUMNS = `sp.id, sp.assessment_id AS "assessmentId", a.interview_id AS "interviewId", sp.kind, sp.organisation_id AS "organisationId",
  o.name AS "organisationName", sp.detail, sp.contract_type AS "contractType", sp.sponsor_user_id AS "sponsorUserId", su.display_name AS "sponsorName",
  sp.status, sp.decline_reason AS "declineReason", du.display_name AS "decidedByName", sp.decided_at AS "decidedAt",
  sp.candidate_agreed_on::text AS "candidateAgreedOn", sp.introduction_id AS "introductionId", sp.sponsorship_id AS "sponsorshipId",
  p.id AS "profileId", p.code AS "profileCode", p.owner_organisation_id AS "profileOwnerOrganisationId", i.binome_id AS "binomeId"`;

const PROPOSAL_FROM = `FROM session_proposals sp
  JOIN session_assessments a ON a.id = sp.assessment_id
  JOIN session_interviews i ON i.id = a.interview_id
  JOIN session_candidates sc ON sc.id = i.session_candidate_id
  JOIN candidate_profiles p ON p.id = sc.profile_id
  JOIN organisations o ON o.id = sp.organisation_id
  LEFT JOIN users su ON su.id = sp.sponsor_user_id
  LEFT JOIN users du ON du.id = sp.decided_by`;

/**
 * The debrief's and Grand Oral's own tables, and what they read of the recruitment sessions' tables (sessions,
 * cohorts, binômes, interviews), which belong to the planner and are only read here.
 */
@Injectable()
export class SessionDebriefsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T> {
    return (manager ?? this.dataSource.manager).query(sql, params);
  }

  async findSession(id: string, manager?: EntityManager): Promise<DebriefSessionRow | null> {
    const rows = await this.query<DebriefSessionRow[]>(
      `SELECT s.id, s.title, s.organiser_organisation_id AS "organiserOrganisationId", s.status, s.establishment_code AS "establishmentCode", e.name AS "establishmentName",
              s.interview_on::text AS "interviewOn", s.grand_oral_on::text AS "grandOralOn", s.meetings_per_candidate AS "meetingsPerCandidate", d.closed_at AS "closedAt"
         FROM recruitment_sessions s
         LEFT JOIN establishments e ON e.code = s.establishment_code
         LEFT JOIN session_debriefs d ON d.session_id = s.id
        WHERE s.id = $1`,
      [id],
      manager,
    );
    return rows[0] ?? null;
  }

  /** The binôme of a participating organisation in a session (null: not participating, or not in a binôme yet). */
  async participation(sessionId: string, organisationId: string): Promise<{ participantId: string; binomeId: string | null } | null> {
    const rows = await this.query<{ participantId: string; binomeId: string | null }[]>(
      `SELECT so.id AS "participantId", m.binome_id AS "binomeId"
         FROM session_organisations so LEFT JOIN session_binome_members m ON m.participant_id = so.id
        WHERE so.session_id = $1 AND so.organisation_id = $2`,
      [sessionId, organisationId],
    );
    return rows[0] ?? null;
  }

  /** Whether an organisation owns at least one profile of the session's cohort. */
  async ownsCohortProfile(sessionId: string, organisationId: string): Promise<boolean> {
    const [{ found }] = await this.query<{ found: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM session_candidates sc JOIN candidate_profiles p ON p.id = sc.profile_id
                       WHERE sc.session_id = $1 AND p.owner_organisation_id = $2) AS found`,
      [sessionId, organisationId],
    );
    return found;
  }

  async binomeOrganisations(binomeId: string, manager?: EntityManager): Promise<NamedOrganisation[]> {
    return this.query<NamedOrganisation[]>(
      `SELECT o.id, o.name FROM session_binome_members m JOIN session_organisations so ON so.id = m.participant_id JOIN organisations o ON o.id = so.organisation_id
        WHERE m.binome_id = $1 ORDER BY o.name, o.id`,
      [binomeId],
      manager,
    );
  }

  /** The session's interviews in round order, optionally one binôme's or one; with the total for pagination. */
  async interviews(sessionId: string, filter: { binomeId?: string | null; interviewId?: string }, offset: number, limit: number): Promise<{ rows: DebriefInterviewRow[]; total: number }> {
    const params: unknown[] = [sessionId];
    let where = `i.session_id = $1`;
    if (filter.binomeId) where += ` AND i.binome_id = $${params.push(filter.binomeId)}`;
    if (filter.interviewId) where += ` AND i.id = $${params.push(filter.interviewId)}`;
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM session_interviews i WHERE ${where}`, params);
    const rows = await this.query<DebriefInterviewRow[]>(
      `SELECT i.id, i.round, r.name AS "roomName", i.binome_id AS "binomeId", ${BINOME_ORGANISATIONS} AS "binomeOrganisations",
              i.session_candidate_id AS "sessionCandidateId", p.id AS "profileId", p.code AS "profileCode",
              ${PUBLISHED} AS published, CASE WHEN ${PUBLISHED} THEN p.project END AS project,
              CASE WHEN ${PUBLISHED} THEN ${OCCUPATIONS} ELSE '[]'::jsonb END AS occupations, io.outcome
         FROM session_interviews i
         JOIN session_rooms r ON r.id = i.room_id
         JOIN session_candidates sc ON sc.id = i.session_candidate_id
         JOIN candidate_profiles p ON p.id = sc.profile_id
         LEFT JOIN session_interview_outcomes io ON io.interview_id = i.id
        WHERE ${where}
        ORDER BY i.round, r.name, i.id
        OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, offset, limit],
    );
    return { rows, total };
  }

  async assessmentsOf(interviewIds: string[]): Promise<AssessmentRow[]> {
    if (!interviewIds.length) return [];
    return this.query<AssessmentRow[]>(
      `SELECT a.id, a.interview_id AS "interviewId", a.project_clarity AS "projectClarity", a.motivation, a.fit, a.comment,
              wu.display_name AS "writtenByName", a.written_at AS "writtenAt", uu.display_name AS "updatedByName", a.updated_at AS "updatedAt"
         FROM session_assessments a LEFT JOIN users wu ON wu.id = a.written_by LEFT JOIN users uu ON uu.id = a.updated_by
        WHERE a.interview_id = ANY($1::uuid[])`,
      [interviewIds],
    );
  }

  async proposalsOfInterviews(interviewIds: string[]): Promise<ProposalRow[]> {
    if (!interviewIds.length) return [];
    return this.query<ProposalRow[]>(`SELECT ${PROPOSAL_COLUMNS} ${PROPOSAL_FROM} WHERE a.interview_id = ANY($1::uuid[]) ORDER BY sp.created_at, sp.id`, [interviewIds]);
  }

  async proposals(sessionId: string, filter: ProposalFilter, offset: number, limit: number): Promise<{ rows: ProposalRow[]; total: number }> {
    const params: unknown[] = [sessionId];
    const conditions = [`sp.session_id = $1`];
    if (filter.status) conditions.push(`sp.status = $${params.push(filter.status)}`);
    if (filter.profileOwnerOrganisationId) conditions.push(`p.owner_organisation_id = $${params.push(filter.profileOwnerOrganisationId)}`);
    const where = `WHERE ${conditions.join(' AND ')}`;
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total ${PROPOSAL_FROM} ${where}`, params);
    const rows = await this.query<ProposalRow[]>(
      `SELECT ${PROPOSAL_COLUMNS} ${PROPOSAL_FROM} ${where} ORDER BY (sp.status = 'pending') DESC, p.code, sp.created_at, sp.id OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, offset, limit],
    );
    return { rows, total };
  }

  /**
   * The proposals made, in every session, for the profiles an organisation owns: the counsellors' follow-up list.
   * Latest interview day first, then by code, so that one session's proposals stay together.
   */
  async proposalsOwnedBy(ownerOrganisationId: string, status: ProposalStatus | undefined, offset: number, limit: number): Promise<{ rows: OwnedProposalRow[]; total: number }> {
    const params: unknown[] = [ownerOrganisationId];
    let where = `WHERE p.owner_organisation_id = $1`;
    if (status) where += ` AND sp.status = $${params.push(status)}`;
    const from = `${PROPOSAL_FROM} JOIN recruitment_sessions s ON s.id = sp.session_id`;
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total ${from} ${where}`, params);
    const rows = await this.query<OwnedProposalRow[]>(
      `SELECT ${PROPOSAL_COLUMNS}, s.id AS "sessionId", s.title AS "sessionTitle", s.status AS "sessionStatus", s.interview_on::text AS "interviewOn"
         ${from} ${where}
        ORDER BY s.interview_on DESC, s.id, p.code, sp.created_at, sp.id
        OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, offset, limit],
    );
    return { rows, total };
  }

  async findProposal(sessionId: string, proposalId: string): Promise<ProposalRow | null> {
    const rows = await this.query<ProposalRow[]>(`SELECT ${PROPOSAL_COLUMNS} ${PROPOSAL_FROM} WHERE sp.session_id = $1 AND sp.id = $2`, [sessionId, proposalId]);
    return rows[0] ?? null;
  }

  /**
   * Locks the session row, first thing in every debrief write. The planner locks it (FOR UPDATE) before it deletes
   * interviews or cohort members; a debrief write locking those rows first and then inserting rows whose foreign key
   * waits for the session row would deadlock with it. FOR NO KEY UPDATE conflicts with the planner's lock (so the two
   * take turns) but not with the key-share locks of foreign-key checks. Null when the session is gone.
   */
  async lockSession(sessionId: string, manager: EntityManager): Promise<{ status: string; interviewOn: string } | null> {
    const rows = await this.query<{ status: string; interviewOn: string }[]>(
      `SELECT status, interview_on::text AS "interviewOn" FROM recruitment_sessions WHERE id = $1 FOR NO KEY UPDATE`,
      [sessionId],
      manager,
    );
    return rows[0] ?? null;
  }

  /** Locks an interview of the session with the names the PII guard looks for (the profile's and the session's establishments). */
  async lockInterview(sessionId: string, interviewId: string, manager: EntityManager): Promise<LockedInterview | null> {
    const rows = await this.query<LockedInterview[]>(
      `SELECT i.id, i.binome_id AS "binomeId", sc.profile_id AS "profileId", io.outcome,
              array_remove(ARRAY[p.establishment_code, pe.name, s.establishment_code, se.name], NULL) AS "establishmentNames"
         FROM session_interviews i
         JOIN recruitment_sessions s ON s.id = i.session_id
         LEFT JOIN establishments se ON se.code = s.establishment_code
         JOIN session_candidates sc ON sc.id = i.session_candidate_id
         JOIN candidate_profiles p ON p.id = sc.profile_id
         LEFT JOIN establishments pe ON pe.code = p.establishment_code
         LEFT JOIN session_interview_outcomes io ON io.interview_id = i.id
        WHERE i.session_id = $1 AND i.id = $2
        FOR UPDATE OF i`,
      [sessionId, interviewId],
      manager,
    );
    return rows[0] ?? null;
  }

  async saveOutcome(sessionId: string, interviewId: string, outcome: InterviewOutcome, userId: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(
      `INSERT INTO session_interview_outcomes (interview_id, session_id, outcome, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (interview_id) DO UPDATE SET outcome = EXCLUDED.outcome, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
      [interviewId, sessionId, outcome, userId, now],
      manager,
    );
  }

  async assessmentIdOf(interviewId: string, manager: EntityManager): Promise<string | null> {
    const rows = await this.query<{ id: string }[]>(`SELECT id FROM session_assessments WHERE interview_id = $1`, [interviewId], manager);
    return rows[0]?.id ?? null;
  }

  /** Writes the binôme's assessment of an interview: the first writer stays its author, later ones are its last editor. */
  async saveAssessment(
    sessionId: string,
    interviewId: string,
    values: { projectClarity: number; motivation: number; fit: number; comment: string | null },
    userId: string,
    now: Date,
    manager: EntityManager,
  ): Promise<string> {
    const [row] = await this.query<{ id: string }[]>(
      `INSERT INTO session_assessments (interview_id, session_id, project_clarity, motivation, fit, comment, written_by, written_at, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $8)
       ON CONFLICT (interview_id) DO UPDATE SET project_clarity = EXCLUDED.project_clarity, motivation = EXCLUDED.motivation, fit = EXCLUDED.fit,
         comment = EXCLUDED.comment, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
       RETURNING id`,
      [interviewId, sessionId, values.projectClarity, values.motivation, values.fit, values.comment, userId, now],
      manager,
    );
    return row.id;
  }

  async lockProposalsOf(assessmentId: string, manager: EntityManager): Promise<ExistingProposal[]> {
    return this.query<ExistingProposal[]>(
      `SELECT id, kind, organisation_id AS "organisationId", detail, contract_type AS "contractType", sponsor_user_id AS "sponsorUserId", status
         FROM session_proposals WHERE assessment_id = $1 ORDER BY id FOR UPDATE`,
      [assessmentId],
      manager,
    );
  }

  async insertProposal(sessionId: string, assessmentId: string, p: NewProposal, now: Date, manager: EntityManager): Promise<string> {
    const [row] = await this.query<{ id: string }[]>(
      `INSERT INTO session_proposals (assessment_id, session_id, kind, organisation_id, detail, contract_type, sponsor_user_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [assessmentId, sessionId, p.kind, p.organisationId, p.detail, p.contractType, p.sponsorUserId, now],
      manager,
    );
    return row.id;
  }

  async updatePendingProposal(id: string, p: NewProposal, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE session_proposals SET detail = $2, contract_type = $3, sponsor_user_id = $4 WHERE id = $1 AND status = 'pending'`, [id, p.detail, p.contractType, p.sponsorUserId], manager);
  }

  async deletePendingProposals(ids: string[], manager: EntityManager): Promise<void> {
    if (ids.length) await this.query(`DELETE FROM session_proposals WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [ids], manager);
  }

  /** The employer members of an organisation among these users: who may be named as sponsor. */
  async employerMembers(organisationId: string, userIds: string[], manager: EntityManager): Promise<string[]> {
    if (!userIds.length) return [];
    const rows = await this.query<{ id: string }[]>(`SELECT id FROM users WHERE organisation_id = $1 AND role = $2 AND id = ANY($3::uuid[])`, [organisationId, Role.Employer, userIds], manager);
    return rows.map((r) => r.id);
  }

  /** The employer members of an organisation, for the sponsor choice of the form. */
  async membersOf(organisationIds: string[]): Promise<{ id: string; displayName: string; organisationId: string }[]> {
    if (!organisationIds.length) return [];
    return this.query(
      `SELECT id, display_name AS "displayName", organisation_id AS "organisationId" FROM users WHERE organisation_id = ANY($1::uuid[]) AND role = $2 ORDER BY display_name, id`,
      [organisationIds, Role.Employer],
    );
  }

  async lockProposal(sessionId: string, proposalId: string, manager: EntityManager): Promise<LockedProposal | null> {
    const rows = await this.query<LockedProposal[]>(
      `SELECT sp.id, sp.kind, sp.status, sp.organisation_id AS "organisationId", sp.detail, sp.contract_type AS "contractType",
              sp.sponsor_user_id AS "sponsorUserId", su.email AS "sponsorEmail", p.id AS "profileId", p.code AS "profileCode", p.status AS "profileStatus",
              p.owner_organisation_id AS "profileOwnerOrganisationId", sp.accepting_at AS "acceptingAt", sp.accepting_by AS "acceptingBy"
         FROM session_proposals sp
         JOIN session_assessments a ON a.id = sp.assessment_id
         JOIN session_interviews i ON i.id = a.interview_id
         JOIN session_candidates sc ON sc.id = i.session_candidate_id
         JOIN candidate_profiles p ON p.id = sc.profile_id
         LEFT JOIN users su ON su.id = sp.sponsor_user_id
        WHERE sp.session_id = $1 AND sp.id = $2
        FOR UPDATE OF sp`,
      [sessionId, proposalId],
      manager,
    );
    return rows[0] ?? null;
  }

  /** Claims a pending proposal for an acceptance under way; the claim's time identifies it (see `releaseClaim`). */
  async claimForAcceptance(id: string, userId: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE session_proposals SET accepting_at = $2, accepting_by = $3 WHERE id = $1 AND status = 'pending'`, [id, now, userId], manager);
  }

  /** Drops a claim after its follow-up failed, unless another acceptance took the proposal over since. */
  async releaseClaim(id: string, claimedAt: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE session_proposals SET accepting_at = NULL, accepting_by = NULL WHERE id = $1 AND accepting_at = $2`, [id, claimedAt], manager);
  }

  async markAccepted(
    id: string,
    values: { userId: string; now: Date; candidateAgreedOn: string; introductionId: string | null; sponsorshipId: string | null },
    manager: EntityManager,
  ): Promise<void> {
    await this.query(
      `UPDATE session_proposals SET status = 'accepted', decided_by = $2, decided_at = $3, candidate_agreed_on = $4, candidate_agreement_recorded_by = $2,
              introduction_id = $5, sponsorship_id = $6, accepting_at = NULL, accepting_by = NULL
        WHERE id = $1`,
      [id, values.userId, values.now, values.candidateAgreedOn, values.introductionId, values.sponsorshipId],
      manager,
    );
  }

  async markDeclined(id: string, reason: ProposalDeclineReason, userId: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE session_proposals SET status = 'declined', decline_reason = $2, decided_by = $3, decided_at = $4, accepting_at = NULL, accepting_by = NULL WHERE id = $1`, [id, reason, userId, now], manager);
  }

  async organisation(id: string, manager?: EntityManager): Promise<OrganisationContext | null> {
    const rows = await this.query<OrganisationContext[]>(`SELECT id, name, kind, status FROM organisations WHERE id = $1`, [id], manager);
    return rows[0] ?? null;
  }

  /** Locks (creating it if need be) the session's debrief row, so that closing and editing do not cross. */
  async lockDebrief(sessionId: string, manager: EntityManager): Promise<{ closedAt: Date | null; grandOralNotes: string | null }> {
    await this.query(`INSERT INTO session_debriefs (session_id) VALUES ($1) ON CONFLICT (session_id) DO NOTHING`, [sessionId], manager);
    const [row] = await this.query<{ closedAt: Date | null; grandOralNotes: string | null }[]>(
      `SELECT closed_at AS "closedAt", grand_oral_notes AS "grandOralNotes" FROM session_debriefs WHERE session_id = $1 FOR UPDATE`,
      [sessionId],
      manager,
    );
    return row;
  }

  async setClosed(sessionId: string, closed: boolean, userId: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(
      `UPDATE session_debriefs SET closed_at = CASE WHEN $2 THEN $4::timestamptz END, closed_by = CASE WHEN $2 THEN $3::uuid END, updated_by = $3, updated_at = $4 WHERE session_id = $1`,
      [sessionId, closed, userId, now],
      manager,
    );
  }

  async setGrandOralNotes(sessionId: string, notes: string | null, userId: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE session_debriefs SET grand_oral_notes = $2, updated_by = $3, updated_at = $4 WHERE session_id = $1`, [sessionId, notes, userId, now], manager);
  }

  async grandOralNotes(sessionId: string): Promise<string | null> {
    const rows = await this.query<{ notes: string | null }[]>(`SELECT grand_oral_notes AS notes FROM session_debriefs WHERE session_id = $1`, [sessionId]);
    return rows[0]?.notes ?? null;
  }

  /** The cohort in its order (when each was added), with the candidates' codes. */
  async cohort(sessionId: string, manager?: EntityManager): Promise<{ id: string; profileCode: string }[]> {
    return this.query(
      `SELECT sc.id, p.code AS "profileCode" FROM session_candidates sc JOIN candidate_profiles p ON p.id = sc.profile_id WHERE sc.session_id = $1 ORDER BY sc.added_at, sc.id`,
      [sessionId],
      manager,
    );
  }

  async passages(sessionId: string, manager?: EntityManager): Promise<PassageRow[]> {
    return this.query<PassageRow[]>(
      `SELECT g.session_candidate_id AS "sessionCandidateId", p.code AS "profileCode", g.position, g.note
         FROM grand_oral_passages g JOIN session_candidates sc ON sc.id = g.session_candidate_id JOIN candidate_profiles p ON p.id = sc.profile_id
        WHERE g.session_id = $1 ORDER BY g.position`,
      [sessionId],
      manager,
    );
  }

  /**
   * Writes the whole order: position n for the n-th id. The current positions are first moved past any real one,
   * so that no row collides with another on the unique position while the new ones are written.
   */
  async writeOrder(sessionId: string, orderedIds: string[], userId: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE grand_oral_passages SET position = position + 100000 WHERE session_id = $1`, [sessionId], manager);
    await this.query(
      `INSERT INTO grand_oral_passages (session_candidate_id, session_id, position, updated_by, updated_at)
       SELECT id, $2, n::int, $3, $4 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)
       ON CONFLICT (session_candidate_id) DO UPDATE SET position = EXCLUDED.position, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [orderedIds, sessionId, userId, now],
      manager,
    );
  }

  async setPassageNote(sessionId: string, sessionCandidateId: string, note: string | null, userId: string, now: Date, manager: EntityManager): Promise<boolean> {
    const rows = await this.query<{ id: string }[]>(
      `UPDATE grand_oral_passages SET note = $3, updated_by = $4, updated_at = $5 WHERE session_id = $1 AND session_candidate_id = $2 RETURNING session_candidate_id AS id`,
      [sessionId, sessionCandidateId, note, userId, now],
      manager,
    );
    return rows.length > 0;
  }

  async attendance(sessionId: string): Promise<AttendanceRow[]> {
    return this.query<AttendanceRow[]>(
      `SELECT o.id AS "organisationId", so.id AS "participantId", o.name, ga.present
         FROM session_organisations so JOIN organisations o ON o.id = so.organisation_id LEFT JOIN grand_oral_attendance ga ON ga.participant_id = so.id
        WHERE so.session_id = $1 ORDER BY o.name, o.id`,
      [sessionId],
    );
  }

  /** Records whether a participating organisation came; false when the participation is not one of the session's. */
  async saveAttendance(sessionId: string, participantId: string, present: boolean, userId: string, now: Date, manager: EntityManager): Promise<boolean> {
    const rows = await this.query<{ id: string }[]>(
      `INSERT INTO grand_oral_attendance (participant_id, session_id, present, recorded_by, recorded_at)
       SELECT so.id, so.session_id, $3, $4, $5 FROM session_organisations so WHERE so.session_id = $1 AND so.id = $2
       ON CONFLICT (participant_id) DO UPDATE SET present = EXCLUDED.present, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at
       RETURNING participant_id AS id`,
      [sessionId, participantId, present, userId, now],
      manager,
    );
    return rows.length > 0;
  }

  /** Every figure of the statistics page in one statement, each a sub-select on one session's rows. */
  async figures(sessionId: string, target: number): Promise<SessionFigures> {
    const [row] = await this.query<SessionFigures[]>(
      `SELECT
         (SELECT count(*)::int FROM session_candidates WHERE session_id = $1) AS candidates,
         (SELECT count(*)::int FROM session_organisations WHERE session_id = $1) AS organisations,
         (SELECT count(*)::int FROM grand_oral_attendance WHERE session_id = $1 AND present) AS "organisationsPresent",
         (SELECT count(*)::int FROM grand_oral_attendance WHERE session_id = $1 AND NOT present) AS "organisationsAbsent",
         (SELECT count(*)::int FROM session_interviews WHERE session_id = $1) AS "interviewsScheduled",
         (SELECT count(*)::int FROM session_interview_outcomes WHERE session_id = $1 AND outcome = 'held') AS "interviewsHeld",
         (SELECT count(*)::int FROM session_interview_outcomes WHERE session_id = $1 AND outcome = 'no_show') AS "interviewsNoShow",
         (SELECT count(*)::int FROM (
            SELECT i.session_candidate_id FROM session_interviews i JOIN session_interview_outcomes io ON io.interview_id = i.id AND io.outcome = 'held'
             WHERE i.session_id = $1 GROUP BY i.session_candidate_id HAVING count(DISTINCT i.binome_id) >= $2) met) AS "candidatesMeetingTarget",
         (SELECT count(*)::int FROM session_assessments WHERE session_id = $1) AS assessments,
         (SELECT coalesce(jsonb_object_agg(kind, n), '{}'::jsonb) FROM (SELECT kind, count(*)::int AS n FROM session_proposals WHERE session_id = $1 GROUP BY kind) k) AS "proposalsByKind",
         (SELECT coalesce(jsonb_object_agg(status, n), '{}'::jsonb) FROM (SELECT status, count(*)::int AS n FROM session_proposals WHERE session_id = $1 GROUP BY status) s) AS "proposalsByStatus",
         (SELECT count(*)::int FROM session_proposals WHERE session_id = $1 AND introduction_id IS NOT NULL) AS "introductionsCreated",
         (SELECT count(*)::int FROM session_proposals WHERE session_id = $1 AND sponsorship_id IS NOT NULL) AS "sponsorshipsCreated"`,
      [sessionId, target],
    );
    return row;
  }
}
