import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { bulkMerge, MergeCounts } from '../../infra/import/bulk-merge';
import type { LabelEntry } from './label-similarity';

export type LinkSource = 'dares' | 'curated' | 'staff';
export type LinkStatus = 'active' | 'rejected';

export interface LinkRow {
  fapCode: string;
  fapLabel: string | null;
  romeCode: string;
  romeLabel: string;
  source: LinkSource;
  status: LinkStatus;
  decidedBy: string | null;
  updatedAt: Date;
}

export interface UnlinkedFapRow {
  fapCode: string;
  fapLabel: string | null;
  /** Recruitment projects of the latest BMO year (secret cells left out); null when the code has no needs. */
  projects: number | null;
}

export interface LinkKey {
  fapCode: string;
  romeCode: string;
}

/** A page of rows and the count of all rows matching the same filter. */
export interface RowsPage<T> {
  rows: T[];
  total: number;
}

/**
 * SQL counterpart of foldText (label-similarity.ts): lowercase, French accents removed, ligatures split,
 * so that a filter typed without accents finds accented labels. The accented capitals are translated
 * before lower(), which leaves non-ASCII letters alone under the "C" collation.
 */
const fold = (expression: string) =>
  `replace(replace(lower(translate(${expression}, 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸŒÆ', ` +
  `'aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUYYœæ')), 'œ', 'oe'), 'æ', 'ae')`;

/** True when any of the expressions, folded, contains the parameter (already folded by the caller). */
const foldedMatch = (parameter: string, ...expressions: string[]) =>
  `(${expressions.map((e) => `strpos(${fold(`coalesce(${e}, '')`)}, ${parameter}) > 0`).join(' OR ')})`;

const LINK_COLUMNS = `l.fap_code AS "fapCode", f.label AS "fapLabel", l.rome_code AS "romeCode", r.label AS "romeLabel",
  l.source, l.status, l.decided_by AS "decidedBy", l.updated_at AS "updatedAt"`;
const LINK_FROM = `fap_rome_links l JOIN rome_occupations r ON r.code = l.rome_code LEFT JOIN fap_occupations f ON f.code = l.fap_code`;

/** SQL of the FAP 2021 ↔ ROME crosswalk, for the importer (inside its transaction) and the service. */
@Injectable()
export class CrosswalkRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** ROME 4 labels by code; empty when the ROME referential was not imported yet. */
  async romeLabels(runner?: QueryRunner): Promise<Map<string, string>> {
    const rows: { code: string; label: string }[] = await (runner ?? this.dataSource).query(`SELECT code, label FROM rome_occupations`);
    return new Map(rows.map((r) => [r.code, r.label]));
  }

  /** ROME 4 codes descending from each ROME 3 code: the same code, or the fiches whose parent it is. */
  async rome4ByRome3(runner: QueryRunner): Promise<Map<string, string[]>> {
    const rows: { code: string; rome3: string | null }[] = await runner.query(`SELECT code, rome3_code AS rome3 FROM rome_occupations ORDER BY code`);
    const map = new Map<string, Set<string>>();
    const add = (v3: string, v4: string) => {
      const set = map.get(v3) ?? new Set<string>();
      set.add(v4);
      map.set(v3, set);
    };
    for (const row of rows) {
      add(row.code, row.code);
      if (row.rome3) add(row.rome3, row.code);
    }
    return new Map([...map].map(([v3, set]) => [v3, [...set].sort()]));
  }

  async fapLabels(runner?: QueryRunner): Promise<Map<string, string>> {
    const rows: { code: string; label: string }[] = await (runner ?? this.dataSource).query(`SELECT code, label FROM fap_occupations`);
    return new Map(rows.map((r) => [r.code, r.label]));
  }

  async fapLabel(fapCode: string): Promise<string | null> {
    const rows: { label: string }[] = await this.dataSource.query(`SELECT label FROM fap_occupations WHERE code = $1`, [fapCode]);
    return rows[0]?.label ?? null;
  }

  async romeExists(romeCode: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM rome_occupations WHERE code = $1`, [romeCode]);
    return rows.length > 0;
  }

  /** Keys ("FAP|ROME") that a person decided on: imports must not overwrite them. */
  async staffDecisions(runner: QueryRunner): Promise<{ rejected: Set<string>; confirmed: Set<string> }> {
    const rows: { key: string; status: LinkStatus }[] = await runner.query(
      `SELECT fap_code || '|' || rome_code AS key, status FROM fap_rome_links WHERE status = 'rejected' OR source = 'staff'`,
    );
    return {
      rejected: new Set(rows.filter((r) => r.status === 'rejected').map((r) => r.key)),
      confirmed: new Set(rows.filter((r) => r.status === 'active').map((r) => r.key)),
    };
  }

  /** Writes the links of one import file as active links of that source (bulkMerge: identical rows are left alone). */
  mergeLinks(runner: QueryRunner, source: LinkSource, links: readonly LinkKey[]): Promise<MergeCounts> {
    return bulkMerge(
      runner,
      { table: 'fap_rome_links', key: ['fap_code', 'rome_code'], columns: ['fap_code', 'rome_code', 'source', 'status'] },
      links.map((l) => [l.fapCode, l.romeCode, source, 'active']),
    );
  }

  /**
   * Deletes the active links of an import source that its latest file no longer lists; staff decisions
   * (source staff) and rejected links stay. Returns the removed keys ("FAP|ROME").
   */
  async removeUnlisted(runner: QueryRunner, source: Exclude<LinkSource, 'staff'>, listed: readonly LinkKey[]): Promise<string[]> {
    // Structured result: for a DELETE, TypeORM otherwise answers [rows, count].
    const result = await runner.query(
      `DELETE FROM fap_rome_links l
        WHERE l.source = $1 AND l.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[]) AS k(fap_code, rome_code)
                           WHERE k.fap_code = l.fap_code AND k.rome_code = l.rome_code)
       RETURNING l.fap_code || '|' || l.rome_code AS key`,
      [source, listed.map((l) => l.fapCode), listed.map((l) => l.romeCode)],
      true,
    );
    return (result.records as { key: string }[]).map((r) => r.key).sort();
  }

  /**
   * Changes whenever the ROME labels or appellations do (an import inserts, updates with a new
   * updated_at, or deletes rows): the key of the cached label index.
   */
  async labelsFingerprint(): Promise<string> {
    const [row]: { fingerprint: string }[] = await this.dataSource.query(
      `SELECT concat_ws('|', o.count, o.max, a.count, a.max) AS fingerprint
         FROM (SELECT count(*) AS count, max(updated_at) AS max FROM rome_occupations) o,
              (SELECT count(*) AS count, max(updated_at) AS max FROM rome_appellations) a`,
    );
    return row.fingerprint;
  }

  /** Every ROME label and appellation, the material of label-similarity suggestions. */
  async labelEntries(): Promise<LabelEntry[]> {
    return this.dataSource.query(
      `SELECT code AS "romeCode", label FROM rome_occupations
       UNION ALL
       SELECT rome_code AS "romeCode", label FROM rome_appellations`,
    );
  }

  async links(filter: { fapCode?: string; romeCode?: string; status?: LinkStatus }): Promise<LinkRow[]> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (filter.fapCode) conditions.push(`l.fap_code = $${params.push(filter.fapCode)}`);
    if (filter.romeCode) conditions.push(`l.rome_code = $${params.push(filter.romeCode)}`);
    if (filter.status) conditions.push(`l.status = $${params.push(filter.status)}`);
    return this.dataSource.query(
      `SELECT ${LINK_COLUMNS} FROM ${LINK_FROM} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY l.fap_code, l.rome_code`,
      params,
    );
  }

  /** Active links whose FAP or ROME code or label contains the folded search, at most `limit` of them, and their count. */
  async activeLinks(search: string, limit: number): Promise<RowsPage<LinkRow>> {
    const where = `l.status = 'active'${search ? ` AND ${foldedMatch('$1', 'l.fap_code', 'f.label', 'l.rome_code', 'r.label')}` : ''}`;
    const params = search ? [search] : [];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(`SELECT ${LINK_COLUMNS} FROM ${LINK_FROM} WHERE ${where} ORDER BY l.fap_code, l.rome_code LIMIT ${Number(limit)}`, params),
      this.dataSource.query(`SELECT count(*)::int AS total FROM ${LINK_FROM} WHERE ${where}`, params) as Promise<{ total: number }[]>,
    ]);
    return { rows, total };
  }

  async link(fapCode: string, romeCode: string): Promise<LinkRow | undefined> {
    const rows: LinkRow[] = await this.dataSource.query(`SELECT ${LINK_COLUMNS} FROM ${LINK_FROM} WHERE l.fap_code = $1 AND l.rome_code = $2`, [fapCode, romeCode]);
    return rows[0];
  }

  /** ROME codes already decided (active or rejected) per FAP code, for the given FAP codes: not suggested again. */
  async decidedPairs(fapCodes: readonly string[]): Promise<Map<string, Set<string>>> {
    const rows: { fapCode: string; romeCode: string }[] = await this.dataSource.query(
      `SELECT fap_code AS "fapCode", rome_code AS "romeCode" FROM fap_rome_links WHERE fap_code = ANY($1::text[])`,
      [fapCodes],
    );
    const pairs = new Map<string, Set<string>>();
    for (const row of rows) {
      const set = pairs.get(row.fapCode) ?? new Set<string>();
      set.add(row.romeCode);
      pairs.set(row.fapCode, set);
    }
    return pairs;
  }

  /** Active links of a ROME code, for the basin-needs module. */
  async fapCodesForRome(romeCode: string): Promise<{ fapCode: string; fapLabel: string | null; source: LinkSource }[]> {
    return this.dataSource.query(
      `SELECT l.fap_code AS "fapCode", f.label AS "fapLabel", l.source
         FROM fap_rome_links l LEFT JOIN fap_occupations f ON f.code = l.fap_code
        WHERE l.rome_code = $1 AND l.status = 'active'
        ORDER BY l.fap_code`,
      [romeCode],
    );
  }

  /**
   * Activates a link as a staff decision. Returns false when the link was already active (nothing
   * written); a rejected link is re-activated, since a person decides again.
   */
  async confirm(fapCode: string, romeCode: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO fap_rome_links (fap_code, rome_code, source, status, decided_by) VALUES ($1, $2, 'staff', 'active', $3)
       ON CONFLICT (fap_code, rome_code) DO UPDATE SET source = 'staff', status = 'active', decided_by = $3, updated_at = now()
        WHERE fap_rome_links.status <> 'active'
       RETURNING 1`,
      [fapCode, romeCode, userId],
    );
    return rows.length > 0;
  }

  /** Marks a link rejected (creating it when absent); false when it already was. The origin of an existing link is kept. */
  async reject(fapCode: string, romeCode: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO fap_rome_links (fap_code, rome_code, source, status, decided_by) VALUES ($1, $2, 'staff', 'rejected', $3)
       ON CONFLICT (fap_code, rome_code) DO UPDATE SET status = 'rejected', decided_by = $3, updated_at = now()
        WHERE fap_rome_links.status <> 'rejected'
       RETURNING 1`,
      [fapCode, romeCode, userId],
    );
    return rows.length > 0;
  }

  /**
   * FAP codes known from the BMO (nomenclature or needs) with no active link, the codes with most
   * recruitment projects in the latest survey year first; only those whose code or label contains the
   * folded search, one page of them, and their count.
   */
  async unlinkedFapCodes(search: string, limit: number, offset: number): Promise<RowsPage<UnlinkedFapRow>> {
    const codes = `codes AS (SELECT code AS fap_code FROM fap_occupations UNION SELECT DISTINCT fap_code FROM basin_needs)`;
    const where = `NOT EXISTS (SELECT 1 FROM fap_rome_links l WHERE l.fap_code = c.fap_code AND l.status = 'active')
      ${search ? `AND ${foldedMatch('$1', 'c.fap_code', 'f.label')}` : ''}`;
    const params = search ? [search] : [];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `WITH latest AS (SELECT max(year) AS year FROM basin_needs),
              needs AS (
                SELECT n.fap_code, sum(n.projects)::int AS projects
                  FROM basin_needs n, latest WHERE n.year = latest.year GROUP BY n.fap_code),
              ${codes}
         SELECT c.fap_code AS "fapCode", f.label AS "fapLabel", n.projects
           FROM codes c
           LEFT JOIN fap_occupations f ON f.code = c.fap_code
           LEFT JOIN needs n ON n.fap_code = c.fap_code
          WHERE ${where}
          ORDER BY n.projects DESC NULLS LAST, c.fap_code
          LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
        params,
      ),
      this.dataSource.query(
        `WITH ${codes} SELECT count(*)::int AS total FROM codes c LEFT JOIN fap_occupations f ON f.code = c.fap_code WHERE ${where}`,
        params,
      ) as Promise<{ total: number }[]>,
    ]);
    return { rows, total };
  }
}
