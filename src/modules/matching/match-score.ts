import { tensionLevel } from '../basin-needs/tension';
import { MIN_TRAINING_LEVEL, SentenceAdjustment, type Training, TrainingStatus } from '../candidates/candidate-profile';
import { CONTRACT_TYPE_LABELS, ContractType, NeedSolution } from '../employer-needs/employer-need';

/**
 * The explainable match score of one (candidate profile, employer need) pair: pure, synchronous and
 * deterministic, so that the SQL side (needs for a profile) and the index side (profiles for a need) rank
 * with the same rules. Weights and reasons are described in docs/matching.md.
 */

/** An employment basin with what the place criterion compares: its departments and region. */
export interface MatchPlace {
  basinCode: string;
  basinLabel: string;
  departmentCodes: readonly string[];
  regionCode: string | null;
  regionLabel?: string | null;
}

/** The matching fields of a candidate profile, whether read from PostgreSQL or from an index document. */
export interface MatchProfile {
  /** Ranked, first = preferred; ROME codes like 'F1606'. */
  targetRomeCodes: readonly string[];
  /** Ranked, first = preferred. */
  targetBasins: readonly MatchPlace[];
  /** 'YYYY-MM-DD'; an index document passes its semester bounds, never more precise than what employers see. */
  releaseFrom: string | null;
  releaseUntil: string | null;
  adjustments: readonly SentenceAdjustment[];
  /** Holds an obtained certification of level 3 (CAP) or more, see `isQualified`. */
  hasQualification: boolean;
  avoidDepartments: readonly string[];
  avoidRomeCodes: readonly string[];
}

/** The matching fields of an employer need, with the BMO figures of its occupation in its basin. */
export interface MatchNeed {
  romeCode: string;
  romeLabel?: string | null;
  place: MatchPlace;
  /** The department of the need's commune; when unknown, every department of its basin counts. */
  departmentCode?: string | null;
  /** 'YYYY-MM-DD', null = open on that side. */
  startFrom: string | null;
  startUntil: string | null;
  contractType: ContractType;
  solutions: readonly NeedSolution[];
  /** BMO tension (0..1, see basin-needs/tension.ts), null when secret or unknown. */
  tension: number | null;
  /** BMO recruitment projects for the occupation in the basin; 0 = none recorded, null = secret or unknown. */
  projects: number | null;
  /** The organisation's introductions waiting for an answer. */
  pendingIntroductions: number;
}

/**
 * Maximum points of each criterion; they sum to 100. Occupation and place dominate because a match the
 * candidate cannot do or reach is worthless; timing comes next (a job at release is the point of it all);
 * tension, solution fit and fair share order the plausible matches among themselves.
 */
export const MATCH_WEIGHTS = {
  occupation: 35,
  place: 25,
  timing: 15,
  tension: 10,
  solution: 10,
  fairShare: 5,
} as const;

/** Share of a criterion's points each level earns, and the few constants the criteria use. */
export const MATCH_RULES = {
  occupation: { exact: 1, domain: 0.55, grandDomain: 0.2 },
  /** Each lower-ranked target occupation loses 10 % of the points, down to 60 % (5th target). */
  targetRankStep: 0.1,
  targetRankFloor: 0.6,
  place: { basin: 1, department: 0.6, region: 0.25 },
  /** Target basins are ranked too, more gently: 5 % per rank, down to 80 %. */
  basinRankStep: 0.05,
  basinRankFloor: 0.8,
  timing: {
    overlap: 1,
    /** A start right after the release window earns `soonAfterMax`, falling to `soonAfterMin` at the limit. */
    soonAfterMax: 0.8,
    soonAfterMin: 0.2,
    soonAfterMonths: 3,
    /** A start before release, for a profile eligible for a sentence adjustment, within the horizon. */
    beforeWithAdjustment: 0.6,
    adjustmentHorizonMonths: 12,
  },
  tension: { strong: 1, moderate: 0.6, low: 0.2 },
  /** Points of the solution criterion a sponsorship adds; the contract fit shares the rest. */
  sponsorshipPoints: 2,
  /** Pending introductions at which an organisation keeps half the fair-share points. */
  fairShareHalfAt: 2,
} as const;

/**
 * How well each kind of contract suits a profile without and with a qualification: a contract that leads
 * to a certification first for the former, a lasting job first for the latter.
 */
export const SOLUTION_FIT: Record<ContractType, { unqualified: number; qualified: number }> = {
  [ContractType.Cdi]: { unqualified: 0.6, qualified: 1 },
  [ContractType.Cdd]: { unqualified: 0.5, qualified: 0.8 },
  [ContractType.Interim]: { unqualified: 0.5, qualified: 0.7 },
  [ContractType.Apprenticeship]: { unqualified: 1, qualified: 0.4 },
  [ContractType.Professionalisation]: { unqualified: 1, qualified: 0.6 },
  [ContractType.TrainingPlace]: { unqualified: 1, qualified: 0.5 },
  [ContractType.Immersion]: { unqualified: 0.4, qualified: 0.3 },
};

/** Solutions that stand for a contract of their own, besides the need's contract type. */
const SOLUTION_CONTRACTS: Partial<Record<NeedSolution, ContractType>> = {
  [NeedSolution.Apprenticeship]: ContractType.Apprenticeship,
  [NeedSolution.TrainingPlace]: ContractType.TrainingPlace,
  [NeedSolution.Immersion]: ContractType.Immersion,
};

export type MatchReasonCode =
  | 'occupation_exact'
  | 'occupation_domain'
  | 'occupation_grand_domain'
  | 'occupation_unrelated'
  | 'place_basin'
  | 'place_department'
  | 'place_region'
  | 'place_elsewhere'
  | 'timing_overlap'
  | 'timing_soon_after'
  | 'timing_late'
  | 'timing_before_adjustment'
  | 'timing_too_early'
  | 'timing_before'
  | 'timing_unknown'
  | 'tension_strong'
  | 'tension_moderate'
  | 'tension_low'
  | 'tension_unknown'
  | 'tension_not_reported'
  | 'solution_suited'
  | 'solution_offered'
  | 'sponsorship'
  | 'fair_share_available'
  | 'fair_share_pending';

export type MatchExclusionCode = 'avoided_department' | 'avoided_occupation';

/** One line of explanation: `points` (one decimal) is what it adds to the score. */
export interface MatchReason {
  code: MatchReasonCode;
  label: string;
  points: number;
}

export interface MatchScore {
  excluded: false;
  /** 0..100, an integer. */
  score: number;
  /** Points descending; every criterion gives at least one reason, 0 points included. */
  reasons: MatchReason[];
}

/** A pair never to propose. The label names a work constraint of the profile: internal, never for employers. */
export interface MatchExclusion {
  excluded: true;
  reason: { code: MatchExclusionCode; label: string };
}

export type MatchResult = MatchScore | MatchExclusion;

export type RankedMatch<T> = { item: T; score: number; reasons: MatchReason[] };

/** Whether trainings make a profile qualified: an obtained certification of level 3 (CAP) or more. */
export function isQualified(trainings: readonly Pick<Training, 'level' | 'status'>[]): boolean {
  return trainings.some((t) => t.status === TrainingStatus.Obtained && t.level !== null && t.level >= MIN_TRAINING_LEVEL);
}

/** Scores one pair, or says why it must never be proposed. */
export function scoreMatch(profile: MatchProfile, need: MatchNeed): MatchResult {
  const evaluation = evaluate(profile, need);
  if ('exclusion' in evaluation) return { excluded: true, reason: evaluation.exclusion };
  return { excluded: false, score: evaluation.score, reasons: evaluation.reasons };
}

/** The needs a profile may be proposed, best first; ties keep the given order, excluded needs are dropped. */
export function rankNeeds<N extends MatchNeed>(profile: MatchProfile, needs: readonly N[]): RankedMatch<N>[] {
  return rank(needs.map((need) => ({ item: need, evaluation: evaluate(profile, need) })));
}

/** The profiles a need may be proposed, best first; ties keep the given order, excluded profiles are dropped. */
export function rankProfiles<P extends MatchProfile>(need: MatchNeed, profiles: readonly P[]): RankedMatch<P>[] {
  return rank(profiles.map((profile) => ({ item: profile, evaluation: evaluate(profile, need) })));
}

type Evaluation = { exclusion: MatchExclusion['reason'] } | { tenths: number; score: number; reasons: MatchReason[] };

function rank<T>(entries: { item: T; evaluation: Evaluation }[]): RankedMatch<T>[] {
  const kept: { item: T; tenths: number; score: number; reasons: MatchReason[] }[] = [];
  for (const { item, evaluation } of entries) {
    if (!('exclusion' in evaluation)) kept.push({ item, ...evaluation });
  }
  // Array.prototype.sort is stable: equal totals keep the given order. Totals are whole tenths, so equal means equal.
  kept.sort((a, b) => b.tenths - a.tenths);
  return kept.map(({ item, score, reasons }) => ({ item, score, reasons }));
}

interface Part {
  code: MatchReasonCode;
  label: string;
  /** Raw points, before rounding to tenths. */
  points: number;
}

function evaluate(profile: MatchProfile, need: MatchNeed): Evaluation {
  const exclusion = exclusionOf(profile, need);
  if (exclusion) return { exclusion };
  const parts = [
    occupationPart(profile, need),
    placePart(profile, need),
    timingPart(profile, need),
    tensionPart(need),
    ...solutionParts(profile, need),
    fairSharePart(need),
  ];
  // Points are kept in whole tenths so the reasons add up to the total exactly and ties compare exactly;
  // the epsilon rounds halves up even when binary floats land them a hair below (25 × 0.95 = 23.749…).
  let tenths = 0;
  const reasons: MatchReason[] = [];
  for (const part of parts) {
    const partTenths = Math.round(part.points * 10 + 1e-9);
    tenths += partTenths;
    reasons.push({ code: part.code, label: part.label, points: partTenths / 10 });
  }
  // Stable sort: equal points keep the criteria order.
  reasons.sort((a, b) => b.points - a.points);
  return { tenths, score: Math.min(100, Math.max(0, Math.round(tenths / 10))), reasons };
}

const needDepartments = (need: MatchNeed): readonly string[] => (need.departmentCode ? [need.departmentCode] : need.place.departmentCodes);

function exclusionOf(profile: MatchProfile, need: MatchNeed): MatchExclusion['reason'] | null {
  // A basin straddling departments counts as all of them when the need's own department is unknown:
  // an avoided department may be a legal ban, so doubt excludes.
  const avoided = needDepartments(need).find((d) => profile.avoidDepartments.includes(d));
  if (avoided !== undefined) return { code: 'avoided_department', label: `Département à éviter pour ce profil (${avoided})` };
  if (profile.avoidRomeCodes.includes(need.romeCode)) return { code: 'avoided_occupation', label: `Métier à éviter pour ce profil (${need.romeCode})` };
  return null;
}

const rankFactor = (index: number, step: number, floor: number) => Math.max(floor, 1 - step * index);

/** Lower-ranked targets say so: "… (2e choix)", or "(F16, 2e choix)" inside existing parentheses. */
const choice = (index: number) => `${index + 1}e choix`;
const choiceSuffix = (index: number) => (index === 0 ? '' : ` (${choice(index)})`);
const inParentheses = (content: string, index: number) => `(${index === 0 ? content : `${content}, ${choice(index)}`})`;

const ROME_CODE = /^[A-Z]\d{4}$/;

/** Best over the target occupations: exact code, else same professional domain (F16), else same grand domain (F). */
function occupationPart(profile: MatchProfile, need: MatchNeed): Part {
  const weight = MATCH_WEIGHTS.occupation;
  const levels = MATCH_RULES.occupation;
  const structured = ROME_CODE.test(need.romeCode);
  let best: Part = { code: 'occupation_unrelated', label: 'Métier sans lien avec les métiers visés', points: 0 };
  profile.targetRomeCodes.forEach((target, index) => {
    const factor = rankFactor(index, MATCH_RULES.targetRankStep, MATCH_RULES.targetRankFloor);
    let candidate: Part | null = null;
    if (target === need.romeCode) {
      const name = need.romeLabel ? `${need.romeCode} ${need.romeLabel}` : need.romeCode;
      candidate = { code: 'occupation_exact', label: `Métier visé identique : ${name}${choiceSuffix(index)}`, points: weight * levels.exact * factor };
    } else if (structured && ROME_CODE.test(target) && target.slice(0, 3) === need.romeCode.slice(0, 3)) {
      candidate = { code: 'occupation_domain', label: `Même domaine professionnel ${inParentheses(need.romeCode.slice(0, 3), index)}`, points: weight * levels.domain * factor };
    } else if (structured && ROME_CODE.test(target) && target[0] === need.romeCode[0]) {
      candidate = { code: 'occupation_grand_domain', label: `Même grand domaine ${inParentheses(need.romeCode[0], index)}`, points: weight * levels.grandDomain * factor };
    }
    if (candidate && candidate.points > best.points) best = candidate;
  });
  return best;
}

/** Best over the target basins: same basin, else a basin sharing a department, else the same region. */
function placePart(profile: MatchProfile, need: MatchNeed): Part {
  const weight = MATCH_WEIGHTS.place;
  const levels = MATCH_RULES.place;
  const departments = needDepartments(need);
  let best: Part = { code: 'place_elsewhere', label: 'Hors des bassins visés', points: 0 };
  profile.targetBasins.forEach((target, index) => {
    const factor = rankFactor(index, MATCH_RULES.basinRankStep, MATCH_RULES.basinRankFloor);
    const shared = departments.find((d) => target.departmentCodes.includes(d));
    let candidate: Part | null = null;
    if (target.basinCode === need.place.basinCode) {
      candidate = { code: 'place_basin', label: `Bassin visé : ${need.place.basinLabel}${choiceSuffix(index)}`, points: weight * levels.basin * factor };
    } else if (shared !== undefined) {
      candidate = { code: 'place_department', label: `Même département ${inParentheses(shared, index)}`, points: weight * levels.department * factor };
    } else if (need.place.regionCode !== null && target.regionCode === need.place.regionCode) {
      const region = need.place.regionLabel ?? target.regionLabel;
      const label = region ? `Même région ${inParentheses(region, index)}` : `Même région${choiceSuffix(index)}`;
      candidate = { code: 'place_region', label, points: weight * levels.region * factor };
    }
    if (candidate && candidate.points > best.points) best = candidate;
  });
  return best;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(date: string): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(date);
  if (!match) throw new Error(`match-score: invalid date ${JSON.stringify(date)}, expected YYYY-MM-DD`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => (month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

/** Days since 1970-01-01 of a proleptic Gregorian date, by arithmetic: ranking scores many pairs, Date objects cost. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
function dayNumber(date: string): number {
  const { year, month, day } = parseDate(date);
  return daysFromCivil(year, month, day);
}

/** The day number `months` calendar months after `date` (negative: before), clamped to the month's end (31 May + 1 month = 30 June). */
function addMonths(date: string, months: number): number {
  const { year, month, day } = parseDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return daysFromCivil(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/**
 * The need's start window against the release window. A release window with one bound is that day (as the
 * employer view shows it: one semester); a need window open on one side reaches as far as needed. Labels
 * never state a date or a gap in days: with the need's dates, that would give the release date away.
 */
function timingPart(profile: MatchProfile, need: MatchNeed): Part {
  const weight = MATCH_WEIGHTS.timing;
  const rules = MATCH_RULES.timing;
  const bounds = [profile.releaseFrom, profile.releaseUntil].filter((d): d is string => d !== null).sort();
  if (bounds.length === 0) return { code: 'timing_unknown', label: 'Période de sortie non renseignée', points: 0 };
  const releaseStart = bounds[0];
  const releaseEnd = bounds[bounds.length - 1];
  const startFrom = need.startFrom === null ? -Infinity : dayNumber(need.startFrom);
  const startUntil = need.startUntil === null ? Infinity : dayNumber(need.startUntil);

  if (startUntil < dayNumber(releaseStart)) {
    if (profile.adjustments.length === 0) return { code: 'timing_before', label: 'Démarrage avant la sortie', points: 0 };
    if (startUntil < addMonths(releaseStart, -rules.adjustmentHorizonMonths)) {
      return { code: 'timing_too_early', label: 'Démarrage plus d’un an avant la sortie', points: 0 };
    }
    return {
      code: 'timing_before_adjustment',
      label: 'Démarrage avant la sortie : un aménagement de peine est envisageable, cette offre peut l’appuyer',
      points: weight * rules.beforeWithAdjustment,
    };
  }
  const end = dayNumber(releaseEnd);
  if (startFrom > end) {
    const limit = addMonths(releaseEnd, rules.soonAfterMonths);
    if (startFrom > limit) return { code: 'timing_late', label: `Démarrage plus de ${rules.soonAfterMonths} mois après la sortie`, points: 0 };
    const progress = (startFrom - end) / (limit - end);
    const share = rules.soonAfterMax - (rules.soonAfterMax - rules.soonAfterMin) * progress;
    return { code: 'timing_soon_after', label: `Démarrage dans les ${rules.soonAfterMonths} mois après la sortie`, points: weight * share };
  }
  return { code: 'timing_overlap', label: 'Démarrage compatible avec la période de sortie', points: weight * rules.overlap };
}

/** Whole percent, rounded down so that the figure agrees with the level thresholds (0.5999 is not "60 %"). */
const percentOf = (tension: number) => `${Math.floor(tension * 100 + 1e-9)} %`;

/** The BMO tension of the need's occupation in its basin: employers short of candidates first. */
function tensionPart(need: MatchNeed): Part {
  const weight = MATCH_WEIGHTS.tension;
  if (need.projects === 0) return { code: 'tension_not_reported', label: 'Aucun projet de recrutement recensé (BMO)', points: 0 };
  const level = tensionLevel(need.tension);
  if (level === 'unknown' || need.tension === null) return { code: 'tension_unknown', label: 'Tension inconnue (secret statistique)', points: 0 };
  const share = percentOf(need.tension);
  switch (level) {
    case 'strong':
      return { code: 'tension_strong', label: `Métier en tension : ${share} de recrutements difficiles`, points: weight * MATCH_RULES.tension.strong };
    case 'moderate':
      return { code: 'tension_moderate', label: `Tension moyenne : ${share} de recrutements difficiles`, points: weight * MATCH_RULES.tension.moderate };
    case 'low':
      return { code: 'tension_low', label: `Tension faible : ${share} de recrutements difficiles`, points: weight * MATCH_RULES.tension.low };
  }
}

/** The best-fitting contract among the need's contract type and its contract-like solutions, plus sponsorship. */
function solutionParts(profile: MatchProfile, need: MatchNeed): Part[] {
  const fitWeight = MATCH_WEIGHTS.solution - MATCH_RULES.sponsorshipPoints;
  const kinds = [need.contractType, ...need.solutions.map((s) => SOLUTION_CONTRACTS[s]).filter((k): k is ContractType => k !== undefined)];
  let bestKind: ContractType | null = null;
  let bestShare = 0;
  for (const kind of kinds) {
    const fit = SOLUTION_FIT[kind];
    if (!fit) continue;
    const share = profile.hasQualification ? fit.qualified : fit.unqualified;
    if (share > bestShare) {
      bestKind = kind;
      bestShare = share;
    }
  }
  const parts: Part[] = [];
  if (bestKind !== null) {
    const name = CONTRACT_TYPE_LABELS[bestKind];
    const audience = profile.hasQualification ? 'un profil qualifié' : 'un profil sans qualification';
    parts.push(
      bestShare === 1
        ? { code: 'solution_suited', label: `${name} : convient à ${audience}`, points: fitWeight }
        : { code: 'solution_offered', label: `Solution proposée : ${name}`, points: fitWeight * bestShare },
    );
  }
  if (need.solutions.includes(NeedSolution.Sponsorship)) parts.push({ code: 'sponsorship', label: 'Parrainage proposé', points: MATCH_RULES.sponsorshipPoints });
  return parts;
}

/** Organisations with fewer introductions waiting for an answer first, so that a few do not get them all. */
function fairSharePart(need: MatchNeed): Part {
  const pending = Math.max(0, need.pendingIntroductions);
  const points = MATCH_WEIGHTS.fairShare / (1 + pending / MATCH_RULES.fairShareHalfAt);
  if (pending === 0) return { code: 'fair_share_available', label: 'Employeur disponible (aucune mise en relation en attente)', points };
  const label = pending === 1 ? '1 mise en relation en attente chez cet employeur' : `${pending} mises en relation en attente chez cet employeur`;
  return { code: 'fair_share_pending', label, points };
}
