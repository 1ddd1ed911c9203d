import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EMPLOYER_KINDS, OrganisationKind, OrganisationStatus } from '../organisations/organisation.entity';
import { RecruitmentSessionStatus } from './recruitment-session';

export interface SessionRow {
  id: string;
  programmeId: string;
  programmeName: string;
  organiserOrganisationId: string;
  establishmentCode: string;
  establishmentName: string;
  title: string;
  coachingOn: string | null;
  interviewOn: string;
  grandOralOn: string | null;
  dayStartsAt: string;
  dayEndsAt: string;
  slotMinutes: number;
  breakMinutes: number;
  meetingsPerCandidate: number;
  status: RecruitmentSessionStatus;
  scheduleSentAt: Date | null;
  scheduleChangedAt: Date | null;
  createdAt: Date;
  candidateCount: number;
  organisationCount: number;
  interviewCount: number;
}

export interface SessionValues {
  title: string;
  coachingOn: string | null;
  interviewOn: string;
  grandOralOn: string | null;
  dayStartsAt: string;
  dayEndsAt: string;
  slotMinutes: number;
  breakMinutes: number;
  meetingsPerCandidate: number;
}

export interface SessionCandidateRow {
  id: string;
  profileId: string;
  code: string;
  targetRomeCodes: string[];
  occupations: { code: string; label: string }[];
  /**
   * Published with an active publication consent: only then do employers see its target occupations and project
   * (its text passed the PII guard and the person agreed to be shown).
   */
  published: boolean;
  project: string | null;
}

export interface ParticipantRow {
  id: string;
  organisationId: string;
  name: string;
  kind: OrganisationKind;
  /** Only members of an active organisation receive its schedule (a suspended one cannot read it either). */
  organisationStatus: OrganisationStatus;
  nafCode: string | null;
  availableFrom: string;
  availableUntil: string;
  scheduleSentAt: Date | null;
  scheduleSendCount: number;
}

export interface RoomRow {
  id: string;
  name: string;
}

export interface BinomeRow {
  id: string;
  locked: boolean;
  reasons: string[];
  /** Participants (session_organisations ids), two of them. */
  participantIds: string[];
  createdAt: Date;
}

export interface InterviewRow {
  id: string;
  binomeId: string;
  sessionCandidateId: string;
  roomId: string;
  round: number;
  relevance: number;
  manual: boolean;
}

export interface NewInterview {
  binomeId: string;
  sessionCandidateId: string;
  roomId: string;
  round: number;
  relevance: number;
}

export interface ChoiceRow {
  id: string;
  label: string;
}

const TIME = (column: string, alias: string) => `to_char(${column}, 'HH24:MI') AS "${alias}"`;

const SESSION_COLUMNS = `s.id, s.programme_id AS "programmeId", g.name AS "programmeName", s.organiser_organisation_id AS "organiserOrganisationId",
  s.establishment_code AS "establishmentCode", e.name AS "establishmentName", s.title,
  s.coaching_on::text AS "coachingOn", s.interview_on::text AS "interviewOn", s.grand_oral_on::text AS "grandOralOn",
  ${TIME('s.day_starts_at', 'dayStartsAt')}, ${TIME('s.day_ends_at', 'dayEndsAt')},
  s.slot_minutes AS "slotMinutes", s.break_minutes AS "breakMinutes", s.meetings_per_candidate AS "meetingsPerCandidate",
  s.status, s.schedule_sent_at AS "scheduleSentAt", s.schedule_changed_at AS "scheduleChangedAt", s.created_at AS "createdAt",
  (SELECT count(*) FROM session_candidates c WHERE c.session_id = s.id)::int AS "candidateCount",
  (SELECT count(*) FROM session_organisations so WHERE so.session_id = s.id)::int AS "organisationCount",
  (SELECT count(*) FROM session_interviews i WHERE i.session_id = s.id)::int AS "interviewCount"`;

/** A profile employers may read: published, and its publication consent still active. */
const PUBLISHED = `(p.status = 'published' AND EXISTS (SELECT 1 FROM candidate_consents cc WHERE cc.profile_id = p.id AND cc.scope = 'publication' AND cc.revoked_at IS NULL))`;

const SESSION_FROM = `recruitment_sessions s JOIN programmes g ON g.id = s.programme_id JOIN establishments e ON e.code = s.establishment_code`;

/** Recruitment sessions, their cohort, organisations, rooms, binômes and interviews. */
@Injectable()
export class RecruitmentSessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T> {
    return (manager ?? this.dataSource.manager).query(sql, params);
  }

  // Sessions

  async insert(values: SessionValues & { programmeId: string; organiserOrganisationId: string; establishmentCode: string; createdBy: string; now: Date }, manager: EntityManager): Promise<string> {
    const rows = await this.query<{ id: string }[]>(
      `INSERT INTO recruitment_sessions (programme_id, organiser_organisation_id, establishment_code, title, coaching_on, interview_on, grand_oral_on,
                                         day_starts_at, day_ends_at, slot_minutes, break_minutes, meetings_per_candidate, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
      [
        values.programmeId,
        values.organiserOrganisationId,
        values.establishmentCode,
        values.title,
        values.coachingOn,
        values.interviewOn,
        values.grandOralOn,
        values.dayStartsAt,
        values.dayEndsAt,
        values.slotMinutes,
        values.breakMinutes,
        values.meetingsPerCandidate,
        values.createdBy,
        values.now,
      ],
      manager,
    );
    return rows[0].id;
  }

  /** Sessions by interview day, latest first; with an organiser, only that organisation's. */
  async list(organiserOrganisationId: string | null, offset: number, limit: number): Promise<{ rows: SessionRow[]; total: number }> {
    const where = organiserOrganisationId ? `WHERE s.organiser_organisation_id = $1` : '';
    const params = organiserOrganisationId ? [organiserOrganisationId] : [];
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM recruitment_sessions s ${where}`, params);
    const rows = await this.query<SessionRow[]>(
      `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} ${where} ORDER BY s.interview_on DESC, s.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { rows, total };
  }

  /** Sessions an organisation takes part in, cancelled ones aside, latest interview day first. */
  async listForParticipant(organisationId: string, offset: number, limit: number): Promise<{ rows: SessionRow[]; total: number }> {
    const where = `WHERE s.status <> 'cancelled' AND EXISTS (SELECT 1 FROM session_organisations so WHERE so.session_id = s.id AND so.organisation_id = $1)`;
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM recruitment_sessions s ${where}`, [organisationId]);
    const rows = await this.query<SessionRow[]>(`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} ${where} ORDER BY s.interview_on DESC, s.id LIMIT $2 OFFSET $3`, [
      organisationId,
      limit,
      offset,
    ]);
    return { rows, total };
  }

  async find(id: string, manager?: EntityManager): Promise<SessionRow | null> {
    const rows = await this.query<SessionRow[]>(`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = $1`, [id], manager);
    return rows[0] ?? null;
  }

  /** Locks the session row: every change of a session's planning goes through it, one at a time. */
  async lock(id: string, manager: EntityManager): Promise<SessionRow | null> {
    await this.query(`SELECT id FROM recruitment_sessions WHERE id = $1 FOR UPDATE`, [id], manager);
    return this.find(id, manager);
  }

  async update(id: string, values: SessionValues, now: Date, manager: EntityManager): Promise<void> {
    await this.query(
      `UPDATE recruitment_sessions SET title = $2, coaching_on = $3, interview_on = $4, grand_oral_on = $5, day_starts_at = $6, day_ends_at = $7,
              slot_minutes = $8, break_minutes = $9, meetings_per_candidate = $10, updated_at = $11 WHERE id = $1`,
      [id, values.title, values.coachingOn, values.interviewOn, values.grandOralOn, values.dayStartsAt, values.dayEndsAt, values.slotMinutes, values.breakMinutes, values.meetingsPerCandidate, now],
      manager,
    );
  }

  async setStatus(id: string, status: RecruitmentSessionStatus, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE recruitment_sessions SET status = $2, updated_at = $3 WHERE id = $1`, [id, status, now], manager);
  }

  async scheduleChanged(id: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE recruitment_sessions SET schedule_changed_at = $2, updated_at = $2 WHERE id = $1`, [id, now], manager);
  }

  async scheduleSent(id: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE recruitment_sessions SET schedule_sent_at = $2, updated_at = $2 WHERE id = $1`, [id, now], manager);
  }

  async isProgrammeMember(programmeId: string, organisationId: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.query<unknown[]>(`SELECT 1 FROM programme_members WHERE programme_id = $1 AND organisation_id = $2`, [programmeId, organisationId], manager);
    return rows.length > 0;
  }

  async establishmentExists(code: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.query<unknown[]>(`SELECT 1 FROM establishments WHERE code = $1`, [code], manager);
    return rows.length > 0;
  }

  /** Choices of the creation form: the programmes of the organisation and the establishments. */
  async programmesOf(organisationId: string): Promise<ChoiceRow[]> {
    return this.query(
      `SELECT g.id, g.name AS label FROM programmes g WHERE EXISTS (SELECT 1 FROM programme_members m WHERE m.programme_id = g.id AND m.organisation_id = $1)
        ORDER BY lower(g.name), g.id`,
      [organisationId],
    );
  }

  async establishments(): Promise<ChoiceRow[]> {
    return this.query(`SELECT code AS id, name AS label FROM establishments ORDER BY name, code`, []);
  }

  // Cohort

  async candidates(sessionId: string, manager?: EntityManager): Promise<SessionCandidateRow[]> {
    return this.query(
      `SELECT c.id, p.id AS "profileId", p.code, p.target_rome_codes::text[] AS "targetRomeCodes", ${PUBLISHED} AS published,
              CASE WHEN ${PUBLISHED} THEN p.project END AS project,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('code', o.code, 'label', o.label) ORDER BY array_position(p.target_rome_codes, o.code)), '[]'::jsonb)
                 FROM rome_occupations o WHERE o.code = ANY(p.target_rome_codes)) AS occupations
         FROM session_candidates c JOIN candidate_profiles p ON p.id = c.profile_id
        WHERE c.session_id = $1 ORDER BY p.code`,
      [sessionId],
      manager,
    );
  }

  /** A profile of one of the programme's organisations that is still followed (not archived), by its code. */
  async findProgrammeProfile(programmeId: string, code: string, manager: EntityManager): Promise<string | null> {
    const rows = await this.query<{ id: string }[]>(
      `SELECT p.id FROM candidate_profiles p
        WHERE p.code = $2 AND p.status <> 'archived'
          AND EXISTS (SELECT 1 FROM programme_members m WHERE m.programme_id = $1 AND m.organisation_id = p.owner_organisation_id)`,
      [programmeId, code],
      manager,
    );
    return rows[0]?.id ?? null;
  }

  /** Profiles the cohort may still take, by code (the "add" form's choices). */
  async candidateChoices(sessionId: string, programmeId: string, limit: number): Promise<ChoiceRow[]> {
    return this.query(
      `SELECT p.code AS id, p.code AS label FROM candidate_profiles p
        WHERE p.status <> 'archived'
          AND EXISTS (SELECT 1 FROM programme_members m WHERE m.programme_id = $2 AND m.organisation_id = p.owner_organisation_id)
          AND NOT EXISTS (SELECT 1 FROM session_candidates c WHERE c.session_id = $1 AND c.profile_id = p.id)
        ORDER BY p.code LIMIT $3`,
      [sessionId, programmeId, limit],
    );
  }

  /** Adds the profile; null when it already is in the cohort. */
  async addCandidate(sessionId: string, profileId: string, addedBy: string | null, now: Date, manager: EntityManager): Promise<string | null> {
    const rows = await this.query<{ id: string }[]>(
      `INSERT INTO session_candidates (session_id, profile_id, added_by, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`,
      [sessionId, profileId, addedBy, now],
      manager,
    );
    return rows[0]?.id ?? null;
  }

  /** Removes a cohort member with its interviews; false when it was not in the session. */
  async removeCandidate(sessionId: string, candidateId: string, manager: EntityManager): Promise<boolean> {
    const [, removed] = await this.query<[unknown[], number]>(`DELETE FROM session_candidates WHERE session_id = $1 AND id = $2`, [sessionId, candidateId], manager);
    return removed > 0;
  }

  // Participating organisations

  async participants(sessionId: string, manager?: EntityManager): Promise<ParticipantRow[]> {
    return this.query(
      `SELECT so.id, so.organisation_id AS "organisationId", o.name, o.kind, o.status AS "organisationStatus", o.naf_code AS "nafCode",
              ${TIME('so.available_from', 'availableFrom')}, ${TIME('so.available_until', 'availableUntil')},
              so.schedule_sent_at AS "scheduleSentAt", so.schedule_send_count AS "scheduleSendCount"
         FROM session_organisations so JOIN organisations o ON o.id = so.organisation_id
        WHERE so.session_id = $1 ORDER BY lower(o.name), o.id`,
      [sessionId],
      manager,
    );
  }

  async isActiveEmployer(organisationId: string, manager: EntityManager): Promise<boolean> {
    const rows = await this.query<unknown[]>(`SELECT 1 FROM organisations WHERE id = $1 AND status = 'active' AND kind = ANY($2::text[])`, [organisationId, EMPLOYER_KINDS], manager);
    return rows.length > 0;
  }

  /** Active employer organisations not taking part yet, by name. */
  async participantChoices(sessionId: string, limit: number): Promise<(ChoiceRow & { kind: OrganisationKind })[]> {
    return this.query(
      `SELECT o.id, o.name AS label, o.kind FROM organisations o
        WHERE o.status = 'active' AND o.kind = ANY($2::text[])
          AND NOT EXISTS (SELECT 1 FROM session_organisations so WHERE so.session_id = $1 AND so.organisation_id = o.id)
        ORDER BY lower(o.name), o.id LIMIT $3`,
      [sessionId, EMPLOYER_KINDS, limit],
    );
  }

  async addParticipant(sessionId: string, organisationId: string, availableFrom: string, availableUntil: string, addedBy: string, now: Date, manager: EntityManager): Promise<string | null> {
    const rows = await this.query<{ id: string }[]>(
      `INSERT INTO session_organisations (session_id, organisation_id, available_from, available_until, added_by, added_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
      [sessionId, organisationId, availableFrom, availableUntil, addedBy, now],
      manager,
    );
    return rows[0]?.id ?? null;
  }

  async setAvailability(participantId: string, availableFrom: string, availableUntil: string, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE session_organisations SET available_from = $2, available_until = $3 WHERE id = $1`, [participantId, availableFrom, availableUntil], manager);
  }

  async removeParticipant(participantId: string, manager: EntityManager): Promise<void> {
    await this.query(`DELETE FROM session_organisations WHERE id = $1`, [participantId], manager);
  }

  /** ROME letters of each organisation's published needs. */
  async needRomeLetters(organisationIds: readonly string[]): Promise<Map<string, string[]>> {
    if (!organisationIds.length) return new Map();
    const rows = await this.query<{ organisationId: string; letters: string[] }[]>(
      `SELECT organisation_id AS "organisationId", array_agg(DISTINCT left(rome_code, 1) ORDER BY left(rome_code, 1)) AS letters
         FROM employer_needs WHERE organisation_id = ANY($1::uuid[]) AND status = 'published' GROUP BY organisation_id`,
      [organisationIds],
    );
    return new Map(rows.map((r) => [r.organisationId, r.letters]));
  }

  // Rooms

  async rooms(sessionId: string, manager?: EntityManager): Promise<RoomRow[]> {
    return this.query(`SELECT id, name FROM session_rooms WHERE session_id = $1 ORDER BY created_at, id`, [sessionId], manager);
  }

  /** Adds a room; null when the session already has one of that name (case aside). */
  async addRoom(sessionId: string, name: string, now: Date, manager: EntityManager): Promise<string | null> {
    const rows = await this.query<{ id: string }[]>(
      `INSERT INTO session_rooms (session_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id`,
      [sessionId, name, now],
      manager,
    );
    return rows[0]?.id ?? null;
  }

  async roomNameTaken(sessionId: string, name: string, exceptId: string, manager: EntityManager): Promise<boolean> {
    const rows = await this.query<unknown[]>(`SELECT 1 FROM session_rooms WHERE session_id = $1 AND lower(name) = lower($2) AND id <> $3`, [sessionId, name, exceptId], manager);
    return rows.length > 0;
  }

  async renameRoom(roomId: string, name: string, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE session_rooms SET name = $2 WHERE id = $1`, [roomId, name], manager);
  }

  async removeRoom(roomId: string, manager: EntityManager): Promise<void> {
    await this.query(`DELETE FROM session_rooms WHERE id = $1`, [roomId], manager);
  }

  // Binômes

  async binomes(sessionId: string, manager?: EntityManager): Promise<BinomeRow[]> {
    return this.query(
      `SELECT b.id, b.locked, b.reasons, b.created_at AS "createdAt",
              (SELECT array_agg(m.participant_id::text ORDER BY m.participant_id) FROM session_binome_members m WHERE m.binome_id = b.id) AS "participantIds"
         FROM session_binomes b WHERE b.session_id = $1 ORDER BY b.created_at, b.id`,
      [sessionId],
      manager,
    );
  }

  async insertBinome(sessionId: string, participantIds: [string, string], locked: boolean, reasons: string[], createdBy: string | null, now: Date, manager: EntityManager): Promise<string> {
    const rows = await this.query<{ id: string }[]>(
      `INSERT INTO session_binomes (session_id, locked, reasons, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [sessionId, locked, reasons, createdBy, now],
      manager,
    );
    await this.query(`INSERT INTO session_binome_members (binome_id, participant_id) VALUES ($1, $2), ($1, $3)`, [rows[0].id, ...participantIds], manager);
    return rows[0].id;
  }

  async deleteBinomes(ids: readonly string[], manager: EntityManager): Promise<void> {
    if (ids.length) await this.query(`DELETE FROM session_binomes WHERE id = ANY($1::uuid[])`, [ids], manager);
  }

  // Interviews

  async interviews(sessionId: string, manager?: EntityManager): Promise<InterviewRow[]> {
    return this.query(
      `SELECT id, binome_id AS "binomeId", session_candidate_id AS "sessionCandidateId", room_id AS "roomId", round, relevance, manual
         FROM session_interviews WHERE session_id = $1 ORDER BY round, room_id, id`,
      [sessionId],
      manager,
    );
  }

  /**
   * Whether the debrief of the session has started: an interview has an outcome, an assessment or a proposal.
   * Called under the session's lock, which the debrief's writes also take (FOR NO KEY UPDATE) before locking their
   * interview. The session's interviews are locked here too, so that the check holds against any writer that locks
   * only its interview: once this returns, no debrief row can appear on them until the caller's transaction ends,
   * and one committed meanwhile is seen (READ COMMITTED reads again at each statement).
   */
  async debriefStarted(sessionId: string, manager: EntityManager): Promise<boolean> {
    await this.query(`SELECT id FROM session_interviews WHERE session_id = $1 ORDER BY id FOR UPDATE`, [sessionId], manager);
    const [{ started }] = await this.query<{ started: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM session_interview_outcomes WHERE session_id = $1)
           OR EXISTS (SELECT 1 FROM session_assessments WHERE session_id = $1)
           OR EXISTS (SELECT 1 FROM session_proposals WHERE session_id = $1) AS started`,
      [sessionId],
      manager,
    );
    return started;
  }

  /** Interviews that have an outcome or an assessment (proposals hang on assessments): the debrief's own rows. */
  async debriefedInterviews(sessionId: string, manager?: EntityManager): Promise<string[]> {
    const rows = await this.query<{ id: string }[]>(
      `SELECT interview_id AS id FROM session_interview_outcomes WHERE session_id = $1
        UNION SELECT interview_id FROM session_assessments WHERE session_id = $1`,
      [sessionId],
      manager,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Which of these interviews have debrief rows, read after locking them (as debriefStarted does, for the same
   * reason): a hand move must not carry away an interview whose debrief is being written.
   */
  async lockDebriefed(sessionId: string, interviewIds: readonly string[], manager: EntityManager): Promise<string[]> {
    await this.query(`SELECT id FROM session_interviews WHERE session_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`, [sessionId, interviewIds], manager);
    const rows = await this.query<{ id: string }[]>(
      `SELECT i.id FROM session_interviews i
        WHERE i.session_id = $1 AND i.id = ANY($2::uuid[])
          AND (EXISTS (SELECT 1 FROM session_interview_outcomes o WHERE o.interview_id = i.id) OR EXISTS (SELECT 1 FROM session_assessments a WHERE a.interview_id = i.id))`,
      [sessionId, interviewIds],
      manager,
    );
    return rows.map((r) => r.id);
  }

  /** Deletes the whole schedule; the number of interviews removed. */
  async deleteInterviews(sessionId: string, manager: EntityManager): Promise<number> {
    const [, removed] = await this.query<[unknown[], number]>(`DELETE FROM session_interviews WHERE session_id = $1`, [sessionId], manager);
    return removed;
  }

  async insertInterviews(sessionId: string, interviews: readonly NewInterview[], now: Date, manager: EntityManager): Promise<void> {
    if (!interviews.length) return;
    await this.query(
      `INSERT INTO session_interviews (session_id, binome_id, session_candidate_id, room_id, round, relevance, created_at)
       SELECT $1, x.binome_id, x.candidate_id, x.room_id, x.round, x.relevance, $7
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::real[]) AS x(binome_id, candidate_id, room_id, round, relevance)`,
      [
        sessionId,
        interviews.map((i) => i.binomeId),
        interviews.map((i) => i.sessionCandidateId),
        interviews.map((i) => i.roomId),
        interviews.map((i) => i.round),
        interviews.map((i) => i.relevance),
        now,
      ],
      manager,
    );
  }

  /**
   * Moves interviews to their new round and room, marked as placed by hand. The unique constraints are checked at
   * commit, so that two interviews can trade places within one transaction.
   */
  async moveInterviews(moves: readonly { id: string; round: number; roomId: string }[], manager: EntityManager): Promise<void> {
    await this.query(
      `SET CONSTRAINTS session_interviews_binome_round_key, session_interviews_candidate_round_key, session_interviews_room_round_key, session_interviews_meeting_key DEFERRED`,
      [],
      manager,
    );
    for (const move of moves) {
      await this.query(`UPDATE session_interviews SET round = $2, room_id = $3, manual = true WHERE id = $1`, [move.id, move.round, move.roomId], manager);
    }
    // Checked now rather than at COMMIT, so that a conflict is an error of this statement the service can answer.
    await this.query(
      `SET CONSTRAINTS session_interviews_binome_round_key, session_interviews_candidate_round_key, session_interviews_room_round_key, session_interviews_meeting_key IMMEDIATE`,
      [],
      manager,
    );
  }

  // Employers and e-mails

  async participantOf(sessionId: string, organisationId: string, manager?: EntityManager): Promise<ParticipantRow | null> {
    const rows = (await this.participants(sessionId, manager)).filter((p) => p.organisationId === organisationId);
    return rows[0] ?? null;
  }

  async participantById(participantId: string): Promise<(ParticipantRow & { sessionId: string }) | null> {
    const rows = await this.query<{ sessionId: string }[]>(`SELECT session_id AS "sessionId" FROM session_organisations WHERE id = $1`, [participantId]);
    if (!rows.length) return null;
    const participant = (await this.participants(rows[0].sessionId)).find((p) => p.id === participantId);
    return participant ? { ...participant, sessionId: rows[0].sessionId } : null;
  }

  /** Members of the organisation who confirmed their e-mail address: who receives its schedule. */
  async organisationRecipients(organisationId: string, manager: EntityManager): Promise<string[]> {
    const rows = await this.query<{ id: string }[]>(
      `SELECT id FROM users WHERE organisation_id = $1 AND role = 'employer' AND email_verified_at IS NOT NULL ORDER BY created_at, id`,
      [organisationId],
      manager,
    );
    return rows.map((r) => r.id);
  }

  async participantScheduleSent(participantId: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE session_organisations SET schedule_sent_at = $2, schedule_send_count = schedule_send_count + 1 WHERE id = $1`, [participantId, now], manager);
  }
}
