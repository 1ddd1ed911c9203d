import type { FieldError } from '../../common/http/problem';
import { EmployerNeedStatus, MAX_START_YEARS_AHEAD } from './employer-need';

const PARIS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) of an instant in France: what "today" means for start windows. */
export function parisDate(instant: Date): string {
  return PARIS_DATE.format(instant);
}

/** Adds whole years to a YYYY-MM-DD date; 29 February lands on 1 March of a common year. */
export function addYears(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year + years, month - 1, day)).toISOString().slice(0, 10);
}

const frenchDate = (date: string) => date.split('-').reverse().join('/');

/** Errors of a start window: an end needs a start, the end is not before the start, the start is not too far ahead. */
export function windowErrors(startFrom: string | null, startUntil: string | null, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (startUntil !== null && startFrom === null) {
    errors.push({ field: 'startFrom', message: 'Indiquez la date de début de la période de démarrage avant sa date de fin.' });
  }
  if (startFrom !== null && startUntil !== null && startUntil < startFrom) {
    errors.push({ field: 'startUntil', message: `La date de fin (${frenchDate(startUntil)}) précède la date de début (${frenchDate(startFrom)}).` });
  }
  const latest = addYears(today, MAX_START_YEARS_AHEAD);
  if (startFrom !== null && startFrom > latest) {
    errors.push({ field: 'startFrom', message: `La date de début ne peut pas dépasser de plus de ${MAX_START_YEARS_AHEAD} ans la date du jour (au plus tard le ${frenchDate(latest)}).` });
  }
  return errors;
}

/** What a need lacks to be published: at least one solution and a start window not already over. */
export function publishBlockers(need: { solutions: readonly string[]; startFrom: string | null; startUntil: string | null }, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (need.solutions.length === 0) errors.push({ field: 'solutions', message: 'Indiquez au moins une solution proposée avant de publier.' });
  if (need.startFrom === null) errors.push({ field: 'startFrom', message: 'Indiquez la date de début de la période de démarrage avant de publier.' });
  if (need.startUntil === null) errors.push({ field: 'startUntil', message: 'Indiquez la date de fin de la période de démarrage avant de publier.' });
  else if (need.startUntil < today) errors.push({ field: 'startUntil', message: `La période de démarrage est terminée depuis le ${frenchDate(need.startUntil)} : mettez-la à jour avant de publier.` });
  return errors;
}

/**
 * Why a published need cannot be confirmed as still current: a start window already over says otherwise,
 * so the employer updates it (which restarts the stale-need clock as well).
 */
export function confirmationBlockers(need: { startUntil: string | null }, today: string): FieldError[] {
  if (need.startUntil === null || need.startUntil >= today) return [];
  return [{ field: 'startUntil', message: `La période de démarrage est terminée depuis le ${frenchDate(need.startUntil)} : indiquez la nouvelle période.` }];
}

export type NeedAction = 'publish' | 'close';

const TRANSITIONS: Record<NeedAction, readonly EmployerNeedStatus[]> = {
  publish: [EmployerNeedStatus.Draft],
  close: [EmployerNeedStatus.Draft, EmployerNeedStatus.Published],
};

const TARGET: Record<NeedAction, EmployerNeedStatus> = { publish: EmployerNeedStatus.Published, close: EmployerNeedStatus.Closed };

/** The status an action leads to from the current one, or null when the state machine forbids it. */
export function nextStatus(current: EmployerNeedStatus, action: NeedAction): EmployerNeedStatus | null {
  return TRANSITIONS[action].includes(current) ? TARGET[action] : null;
}
