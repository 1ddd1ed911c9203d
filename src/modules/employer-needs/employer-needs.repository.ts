import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ContractType, EmployerNeedStatus, NeedSolution } from './employer-need';

/** The fields an employer writes, with the basin derived from the commune. */
export interface EmployerNeedValues {
  romeCode: string;
  appellationCode: number | null;
  contractType: ContractType;
  positions: number;
  communeCode: string;
  basinCode: string;
  startFrom: string | null;
  startUntil: string | null;
  requirements: string | null;
  solutions: NeedSolution[];
}

/** A need as stored, locked for a change. Dates are YYYY-MM-DD strings: no time zone can shift them. */
export interface EmployerNeedRecord extends EmployerNeedValues {
  id: string;
  organisationId: string;
  status: EmployerNeedStatus;
}

/** A need with the labels of what it points to, for reading. */
export interface EmployerNeedRow extends EmployerNeedRecord {
  organisationName: string;
  romeLabel: string;
  appellationLabel: string | null;
  communeName: string | null;
  basinName: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  /** When the members were warned that the need, not updated for long, will be unpublished; null once updated or confirmed. */
  staleWarningSentAt: Date | null;
}

/** A need the stale sweep acted on: ids only, as they go into e-mail jobs. */
export interface StaleNeedRef {
  id: string;
  organisationId: string;
}

export interface StaleNeedState {
  id: string;
  status: EmployerNeedStatus;
  organisationName: string;
  romeLabel: string;
  appellationLabel: string | null;
  communeName: string | null;
  updatedAt: Date;
  staleWarningSentAt: Date | null;
  unpublishedAt: Date | null;
}

export interface NeedFilter {
  organisationId?: string;
  status?: EmployerNeedStatus;
}

const RECORD_COLUMNS = `n.id, n.organisation_id AS "organisationId", n.status, n.rome_code AS "romeCode", n.appellation_code AS "appellationCode",
  n.contract_type AS "contractType", n.positions, n.commune_code AS "communeCode", n.basin_code AS "basinCode",
  n.start_from::text AS "startFrom", n.start_until::text AS "startUntil", n.requirements, n.solutions`;

const rowSelect = (extraColumns = '') => `SELECT ${extraColumns}${RECORD_COLUMNS}, o.name AS "organisationName", r.label AS "romeLabel", a.label AS "appellationLabel",
       c.name AS "communeName", b.name AS "basinName", n.created_at AS "createdAt", n.updated_at AS "updatedAt", n.published_at AS "publishedAt",
       n.stale_warning_sent_at AS "staleWarningSentAt"
  FROM employer_needs n
  JOIN organisations o ON o.id = n.organisation_id
  JOIN rome_occupations r ON r.code = n.rome_code
  LEFT JOIN rome_appellations a ON a.ogr_code = n.appellation_code
  JOIN communes c ON c.insee_code = n.commune_code
  JOIN basins b ON b.code = n.basin_code`;

/** Positional parameters of the written columns, in the order of `VALUE_COLUMNS`. */
const valueParams = (v: EmployerNeedValues): unknown[] => [
  v.romeCode,
  v.appellationCode,
  v.contractType,
  v.positions,
  v.communeCode,
  v.basinCode,
  v.startFrom,
  v.startUntil,
  v.requirements,
  v.solutions,
];
const VALUE_COLUMNS = ['rome_code', 'appellation_code', 'contract_type', 'positions', 'commune_code', 'basin_code', 'start_from', 'start_until', 'requirements', 'solutions'];

/** Employer needs, and the few reference lookups their validation needs. */
@Injectable()
export class EmployerNeedsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T> {
    return (manager ?? this.dataSource.manager).query(sql, params);
  }

  async findById(id: string, manager?: EntityManager): Promise<EmployerNeedRow | null> {
    const rows = await this.query<EmployerNeedRow[]>(`${rowSelect()} WHERE n.id = $1`, [id], manager);
    return rows[0] ?? null;
  }

  /** Locks the need for a change, so that two edits or transitions cannot interleave. */
  async lock(id: string, manager: EntityManager): Promise<EmployerNeedRecord | null> {
    const rows = await this.query<EmployerNeedRecord[]>(`SELECT ${RECORD_COLUMNS} FROM employer_needs n WHERE n.id = $1 FOR UPDATE`, [id], manager);
    return rows[0] ?? null;
  }

  async insert(values: EmployerNeedValues & { organisationId: string; createdBy: string; now: Date }): Promise<string> {
    const params = [...valueParams(values), values.organisationId, values.createdBy, values.now];
    const placeholders = VALUE_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
    const n = VALUE_COLUMNS.length;
    const rows = await this.query<{ id: string }[]>(
      `INSERT INTO employer_needs (${VALUE_COLUMNS.join(', ')}, organisation_id, created_by, status, created_at, updated_at)
       VALUES (${placeholders}, $${n + 1}, $${n + 2}, 'draft', $${n + 3}, $${n + 3})
       RETURNING id`,
      params,
    );
    return rows[0].id;
  }

  /** Writes the employer's values; an update restarts the stale-need clock, so a sent warning no longer holds. */
  async update(id: string, values: EmployerNeedValues, now: Date, manager: EntityManager): Promise<void> {
    const assignments = VALUE_COLUMNS.map((column, i) => `${column} = $${i + 2}`).join(', ');
    await this.query(
      `UPDATE employer_needs SET ${assignments}, updated_at = $${VALUE_COLUMNS.length + 2}, stale_warning_sent_at = NULL WHERE id = $1`,
      [id, ...valueParams(values), now],
      manager,
    );
  }

  /** The employer says the need is still current: like an update, it restarts the stale-need clock and voids a sent warning. */
  async confirm(id: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE employer_needs SET updated_at = $2, stale_warning_sent_at = NULL WHERE id = $1`, [id, now], manager);
  }

  async setStatus(id: string, status: EmployerNeedStatus, now: Date, manager: EntityManager): Promise<void> {
    // Closing keeps the publication date: it tells how long the need was visible.
    const publishedAt = status === EmployerNeedStatus.Published ? now : null;
    await this.query(
      `UPDATE employer_needs SET status = $2, updated_at = $3, published_at = COALESCE($4::timestamptz, published_at) WHERE id = $1`,
      [id, status, now, publishedAt],
      manager,
    );
  }

  async list(filter: NeedFilter, offset: number, limit: number): Promise<{ rows: EmployerNeedRow[]; total: number }> {
    const params: unknown[] = [limit, offset];
    const conditions: string[] = [];
    if (filter.organisationId) conditions.push(`n.organisation_id = $${params.push(filter.organisationId)}`);
    if (filter.status) conditions.push(`n.status = $${params.push(filter.status)}`);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.query<(EmployerNeedRow & { total: string })[]>(
      `${rowSelect('count(*) OVER () AS total, ')} ${where} ORDER BY n.updated_at DESC, n.id LIMIT $1 OFFSET $2`,
      params,
    );
    // Past the last page the window count is gone: count separately rather than report zero.
    const total = rows.length ? Number(rows[0].total) : await this.count(filter);
    return { rows: rows.map(({ total: _total, ...row }) => row), total };
  }

  private async count(filter: NeedFilter): Promise<number> {
    const [{ n }] = await this.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM employer_needs WHERE ($1::uuid IS NULL OR organisation_id = $1) AND ($2::text IS NULL OR status = $2)`,
      [filter.organisationId ?? null, filter.status ?? null],
    );
    return n;
  }

  async findOccupation(code: string): Promise<{ code: string; label: string } | null> {
    const rows = await this.query<{ code: string; label: string }[]>(`SELECT code, label FROM rome_occupations WHERE code = $1`, [code]);
    return rows[0] ?? null;
  }

  async findAppellation(ogrCode: number): Promise<{ ogrCode: number; label: string; romeCode: string } | null> {
    const rows = await this.query<{ ogrCode: number; label: string; romeCode: string }[]>(
      `SELECT ogr_code AS "ogrCode", label, rome_code AS "romeCode" FROM rome_appellations WHERE ogr_code = $1`,
      [ogrCode],
    );
    return rows[0] ?? null;
  }

  async findCommune(inseeCode: string): Promise<{ inseeCode: string; name: string | null; basinCode: string | null } | null> {
    const rows = await this.query<{ inseeCode: string; name: string | null; basinCode: string | null }[]>(
      `SELECT insee_code AS "inseeCode", name, basin_code AS "basinCode" FROM communes WHERE insee_code = $1`,
      [inseeCode],
    );
    return rows[0] ?? null;
  }

  /** Communes a postcode covers (several communes may share one), in name order; at most 20. */
  communesWithPostcode(postcode: string): Promise<{ inseeCode: string; name: string | null }[]> {
    return this.query(
      `SELECT insee_code AS "inseeCode", name FROM communes WHERE postcodes @> ARRAY[$1::text] COLLATE "C" ORDER BY name, insee_code LIMIT 20`,
      [postcode],
    );
  }

  /**
   * Marks up to `limit` published needs not updated since `updatedBefore` and not yet warned as warned, and
   * returns them. The rows are taken with SKIP LOCKED in one statement, so concurrent sweeps never take the
   * same need and a need being edited is left for the next sweep.
   */
  async markStaleWarnings(updatedBefore: Date, now: Date, limit: number, manager: EntityManager): Promise<StaleNeedRef[]> {
    const [rows] = await this.query<[StaleNeedRef[], number]>(
      `WITH due AS (
         SELECT id FROM employer_needs
          WHERE status = 'published' AND stale_warning_sent_at IS NULL AND updated_at <= $1
          ORDER BY updated_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE employer_needs n SET stale_warning_sent_at = $2 FROM due WHERE n.id = due.id
       RETURNING n.id, n.organisation_id AS "organisationId"`,
      [updatedBefore, now, limit],
      manager,
    );
    return rows;
  }

  /**
   * Puts back to draft up to `limit` published needs not updated since `updatedBefore` whose warning went out
   * no later than `warnedBefore` (a need never goes without its full notice), and returns them.
   */
  async unpublishStale(updatedBefore: Date, warnedBefore: Date, now: Date, limit: number, manager: EntityManager): Promise<StaleNeedRef[]> {
    // For an UPDATE, TypeORM answers [returned rows, affected count].
    const [rows] = await this.query<[StaleNeedRef[], number]>(
      `WITH due AS (
         SELECT id FROM employer_needs
          WHERE status = 'published' AND updated_at <= $1 AND stale_warning_sent_at <= $2
          ORDER BY updated_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
       UPDATE employer_needs n
          SET status = 'draft', unpublished_at = $3, unpublished_reason = 'stale', stale_warning_sent_at = NULL
         FROM due WHERE n.id = due.id
       RETURNING n.id, n.organisation_id AS "organisationId"`,
      [updatedBefore, warnedBefore, now, limit],
      manager,
    );
    return rows;
  }

  /** What the stale-need e-mails show about a need. */
  async findStaleState(id: string): Promise<StaleNeedState | null> {
    const rows = await this.query<StaleNeedState[]>(
      `SELECT n.id, n.status, o.name AS "organisationName", r.label AS "romeLabel", a.label AS "appellationLabel", c.name AS "communeName",
              n.updated_at AS "updatedAt", n.stale_warning_sent_at AS "staleWarningSentAt", n.unpublished_at AS "unpublishedAt"
         FROM employer_needs n
         JOIN organisations o ON o.id = n.organisation_id
         JOIN rome_occupations r ON r.code = n.rome_code
         LEFT JOIN rome_appellations a ON a.ogr_code = n.appellation_code
         JOIN communes c ON c.insee_code = n.commune_code
        WHERE n.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
