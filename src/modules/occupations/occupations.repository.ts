import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';

export interface OccupationRefRow {
  code: string;
  label: string;
}

export interface OccupationDetailRow {
  code: string;
  label: string;
  ogr_code: number;
  domain_code: string;
  domain_label: string;
  grand_domain_code: string;
  grand_domain_label: string;
  rome3_code: string | null;
  ecological_transition: string | null;
  digital_transition: boolean | null;
  demographic_transition: boolean | null;
  regulated: boolean | null;
  executive: boolean | null;
}

export interface AppellationRow {
  ogr_code: number;
  label: string;
  short_label: string;
  principal: boolean;
  rarely_used: boolean;
}

/** One searchable title: the occupation's label (ogr_code null) or one of its appellations. */
export interface SearchTitleRow {
  ogr_code: number | null;
  code: string;
  label: string;
  title: string;
  domain_code: string;
  domain_label: string;
  principal: boolean;
  rarely_used: boolean;
}

/** SQL over the ROME tables written by the ROME importer. */
@Injectable()
export class OccupationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async isEmpty(): Promise<boolean> {
    const [{ empty }] = await this.dataSource.query(`SELECT NOT EXISTS (SELECT 1 FROM rome_occupations) AS empty`);
    return empty;
  }

  findByCodes(codes: string[]): Promise<OccupationRefRow[]> {
    return this.dataSource.query(`SELECT code, label FROM rome_occupations WHERE code = ANY($1::varchar[])`, [codes]);
  }

  async findDetail(code: string): Promise<OccupationDetailRow | undefined> {
    const rows: OccupationDetailRow[] = await this.dataSource.query(
      `SELECT o.code, o.label, o.ogr_code, o.domain_code, d.label AS domain_label, g.code AS grand_domain_code, g.label AS grand_domain_label,
              o.rome3_code, o.ecological_transition, o.digital_transition, o.demographic_transition, o.regulated, o.executive
         FROM rome_occupations o
         JOIN rome_professional_domains d ON d.code = o.domain_code
         JOIN rome_grand_domains g ON g.code = d.grand_domain_code
        WHERE o.code = $1`,
      [code],
    );
    return rows[0];
  }

  /** Appellations of one occupation; the service orders them for display. */
  findAppellations(code: string): Promise<AppellationRow[]> {
    return this.dataSource.query(
      `SELECT ogr_code, label, short_label, principal, rarely_used FROM rome_appellations
        WHERE rome_code = $1 ORDER BY ogr_code`,
      [code],
    );
  }

  /** Every label and appellation with its occupation and domain: the content of the search index. */
  searchTitles(): Promise<SearchTitleRow[]> {
    return this.dataSource.query(
      `SELECT NULL::int AS ogr_code, o.code, o.label, o.label AS title, o.domain_code, d.label AS domain_label, false AS principal, false AS rarely_used
         FROM rome_occupations o JOIN rome_professional_domains d ON d.code = o.domain_code
       UNION ALL
       SELECT a.ogr_code, o.code, o.label, a.label AS title, o.domain_code, d.label AS domain_label, a.principal, a.rarely_used
         FROM rome_appellations a
         JOIN rome_occupations o ON o.code = a.rome_code
         JOIN rome_professional_domains d ON d.code = o.domain_code`,
    );
  }

  /** Deletes, in the import's transaction, the appellations whose OGR code is not listed; returns how many. */
  async deleteAppellationsExcept(runner: QueryRunner, ogrCodes: number[]): Promise<number> {
    const result = await runner.query(`DELETE FROM rome_appellations WHERE NOT (ogr_code = ANY($1::int[]))`, [ogrCodes], true);
    return result.affected ?? 0;
  }

  /** Counts, in the import's transaction, the occupations whose code is not listed. */
  async countOccupationsExcept(runner: QueryRunner, codes: string[]): Promise<number> {
    const [{ absent }] = await runner.query(`SELECT count(*)::int AS absent FROM rome_occupations WHERE NOT (code = ANY($1::varchar[]))`, [codes]);
    return absent;
  }
}
