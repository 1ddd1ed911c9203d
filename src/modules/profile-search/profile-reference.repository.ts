import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProfileDocumentReference } from './profile-document';

/** The reference data profile documents are enriched with (regions of basins, appellations of occupations). */
@Injectable()
export class ProfileReferenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** For the given codes only, or for all of them (a reindex loads them once). */
  async load(romeCodes?: readonly string[], basinCodes?: readonly string[]): Promise<ProfileDocumentReference> {
    const [regions, appellations] = await Promise.all([
      this.dataSource.query(`SELECT code, region_code AS "regionCode" FROM basins ${basinCodes ? 'WHERE code = ANY($1::varchar[])' : ''}`, basinCodes ? [basinCodes] : []),
      this.dataSource.query(
        `SELECT rome_code AS "romeCode", array_agg(label ORDER BY principal DESC, label) AS labels FROM rome_appellations
          WHERE NOT rarely_used ${romeCodes ? 'AND rome_code = ANY($1::varchar[])' : ''} GROUP BY rome_code`,
        romeCodes ? [romeCodes] : [],
      ),
    ]);
    return {
      basinRegions: new Map((regions as { code: string; regionCode: string | null }[]).map((r) => [r.code, r.regionCode])),
      appellations: new Map((appellations as { romeCode: string; labels: string[] }[]).map((r) => [r.romeCode, r.labels])),
    };
  }
}
