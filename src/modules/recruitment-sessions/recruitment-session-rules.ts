import type { FieldError } from '../../common/http/problem';
import type { ScheduleViolationCode } from './scheduling';

/** 'HH:MM' (or PostgreSQL's 'HH:MM:SS') → minutes since midnight. */
export function toMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Minutes since midnight → 'HH:MM'. */
export function fromMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** « 9 h 30 ». */
export function frenchTime(time: string): string {
  const minutes = toMinutes(time);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;
}

export interface DayShape {
  dayStartsAt: string;
  dayEndsAt: string;
  slotMinutes: number;
  breakMinutes: number;
}

/** How many slots fit in the day: each but the last is followed by a break, and the last must end by the end of the day. */
export function roundCount(day: DayShape): number {
  const length = toMinutes(day.dayEndsAt) - toMinutes(day.dayStartsAt);
  if (length < day.slotMinutes) return 0;
  return Math.floor((length + day.breakMinutes) / (day.slotMinutes + day.breakMinutes));
}

export interface RoundTime {
  round: number;
  startsAt: string;
  endsAt: string;
}

/** The rounds of the day with their local times. */
export function roundTimes(day: DayShape): RoundTime[] {
  const start = toMinutes(day.dayStartsAt);
  return Array.from({ length: roundCount(day) }, (_, round) => {
    const from = start + round * (day.slotMinutes + day.breakMinutes);
    return { round, startsAt: fromMinutes(from), endsAt: fromMinutes(from + day.slotMinutes) };
  });
}

/** The rounds held entirely within an organisation's hours on the interview day. */
export function roundsWithin(rounds: readonly RoundTime[], availableFrom: string, availableUntil: string): number[] {
  const from = toMinutes(availableFrom);
  const until = toMinutes(availableUntil);
  return rounds.filter((r) => toMinutes(r.startsAt) >= from && toMinutes(r.endsAt) <= until).map((r) => r.round);
}

/** Rounds in both lists: a binôme interviews only when both its organisations are there. */
export function intersectRounds(a: readonly number[], b: readonly number[]): number[] {
  const other = new Set(b);
  return a.filter((round) => other.has(round));
}

/** NAF rev. 2 divisions (two first digits) → section letter, by the first division of each section. */
const NAF_SECTIONS: [number, string][] = [
  [1, 'A'], [5, 'B'], [10, 'C'], [35, 'D'], [36, 'E'], [41, 'F'], [45, 'G'], [49, 'H'], [55, 'I'], [58, 'J'], [64, 'K'],
  [68, 'L'], [69, 'M'], [77, 'N'], [84, 'O'], [85, 'P'], [86, 'Q'], [90, 'R'], [94, 'S'], [97, 'T'], [99, 'U'],
];

/** The NAF section of an APE code ('43.21A' or '4321A' → 'F'); null when it is missing or malformed. */
export function nafSection(nafCode: string | null): string | null {
  const division = nafCode ? /^(\d{2})/.exec(nafCode.trim()) : null;
  if (!division) return null;
  const value = Number(division[1]);
  let section: string | null = null;
  for (const [first, letter] of NAF_SECTIONS) if (value >= first) section = letter;
  return section;
}

/**
 * The sectors the binôme suggestion compares: the ROME domains (letters) of the organisation's published needs,
 * which say what it recruits for; without any, its NAF section, which says what it does. The two vocabularies are
 * told apart (« ROME F », « NAF F ») since the same letter means different things in each.
 */
export function organisationSectors(needRomeLetters: readonly string[], nafCode: string | null): string[] {
  if (needRomeLetters.length) return [...new Set(needRomeLetters)].sort().map((letter) => `ROME ${letter}`);
  const section = nafSection(nafCode);
  return section ? [`NAF ${section}`] : [];
}

/** Bonus of an organisation recruiting in the ROME domain of one of the candidate's target occupations. */
export const SECTOR_BONUS = 0.15;

/**
 * Relevance of an organisation for a candidate, in [0, 1]: the match score (0–100) of its best published need for
 * the candidate, plus SECTOR_BONUS when it recruits in the domain of one of the candidate's target occupations.
 */
export function organisationRelevance(bestNeedScore: number | null, candidateRomeCodes: readonly string[], needRomeLetters: readonly string[]): number {
  const letters = new Set(candidateRomeCodes.map((code) => code.slice(0, 1)));
  const bonus = needRomeLetters.some((letter) => letters.has(letter)) ? SECTOR_BONUS : 0;
  return Math.min(1, Math.max(0, (bestNeedScore ?? 0) / 100 + bonus));
}

/** Violations the planner refuses on a hand move; the others (availability, too few meetings) are warnings. */
export const HARD_VIOLATIONS: ReadonlySet<ScheduleViolationCode> = new Set<ScheduleViolationCode>([
  'candidate_double_booked',
  'binome_double_booked',
  'organisation_double_booked',
  'room_double_booked',
  'repeat_meeting',
  'unknown_reference',
  'round_out_of_range',
]);

const frenchDate = (date: string) => date.split('-').reverse().join('/');

export interface SessionShape extends DayShape {
  coachingOn: string | null;
  interviewOn: string;
  grandOralOn: string | null;
}

/** What is inconsistent in a session's dates and hours, field by field, in French. */
export function sessionErrors(session: SessionShape): FieldError[] {
  const errors: FieldError[] = [];
  if (session.coachingOn && session.coachingOn > session.interviewOn) {
    errors.push({ field: 'coachingOn', message: `Le coaching (${frenchDate(session.coachingOn)}) doit avoir lieu au plus tard le jour des entretiens (${frenchDate(session.interviewOn)}).` });
  }
  if (session.grandOralOn && session.grandOralOn < session.interviewOn) {
    errors.push({ field: 'grandOralOn', message: `Le Grand Oral (${frenchDate(session.grandOralOn)}) ne peut pas précéder le jour des entretiens (${frenchDate(session.interviewOn)}).` });
  }
  if (toMinutes(session.dayEndsAt) <= toMinutes(session.dayStartsAt)) {
    errors.push({ field: 'dayEndsAt', message: `La fin de la journée (${frenchTime(session.dayEndsAt)}) doit suivre son début (${frenchTime(session.dayStartsAt)}).` });
  } else if (roundCount(session) === 0) {
    errors.push({ field: 'slotMinutes', message: `Aucun entretien de ${session.slotMinutes} minutes ne tient entre ${frenchTime(session.dayStartsAt)} et ${frenchTime(session.dayEndsAt)}.` });
  }
  return errors;
}

/** What is wrong with an organisation's hours on the interview day. */
export function availabilityErrors(day: DayShape, availableFrom: string, availableUntil: string): FieldError[] {
  if (toMinutes(availableUntil) <= toMinutes(availableFrom)) {
    return [{ field: 'availableUntil', message: `L’heure de départ (${frenchTime(availableUntil)}) doit suivre l’heure d’arrivée (${frenchTime(availableFrom)}).` }];
  }
  if (toMinutes(availableFrom) >= toMinutes(day.dayEndsAt) || toMinutes(availableUntil) <= toMinutes(day.dayStartsAt)) {
    return [{ field: 'availableFrom', message: `Ces horaires ne recoupent pas la journée d’entretiens (${frenchTime(day.dayStartsAt)} – ${frenchTime(day.dayEndsAt)}).` }];
  }
  return [];
}

const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** A calendar day (YYYY-MM-DD) written out: « jeudi 14 mai 2026 ». */
export function frenchLongDate(date: string): string {
  return LONG_DATE.format(new Date(`${date}T12:00:00Z`));
}
