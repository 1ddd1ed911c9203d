import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Needs of one FAP occupation in one basin and year, summed over the basin's departments. */
export interface BasinNeedRow {
  fapCode: string;
  fapLabel: string | null;
  familyLabel: string | null;
  projects: number | null;
  difficultProjects: number | null;
  seasonalProjects: number | null;
  /** Some department's figure was secret: the sum is a lower bound. */
  partial: boolean;
  shareDifficult: number | null;
  shareSeasonal: number | null;
  tension: number | null;
}

export type BasinNeedSort = 'projects' | 'tension';

interface RawNeedRow extends Omit<BasinNeedRow, 'shareDifficult' | 'shareSeasonal' | 'tension'> {
  shareDifficult: string | null;
  shareSeasonal: string | null;
  tension: string | null;
  total?: string;
}

const ORDER: Record<BasinNeedSort, string> = {
  projects: 'projects DESC NULLS LAST, tension DESC NULLS LAST',
  tension: 'tension DESC NULLS LAST, projects DESC NULLS LAST',
};

const BOTH = (column: string) => `n.projects IS NOT NULL AND n.${column} IS NOT NULL`;

// Shares and tension of a basin are computed from the departments whose figures are both known, with
// the same SQL functions as the stored per-row columns (migration ReferenceData).
const AGGREGATE = `
  SELECT n.fap_code AS "fapCode", f.label AS "fapLabel", f.family_label AS "familyLabel",
         sum(n.projects)::int AS projects,
         sum(n.difficult_projects)::int AS "difficultProjects",
         sum(n.seasonal_projects)::int AS "seasonalProjects",
         bool_or(n.projects IS NULL OR n.difficult_projects IS NULL OR n.seasonal_projects IS NULL) AS partial,
         bmo_share(sum(n.difficult_projects) FILTER (WHERE ${BOTH('difficult_projects')}), sum(n.projects) FILTER (WHERE ${BOTH('difficult_projects')})) AS "shareDifficult",
         bmo_share(sum(n.seasonal_projects) FILTER (WHERE ${BOTH('seasonal_projects')}), sum(n.projects) FILTER (WHERE ${BOTH('seasonal_projects')})) AS "shareSeasonal",
         bmo_tension(sum(n.difficult_projects) FILTER (WHERE ${BOTH('difficult_projects')}), sum(n.projects) FILTER (WHERE ${BOTH('difficult_projects')})) AS tension`;

function toRow({ total: _total, ...raw }: RawNeedRow): BasinNeedRow {
  const num = (value: string | null) => (value === null ? null : Number(value));
  return { ...raw, shareDifficult: num(raw.shareDifficult), shareSeasonal: num(raw.shareSeasonal), tension: num(raw.tension) };
}

@Injectable()
export class BasinNeedsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Survey years present for a basin, latest first. The few distinct years are walked through the
   * primary key (a loose index scan), then each is checked for the basin on the key's (year, basin)
   * prefix: no scan of the whole table, however many years are loaded.
   */
  async years(basinCode: string): Promise<number[]> {
    const rows: { year: number }[] = await this.dataSource.query(
      `WITH RECURSIVE years(year) AS (
         SELECT max(year) FROM basin_needs
         UNION ALL
         SELECT (SELECT max(n.year) FROM basin_needs n WHERE n.year < years.year) FROM years WHERE years.year IS NOT NULL)
       SELECT year FROM years
        WHERE year IS NOT NULL AND EXISTS (SELECT 1 FROM basin_needs n WHERE n.year = years.year AND n.basin_code = $1)
        ORDER BY year DESC`,
      [basinCode],
    );
    return rows.map((r) => r.year);
  }

  async basinExists(code: string): Promise<{ code: string; name: string } | null> {
    const rows: { code: string; name: string }[] = await this.dataSource.query(`SELECT code, name FROM basins WHERE code = $1`, [code]);
    return rows[0] ?? null;
  }

  async list(basinCode: string, year: number, sort: BasinNeedSort, limit: number, offset: number): Promise<{ rows: BasinNeedRow[]; total: number }> {
    const raw: RawNeedRow[] = await this.dataSource.query(
      `SELECT *, count(*) OVER () AS total FROM (${AGGREGATE}
         FROM basin_needs n LEFT JOIN fap_occupations f ON f.code = n.fap_code
        WHERE n.basin_code = $1 AND n.year = $2
        GROUP BY n.fap_code, f.label, f.family_label) needs
       ORDER BY ${ORDER[sort]}, "fapCode"
       LIMIT $3 OFFSET $4`,
      [basinCode, year, limit, offset],
    );
    if (raw.length || offset === 0) return { rows: raw.map(toRow), total: raw.length ? Number(raw[0].total) : 0 };
    // Past the last page the window count is gone: count apart, so the caller can tell "no page" from "no data".
    const [{ total }] = await this.dataSource.query(`SELECT count(DISTINCT fap_code)::int AS total FROM basin_needs WHERE basin_code = $1 AND year = $2`, [basinCode, year]);
    return { rows: [], total };
  }

  async forFapCodes(basinCode: string, year: number, fapCodes: string[]): Promise<BasinNeedRow[]> {
    const raw: RawNeedRow[] = await this.dataSource.query(
      `${AGGREGATE}
         FROM basin_needs n LEFT JOIN fap_occupations f ON f.code = n.fap_code
        WHERE n.basin_code = $1 AND n.year = $2 AND n.fap_code = ANY($3)
        GROUP BY n.fap_code, f.label, f.family_label
        ORDER BY projects DESC NULLS LAST, n.fap_code`,
      [basinCode, year, fapCodes],
    );
    return raw.map(toRow);
  }

  /**
   * Totals of a basin for a year: known projects, the share judged difficult (over the rows whose two
   * figures are known, so secret ones bias neither side), and how many cells the survey kept secret.
   */
  async totals(basinCode: string, year: number): Promise<{ projects: number; shareDifficult: number | null; occupations: number; secretCells: number }> {
    const [row] = await this.dataSource.query(
      `SELECT coalesce(sum(projects), 0)::int AS projects,
              bmo_share(sum(difficult_projects) FILTER (WHERE projects IS NOT NULL AND difficult_projects IS NOT NULL),
                        sum(projects) FILTER (WHERE projects IS NOT NULL AND difficult_projects IS NOT NULL))::float AS "shareDifficult",
              count(DISTINCT fap_code)::int AS occupations,
              (count(*) FILTER (WHERE projects IS NULL) + count(*) FILTER (WHERE difficult_projects IS NULL) + count(*) FILTER (WHERE seasonal_projects IS NULL))::int AS "secretCells"
         FROM basin_needs WHERE basin_code = $1 AND year = $2`,
      [basinCode, year],
    );
    return row;
  }
}
