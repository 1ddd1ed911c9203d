/**
 * Tension levels over the stored BMO tension (the share of difficult projects shrunk toward 50 % with
 * the weight of 10 projects, see docs/reference-data.md). "Moyenne" starts strictly above the 50 % the
 * shrinkage starts from, so a handful of projects never reads as tension by itself.
 */
export type TensionLevel = 'strong' | 'moderate' | 'low' | 'unknown' | 'not_reported';

export const TENSION_THRESHOLDS = { strong: 0.6, moderate: 0.5 } as const;

export const TENSION_LABELS: Record<TensionLevel, string> = {
  strong: 'Forte',
  moderate: 'Moyenne',
  low: 'Faible',
  unknown: 'Inconnue (secret statistique)',
  not_reported: 'Aucun projet recensé',
};

export function tensionLevel(tension: number | null): Exclude<TensionLevel, 'not_reported'> {
  if (tension === null || Number.isNaN(tension)) return 'unknown';
  if (tension >= TENSION_THRESHOLDS.strong) return 'strong';
  if (tension > TENSION_THRESHOLDS.moderate) return 'moderate';
  return 'low';
}

/** The same formula as the SQL function bmo_tension, for explanations and tests. */
export function tensionOf(difficult: number | null, projects: number | null): number | null {
  if (difficult === null || projects === null || projects <= 0) return null;
  return Math.round(((difficult + 5) / (projects + 10)) * 10_000) / 10_000;
}
