import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Rows of recruitment sessions written straight into their tables (1765300000000-RecruitmentSessions), so that the
 * debrief's tests do not depend on the planner's API. Each helper returns the new row's id.
 */

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const ESTABLISHMENT = 'CP POITIERS VIVONNE';

/** A fresh pseudonymous code (PSG- and eight characters: collisions are negligible). */
export const randomProfileCode = () => `PSG-${Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')}`;

/** A profile of an organisation: published (with an active consent) or internal (a draft). Needs the reference data (F1606, basin 7513). */
export async function insertProfile(ds: DataSource, ownerOrganisationId: string, options: { published?: boolean; project?: string } = {}): Promise<{ id: string; code: string }> {
  const code = randomProfileCode();
  const [row] = await ds.query(
    options.published
      ? `INSERT INTO candidate_profiles (code, owner_organisation_id, establishment_code, status, target_rome_codes, target_basin_codes, release_from, release_until, published_at, project)
         VALUES ($1, $2, $3, 'published', '{F1606}', '{7513}', '2027-01-01', '2027-03-31', now(), $4) RETURNING id`
      : `INSERT INTO candidate_profiles (code, owner_organisation_id, establishment_code, target_rome_codes, project) VALUES ($1, $2, $3, '{F1606}', $4) RETURNING id`,
    [code, ownerOrganisationId, ESTABLISHMENT, options.project ?? 'Reprendre un poste en peinture décorative.'],
  );
  if (options.published) await ds.query(`INSERT INTO candidate_consents (profile_id, scope, given_on, recorded_by) VALUES ($1, 'publication', current_date, NULL)`, [row.id]);
  return { id: row.id, code };
}

export async function insertProgramme(ds: DataSource, organisationIds: string[]): Promise<string> {
  const [row] = await ds.query(`INSERT INTO programmes (name) VALUES ($1) RETURNING id`, [`Programme ${randomProfileCode()}`]);
  for (const organisationId of organisationIds) await ds.query(`INSERT INTO programme_members (programme_id, organisation_id) VALUES ($1, $2)`, [row.id, organisationId]);
  return row.id;
}

/**
 * A session whose schedule is settled and whose interview day is past by default, so that its debrief is open;
 * `status` and `interviewOn` make the other cases (in planning, cancelled, interview day to come).
 */
export async function insertSession(
  ds: DataSource,
  values: {
    programmeId: string;
    organiserOrganisationId: string;
    title?: string;
    meetingsPerCandidate?: number;
    status?: 'planning' | 'scheduled' | 'held' | 'cancelled';
    interviewOn?: string;
    grandOralOn?: string | null;
  },
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO recruitment_sessions (programme_id, organiser_organisation_id, establishment_code, title, status, interview_on, grand_oral_on, day_starts_at, day_ends_at, slot_minutes, break_minutes, meetings_per_candidate)
     VALUES ($1, $2, $3, $4, $5, $6, $7, '09:00', '12:00', 20, 5, $8) RETURNING id`,
    [
      values.programmeId,
      values.organiserOrganisationId,
      ESTABLISHMENT,
      values.title ?? 'Session de Vivonne',
      values.status ?? 'scheduled',
      values.interviewOn ?? '2026-02-10',
      values.grandOralOn === undefined ? (values.interviewOn ?? '2026-02-12') : values.grandOralOn,
      values.meetingsPerCandidate ?? 3,
    ],
  );
  return row.id;
}

export async function insertRoom(ds: DataSource, sessionId: string, name: string): Promise<string> {
  const [row] = await ds.query(`INSERT INTO session_rooms (session_id, name) VALUES ($1, $2) RETURNING id`, [sessionId, name]);
  return row.id;
}

/** A participating organisation, available all morning; returns the participation's id. */
export async function insertParticipant(ds: DataSource, sessionId: string, organisationId: string): Promise<string> {
  const [row] = await ds.query(`INSERT INTO session_organisations (session_id, organisation_id, available_from, available_until) VALUES ($1, $2, '09:00', '12:00') RETURNING id`, [
    sessionId,
    organisationId,
  ]);
  return row.id;
}

/** Two participating organisations paired; returns the binôme's id. */
export async function insertBinome(ds: DataSource, sessionId: string, organisationIds: [string, string]): Promise<string> {
  const participants = [await insertParticipant(ds, sessionId, organisationIds[0]), await insertParticipant(ds, sessionId, organisationIds[1])];
  const [row] = await ds.query(`INSERT INTO session_binomes (session_id) VALUES ($1) RETURNING id`, [sessionId]);
  for (const participantId of participants) await ds.query(`INSERT INTO session_binome_members (binome_id, participant_id) VALUES ($1, $2)`, [row.id, participantId]);
  return row.id;
}

/** A profile in the cohort; returns the session candidate's id. */
export async function insertCandidate(ds: DataSource, sessionId: string, profileId: string): Promise<string> {
  const [row] = await ds.query(`INSERT INTO session_candidates (session_id, profile_id) VALUES ($1, $2) RETURNING id`, [sessionId, profileId]);
  return row.id;
}

export async function insertInterview(ds: DataSource, values: { sessionId: string; binomeId: string; sessionCandidateId: string; roomId: string; round: number }): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO session_interviews (session_id, binome_id, session_candidate_id, room_id, round) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [values.sessionId, values.binomeId, values.sessionCandidateId, values.roomId, values.round],
  );
  return row.id;
}
