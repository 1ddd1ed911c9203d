import type { PublishedQuasiIdentifierRow } from './candidate-profiles.repository';
import { releaseSemesterOf } from './employer-view.mapper';

/** Below this many look-alikes, a profile is considered re-identifiable by someone who knows the person. */
export const K_ANONYMITY_THRESHOLD = 5;

/**
 * The generalised values an employer sees that someone could also know from outside (a neighbour, a former
 * colleague): the age band, the release semester and the department of the first target basin.
 */
export interface QuasiIdentifiers {
  ageBand: string | null;
  releaseSemester: string;
  /** Department code(s) of the first target basin, "16/86" for a basin across two; null if it has none. */
  department: string | null;
}

export interface EquivalenceClass extends QuasiIdentifiers {
  size: number;
}

export interface AnonymityReport {
  threshold: number;
  publishedCount: number;
  classCount: number;
  /** Size of the smallest equivalence class; null when nothing is published. */
  k: number | null;
  /** Classes smaller than the threshold, smallest first, as counts only (never profile codes). */
  smallClasses: EquivalenceClass[];
  profilesInSmallClasses: number;
  /** Share (0 to 1) of published profiles in classes smaller than the threshold. */
  shareInSmallClasses: number;
}

/** The quasi-identifiers of one published profile, generalised exactly as the employer view shows them. */
export function quasiIdentifiersOf(row: PublishedQuasiIdentifierRow): QuasiIdentifiers {
  return {
    ageBand: row.ageBand,
    releaseSemester: releaseSemesterOf(row.releaseFrom, row.releaseUntil),
    department: row.firstBasinDepartments.length ? [...row.firstBasinDepartments].sort().join('/') : null,
  };
}

const compareNullable = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');

/** Groups the profiles into equivalence classes of identical quasi-identifiers and measures the smallest. */
export function anonymityReport(items: readonly QuasiIdentifiers[], threshold = K_ANONYMITY_THRESHOLD): AnonymityReport {
  const classes = new Map<string, EquivalenceClass>();
  for (const item of items) {
    const key = JSON.stringify([item.ageBand, item.releaseSemester, item.department]);
    const found = classes.get(key);
    if (found) found.size++;
    else classes.set(key, { ageBand: item.ageBand, releaseSemester: item.releaseSemester, department: item.department, size: 1 });
  }
  const all = [...classes.values()];
  const smallClasses = all
    .filter((c) => c.size < threshold)
    .sort(
      (a, b) =>
        a.size - b.size ||
        compareNullable(a.department, b.department) ||
        a.releaseSemester.localeCompare(b.releaseSemester) ||
        compareNullable(a.ageBand, b.ageBand),
    );
  const profilesInSmallClasses = smallClasses.reduce((sum, c) => sum + c.size, 0);
  return {
    threshold,
    publishedCount: items.length,
    classCount: all.length,
    k: all.length ? all.reduce((min, c) => Math.min(min, c.size), Infinity) : null,
    smallClasses,
    profilesInSmallClasses,
    shareInSmallClasses: items.length ? profilesInSmallClasses / items.length : 0,
  };
}
