import type { EmployerProfileDto } from '../candidates/employer-view.mapper';

/** Reference data a document is enriched with: all derived from the codes the employer view already shows. */
export interface ProfileDocumentReference {
  /** Region code of each basin (basins.region_code). */
  basinRegions: ReadonlyMap<string, string | null>;
  /** ROME appellation titles of each occupation code. */
  appellations: ReadonlyMap<string, readonly string[]>;
}

/**
 * One published profile in the search index: the employer view, exactly as `toEmployerView` built it, plus
 * fields derived from it for filters, facets, sorting and matching. Derived fields are never returned to
 * employers (the search asks for the employer view's keys only). No establishment, owner, consent, exact
 * date or internal note can reach it: the builder reads nothing but the view and reference data.
 */
export interface ProfileDocument extends EmployerProfileDto {
  romeCodes: string[];
  /** Professional domains (letter + 2 digits, "F16") and grand domains ("F") of the target occupations. */
  romeDomains: string[];
  romeGrandDomains: string[];
  /** Appellations of the target occupations, so that a job title finds its code's profiles. */
  occupationTitles: string[];
  basinCodes: string[];
  departmentCodes: string[];
  regionCodes: string[];
  /** Release semesters as numbers (year × 2 + 0 for S1, 1 for S2), for range filters and the "earliest" sort. */
  releaseStart: number;
  releaseEnd: number;
  adjustmentPossible: boolean;
  adjustmentKinds: string[];
  licences: string[];
  /** Languages as typed, case-folded ("Français", "français " → "Français"). */
  languageKeys: string[];
  /** Levels of the certifications obtained (3 = CAP … 8 = doctorate). */
  certificationLevels: number[];
  solutionCodes: string[];
  /** Last change of the profile (epoch ms): `check-index` finds documents older than their profile. */
  version: number;
}

const SEMESTER = /(\d{4})-S([12])/g;

/** "2027-S2" → 4055: a number that sorts and compares like the semesters. */
export function semesterNumber(semester: string): number {
  const match = /^(\d{4})-S([12])$/.exec(semester);
  if (!match) throw new Error(`not a semester: ${semester}`);
  return Number(match[1]) * 2 + Number(match[2]) - 1;
}

/** First and last semesters of the view's release window ("2027-S1", "2027-S1 / 2027-S2", "2027-S1 à 2028-S1"). */
export function releaseRange(releaseSemester: string): { start: number; end: number } {
  const found = [...releaseSemester.matchAll(SEMESTER)].map((m) => Number(m[1]) * 2 + Number(m[2]) - 1);
  if (found.length === 0) throw new Error(`no semester in release window "${releaseSemester}"`);
  return { start: Math.min(...found), end: Math.max(...found) };
}

/** Case-folded language name, capitalised: the facet value. */
export function languageKey(language: string): string {
  const lower = language.trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr-FR');
  return lower.charAt(0).toLocaleUpperCase('fr-FR') + lower.slice(1);
}

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

export function toProfileDocument(view: EmployerProfileDto, version: number, reference: ProfileDocumentReference): ProfileDocument {
  const romeCodes = view.targetOccupations.map((o) => o.romeCode);
  const basinCodes = view.targetBasins.map((b) => b.code);
  const { start, end } = releaseRange(view.releaseSemester);
  return {
    ...view,
    romeCodes,
    romeDomains: unique(romeCodes.map((c) => c.slice(0, 3))),
    romeGrandDomains: unique(romeCodes.map((c) => c.slice(0, 1))),
    occupationTitles: unique(romeCodes.flatMap((c) => reference.appellations.get(c) ?? [])),
    basinCodes,
    departmentCodes: unique(view.targetBasins.flatMap((b) => b.departments.map((d) => d.code))),
    regionCodes: unique(basinCodes.flatMap((c) => reference.basinRegions.get(c) ?? []).filter((r): r is string => Boolean(r))),
    releaseStart: start,
    releaseEnd: end,
    adjustmentPossible: view.sentenceAdjustment.possible,
    adjustmentKinds: view.sentenceAdjustment.kinds.map((k) => k.code),
    licences: [...view.mobility.licences],
    languageKeys: unique(view.languages.map(languageKey).filter(Boolean)),
    certificationLevels: unique(view.trainings.filter((t) => t.status === 'obtained' && t.level !== null).map((t) => t.level as number)).sort((a, b) => a - b),
    solutionCodes: view.soughtSolutions.map((s) => s.code),
    version,
  };
}
