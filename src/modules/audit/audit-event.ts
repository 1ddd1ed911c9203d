/**
 * One thing that happened, as the caller reports it.
 *
 * Privacy (DESIGN §2): the audit trail outlives profiles and users, so nothing in it may identify a person
 * beyond opaque ids. `details` holds ids, codes, enum values, counts and field names only — never personal
 * data (names, emails, phones, dates of birth, écrou or NIR numbers) and never free text written by a user,
 * not even a "reason" or a "justification" (store that on its own row and put that row's id here).
 */
export interface AuditEventInput {
  /** The user who acted; null for the system (scheduled sweeps, imports). */
  actorUserId: string | null;
  /** Dotted lowercase verb, subject first: `profile.read_by_employer`, `consent.recorded`. */
  action: string;
  /** Kind of thing acted upon: `candidate_profile`, `organisation`, `user`. */
  subjectType: string;
  subjectId: string;
  /** Ids, codes and enum values only (see above); at most `AUDIT_DETAILS_MAX_BYTES` of JSON. */
  details?: Record<string, unknown>;
}

/** An event as stored, for staff pages and access reviews. */
export interface AuditEventDto {
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  correlationId: string | null;
}

/** Same rule as the `audit_events_action_format` check, to fail with a clear message before the database does. */
export const AUDIT_ACTION_FORMAT = /^[a-z_]+(\.[a-z_]+)+$/;
export const AUDIT_ACTION_MAX_LENGTH = 64;
export const AUDIT_SUBJECT_TYPE_MAX_LENGTH = 32;
export const AUDIT_SUBJECT_ID_MAX_LENGTH = 64;
/** Details are a few ids and codes; anything bigger is a sign that free text is leaking in. */
export const AUDIT_DETAILS_MAX_BYTES = 2048;

/** Thrown for an event no caller should ever build: a programming error, never a user's. */
export class InvalidAuditEventError extends Error {
  override readonly name = 'InvalidAuditEventError';
}

/** Checks an event against the table's rules and returns its details serialised; throws `InvalidAuditEventError`. */
export function serialiseAuditEvent(event: AuditEventInput): string {
  const { action, subjectType, subjectId, details = {} } = event;
  if (action.length > AUDIT_ACTION_MAX_LENGTH || !AUDIT_ACTION_FORMAT.test(action)) {
    throw new InvalidAuditEventError(`audit action "${action}" must match ${AUDIT_ACTION_FORMAT} and have at most ${AUDIT_ACTION_MAX_LENGTH} characters`);
  }
  if (!subjectType || subjectType.length > AUDIT_SUBJECT_TYPE_MAX_LENGTH) {
    throw new InvalidAuditEventError(`audit subject type must have 1 to ${AUDIT_SUBJECT_TYPE_MAX_LENGTH} characters`);
  }
  if (!subjectId || subjectId.length > AUDIT_SUBJECT_ID_MAX_LENGTH) {
    throw new InvalidAuditEventError(`audit subject id must have 1 to ${AUDIT_SUBJECT_ID_MAX_LENGTH} characters`);
  }
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw new InvalidAuditEventError(`audit details of "${action}" must be an object`);
  }
  const json = JSON.stringify(details);
  const bytes = Buffer.byteLength(json, 'utf8');
  // The message names the action and the size only: the details themselves may be what must not be logged.
  if (bytes > AUDIT_DETAILS_MAX_BYTES) {
    throw new InvalidAuditEventError(`audit details of "${action}" take ${bytes} bytes of JSON (at most ${AUDIT_DETAILS_MAX_BYTES}): ids and codes only`);
  }
  return json;
}
