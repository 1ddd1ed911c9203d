import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { EstablishmentType } from './establishment-type';

export interface CommuneRow {
  inseeCode: string;
  name: string | null;
  postcodes: string[];
  departmentCode: string | null;
  latitude: string | null;
  longitude: string | null;
  basinCode: string | null;
  basinName: string | null;
}

export interface BasinRow {
  code: string;
  name: string;
  regionCode: string | null;
  regionName: string | null;
  departments: { code: string; name: string | null }[];
}

export interface EstablishmentRow {
  code: string;
  name: string;
  type: EstablishmentType;
  communeCode: string | null;
  communeName: string | null;
  departmentCode: string | null;
  regionCode: string | null;
  basinCode: string | null;
  basinName: string | null;
  latitude: string | null;
  longitude: string | null;
  capacity: number | null;
  detainees: number | null;
}

export interface BasinFilter {
  department?: string;
  region?: string;
}

/** A basin's code and name: what a name search needs. */
export interface BasinName {
  code: string;
  name: string;
}

export type CommuneMatch = { by: 'name'; key: string } | { by: 'postcode'; code: string } | { by: 'postcodePrefix'; prefix: string } | { by: 'insee'; code: string };

const COMMUNE_COLUMNS = `c.insee_code AS "inseeCode", c.name, c.postcodes, c.department_code AS "departmentCode",
  c.latitude::text AS latitude, c.longitude::text AS longitude, c.basin_code AS "basinCode", b.name AS "basinName"`;

const BASIN_DEPARTMENTS = `COALESCE((SELECT json_agg(json_build_object('code', d.department_code, 'name', d.department_name) ORDER BY d.department_code)
  FROM basin_departments d WHERE d.basin_code = b.code), '[]') AS departments`;

const ESTABLISHMENT_COLUMNS = `e.code, e.name, e.type, e.commune_code AS "communeCode", e.commune_name AS "communeName",
  e.department_code AS "departmentCode", e.region_code AS "regionCode", e.basin_code AS "basinCode", b.name AS "basinName",
  e.latitude::text AS latitude, e.longitude::text AS longitude, e.capacity, e.detainees`;

/** The geography reference tables: reads for the API, and the writes of the importers besides bulkMerge (given their transaction's runner). */
@Injectable()
export class GeographyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Communes matching a name prefix, a postcode (or its start) or an INSEE code; exact names first. */
  findCommunes(match: CommuneMatch, limit: number): Promise<CommuneRow[]> {
    const where = {
      name: `c.name_key LIKE $1 || '%'`,
      postcode: `c.postcodes @> ARRAY[$1::text] COLLATE "C" OR c.insee_code = $1`,
      postcodePrefix: `EXISTS (SELECT 1 FROM unnest(c.postcodes) p WHERE p LIKE $1 || '%')`,
      insee: `c.insee_code = $1`,
    }[match.by];
    const value = match.by === 'name' ? match.key : match.by === 'postcodePrefix' ? match.prefix : match.code;
    return this.dataSource.query(
      `SELECT ${COMMUNE_COLUMNS}
         FROM communes c LEFT JOIN basins b ON b.code = c.basin_code
        WHERE ${where}
        ORDER BY (c.name_key = $1) DESC, c.name_key, c.insee_code
        LIMIT $2`,
      [value, limit],
    );
  }

  /** Code and name of the basins matching the filter; the name search is done on these in Node (see GeographyService.listBasins). */
  listBasinNames(filter: BasinFilter): Promise<BasinName[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.department) {
      params.push(filter.department);
      conditions.push(`EXISTS (SELECT 1 FROM basin_departments d WHERE d.basin_code = b.code AND d.department_code = $${params.length})`);
    }
    if (filter.region) {
      params.push(filter.region);
      conditions.push(`b.region_code = $${params.length}`);
    }
    return this.dataSource.query(`SELECT b.code, b.name FROM basins b ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}`, params);
  }

  /** The basins of these codes, in no particular order. */
  findBasins(codes: string[]): Promise<BasinRow[]> {
    return this.dataSource.query(
      `SELECT b.code, b.name, b.region_code AS "regionCode", b.region_name AS "regionName", ${BASIN_DEPARTMENTS}
         FROM basins b WHERE b.code = ANY($1::varchar[])`,
      [codes],
    );
  }

  async findBasin(code: string): Promise<(BasinRow & { communeCount: number }) | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT b.code, b.name, b.region_code AS "regionCode", b.region_name AS "regionName", ${BASIN_DEPARTMENTS},
              (SELECT count(*)::int FROM communes c WHERE c.basin_code = b.code) AS "communeCount"
         FROM basins b WHERE b.code = $1`,
      [code],
    );
    return row;
  }

  listEstablishments(filter: { basin?: string; department?: string }): Promise<EstablishmentRow[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.basin) {
      params.push(filter.basin);
      conditions.push(`e.basin_code = $${params.length}`);
    }
    if (filter.department) {
      params.push(filter.department);
      conditions.push(`e.department_code = $${params.length}`);
    }
    return this.dataSource.query(
      `SELECT ${ESTABLISHMENT_COLUMNS}
         FROM establishments e LEFT JOIN basins b ON b.code = e.basin_code
        ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY e.name, e.code`,
      params,
    );
  }

  /** Codes of the basins the table knows, among `codes` or all of them. */
  async knownBasinCodes(runner: QueryRunner, codes?: string[]): Promise<Set<string>> {
    const rows: { code: string }[] = codes
      ? await runner.query(`SELECT code FROM basins WHERE code = ANY($1::varchar[])`, [codes])
      : await runner.query(`SELECT code FROM basins`);
    return new Set(rows.map((b) => b.code));
  }

  /** Current names of the basins of these codes, by code. */
  async basinNames(runner: QueryRunner, codes: string[]): Promise<Map<string, string>> {
    const rows: BasinName[] = await runner.query(`SELECT code, name FROM basins WHERE code = ANY($1::varchar[])`, [codes]);
    return new Map(rows.map((b) => [b.code, b.name]));
  }

  /** Creates basins with the departments they cover; a basin or link that already exists is left as it is. */
  async createBasins(runner: QueryRunner, basins: { code: string; name: string; regionCode: string; departments: string[] }[]): Promise<void> {
    await runner.query(
      `INSERT INTO basins (code, name, region_code) SELECT * FROM unnest($1::varchar[], $2::text[], $3::varchar[]) ON CONFLICT (code) DO NOTHING`,
      [basins.map((b) => b.code), basins.map((b) => b.name), basins.map((b) => b.regionCode)],
    );
    const links = basins.flatMap((b) => b.departments.map((department) => [b.code, department] as const));
    await runner.query(
      `INSERT INTO basin_departments (basin_code, department_code) SELECT * FROM unnest($1::varchar[], $2::varchar[]) ON CONFLICT DO NOTHING`,
      [links.map((l) => l[0]), links.map((l) => l[1])],
    );
  }

  /** Deletes the department links of the given basins that `links` does not list; returns how many went. */
  async removeOtherBasinDepartments(runner: QueryRunner, links: { basinCode: string; departmentCode: string }[]): Promise<number> {
    const result: { affected?: number } = await runner.query(
      `DELETE FROM basin_departments d
        WHERE d.basin_code = ANY($1::varchar[])
          AND NOT EXISTS (SELECT 1 FROM unnest($1::varchar[], $2::varchar[]) AS f(basin_code, department_code)
                           WHERE f.basin_code = d.basin_code AND f.department_code = d.department_code)`,
      [links.map((l) => l.basinCode), links.map((l) => l.departmentCode)],
      true,
    );
    return result.affected ?? 0;
  }
}
