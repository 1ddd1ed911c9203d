import type { FieldError } from '../../common/http/problem';
import { checkFreeText, PiiKind } from '../privacy/pii-guard';
import {
  CheckInMilestone,
  MAX_DURATION_MONTHS,
  MAX_START_DAYS_AHEAD,
  MAX_START_DAYS_BEFORE,
  MILESTONES,
  RETENTION_MONTHS,
  SponsorshipStatus,
} from './sponsorship';

const DAY_MS = 24 * 3600 * 1000;

const parts = (date: string): [number, number, number] => {
  const [year, month, day] = date.split('-').map(Number);
  return [year, month, day];
};

const iso = (utc: Date) => utc.toISOString().slice(0, 10);

/** Adds days to a YYYY-MM-DD date (calendar days: no time zone or DST change can shift it). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = parts(date);
  return iso(new Date(Date.UTC(year, month - 1, day) + days * DAY_MS));
}

/**
 * Adds calendar months to a YYYY-MM-DD date, keeping the day of the month or, when the target month is shorter,
 * its last day (31 January + 1 month = 28 or 29 February). PostgreSQL's `date + interval 'n months'` does the
 * same, so the retention figures computed in SQL agree with the check-in dates computed here.
 */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = parts(date);
  const firstOfTarget = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth() + 1, 0)).getUTCDate();
  return iso(new Date(Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth(), Math.min(day, lastDay))));
}

/** The day a scheduled check-in falls due, counted from the start date in the calendar of France. */
export function milestoneDueOn(startsOn: string, milestone: CheckInMilestone): string {
  switch (milestone) {
    case CheckInMilestone.Day7:
      return addDays(startsOn, 7);
    case CheckInMilestone.Month1:
      return addMonths(startsOn, 1);
    case CheckInMilestone.Month3:
      return addMonths(startsOn, 3);
    case CheckInMilestone.Month6:
      return addMonths(startsOn, 6);
  }
}

/** The four check-ins a new sponsorship gets: D+7, M+1, M+3 and M+6. */
export function checkInSchedule(startsOn: string): { milestone: CheckInMilestone; dueOn: string }[] {
  return MILESTONES.map((milestone) => ({ milestone, dueOn: milestoneDueOn(startsOn, milestone) }));
}

/** The day retention is measured on: the sponsorship is retained if it had not ended before it. */
export function retentionDay(startsOn: string): string {
  return addMonths(startsOn, RETENTION_MONTHS);
}

export type SponsorshipAction = 'pause' | 'resume' | 'end';

const { Active, Paused, Ended } = SponsorshipStatus;

const TRANSITIONS: Record<SponsorshipAction, { from: readonly SponsorshipStatus[]; to: SponsorshipStatus }> = {
  pause: { from: [Active], to: Paused },
  resume: { from: [Paused], to: Active },
  end: { from: [Active, Paused], to: Ended },
};

/** The status an action leads to from the current one, or null when it is not possible. */
export function nextStatus(current: SponsorshipStatus, action: SponsorshipAction): SponsorshipStatus | null {
  return TRANSITIONS[action].from.includes(current) ? TRANSITIONS[action].to : null;
}

/** The actions the current status allows, in the order pages offer them. */
export function allowedActions(current: SponsorshipStatus): SponsorshipAction[] {
  return (Object.keys(TRANSITIONS) as SponsorshipAction[]).filter((action) => nextStatus(current, action) !== null);
}

/** Check-ins are recorded while the sponsorship is under way (a paused one too: a call during a pause still counts). */
export function acceptsCheckIns(current: SponsorshipStatus): boolean {
  return current !== Ended;
}

const frenchDate = (date: string) => date.split('-').reverse().join('/');

/** Errors of the dates a new sponsorship is created with. */
export function creationDateErrors(values: { startsOn: string; plannedEndOn: string; candidateAgreedOn: string }, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const earliestStart = addDays(today, -MAX_START_DAYS_BEFORE);
  const latestStart = addDays(today, MAX_START_DAYS_AHEAD);
  if (values.startsOn < earliestStart) {
    errors.push({ field: 'startsOn', message: `Le début ne peut pas remonter à plus de ${MAX_START_DAYS_BEFORE} jours (au plus tôt le ${frenchDate(earliestStart)}).` });
  } else if (values.startsOn > latestStart) {
    errors.push({ field: 'startsOn', message: `Le début ne peut pas être prévu plus de ${MAX_START_DAYS_AHEAD} jours à l’avance (au plus tard le ${frenchDate(latestStart)}).` });
  }
  const shortest = retentionDay(values.startsOn);
  const longest = addMonths(values.startsOn, MAX_DURATION_MONTHS);
  if (values.plannedEndOn < shortest) {
    errors.push({
      field: 'plannedEndOn',
      message: `La fin prévue doit laisser place au point à 6 mois : au plus tôt le ${frenchDate(shortest)} pour un début le ${frenchDate(values.startsOn)}.`,
    });
  } else if (values.plannedEndOn > longest) {
    errors.push({ field: 'plannedEndOn', message: `Un parrainage dure au plus ${MAX_DURATION_MONTHS} mois : fin prévue au plus tard le ${frenchDate(longest)}.` });
  }
  if (values.candidateAgreedOn > today) {
    errors.push({ field: 'candidateAgreedOn', message: 'La date de l’accord de la personne ne peut pas être dans le futur.' });
  } else if (values.candidateAgreedOn < addDays(today, -MAX_START_DAYS_BEFORE)) {
    errors.push({ field: 'candidateAgreedOn', message: `L’accord de la personne doit dater de moins de ${MAX_START_DAYS_BEFORE} jours : recueillez-le à nouveau.` });
  }
  return errors;
}

/** A check-in took place between the start and today. */
export function heldOnErrors(heldOn: string, startsOn: string, today: string): FieldError[] {
  if (heldOn > today) return [{ field: 'heldOn', message: 'La date du point ne peut pas être dans le futur.' }];
  if (heldOn < startsOn) return [{ field: 'heldOn', message: `La date du point précède le début du parrainage (${frenchDate(startsOn)}).` }];
  return [];
}

/** An end date is not in the future and, for a sponsorship that has started, not before its start. */
export function endedOnErrors(endedOn: string, startsOn: string, today: string): FieldError[] {
  if (endedOn > today) return [{ field: 'endedOn', message: 'La date de fin ne peut pas être dans le futur.' }];
  if (startsOn <= today && endedOn < startsOn) return [{ field: 'endedOn', message: `La date de fin précède le début du parrainage (${frenchDate(startsOn)}).` }];
  return [];
}

/** Share of retained sponsorships as a whole percentage (2 of 3 → 67), or null when none counts yet. */
export function retentionPercent(retained: number, counted: number): number | null {
  return counted === 0 ? null : Math.round((100 * retained) / counted);
}

/** A PII finding in one field of a check-in, located like the profile editor's (field, span, excerpt, reason). */
export interface CheckInPiiFinding extends FieldError {
  kind: PiiKind;
  start: number;
  end: number;
  excerpt: string;
}

/**
 * Runs the PII guard used for profile free text over a check-in's note and next step. Both are internal, yet both
 * are read on the employer side and stay for months: they must not name or date the person any more than a profile.
 */
export function checkInPiiFindings(texts: { note: string | null; nextStep: string | null }, establishmentNames: readonly string[]): CheckInPiiFinding[] {
  return (['note', 'nextStep'] as const).flatMap((field) => {
    const text = texts[field];
    return text
      ? checkFreeText(text, { establishmentNames }).map((finding) => ({
          field,
          message: finding.reason,
          kind: finding.kind,
          start: finding.start,
          end: finding.end,
          excerpt: finding.excerpt,
        }))
      : [];
  });
}
