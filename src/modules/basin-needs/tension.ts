/**
 * Tension levels over the stored BMO tension (the share of difficult projects shrunk toward 50 % with
 * the weight of 10 projects, see docs/reference-data.md). The thresholds follow the BMO's own reading
 * that a majority of difficult projects signals a hard-to-fill occupation.
 */
export type TensionLevel = 'strong' | 'moderate' | 'low' | 'unknown';

export const TENSION_THRESHOLDS = { strong: 0.6, moderate: 0.45 } as const;

export const TENSION_LABELS: Record<TensionLevel, string> = {
  strong: 'Forte',
  moderate: 'Moyenne',
  low: 'Faible',
  unknown: 'Inconnue (secret statistique)',
};

export function tensionLevel(tension: number | null): TensionLevel {
  if (tension === null || Number.isNaN(tension)) return 'unknown';
  if (tension >= TENSION_THRESHOLDS.strong) return 'strong';
  if (tension >= TENSION_THRESHOLDS.moderate) return 'moderate';
  return 'low';
}

/** The same formula as the SQL function bmo_tension, for explanations and tests. */
export function tensionOf(difficult: number | null, projects: number | null): number | null {
  if (difficult === null || projects === null) return null;
  return Math.round(((difficult + 5) / (projects + 10)) * 10_000) / 10_000;
}
