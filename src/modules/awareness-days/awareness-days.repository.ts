import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OrganisationStatus } from '../organisations/organisation.entity';
import { Attendance, AttendeeStatus, AwarenessDayStatus, IdDocumentType } from './awareness-day';
import { ReminderKind } from './awareness-day-rules';

/** What a coordinator sets on a half-day. */
export interface AwarenessDayValues {
  organiserOrganisationId: string;
  programmeId: string | null;
  establishmentCode: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  registrationClosesAt: Date;
  programmeText: string | null;
  whatToBring: string | null;
  forbiddenItems: string | null;
  meetingPoint: string | null;
}

/** A half-day as stored, locked for a change. */
export interface AwarenessDayRecord extends AwarenessDayValues {
  id: string;
  status: AwarenessDayStatus;
  cancelledAt: Date | null;
}

/** The columns a coordinator edits, in the order `insertDay` and `updateDay` bind them (programme_id … meeting_point). */
function editableColumns(values: AwarenessDayValues): unknown[] {
  return [
    values.programmeId,
    values.establishmentCode,
    values.title,
    values.startsAt,
    values.endsAt,
    values.capacity,
    values.registrationClosesAt,
    values.programmeText,
    values.whatToBring,
    values.forbiddenItems,
    values.meetingPoint,
  ];
}

/** A half-day with what it points to and its counts, for reading. */
export interface AwarenessDayRow extends AwarenessDayRecord {
  establishmentName: string;
  establishmentCommune: string | null;
  establishmentDepartmentCode: string | null;
  organiserName: string;
  programmeName: string | null;
  confirmedCount: number;
  waitlistedCount: number;
  /** 0 same basin, 1 same department, 2 same region, 3 elsewhere, 4 unknown; only on the employer's list. */
  nearnessRank?: number;
  /** The viewer organisation's own attendees (employer lists only). */
  ownConfirmed?: number;
  ownWaitlisted?: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Where an employer organisation is: its commune's basin, department and region. */
export interface OrganisationPlace {
  basinCode: string | null;
  departmentCode: string | null;
  regionCode: string | null;
}

/** An attendee as the employer who registered them, and the coordinator's overview, see them: no identity but the name. */
export interface AttendeeRow {
  id: string;
  registrationId: string;
  organisationId: string;
  ordinal: number;
  status: AttendeeStatus;
  /** Null once erased; the coordinator overview never reads it. */
  fullName: string | null;
  identityErasedAt: Date | null;
  waitlistPosition: number | null;
  promotedAt: Date | null;
  cancelledAt: Date | null;
  attendance: Attendance | null;
  attendanceRecordedAt: Date | null;
  createdAt: Date;
}

/** One organisation's registration to a half-day. */
export interface RegistrationRow {
  id: string;
  awarenessDayId: string;
  organisationId: string;
  organisationName: string;
  registeredBy: string | null;
  registeredByName: string | null;
  createdAt: Date;
}

/** The identity the security office needs, for the organiser's list and export only. */
export interface IdentityRow {
  id: string;
  ordinal: number;
  organisationName: string;
  status: AttendeeStatus;
  fullName: string | null;
  birthDate: string | null;
  documentType: IdDocumentType | null;
  documentNumberEnc: string | null;
  identityErasedAt: Date | null;
  attendance: Attendance | null;
  waitlistPosition: number | null;
}

export interface NewAttendee {
  ordinal: number;
  status: AttendeeStatus;
  fullName: string;
  birthDate: string;
  documentType: IdDocumentType;
  documentNumberEnc: string;
}

/** An attendee locked for a change, with its registration's organisation and registrant. */
export interface AttendeeRecord {
  id: string;
  registrationId: string;
  organisationId: string;
  registeredBy: string | null;
  status: AttendeeStatus;
  attendance: Attendance | null;
  identityErasedAt: Date | null;
}

/** A registration an e-mail goes to (ids only). */
export interface RegistrationRef {
  registrationId: string;
  awarenessDayId: string;
  organisationId: string;
  registeredBy: string | null;
}

/** What the e-mails of a registration show: the half-day and counts, never an attendee's identity. */
export interface RegistrationEmailState {
  registrationId: string;
  awarenessDayId: string;
  organisationName: string;
  title: string;
  establishmentName: string;
  establishmentCommune: string | null;
  startsAt: Date;
  endsAt: Date;
  registrationClosesAt: Date;
  meetingPoint: string | null;
  whatToBring: string | null;
  forbiddenItems: string | null;
  status: AwarenessDayStatus;
  confirmedCount: number;
  waitlistedCount: number;
  /** Best (lowest) waitlist position among the registration's waiting attendees. */
  firstWaitlistPosition: number | null;
}

export interface CertificateRow {
  attendeeId: string;
  fullName: string | null;
  identityErasedAt: Date | null;
  attendance: Attendance | null;
  status: AttendeeStatus;
  organisationId: string;
  organisationName: string;
}

const DAY_COLUMNS = `d.id, d.organiser_organisation_id AS "organiserOrganisationId", d.programme_id AS "programmeId", d.establishment_code AS "establishmentCode",
  d.title, d.starts_at AS "startsAt", d.ends_at AS "endsAt", d.capacity, d.registration_closes_at AS "registrationClosesAt",
  d.programme_text AS "programmeText", d.what_to_bring AS "whatToBring", d.forbidden_items AS "forbiddenItems", d.meeting_point AS "meetingPoint",
  d.status, d.cancelled_at AS "cancelledAt"`;

const COUNT = (status: AttendeeStatus) =>
  `(SELECT count(*)::int FROM awareness_attendees c WHERE c.awareness_day_id = d.id AND c.status = '${status}')`;

const READ_COLUMNS = `${DAY_COLUMNS}, e.name AS "establishmentName", e.commune_name AS "establishmentCommune", e.department_code AS "establishmentDepartmentCode",
  o.name AS "organiserName", p.name AS "programmeName", ${COUNT(AttendeeStatus.Confirmed)} AS "confirmedCount", ${COUNT(AttendeeStatus.Waitlisted)} AS "waitlistedCount",
  d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

const READ_FROM = `FROM awareness_days d
  JOIN establishments e ON e.code = d.establishment_code
  JOIN organisations o ON o.id = d.organiser_organisation_id
  LEFT JOIN programmes p ON p.id = d.programme_id`;

/** Position on the half-day's waitlist by order of arrival, for a waitlisted attendee `a`. */
const WAITLIST_POSITION = `CASE WHEN a.status = 'waitlisted' THEN
  (SELECT count(*)::int FROM awareness_attendees w WHERE w.awareness_day_id = a.awareness_day_id AND w.status = 'waitlisted' AND w.arrival <= a.arrival) END`;

/** Half-days, their registrations and attendees; the only place their SQL lives. */
@Injectable()
export class AwarenessDaysRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T> {
    return (manager ?? this.dataSource.manager).query(sql, params);
  }

  /** Establishments to choose from on the coordinator's form, by name. */
  establishments(): Promise<{ code: string; name: string; communeName: string | null }[]> {
    return this.query(`SELECT code, name, commune_name AS "communeName" FROM establishments ORDER BY name, code`, []);
  }

  async establishmentExists(code: string, manager?: EntityManager): Promise<boolean> {
    return (await this.query<unknown[]>(`SELECT 1 FROM establishments WHERE code = $1`, [code], manager)).length > 0;
  }

  /** Whether the organisation takes part in the programme (a coordinator organises only for their own programmes). */
  async isProgrammeMember(programmeId: string, organisationId: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.query<unknown[]>(`SELECT 1 FROM programme_members WHERE programme_id = $1 AND organisation_id = $2`, [programmeId, organisationId], manager);
    return rows.length > 0;
  }

  async organisationPlace(organisationId: string): Promise<OrganisationPlace | null> {
    const rows = await this.query<OrganisationPlace[]>(
      `SELECT coalesce(o.basin_code, c.basin_code) AS "basinCode", c.department_code AS "departmentCode", c.region_code AS "regionCode"
         FROM organisations o LEFT JOIN communes c ON c.insee_code = o.commune_code WHERE o.id = $1`,
      [organisationId],
    );
    return rows[0] ?? null;
  }

  async insertDay(values: AwarenessDayValues, createdBy: string, now: Date, manager: EntityManager): Promise<string> {
    const [{ id }] = await this.query<{ id: string }[]>(
      `INSERT INTO awareness_days (organiser_organisation_id, programme_id, establishment_code, title, starts_at, ends_at, capacity, registration_closes_at,
                                   programme_text, what_to_bring, forbidden_items, meeting_point, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
      [values.organiserOrganisationId, ...editableColumns(values), createdBy, now],
      manager,
    );
    return id;
  }

  /** Rewrites the editable fields; a new day restarts its reminders (they are relative to the day). */
  async updateDay(id: string, values: AwarenessDayValues, dayMoved: boolean, now: Date, manager: EntityManager): Promise<void> {
    await this.query(
      `UPDATE awareness_days SET programme_id = $2, establishment_code = $3, title = $4, starts_at = $5, ends_at = $6, capacity = $7, registration_closes_at = $8,
              programme_text = $9, what_to_bring = $10, forbidden_items = $11, meeting_point = $12, updated_at = $13
        WHERE id = $1`,
      [id, ...editableColumns(values), now],
      manager,
    );
    if (dayMoved) await this.query(`UPDATE awareness_registrations SET reminder_d7_at = NULL, reminder_d1_at = NULL WHERE awareness_day_id = $1`, [id], manager);
  }

  /**
   * Locks the half-day: every registration, cancellation and capacity change of one half-day goes through this
   * row lock, so concurrent requests count the confirmed seats one after the other and never overbook.
   */
  async lockDay(id: string, manager: EntityManager): Promise<AwarenessDayRecord | null> {
    const rows = await this.query<AwarenessDayRecord[]>(`SELECT ${DAY_COLUMNS} FROM awareness_days d WHERE d.id = $1 FOR UPDATE`, [id], manager);
    return rows[0] ?? null;
  }

  async findDay(id: string, manager?: EntityManager): Promise<AwarenessDayRow | null> {
    const rows = await this.query<AwarenessDayRow[]>(`SELECT ${READ_COLUMNS} ${READ_FROM} WHERE d.id = $1`, [id], manager);
    return rows[0] ?? null;
  }

  async cancelDay(id: string, userId: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE awareness_days SET status = 'cancelled', cancelled_at = $3, cancelled_by = $2, updated_at = $3 WHERE id = $1`, [id, userId, now], manager);
  }

  /**
   * Published half-days still open to registration for an employer organisation, nearest first (same basin, same
   * department, same region, elsewhere), then soonest; with the organisation's own attendee counts.
   */
  async listUpcomingForEmployer(organisationId: string, place: OrganisationPlace | null, now: Date, offset: number, limit: number): Promise<{ rows: AwarenessDayRow[]; total: number }> {
    const where = `WHERE d.status = 'published' AND d.starts_at > $1`;
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM awareness_days d ${where}`, [now]);
    const rows = await this.query<AwarenessDayRow[]>(
      `SELECT ${READ_COLUMNS},
              CASE WHEN $2::text IS NULL AND $3::text IS NULL AND $4::text IS NULL THEN 4
                   WHEN e.basin_code = $2 THEN 0 WHEN e.department_code = $3 THEN 1 WHEN e.region_code = $4 THEN 2 ELSE 3 END AS "nearnessRank",
              (SELECT count(*)::int FROM awareness_attendees c JOIN awareness_registrations r ON r.id = c.registration_id
                WHERE c.awareness_day_id = d.id AND r.organisation_id = $5 AND c.status = 'confirmed') AS "ownConfirmed",
              (SELECT count(*)::int FROM awareness_attendees c JOIN awareness_registrations r ON r.id = c.registration_id
                WHERE c.awareness_day_id = d.id AND r.organisation_id = $5 AND c.status = 'waitlisted') AS "ownWaitlisted"
         ${READ_FROM}
         ${where}
        ORDER BY "nearnessRank", d.starts_at, d.id
        LIMIT $6 OFFSET $7`,
      [now, place?.basinCode ?? null, place?.departmentCode ?? null, place?.regionCode ?? null, organisationId, limit, offset],
    );
    return { rows, total };
  }

  /** The half-days an organisation registered to, soonest upcoming first, then the past ones, newest first. */
  async listRegisteredForEmployer(organisationId: string, now: Date, offset: number, limit: number): Promise<{ rows: AwarenessDayRow[]; total: number }> {
    const where = `WHERE EXISTS (SELECT 1 FROM awareness_registrations r WHERE r.awareness_day_id = d.id AND r.organisation_id = $1)`;
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM awareness_days d ${where}`, [organisationId]);
    const rows = await this.query<AwarenessDayRow[]>(
      `SELECT ${READ_COLUMNS},
              (SELECT count(*)::int FROM awareness_attendees c JOIN awareness_registrations r ON r.id = c.registration_id
                WHERE c.awareness_day_id = d.id AND r.organisation_id = $1 AND c.status = 'confirmed') AS "ownConfirmed",
              (SELECT count(*)::int FROM awareness_attendees c JOIN awareness_registrations r ON r.id = c.registration_id
                WHERE c.awareness_day_id = d.id AND r.organisation_id = $1 AND c.status = 'waitlisted') AS "ownWaitlisted"
         ${READ_FROM}
         ${where}
        ORDER BY (d.ends_at < $2), CASE WHEN d.ends_at >= $2 THEN d.starts_at END, d.starts_at DESC, d.id
        LIMIT $3 OFFSET $4`,
      [organisationId, now, limit, offset],
    );
    return { rows, total };
  }

  /** The half-days an organisation organises (all of them for admins: `organiserId` null), upcoming first. */
  async listForOrganiser(organiserId: string | null, now: Date, offset: number, limit: number): Promise<{ rows: AwarenessDayRow[]; total: number }> {
    const where = organiserId ? `WHERE d.organiser_organisation_id = $1` : `WHERE $1::uuid IS NULL`;
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM awareness_days d ${where}`, [organiserId]);
    const rows = await this.query<AwarenessDayRow[]>(
      `SELECT ${READ_COLUMNS} ${READ_FROM} ${where}
        ORDER BY (d.ends_at < $2), CASE WHEN d.ends_at >= $2 THEN d.starts_at END, d.starts_at DESC, d.id
        LIMIT $3 OFFSET $4`,
      [organiserId, now, limit, offset],
    );
    return { rows, total };
  }

  async findRegistration(dayId: string, organisationId: string, manager?: EntityManager): Promise<RegistrationRow | null> {
    const rows = await this.query<RegistrationRow[]>(
      `SELECT r.id, r.awareness_day_id AS "awarenessDayId", r.organisation_id AS "organisationId", o.name AS "organisationName",
              r.registered_by AS "registeredBy", u.display_name AS "registeredByName", r.created_at AS "createdAt"
         FROM awareness_registrations r JOIN organisations o ON o.id = r.organisation_id LEFT JOIN users u ON u.id = r.registered_by
        WHERE r.awareness_day_id = $1 AND r.organisation_id = $2`,
      [dayId, organisationId],
      manager,
    );
    return rows[0] ?? null;
  }

  /** The organisation's registration to the half-day, created on its first attendee. Call with the half-day locked. */
  async ensureRegistration(dayId: string, organisationId: string, userId: string, now: Date, manager: EntityManager): Promise<{ id: string; created: boolean }> {
    const inserted = await this.query<{ id: string }[]>(
      `INSERT INTO awareness_registrations (awareness_day_id, organisation_id, registered_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (awareness_day_id, organisation_id) DO NOTHING RETURNING id`,
      [dayId, organisationId, userId, now],
      manager,
    );
    if (inserted.length) return { id: inserted[0].id, created: true };
    const [row] = await this.query<{ id: string }[]>(`SELECT id FROM awareness_registrations WHERE awareness_day_id = $1 AND organisation_id = $2`, [dayId, organisationId], manager);
    await this.query(`UPDATE awareness_registrations SET updated_at = $2 WHERE id = $1`, [row.id, now], manager);
    return { id: row.id, created: false };
  }

  /** The organisation's attendees still registered (confirmed or waiting), with their names to detect a person typed twice. */
  activeAttendeesOf(registrationId: string, manager: EntityManager): Promise<{ fullName: string | null; birthDate: string | null }[]> {
    return this.query(
      `SELECT full_name AS "fullName", birth_date::text AS "birthDate" FROM awareness_attendees WHERE registration_id = $1 AND status IN ('confirmed','waitlisted')`,
      [registrationId],
      manager,
    );
  }

  async countConfirmed(dayId: string, manager: EntityManager): Promise<number> {
    const [{ n }] = await this.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM awareness_attendees WHERE awareness_day_id = $1 AND status = 'confirmed'`, [dayId], manager);
    return n;
  }

  async nextOrdinal(registrationId: string, manager: EntityManager): Promise<number> {
    const [{ n }] = await this.query<{ n: number }[]>(`SELECT coalesce(max(ordinal), 0)::int + 1 AS n FROM awareness_attendees WHERE registration_id = $1`, [registrationId], manager);
    return n;
  }

  /** Inserts the attendees in the given order: `arrival` follows it, and so does the waitlist. */
  async insertAttendees(registrationId: string, dayId: string, attendees: NewAttendee[], userId: string, now: Date, manager: EntityManager): Promise<string[]> {
    const ids: string[] = [];
    for (const a of attendees) {
      const [{ id }] = await this.query<{ id: string }[]>(
        `INSERT INTO awareness_attendees (registration_id, awareness_day_id, ordinal, status, full_name, birth_date, document_type, document_number_enc, added_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [registrationId, dayId, a.ordinal, a.status, a.fullName, a.birthDate, a.documentType, a.documentNumberEnc, userId, now],
        manager,
      );
      ids.push(id);
    }
    return ids;
  }

  /** The attendees of one registration (the employer's view: the names they typed, never the rest of the identity). */
  attendeesOfRegistration(registrationId: string, manager?: EntityManager): Promise<AttendeeRow[]> {
    return this.query<AttendeeRow[]>(
      `SELECT a.id, a.registration_id AS "registrationId", r.organisation_id AS "organisationId", a.ordinal, a.status, a.full_name AS "fullName",
              a.identity_erased_at AS "identityErasedAt", ${WAITLIST_POSITION} AS "waitlistPosition", a.promoted_at AS "promotedAt",
              a.cancelled_at AS "cancelledAt", a.attendance, a.attendance_recorded_at AS "attendanceRecordedAt", a.created_at AS "createdAt"
         FROM awareness_attendees a JOIN awareness_registrations r ON r.id = a.registration_id
        WHERE a.registration_id = $1
        ORDER BY a.ordinal`,
      [registrationId],
      manager,
    );
  }

  /** Every registration of a half-day with its attendees, names left out (the organiser's overview). */
  async registrationsOfDay(dayId: string): Promise<(RegistrationRow & { attendees: AttendeeRow[] })[]> {
    const registrations = await this.query<RegistrationRow[]>(
      `SELECT r.id, r.awareness_day_id AS "awarenessDayId", r.organisation_id AS "organisationId", o.name AS "organisationName",
              r.registered_by AS "registeredBy", u.display_name AS "registeredByName", r.created_at AS "createdAt"
         FROM awareness_registrations r JOIN organisations o ON o.id = r.organisation_id LEFT JOIN users u ON u.id = r.registered_by
        WHERE r.awareness_day_id = $1
        ORDER BY r.created_at, r.id`,
      [dayId],
    );
    const attendees = await this.query<AttendeeRow[]>(
      `SELECT a.id, a.registration_id AS "registrationId", r.organisation_id AS "organisationId", a.ordinal, a.status, NULL AS "fullName",
              a.identity_erased_at AS "identityErasedAt", ${WAITLIST_POSITION} AS "waitlistPosition", a.promoted_at AS "promotedAt",
              a.cancelled_at AS "cancelledAt", a.attendance, a.attendance_recorded_at AS "attendanceRecordedAt", a.created_at AS "createdAt"
         FROM awareness_attendees a JOIN awareness_registrations r ON r.id = a.registration_id
        WHERE a.awareness_day_id = $1
        ORDER BY a.ordinal`,
      [dayId],
    );
    return registrations.map((r) => ({ ...r, attendees: attendees.filter((a) => a.registrationId === r.id) }));
  }

  /** The identity list of a half-day for the security office: attendees confirmed then waiting (by waitlist order). */
  identityList(dayId: string): Promise<IdentityRow[]> {
    return this.query<IdentityRow[]>(
      `SELECT a.id, a.ordinal, o.name AS "organisationName", a.status, a.full_name AS "fullName", a.birth_date::text AS "birthDate",
              a.document_type AS "documentType", a.document_number_enc AS "documentNumberEnc", a.identity_erased_at AS "identityErasedAt",
              a.attendance, ${WAITLIST_POSITION} AS "waitlistPosition"
         FROM awareness_attendees a JOIN awareness_registrations r ON r.id = a.registration_id JOIN organisations o ON o.id = r.organisation_id
        WHERE a.awareness_day_id = $1 AND a.status IN ('confirmed','waitlisted')
        ORDER BY (a.status = 'waitlisted'), CASE WHEN a.status = 'confirmed' THEN o.name END, CASE WHEN a.status = 'confirmed' THEN a.full_name END, a.arrival`,
      [dayId],
    );
  }

  async lockAttendee(dayId: string, attendeeId: string, manager: EntityManager): Promise<AttendeeRecord | null> {
    const rows = await this.query<AttendeeRecord[]>(
      `SELECT a.id, a.registration_id AS "registrationId", r.organisation_id AS "organisationId", r.registered_by AS "registeredBy", a.status, a.attendance,
              a.identity_erased_at AS "identityErasedAt"
         FROM awareness_attendees a JOIN awareness_registrations r ON r.id = a.registration_id
        WHERE a.id = $1 AND a.awareness_day_id = $2
        FOR UPDATE OF a`,
      [attendeeId, dayId],
      manager,
    );
    return rows[0] ?? null;
  }

  async cancelAttendee(id: string, userId: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE awareness_attendees SET status = 'cancelled', cancelled_at = $3, cancelled_by = $2 WHERE id = $1`, [id, userId, now], manager);
  }

  /**
   * Promotes the first `seats` waiting attendees (order of arrival) to confirmed and returns them with their
   * registration. Call with the half-day locked.
   */
  async promote(dayId: string, seats: number, now: Date, manager: EntityManager): Promise<{ attendeeId: string; registrationId: string; organisationId: string; registeredBy: string | null }[]> {
    if (seats <= 0) return [];
    const [rows] = await this.query<[{ attendeeId: string; registrationId: string; organisationId: string; registeredBy: string | null }[], number]>(
      `WITH first AS (
         SELECT id FROM awareness_attendees WHERE awareness_day_id = $1 AND status = 'waitlisted' ORDER BY arrival LIMIT $2 FOR UPDATE)
       UPDATE awareness_attendees a SET status = 'confirmed', promoted_at = $3
         FROM first, awareness_registrations r
        WHERE a.id = first.id AND r.id = a.registration_id
       RETURNING a.id AS "attendeeId", a.registration_id AS "registrationId", r.organisation_id AS "organisationId", r.registered_by AS "registeredBy"`,
      [dayId, seats, now],
      manager,
    );
    return rows;
  }

  /** Registrations of a half-day that still have someone registered (the ones told when it is cancelled). */
  activeRegistrations(dayId: string, manager: EntityManager): Promise<RegistrationRef[]> {
    return this.query<RegistrationRef[]>(
      `SELECT r.id AS "registrationId", r.awareness_day_id AS "awarenessDayId", r.organisation_id AS "organisationId", r.registered_by AS "registeredBy"
         FROM awareness_registrations r
        WHERE r.awareness_day_id = $1 AND EXISTS (SELECT 1 FROM awareness_attendees a WHERE a.registration_id = r.id AND a.status IN ('confirmed','waitlisted'))
        ORDER BY r.created_at, r.id`,
      [dayId],
      manager,
    );
  }

  async recordAttendance(id: string, attendance: Attendance, userId: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE awareness_attendees SET attendance = $2, attendance_recorded_at = $4, attendance_recorded_by = $3 WHERE id = $1`, [id, attendance, userId, now], manager);
  }

  async certificate(dayId: string, attendeeId: string): Promise<CertificateRow | null> {
    const rows = await this.query<CertificateRow[]>(
      `SELECT a.id AS "attendeeId", a.full_name AS "fullName", a.identity_erased_at AS "identityErasedAt", a.attendance, a.status,
              r.organisation_id AS "organisationId", o.name AS "organisationName"
         FROM awareness_attendees a JOIN awareness_registrations r ON r.id = a.registration_id JOIN organisations o ON o.id = r.organisation_id
        WHERE a.id = $1 AND a.awareness_day_id = $2`,
      [attendeeId, dayId],
    );
    return rows[0] ?? null;
  }

  /**
   * Marks as reminded, and returns, up to `limit` registrations of published half-days held (in France) from
   * `from` to `to` that have a confirmed attendee and were not reminded of this kind yet; organisations that are
   * not active are left out. SKIP LOCKED: concurrent sweeps never take the same registration.
   */
  async markReminders(kind: ReminderKind, from: string, to: string, now: Date, limit: number, manager: EntityManager): Promise<RegistrationRef[]> {
    const column = kind === 'd7' ? 'reminder_d7_at' : 'reminder_d1_at';
    const [rows] = await this.query<[RegistrationRef[], number]>(
      `WITH due AS (
         SELECT r.id FROM awareness_registrations r
           JOIN awareness_days d ON d.id = r.awareness_day_id
           JOIN organisations o ON o.id = r.organisation_id
          WHERE r.${column} IS NULL AND d.status = 'published' AND d.starts_at > $3
            AND (d.starts_at AT TIME ZONE 'Europe/Paris')::date BETWEEN $1::date AND $2::date
            AND o.status = '${OrganisationStatus.Active}'
            AND EXISTS (SELECT 1 FROM awareness_attendees a WHERE a.registration_id = r.id AND a.status = 'confirmed')
          ORDER BY r.id LIMIT $4 FOR UPDATE OF r SKIP LOCKED)
       UPDATE awareness_registrations r SET ${column} = $3 FROM due WHERE r.id = due.id
       RETURNING r.id AS "registrationId", r.awareness_day_id AS "awarenessDayId", r.organisation_id AS "organisationId", r.registered_by AS "registeredBy"`,
      [from, to, now, limit],
      manager,
    );
    return rows;
  }

  /**
   * Erases the identity of up to `limit` attendees whose retention ran out by `cutoff` (now minus the retention
   * days), and returns how many per half-day. The retention starts at the earliest of: the half-day's end, its
   * cancellation, the attendee's own cancellation — a half-day or a person cancelled months ahead is not kept until
   * the planned date. Name, date of birth and ID document go together; status and attendance stay.
   */
  async eraseIdentities(cutoff: Date, now: Date, limit: number, manager: EntityManager): Promise<{ awarenessDayId: string; erased: number }[]> {
    return this.query<{ awarenessDayId: string; erased: number }[]>(
      `WITH due AS (
         SELECT a.id FROM awareness_attendees a JOIN awareness_days d ON d.id = a.awareness_day_id
          WHERE a.identity_erased_at IS NULL AND (d.ends_at <= $1 OR d.cancelled_at <= $1 OR a.cancelled_at <= $1)
          ORDER BY a.id LIMIT $3 FOR UPDATE OF a SKIP LOCKED),
       erased AS (
         UPDATE awareness_attendees a SET full_name = NULL, birth_date = NULL, document_type = NULL, document_number_enc = NULL, identity_erased_at = $2
           FROM due WHERE a.id = due.id
         RETURNING a.awareness_day_id)
       SELECT awareness_day_id AS "awarenessDayId", count(*)::int AS erased FROM erased GROUP BY awareness_day_id ORDER BY awareness_day_id`,
      [cutoff, now, limit],
      manager,
    );
  }

  async registrationEmailState(registrationId: string): Promise<RegistrationEmailState | null> {
    const rows = await this.query<RegistrationEmailState[]>(
      `SELECT r.id AS "registrationId", d.id AS "awarenessDayId", o.name AS "organisationName", d.title, e.name AS "establishmentName",
              e.commune_name AS "establishmentCommune", d.starts_at AS "startsAt", d.ends_at AS "endsAt", d.registration_closes_at AS "registrationClosesAt",
              d.meeting_point AS "meetingPoint", d.what_to_bring AS "whatToBring", d.forbidden_items AS "forbiddenItems", d.status,
              (SELECT count(*)::int FROM awareness_attendees a WHERE a.registration_id = r.id AND a.status = 'confirmed') AS "confirmedCount",
              (SELECT count(*)::int FROM awareness_attendees a WHERE a.registration_id = r.id AND a.status = 'waitlisted') AS "waitlistedCount",
              (SELECT ${WAITLIST_POSITION} FROM awareness_attendees a WHERE a.registration_id = r.id AND a.status = 'waitlisted' ORDER BY a.arrival LIMIT 1) AS "firstWaitlistPosition"
         FROM awareness_registrations r
         JOIN awareness_days d ON d.id = r.awareness_day_id
         JOIN organisations o ON o.id = r.organisation_id
         JOIN establishments e ON e.code = d.establishment_code
        WHERE r.id = $1`,
      [registrationId],
    );
    return rows[0] ?? null;
  }
}
