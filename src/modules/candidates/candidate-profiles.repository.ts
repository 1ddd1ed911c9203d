import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NeedSolution } from '../employer-needs/employer-need';
import { programmePeersOf } from '../programmes/programmes.repository';
import {
  AgeBand,
  CandidateProfileStatus,
  ConsentScope,
  Experience,
  Mobility,
  PiiOverride,
  SentenceAdjustment,
  Training,
  WorkConstraints,
} from './candidate-profile';

/** The fields a counsellor writes. Dates are YYYY-MM-DD strings: no time zone can shift them. */
export interface CandidateProfileValues {
  establishmentCode: string | null;
  ageBand: AgeBand | null;
  releaseFrom: string | null;
  releaseUntil: string | null;
  adjustments: SentenceAdjustment[];
  exitPermits: boolean | null;
  /** What the candidate is looking for: the solutions employers offer (NeedSolution values). */
  soughtSolutions: NeedSolution[];
  targetRomeCodes: string[];
  targetBasinCodes: string[];
  mobility: Mobility;
  languages: string[];
  skills: string[];
  experiences: Experience[];
  trainings: Training[];
  project: string | null;
  availability: string | null;
  constraints: WorkConstraints;
}

/** A profile as stored, locked for a change. */
export interface CandidateProfileRecord extends CandidateProfileValues {
  id: string;
  code: string;
  ownerOrganisationId: string;
  status: CandidateProfileStatus;
}

export interface CandidateProfileRow extends CandidateProfileRecord {
  ownerOrganisationName: string;
  createdBy: string | null;
  establishmentName: string | null;
  piiOverride: PiiOverride | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

export interface CandidateConsentRow {
  id: string;
  scope: ConsentScope;
  givenOn: string;
  recordedBy: string | null;
  recordedAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export interface CandidateProfileSummaryRow {
  id: string;
  code: string;
  status: CandidateProfileStatus;
  ageBand: AgeBand | null;
  releaseFrom: string | null;
  releaseUntil: string | null;
  targetRomeCodes: string[];
  targetBasinCodes: string[];
  establishmentCode: string | null;
  hasActiveConsent: boolean;
  ownerOrganisationId: string;
  ownerOrganisationName: string;
  updatedAt: Date;
}

/** A published profile with the reference labels the employer view needs; internal columns come along and the mapper drops them. */
export interface EmployerProfileSourceRow extends CandidateProfileRecord {
  publishedAt: Date | null;
  /** Last change: the version of the profile's search document. */
  updatedAt: Date;
  occupations: { code: string; label: string }[];
  basins: { code: string; name: string; departments: { code: string; name: string | null }[] }[];
}

/** What the k-anonymity report needs of one published profile, nothing more. */
export interface PublishedQuasiIdentifierRow {
  ageBand: AgeBand | null;
  releaseFrom: string;
  releaseUntil: string | null;
  /** Departments of the first target basin (a few basins straddle two). */
  firstBasinDepartments: string[];
}

export interface PublishedProfileFilter {
  romeCode?: string;
  basinCode?: string;
}

/** A profile the retention sweep just archived, with the status it left. */
export interface RetentionArchivedRow {
  id: string;
  from: CandidateProfileStatus;
  /** Archived for lack of a release window end, after a long time without change. */
  undated: boolean;
}

/**
 * Whose profiles a staff member reads: their organisation's, plus (coordinators) those of the organisations
 * sharing a programme with it. Absent for admins, who read every profile.
 */
export interface ProfileVisibility {
  organisationId: string;
  viaProgrammes: boolean;
}

export interface ProfileFilter {
  visibleTo?: ProfileVisibility;
  status?: CandidateProfileStatus;
  basinCode?: string;
  romeCode?: string;
}

const RECORD_COLUMNS = `p.id, p.code, p.owner_organisation_id AS "ownerOrganisationId", p.status, p.establishment_code AS "establishmentCode",
  p.age_band AS "ageBand", p.release_from::text AS "releaseFrom", p.release_until::text AS "releaseUntil", p.adjustments,
  p.exit_permits AS "exitPermits", p.sought_solutions AS "soughtSolutions", p.target_rome_codes AS "targetRomeCodes", p.target_basin_codes AS "targetBasinCodes",
  p.mobility, p.languages, p.skills, p.experiences, p.trainings, p.project, p.availability, p.constraints`;

/** Columns written from `CandidateProfileValues`, with their SQL casts, in the order of `valueParams`. */
const VALUE_COLUMNS: [string, string][] = [
  ['establishment_code', ''],
  ['age_band', ''],
  ['release_from', '::date'],
  ['release_until', '::date'],
  ['adjustments', '::text[]'],
  ['exit_permits', '::boolean'],
  ['sought_solutions', '::text[]'],
  ['target_rome_codes', '::varchar(5)[]'],
  ['target_basin_codes', '::varchar(4)[]'],
  ['mobility', '::jsonb'],
  ['languages', '::text[]'],
  ['skills', '::text[]'],
  ['experiences', '::jsonb'],
  ['trainings', '::jsonb'],
  ['project', ''],
  ['availability', ''],
  ['constraints', '::jsonb'],
];

const valueParams = (v: CandidateProfileValues): unknown[] => [
  v.establishmentCode,
  v.ageBand,
  v.releaseFrom,
  v.releaseUntil,
  v.adjustments,
  v.exitPermits,
  v.soughtSolutions,
  v.targetRomeCodes,
  v.targetBasinCodes,
  JSON.stringify(v.mobility),
  v.languages,
  v.skills,
  JSON.stringify(v.experiences),
  JSON.stringify(v.trainings),
  v.project,
  v.availability,
  JSON.stringify(v.constraints),
];

const ACTIVE_CONSENT = `EXISTS (SELECT 1 FROM candidate_consents c WHERE c.profile_id = p.id AND c.scope = 'publication' AND c.revoked_at IS NULL)`;

/** What employers may see: published, and (belt and braces: revoking pauses in the same transaction) still consented. */
const VISIBLE_TO_EMPLOYERS = `p.status = 'published' AND ${ACTIVE_CONSENT}`;

/** Labels of the target occupations and basins (with their departments), joined for the employer view. */
const EMPLOYER_SOURCE_COLUMNS = `${RECORD_COLUMNS}, p.published_at AS "publishedAt", p.updated_at AS "updatedAt",
  (SELECT coalesce(jsonb_agg(jsonb_build_object('code', o.code, 'label', o.label)), '[]'::jsonb)
     FROM rome_occupations o WHERE o.code = ANY(p.target_rome_codes)) AS occupations,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('code', b.code, 'name', b.name, 'departments',
            (SELECT coalesce(jsonb_agg(jsonb_build_object('code', d.department_code, 'name', d.department_name) ORDER BY d.department_code), '[]'::jsonb)
               FROM basin_departments d WHERE d.basin_code = b.code))), '[]'::jsonb)
     FROM basins b WHERE b.code = ANY(p.target_basin_codes)) AS basins`;

/** Candidate profiles, their consents, and the reference lookups their validation needs. */
@Injectable()
export class CandidateProfilesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T> {
    return (manager ?? this.dataSource.manager).query(sql, params);
  }

  async findById(id: string, manager?: EntityManager): Promise<CandidateProfileRow | null> {
    const rows = await this.query<CandidateProfileRow[]>(
      `SELECT ${RECORD_COLUMNS}, p.created_by AS "createdBy", e.name AS "establishmentName", p.pii_override AS "piiOverride",
              o.name AS "ownerOrganisationName", p.created_at AS "createdAt", p.updated_at AS "updatedAt", p.published_at AS "publishedAt"
         FROM candidate_profiles p JOIN organisations o ON o.id = p.owner_organisation_id
         LEFT JOIN establishments e ON e.code = p.establishment_code
        WHERE p.id = $1`,
      [id],
      manager,
    );
    return rows[0] ?? null;
  }

  /** Locks the profile for a change, so that two edits, transitions or consent changes cannot interleave. */
  async lock(id: string, manager: EntityManager): Promise<CandidateProfileRecord | null> {
    const rows = await this.query<CandidateProfileRecord[]>(`SELECT ${RECORD_COLUMNS} FROM candidate_profiles p WHERE p.id = $1 FOR UPDATE`, [id], manager);
    return rows[0] ?? null;
  }

  /** Inserts a draft under `code`; returns null when the code is already taken, so the caller can draw another. */
  async insert(values: CandidateProfileValues & { code: string; ownerOrganisationId: string; createdBy: string; now: Date }, manager: EntityManager): Promise<string | null> {
    const n = VALUE_COLUMNS.length;
    const placeholders = VALUE_COLUMNS.map(([, cast], i) => `$${i + 1}${cast}`).join(', ');
    const rows = await this.query<{ id: string }[]>(
      `INSERT INTO candidate_profiles (${VALUE_COLUMNS.map(([column]) => column).join(', ')}, code, owner_organisation_id, created_by, status, created_at, updated_at)
       VALUES (${placeholders}, $${n + 1}, $${n + 2}, $${n + 3}, 'draft', $${n + 4}, $${n + 4})
       ON CONFLICT (code) DO NOTHING
       RETURNING id`,
      [...valueParams(values), values.code, values.ownerOrganisationId, values.createdBy, values.now],
      manager,
    );
    return rows[0]?.id ?? null;
  }

  async update(id: string, values: CandidateProfileValues, now: Date, manager: EntityManager): Promise<void> {
    const assignments = VALUE_COLUMNS.map(([column, cast], i) => `${column} = $${i + 2}${cast}`).join(', ');
    await this.query(`UPDATE candidate_profiles SET ${assignments}, updated_at = $${VALUE_COLUMNS.length + 2} WHERE id = $1`, [id, ...valueParams(values), now], manager);
  }

  /** Changes the status; entering `published` stamps the date and stores the override (or clears a stale one). */
  async setStatus(id: string, status: CandidateProfileStatus, now: Date, manager: EntityManager, piiOverride?: PiiOverride | null): Promise<void> {
    if (status === CandidateProfileStatus.Published) {
      await this.query(`UPDATE candidate_profiles SET status = $2, updated_at = $3, published_at = $3, pii_override = $4::jsonb WHERE id = $1`, [
        id,
        status,
        now,
        piiOverride ? JSON.stringify(piiOverride) : null,
      ], manager);
      return;
    }
    await this.query(`UPDATE candidate_profiles SET status = $2, updated_at = $3 WHERE id = $1`, [id, status, now], manager);
  }

  async list(filter: ProfileFilter, offset: number, limit: number): Promise<{ rows: CandidateProfileSummaryRow[]; total: number }> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (filter.visibleTo) {
      const own = `$${params.push(filter.visibleTo.organisationId)}::uuid`;
      conditions.push(filter.visibleTo.viaProgrammes ? `(p.owner_organisation_id = ${own} OR p.owner_organisation_id IN ${programmePeersOf(own)})` : `p.owner_organisation_id = ${own}`);
    }
    if (filter.status) conditions.push(`p.status = $${params.push(filter.status)}`);
    if (filter.basinCode) conditions.push(`p.target_basin_codes @> ARRAY[$${params.push(filter.basinCode)}]::varchar(4)[]`);
    if (filter.romeCode) conditions.push(`p.target_rome_codes @> ARRAY[$${params.push(filter.romeCode)}]::varchar(5)[]`);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM candidate_profiles p ${where}`, params);
    const rows = await this.query<CandidateProfileSummaryRow[]>(
      `SELECT p.id, p.code, p.status, p.age_band AS "ageBand", p.release_from::text AS "releaseFrom", p.release_until::text AS "releaseUntil",
              p.target_rome_codes AS "targetRomeCodes", p.target_basin_codes AS "targetBasinCodes", p.establishment_code AS "establishmentCode",
              ${ACTIVE_CONSENT} AS "hasActiveConsent", p.owner_organisation_id AS "ownerOrganisationId", o.name AS "ownerOrganisationName",
              p.updated_at AS "updatedAt"
         FROM candidate_profiles p JOIN organisations o ON o.id = p.owner_organisation_id ${where}
        ORDER BY p.updated_at DESC, p.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { rows, total };
  }

  async consents(profileId: string, manager?: EntityManager): Promise<CandidateConsentRow[]> {
    return this.query<CandidateConsentRow[]>(
      `SELECT id, scope, given_on::text AS "givenOn", recorded_by AS "recordedBy", recorded_at AS "recordedAt", revoked_at AS "revokedAt", revoked_by AS "revokedBy"
         FROM candidate_consents WHERE profile_id = $1 ORDER BY recorded_at DESC, id`,
      [profileId],
      manager,
    );
  }

  async activeConsent(profileId: string, scope: ConsentScope, manager: EntityManager): Promise<{ id: string } | null> {
    const rows = await this.query<{ id: string }[]>(`SELECT id FROM candidate_consents WHERE profile_id = $1 AND scope = $2 AND revoked_at IS NULL`, [profileId, scope], manager);
    return rows[0] ?? null;
  }

  async insertConsent(values: { profileId: string; scope: ConsentScope; givenOn: string; recordedBy: string; now: Date }, manager: EntityManager): Promise<string> {
    const rows = await this.query<{ id: string }[]>(
      `INSERT INTO candidate_consents (profile_id, scope, given_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [values.profileId, values.scope, values.givenOn, values.recordedBy, values.now],
      manager,
    );
    return rows[0].id;
  }

  async revokeConsent(consentId: string, revokedBy: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE candidate_consents SET revoked_at = $2, revoked_by = $3 WHERE id = $1`, [consentId, now, revokedBy], manager);
  }

  /** The existing ones among `codes`, with their labels. */
  async findOccupations(codes: readonly string[]): Promise<{ code: string; label: string }[]> {
    if (codes.length === 0) return [];
    return this.query(`SELECT code, label FROM rome_occupations WHERE code = ANY($1::varchar[])`, [codes]);
  }

  /** The existing ones among `codes`, with their names. */
  async findBasins(codes: readonly string[]): Promise<{ code: string; label: string }[]> {
    if (codes.length === 0) return [];
    return this.query(`SELECT code, name AS label FROM basins WHERE code = ANY($1::varchar[])`, [codes]);
  }

  /** Whether the two organisations work together in at least one programme. */
  async shareProgramme(organisationId: string, otherOrganisationId: string): Promise<boolean> {
    const rows = await this.query<unknown[]>(`SELECT 1 WHERE $2::uuid IN ${programmePeersOf('$1::uuid')}`, [organisationId, otherOrganisationId]);
    return rows.length > 0;
  }

  async findEstablishment(code: string, manager?: EntityManager): Promise<{ code: string; name: string } | null> {
    const rows = await this.query<{ code: string; name: string }[]>(`SELECT code, name FROM establishments WHERE code = $1`, [code], manager);
    return rows[0] ?? null;
  }

  /** One page of the profiles employers may see, newest publications first. */
  async listPublished(filter: PublishedProfileFilter, offset: number, limit: number, manager?: EntityManager): Promise<{ rows: EmployerProfileSourceRow[]; total: number }> {
    const params: unknown[] = [];
    const conditions = [VISIBLE_TO_EMPLOYERS];
    if (filter.basinCode) conditions.push(`p.target_basin_codes @> ARRAY[$${params.push(filter.basinCode)}]::varchar(4)[]`);
    if (filter.romeCode) conditions.push(`p.target_rome_codes @> ARRAY[$${params.push(filter.romeCode)}]::varchar(5)[]`);
    const where = `WHERE ${conditions.join(' AND ')}`;
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM candidate_profiles p ${where}`, params, manager);
    const rows = await this.query<EmployerProfileSourceRow[]>(
      `SELECT ${EMPLOYER_SOURCE_COLUMNS}
         FROM candidate_profiles p ${where}
        ORDER BY p.published_at DESC, p.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
      manager,
    );
    return { rows, total };
  }

  /** A profile employers may see, by id (the search index sync); null when unknown, not published or without consent. */
  async findPublishedById(id: string, manager?: EntityManager): Promise<EmployerProfileSourceRow | null> {
    const rows = await this.query<EmployerProfileSourceRow[]>(`SELECT ${EMPLOYER_SOURCE_COLUMNS} FROM candidate_profiles p WHERE p.id = $1 AND ${VISIBLE_TO_EMPLOYERS}`, [id], manager);
    return rows[0] ?? null;
  }

  /** Profiles employers may see, by code after `afterCode` (keyset pages: a reindex of 100,000 profiles never slows down). */
  async publishedAfter(afterCode: string | null, limit: number): Promise<EmployerProfileSourceRow[]> {
    return this.query<EmployerProfileSourceRow[]>(
      `SELECT ${EMPLOYER_SOURCE_COLUMNS} FROM candidate_profiles p
        WHERE ${VISIBLE_TO_EMPLOYERS} AND ($1::text IS NULL OR p.code > $1)
        ORDER BY p.code LIMIT $2`,
      [afterCode, limit],
    );
  }

  /** Profiles employers may see, among `codes`. */
  async publishedByCodes(codes: readonly string[]): Promise<EmployerProfileSourceRow[]> {
    if (codes.length === 0) return [];
    return this.query<EmployerProfileSourceRow[]>(`SELECT ${EMPLOYER_SOURCE_COLUMNS} FROM candidate_profiles p WHERE p.code = ANY($1::text[]) AND ${VISIBLE_TO_EMPLOYERS}`, [codes]);
  }

  /** Code and version (last change, epoch ms) of every profile employers may see: what the index must hold. */
  async publishedVersions(): Promise<{ code: string; version: number }[]> {
    const rows = await this.query<{ code: string; version: string }[]>(
      `SELECT p.code, floor(extract(epoch FROM p.updated_at) * 1000)::bigint::text AS version FROM candidate_profiles p WHERE ${VISIBLE_TO_EMPLOYERS} ORDER BY p.code`,
      [],
    );
    return rows.map((r) => ({ code: r.code, version: Number(r.version) }));
  }

  /** Profiles changed at or after `since` (a reindex catches up with them after its swap), with their codes. */
  async changedSince(since: Date): Promise<{ id: string; code: string }[]> {
    return this.query(`SELECT id, code FROM candidate_profiles WHERE updated_at >= $1 ORDER BY updated_at`, [since]);
  }

  /** A profile employers may see, by its pseudonymous code; null when unknown or not published. */
  async findPublishedByCode(code: string, manager?: EntityManager): Promise<EmployerProfileSourceRow | null> {
    const rows = await this.query<EmployerProfileSourceRow[]>(`SELECT ${EMPLOYER_SOURCE_COLUMNS} FROM candidate_profiles p WHERE p.code = $1 AND ${VISIBLE_TO_EMPLOYERS}`, [code], manager);
    return rows[0] ?? null;
  }

  /** The quasi-identifiers of every profile employers may see, for the k-anonymity report. */
  async publishedQuasiIdentifiers(): Promise<PublishedQuasiIdentifierRow[]> {
    return this.query<PublishedQuasiIdentifierRow[]>(
      `SELECT p.age_band AS "ageBand", p.release_from::text AS "releaseFrom", p.release_until::text AS "releaseUntil",
              ARRAY(SELECT d.department_code::text FROM basin_departments d WHERE d.basin_code = p.target_basin_codes[1] ORDER BY d.department_code) AS "firstBasinDepartments"
         FROM candidate_profiles p
        WHERE ${VISIBLE_TO_EMPLOYERS}`,
      [],
    );
  }
  /**
   * Archives up to `limit` profiles not archived yet whose release window ended before `releasedBefore`
   * (YYYY-MM-DD), or which have no window end and were last changed before `untouchedBefore` (drafts never
   * completed), stamping `updated_at`: an archived profile accepts no other change, so that column then says
   * when it was archived. Rows another transaction holds are skipped and left to the next pass.
   */
  async archiveDue(releasedBefore: string, untouchedBefore: Date, now: Date, limit: number, manager: EntityManager): Promise<RetentionArchivedRow[]> {
    // For an UPDATE, TypeORM answers [returned rows, affected count].
    const [rows] = await this.query<[RetentionArchivedRow[], number]>(
      `WITH due AS (
         SELECT id, status, release_until IS NULL AS undated FROM candidate_profiles
          WHERE status <> 'archived' AND (release_until < $1::date OR (release_until IS NULL AND updated_at < $4))
          ORDER BY release_until NULLS LAST, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE candidate_profiles p SET status = 'archived', updated_at = $2
         FROM due WHERE p.id = due.id
       RETURNING p.id, due.status AS "from", due.undated`,
      [releasedBefore, now, limit, untouchedBefore],
      manager,
    );
    return rows;
  }

  /** Locks up to `limit` profiles archived no later than `archivedBefore` (see `archiveDue`), skipping locked ones. */
  async lockArchivedBefore(archivedBefore: Date, limit: number, manager: EntityManager): Promise<string[]> {
    const rows = await this.query<{ id: string }[]>(
      `SELECT id FROM candidate_profiles WHERE status = 'archived' AND updated_at <= $1 ORDER BY updated_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [archivedBefore, limit],
      manager,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Deletes the profiles (their consents go with them, ON DELETE CASCADE) and the outbox rows not yet relayed
   * whose payload names one of them; returns how many of each went.
   */
  async erase(ids: readonly string[], manager: EntityManager): Promise<{ profiles: number; outboxRows: number; codes: string[] }> {
    if (ids.length === 0) return { profiles: 0, outboxRows: 0, codes: [] };
    const [, outboxRows] = await this.query<[unknown[], number]>(
      `DELETE FROM outbox_messages WHERE dispatched_at IS NULL AND payload->>'profileId' = ANY($1::text[])`,
      [ids],
      manager,
    );
    const [deleted, profiles] = await this.query<[{ code: string }[], number]>(`DELETE FROM candidate_profiles WHERE id = ANY($1::uuid[]) RETURNING code`, [ids], manager);
    return { profiles, outboxRows, codes: deleted.map((d) => d.code) };
  }
}
