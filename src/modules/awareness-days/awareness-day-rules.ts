import type { FieldError } from '../../common/http/problem';
import { parisDate } from '../employer-needs/employer-need-rules';
import { addDays } from '../sponsorships/sponsorship-rules';
import { AttendeeStatus, DEFAULT_DEADLINE_DAYS } from './awareness-day';

const PARIS_OFFSET = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' });
const PARIS_TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const PARIS_LONG_DATE = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** Minutes France is ahead of UTC at an instant (60 in winter, 120 in summer). */
function parisOffsetMinutes(instant: Date): number {
  const name = PARIS_OFFSET.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/**
 * The instant a wall-clock time in France names (`2026-05-12`, `09:30`). Coordinators type local times; the
 * offset is read at the guessed instant and again at the result, so the days of the clock change land right.
 */
export function parisInstant(date: string, time: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const [hours, minutes] = time.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, day, hours, minutes);
  const first = wall - parisOffsetMinutes(new Date(wall)) * 60_000;
  return new Date(wall - parisOffsetMinutes(new Date(first)) * 60_000);
}

/** The time of day of an instant in France, `HH:MM`. */
export function parisTime(instant: Date): string {
  return PARIS_TIME.format(instant);
}

/** « mardi 12 mai 2026 ». */
export function parisLongDate(instant: Date): string {
  return PARIS_LONG_DATE.format(instant);
}

/** « de 9 h 30 à 12 h 30 ». */
export function hoursText(startsAt: Date, endsAt: Date): string {
  const h = (instant: Date) => parisTime(instant).replace(/^0/, '').replace(':', ' h ');
  return `de ${h(startsAt)} à ${h(endsAt)}`;
}

/** Registrations close at the end of this day in France: the instant its next day starts. */
export function closesAtEndOf(date: string): Date {
  return parisInstant(addDays(date, 1), '00:00');
}

/** The default last day to register: DEFAULT_DEADLINE_DAYS before the half-day, in France. */
export function defaultDeadlineDate(dayDate: string): string {
  return addDays(dayDate, -DEFAULT_DEADLINE_DAYS);
}

/** The last day to register, as the coordinator sees it: the day before `closesAt` in France. */
export function deadlineDateOf(closesAt: Date): string {
  return addDays(parisDate(closesAt), -1);
}

export interface ScheduleInput {
  date: string;
  startTime: string;
  endTime: string;
  /** The last day to register; none: the default. */
  deadline?: string | null;
}

export interface Schedule {
  startsAt: Date;
  endsAt: Date;
  closesAt: Date;
}

/**
 * A half-day's instants from what the coordinator typed, or the errors naming the fields: it ends after it
 * starts, on a day still to come, and the last day to register is before the day of the half-day (the security
 * office needs the list in advance). A default deadline already past is refused rather than silently moved.
 */
export function scheduleOf(input: ScheduleInput, now: Date): { schedule: Schedule } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const startsAt = parisInstant(input.date, input.startTime);
  const endsAt = parisInstant(input.date, input.endTime);
  if (endsAt <= startsAt) errors.push({ field: 'endTime', message: 'L’heure de fin doit être après l’heure de début.' });
  const today = parisDate(now);
  if (input.date <= today) errors.push({ field: 'date', message: 'La demi-journée doit avoir lieu après aujourd’hui.' });
  const deadline = input.deadline ?? defaultDeadlineDate(input.date);
  if (deadline >= input.date) {
    errors.push({ field: 'deadline', message: 'La date limite d’inscription doit précéder le jour de la demi-journée.' });
  } else if (deadline < today) {
    errors.push({
      field: 'deadline',
      message: input.deadline
        ? 'La date limite d’inscription est déjà passée.'
        : `La date limite par défaut (${DEFAULT_DEADLINE_DAYS} jours avant, le ${deadline.split('-').reverse().join('/')}) est déjà passée : indiquez une date limite d’aujourd’hui ou plus tard.`,
    });
  }
  if (errors.length) return { errors };
  return { schedule: { startsAt, endsAt, closesAt: closesAtEndOf(deadline) } };
}

/**
 * The statuses of attendees arriving together, in their order: confirmed while seats remain (capacity counts
 * confirmed attendees only), then waitlisted.
 */
export function placeArrivals(count: number, confirmed: number, capacity: number): AttendeeStatus[] {
  const free = Math.max(0, capacity - confirmed);
  return Array.from({ length: count }, (_, i) => (i < free ? AttendeeStatus.Confirmed : AttendeeStatus.Waitlisted));
}

/**
 * When the identity of the attendees of a half-day is due for erasure: `days` after it ends or, once cancelled,
 * after its cancellation if that comes first (an attendee cancelled alone goes `days` after their own cancellation).
 */
export function identityErasureDue(day: { endsAt: Date; cancelledAt: Date | null }, days: number): Date {
  const from = day.cancelledAt && day.cancelledAt < day.endsAt ? day.cancelledAt : day.endsAt;
  return new Date(from.getTime() + days * 86_400_000);
}

/**
 * One CSV field for French spreadsheets (`;` separated): quoted when it holds the separator, a quote or a line
 * break, quotes doubled. A leading =, +, -, @ (or tab/CR) is prefixed with ' so a typed name is never run as a
 * formula when the file is opened.
 */
export function csvField(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV file: BOM (Excel then reads UTF-8), `;` separators, CRLF line ends. */
export function csvDocument(header: string[], rows: (string | null)[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvField).join(';')).join('\r\n')}\r\n`;
}

export type ReminderKind = 'd7' | 'd1';

/**
 * The days (in France) of the half-days whose reminder of this kind is due on `today`: J-7 from seven days before
 * to two days before (a registration made late in that week still gets it), J-1 on the eve only.
 */
export function reminderWindow(kind: ReminderKind, today: string): { from: string; to: string } {
  return kind === 'd7' ? { from: addDays(today, 2), to: addDays(today, 7) } : { from: addDays(today, 1), to: addDays(today, 1) };
}
