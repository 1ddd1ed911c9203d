import { tensionOf } from '../basin-needs/tension';
import { MIN_TRAINING_LEVEL, SentenceAdjustment, WorkConstraints } from '../candidates/candidate-profile';
import type { ProfileDocument } from '../profile-search/profile-document';
import type { MatchNeed, MatchPlace, MatchProfile, MatchReason } from './match-score';
import type { MatchableNeedRow } from './matching.repository';

/**
 * Pure conversions between what the database and the index hold and what the match scorer reads, and the
 * grouping of ranked needs by organisation. No I/O: the service fetches, these shape.
 */

/** What ranking reads of an index document: fields the employer search retrieves anyway (RETRIEVED_ATTRIBUTES). */
export type MatchableDocument = Pick<ProfileDocument, 'code' | 'romeCodes' | 'targetBasins' | 'releaseStart' | 'releaseEnd' | 'sentenceAdjustment' | 'certificationLevels'>;

/** Reference labels a document's basins are completed with (see ReferenceLabelsService). */
export interface PlaceReference {
  basinRegions: ReadonlyMap<string, string | null>;
  regions: ReadonlyMap<string, string>;
}

const semesterYear = (semester: number) => Math.floor(semester / 2);
const isSecondHalf = (semester: number) => semester % 2 === 1;

/** First day of a semester number (year × 2 + 0 for S1, 1 for S2): 4054 → '2027-01-01', 4055 → '2027-07-01'. */
export function semesterStart(semester: number): string {
  return `${semesterYear(semester)}-${isSecondHalf(semester) ? '07' : '01'}-01`;
}

/** Last day of a semester number: 4054 → '2027-06-30', 4055 → '2027-12-31'. */
export function semesterEnd(semester: number): string {
  return `${semesterYear(semester)}-${isSecondHalf(semester) ? '12-31' : '06-30'}`;
}

/**
 * The matching profile of an index document. The release window is the span of its semesters (first day of
 * the first, last day of the last): never more precise than what employers see. Constraints are not in the
 * index; the caller looks them up by code.
 */
export function documentMatchProfile(doc: MatchableDocument, constraints: WorkConstraints, reference: PlaceReference): MatchProfile {
  return {
    targetRomeCodes: doc.romeCodes,
    targetBasins: doc.targetBasins.map((basin): MatchPlace => {
      const regionCode = reference.basinRegions.get(basin.code) ?? null;
      return {
        basinCode: basin.code,
        basinLabel: basin.name,
        departmentCodes: basin.departments.map((d) => d.code),
        regionCode,
        regionLabel: regionCode ? (reference.regions.get(regionCode) ?? null) : null,
      };
    }),
    releaseFrom: semesterStart(doc.releaseStart),
    releaseUntil: semesterEnd(doc.releaseEnd),
    adjustments: doc.sentenceAdjustment.kinds.map((k) => k.code as SentenceAdjustment),
    // The same rule as isQualified, on the levels of obtained certifications the document keeps.
    hasQualification: doc.certificationLevels.some((level) => level >= MIN_TRAINING_LEVEL),
    avoidDepartments: constraints.avoidDepartments,
    avoidRomeCodes: constraints.avoidRomeCodes,
  };
}

/** BMO cells of a need's occupation (through the FAP ↔ ROME crosswalk) in its basin, for the basin's latest survey year. */
export interface BmoCells {
  /** The ROME code has at least one active FAP link. */
  linked: boolean;
  /** Latest survey year holding the basin; null when the basin was never surveyed. */
  surveyYear: number | null;
  /** Cells found (one per department and linked FAP code). */
  cells: number;
  /** Sum of the known projects, and whether some cell kept its projects secret. */
  knownProjects: number;
  secretProjects: boolean;
  /** Sums over the cells whose projects and difficult projects are both known: what tension is read from. */
  tensionProjects: number | null;
  tensionDifficult: number | null;
}

/**
 * Tension and projects of a need from its BMO cells. Several FAP codes linked to one ROME code are summed
 * before `tensionOf`. Without a crosswalk link or a survey of the basin nothing is known (null); a surveyed
 * basin without any cell for the occupation recorded no project (0). Secret cells never count as zero.
 */
export function bmoFigures(cells: BmoCells): Pick<MatchNeed, 'tension' | 'projects'> {
  if (!cells.linked || cells.surveyYear === null) return { tension: null, projects: null };
  if (cells.cells === 0) return { tension: null, projects: 0 };
  return {
    tension: tensionOf(cells.tensionDifficult, cells.tensionProjects),
    projects: cells.secretProjects && cells.knownProjects === 0 ? null : cells.knownProjects,
  };
}

/** Exact total of a ranked match, in tenths: the reasons' points add up to it (scores are rounded). */
export function tenthsOf(reasons: readonly MatchReason[]): number {
  return reasons.reduce((sum, r) => sum + Math.round(r.points * 10), 0);
}

/** A ranked need as grouping reads it. */
export interface RankedOrganisationNeed {
  needId: string;
  organisationId: string;
  organisationName: string;
  pendingIntroductions: number;
  score: number;
  reasons: readonly MatchReason[];
}

export interface OrganisationMatch {
  organisationId: string;
  organisationName: string;
  /** Score of the organisation's best need. */
  score: number;
  bestNeedId: string;
  /** How many of its needs the profile may be proposed. */
  needCount: number;
  pendingIntroductions: number;
}

/**
 * Ranked needs grouped by organisation: each organisation's best need decides, and on equal totals the
 * organisation with fewer pending introductions comes first (fair share); further ties keep the needs' order.
 */
export function groupByOrganisation(needs: readonly RankedOrganisationNeed[]): OrganisationMatch[] {
  const groups = new Map<string, OrganisationMatch & { tenths: number; firstSeen: number }>();
  needs.forEach((need, index) => {
    const tenths = tenthsOf(need.reasons);
    const group = groups.get(need.organisationId);
    if (!group) {
      groups.set(need.organisationId, {
        organisationId: need.organisationId,
        organisationName: need.organisationName,
        score: need.score,
        bestNeedId: need.needId,
        needCount: 1,
        pendingIntroductions: need.pendingIntroductions,
        tenths,
        firstSeen: index,
      });
      return;
    }
    group.needCount += 1;
    if (tenths > group.tenths) Object.assign(group, { score: need.score, bestNeedId: need.needId, tenths });
  });
  return [...groups.values()]
    .sort((a, b) => b.tenths - a.tenths || a.pendingIntroductions - b.pendingIntroductions || a.firstSeen - b.firstSeen)
    .map(({ tenths: _tenths, firstSeen: _firstSeen, ...group }) => group);
}

/** The scorer's view of a need row, its BMO cells turned into tension and projects. */
export function needMatchInput(row: MatchableNeedRow): MatchNeed {
  return {
    romeCode: row.romeCode,
    romeLabel: row.romeLabel,
    place: { basinCode: row.basinCode, basinLabel: row.basinName, departmentCodes: row.basinDepartments, regionCode: row.regionCode, regionLabel: row.regionName },
    departmentCode: row.departmentCode,
    startFrom: row.startFrom,
    startUntil: row.startUntil,
    contractType: row.contractType,
    solutions: row.solutions,
    ...bmoFigures(row.bmo),
    pendingIntroductions: row.pendingIntroductions,
  };
}
