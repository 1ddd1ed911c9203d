import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SentenceAdjustment, Training, WorkConstraints } from '../candidates/candidate-profile';
import { ContractType, EmployerNeedStatus, NeedSolution } from '../employer-needs/employer-need';
import { OPEN_STATUSES } from '../introductions/introduction';
import { EMPLOYER_KINDS } from '../organisations/organisation.entity';
import type { MatchPlace } from './match-score';
import type { BmoCells } from './matching-inputs';

/** An employer need with what matching compares and what a result shows of it. Dates are YYYY-MM-DD. */
export interface MatchableNeedRow {
  id: string;
  organisationId: string;
  organisationName: string;
  status: EmployerNeedStatus;
  romeCode: string;
  romeLabel: string;
  appellationLabel: string | null;
  contractType: ContractType;
  positions: number;
  solutions: NeedSolution[];
  startFrom: string | null;
  startUntil: string | null;
  communeName: string | null;
  /** Department of the need's commune. */
  departmentCode: string | null;
  basinCode: string;
  basinName: string;
  basinDepartments: string[];
  regionCode: string | null;
  regionName: string | null;
  /** The organisation's introductions under way (requested, proposed, accepted, introduced, meeting planned). */
  pendingIntroductions: number;
  bmo: BmoCells;
}

/** What matching reads of a candidate profile: internal, staff side only. */
export interface ProfileMatchInputs {
  id: string;
  code: string;
  targetRomeCodes: string[];
  /** Target basins in the profile's order, with their departments and region. */
  targetBasins: MatchPlace[];
  releaseFrom: string | null;
  releaseUntil: string | null;
  adjustments: SentenceAdjustment[];
  trainings: Training[];
  constraints: WorkConstraints;
}

/** Candidate needs read for one profile at most: the best-placed ones by the SQL order below. */
export const MAX_CANDIDATE_NEEDS = 500;

type RawNeedRow = Omit<MatchableNeedRow, 'bmo'> & BmoCells;

/** Introductions under way, as an SQL list: what an organisation still has on its hands. */
const OPEN_INTRODUCTIONS = `(${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/**
 * Needs with their labels, places and BMO cells. `picked` selects and orders the needs (it receives the
 * WHERE clause and the ORDER BY); the BMO cells of each need's occupation in its basin are then read for
 * the basin's latest survey year, through the active FAP ↔ ROME links. Survey years are walked through the
 * key of basin_needs (a loose index scan), as BasinNeedsRepository.years does: a few years, no table scan.
 */
function needsQuery(where: string, order: string, limit = ''): string {
  return `
    WITH RECURSIVE survey_years(year) AS (
      SELECT max(year) FROM basin_needs
      UNION ALL
      SELECT (SELECT max(bn.year) FROM basin_needs bn WHERE bn.year < survey_years.year) FROM survey_years WHERE survey_years.year IS NOT NULL
    ),
    picked AS (
      SELECT n.id, n.organisation_id AS "organisationId", o.name AS "organisationName", n.status,
             n.rome_code AS "romeCode", r.label AS "romeLabel", a.label AS "appellationLabel",
             n.contract_type AS "contractType", n.positions, n.solutions,
             n.start_from::text AS "startFrom", n.start_until::text AS "startUntil",
             c.name AS "communeName", c.department_code AS "departmentCode",
             n.basin_code AS "basinCode", b.name AS "basinName", b.region_code AS "regionCode", b.region_name AS "regionName",
             (SELECT coalesce(array_agg(d.department_code::text ORDER BY d.department_code), '{}'::text[])
                FROM basin_departments d WHERE d.basin_code = n.basin_code) AS "basinDepartments",
             -- Fair share: the organisation's introductions still under way (the statuses of introductions_open_key).
             (SELECT count(*) FROM introductions i
               WHERE i.organisation_id = n.organisation_id AND i.status IN ${OPEN_INTRODUCTIONS})::int AS "pendingIntroductions",
             row_number() OVER (ORDER BY ${order}) AS position
        FROM employer_needs n
        JOIN organisations o ON o.id = n.organisation_id
        JOIN rome_occupations r ON r.code = n.rome_code
        LEFT JOIN rome_appellations a ON a.ogr_code = n.appellation_code
        JOIN communes c ON c.insee_code = n.commune_code
        JOIN basins b ON b.code = n.basin_code
       WHERE ${where}
       ORDER BY ${order}
       ${limit}
    )
    SELECT picked.*,
           EXISTS (SELECT 1 FROM fap_rome_links l WHERE l.rome_code = picked."romeCode" AND l.status = 'active') AS linked,
           survey.year AS "surveyYear",
           coalesce(cells.cells, 0) AS cells,
           coalesce(cells."knownProjects", 0) AS "knownProjects",
           coalesce(cells."secretProjects", false) AS "secretProjects",
           cells."tensionProjects", cells."tensionDifficult"
      FROM picked
      LEFT JOIN LATERAL (
        SELECT max(y.year)::int AS year FROM survey_years y
         WHERE y.year IS NOT NULL AND EXISTS (SELECT 1 FROM basin_needs bn WHERE bn.year = y.year AND bn.basin_code = picked."basinCode")
      ) survey ON true
      LEFT JOIN LATERAL (
        SELECT count(*)::int AS cells,
               sum(bn.projects)::int AS "knownProjects",
               bool_or(bn.projects IS NULL) AS "secretProjects",
               sum(bn.projects) FILTER (WHERE bn.projects IS NOT NULL AND bn.difficult_projects IS NOT NULL)::int AS "tensionProjects",
               sum(bn.difficult_projects) FILTER (WHERE bn.projects IS NOT NULL AND bn.difficult_projects IS NOT NULL)::int AS "tensionDifficult"
          FROM fap_rome_links l
          JOIN basin_needs bn ON bn.year = survey.year AND bn.basin_code = picked."basinCode" AND bn.fap_code = l.fap_code
         WHERE l.rome_code = picked."romeCode" AND l.status = 'active'
      ) cells ON true
     ORDER BY picked.position`;
}

function toNeedRow(raw: RawNeedRow & { position?: string }): MatchableNeedRow {
  const { linked, surveyYear, cells, knownProjects, secretProjects, tensionProjects, tensionDifficult, position: _position, ...need } = raw;
  return { ...need, pendingIntroductions: Number(need.pendingIntroductions), bmo: { linked, surveyYear, cells, knownProjects, secretProjects, tensionProjects, tensionDifficult } };
}

const ACTIVE_CONSENT = `EXISTS (SELECT 1 FROM candidate_consents cc WHERE cc.profile_id = p.id AND cc.scope = 'publication' AND cc.revoked_at IS NULL)`;

/** SQL side of matching: needs with their BMO figures, profiles' matching inputs, constraints of published profiles. */
@Injectable()
export class MatchingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Published needs a profile may be proposed: of active employer organisations that are not paused on
   * `today` nor at their monthly introduction cap, sharing at least the grand domain of a target occupation
   * or the region of a target basin. At most MAX_CANDIDATE_NEEDS, exact occupations and target basins first.
   */
  async candidateNeeds(profile: { romeCodes: string[]; basinCodes: string[]; regionCodes: string[] }, today: string): Promise<MatchableNeedRow[]> {
    const grandDomains = [...new Set(profile.romeCodes.map((c) => c.slice(0, 1)))];
    const domains = [...new Set(profile.romeCodes.map((c) => c.slice(0, 3)))];
    if (!grandDomains.length && !profile.regionCodes.length) return [];
    const raw: RawNeedRow[] = await this.dataSource.query(
      needsQuery(
        `n.status = 'published' AND o.status = 'active' AND o.kind = ANY($1::text[])
         AND (o.paused_until IS NULL OR o.paused_until < $2::date)
         -- Monthly cap: the introductions created since the 1st of the month (Paris time) must stay under it.
         AND (o.monthly_introduction_cap IS NULL OR (
              SELECT count(*) FROM introductions i
               WHERE i.organisation_id = o.id
                 AND i.created_at >= date_trunc('month', $2::date::timestamp) AT TIME ZONE 'Europe/Paris') < o.monthly_introduction_cap)
         AND (left(n.rome_code, 1) = ANY($3::text[]) OR b.region_code = ANY($4::text[]))`,
        `n.rome_code = ANY($5::text[]) DESC, n.basin_code = ANY($6::text[]) DESC, left(n.rome_code, 3) = ANY($7::text[]) DESC,
         b.region_code = ANY($4::text[]) DESC NULLS LAST, n.published_at DESC, n.id`,
        `LIMIT ${MAX_CANDIDATE_NEEDS}`,
      ),
      [EMPLOYER_KINDS, today, grandDomains, profile.regionCodes, profile.romeCodes, profile.basinCodes, domains],
    );
    return raw.map(toNeedRow);
  }

  /** An organisation's published needs, newest publication first (whether it is paused or not: they are its own). */
  async publishedNeedsOf(organisationId: string): Promise<MatchableNeedRow[]> {
    const raw: RawNeedRow[] = await this.dataSource.query(needsQuery(`n.organisation_id = $1 AND n.status = 'published'`, `n.published_at DESC, n.id`), [organisationId]);
    return raw.map(toNeedRow);
  }

  /** Grand domains (ROME letters) of an organisation's published needs, in order. */
  async publishedGrandDomainsOf(organisationId: string): Promise<string[]> {
    const rows: { letter: string }[] = await this.dataSource.query(
      `SELECT DISTINCT left(rome_code, 1) AS letter FROM employer_needs WHERE organisation_id = $1 AND status = 'published' ORDER BY 1`,
      [organisationId],
    );
    return rows.map((r) => r.letter);
  }

  async needById(id: string): Promise<MatchableNeedRow | null> {
    const raw: RawNeedRow[] = await this.dataSource.query(needsQuery(`n.id = $1`, `n.id`), [id]);
    return raw.length ? toNeedRow(raw[0]) : null;
  }

  /** The matching inputs of a profile, internal: exact release dates, trainings and work constraints included. */
  async profileInputs(id: string): Promise<ProfileMatchInputs | null> {
    const rows: ProfileMatchInputs[] = await this.dataSource.query(
      `SELECT p.id, p.code, p.target_rome_codes::text[] AS "targetRomeCodes",
              p.release_from::text AS "releaseFrom", p.release_until::text AS "releaseUntil",
              p.adjustments, p.trainings, p.constraints,
              (SELECT coalesce(jsonb_agg(jsonb_build_object(
                        'basinCode', b.code, 'basinLabel', b.name, 'regionCode', b.region_code, 'regionLabel', b.region_name,
                        'departmentCodes', (SELECT coalesce(jsonb_agg(d.department_code ORDER BY d.department_code), '[]'::jsonb)
                                              FROM basin_departments d WHERE d.basin_code = b.code))
                      ORDER BY array_position(p.target_basin_codes, b.code)), '[]'::jsonb)
                 FROM basins b WHERE b.code = ANY(p.target_basin_codes)) AS "targetBasins"
         FROM candidate_profiles p WHERE p.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Work constraints of the profiles with these codes that employers may see (published, consented). A code
   * missing from the answer is a document the index still holds for a profile no longer visible: callers drop it.
   */
  async visibleConstraints(codes: readonly string[]): Promise<Map<string, WorkConstraints>> {
    if (!codes.length) return new Map();
    const rows: { code: string; constraints: WorkConstraints }[] = await this.dataSource.query(
      `SELECT p.code, p.constraints FROM candidate_profiles p WHERE p.code = ANY($1::text[]) AND p.status = 'published' AND ${ACTIVE_CONSENT}`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r.constraints]));
  }
}
