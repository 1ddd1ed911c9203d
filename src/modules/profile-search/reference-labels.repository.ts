import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReferenceLabels } from './reference-labels.service';

/** Reads the labels of reference codes (ROME, basins, departments, regions) in one go. */
@Injectable()
export class ReferenceLabelsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(): Promise<ReferenceLabels> {
    const q = <T>(sql: string) => this.dataSource.query(sql) as Promise<T[]>;
    const [occupations, domains, grandDomains, basins, departments] = await Promise.all([
      q<{ code: string; label: string }>(`SELECT code, label FROM rome_occupations`),
      q<{ code: string; label: string }>(`SELECT code, label FROM rome_professional_domains`),
      q<{ code: string; label: string }>(`SELECT code, label FROM rome_grand_domains`),
      q<{ code: string; name: string; regionCode: string | null; regionName: string | null }>(`SELECT code, name, region_code AS "regionCode", region_name AS "regionName" FROM basins`),
      q<{ code: string; name: string | null }>(`SELECT DISTINCT ON (department_code) department_code AS code, department_name AS name FROM basin_departments ORDER BY department_code, department_name NULLS LAST`),
    ]);
    const pairs = (rows: { code: string; label: string }[]) => new Map(rows.map((r) => [r.code, r.label]));
    return {
      occupations: pairs(occupations),
      domains: pairs(domains),
      grandDomains: pairs(grandDomains),
      basins: new Map(basins.map((b) => [b.code, b.name])),
      departments: new Map(departments.map((d) => [d.code, d.name ?? d.code])),
      regions: new Map(basins.filter((b) => b.regionCode).map((b) => [b.regionCode as string, b.regionName ?? (b.regionCode as string)])),
      basinRegions: new Map(basins.map((b) => [b.code, b.regionCode])),
    };
  }
}
