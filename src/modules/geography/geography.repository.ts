import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
  /** Search key of a name (see nameKey): basin names are compared the same way, in SQL. */
  nameKey?: string;
  department?: string;
  region?: string;
}

export type CommuneMatch = { by: 'name'; key: string } | { by: 'postcode'; code: string } | { by: 'postcodePrefix'; prefix: string } | { by: 'insee'; code: string };

const ACCENTED = 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸ';
const PLAIN = 'AAAAAACEEEEIIIINOOOOOUUUUYY';
/** SQL twin of nameKey for the few hundred basin names (communes store their key at import). */
const basinNameKey = `trim(regexp_replace(translate(upper(b.name), '${ACCENTED}', '${PLAIN}'), '[^A-Z0-9]+', ' ', 'g'))`;

const COMMUNE_COLUMNS = `c.insee_code AS "inseeCode", c.name, c.postcodes, c.department_code AS "departmentCode",
  c.latitude::text AS latitude, c.longitude::text AS longitude, c.basin_code AS "basinCode", b.name AS "basinName"`;

const BASIN_DEPARTMENTS = `COALESCE((SELECT json_agg(json_build_object('code', d.department_code, 'name', d.department_name) ORDER BY d.department_code)
  FROM basin_departments d WHERE d.basin_code = b.code), '[]') AS departments`;

const ESTABLISHMENT_COLUMNS = `e.code, e.name, e.type, e.commune_code AS "communeCode", e.commune_name AS "communeName",
  e.department_code AS "departmentCode", e.region_code AS "regionCode", e.basin_code AS "basinCode", b.name AS "basinName",
  e.latitude::text AS latitude, e.longitude::text AS longitude, e.capacity, e.detainees`;

/** Reads of the geography reference tables (written only by the importers). */
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

  async listBasins(filter: BasinFilter, offset: number, limit: number): Promise<{ rows: BasinRow[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.nameKey) {
      params.push(filter.nameKey);
      conditions.push(`(' ' || ${basinNameKey} || ' ') LIKE '% ' || $${params.length} || '%'`);
    }
    if (filter.department) {
      params.push(filter.department);
      conditions.push(`EXISTS (SELECT 1 FROM basin_departments d WHERE d.basin_code = b.code AND d.department_code = $${params.length})`);
    }
    if (filter.region) {
      params.push(filter.region);
      conditions.push(`b.region_code = $${params.length}`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    params.push(limit, offset);
    const rows: (BasinRow & { total: string })[] = await this.dataSource.query(
      `SELECT b.code, b.name, b.region_code AS "regionCode", b.region_name AS "regionName", ${BASIN_DEPARTMENTS}, count(*) OVER () AS total
         FROM basins b ${where}
        ORDER BY ${basinNameKey}, b.code
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const total = rows.length ? Number(rows[0].total) : await this.countBasins(where, params.slice(0, -2));
    return { rows: rows.map(({ total: _total, ...row }) => row), total };
  }

  private async countBasins(where: string, params: unknown[]): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM basins b ${where}`, params);
    return count;
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
}
