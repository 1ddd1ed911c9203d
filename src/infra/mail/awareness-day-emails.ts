/**
 * E-mails of awareness half-days (issue 7), with the props their templates receive. They go to the employer
 * member who registered and name the half-day, the organisation and how many of its attendees are confirmed or
 * waiting: never an attendee's name, date of birth or ID document.
 */
/** What to know before coming; a field the coordination left empty reads « voir la page de la demi-journée ». */
interface Practicalities {
  meetingPoint: string;
  whatToBring: string;
  forbiddenItems: string;
}

interface AwarenessDayEmailBase {
  displayName: string;
  organisationName: string;
  title: string;
  establishmentName: string;
  /** « mardi 12 mai 2026 ». */
  dateText: string;
  /** « de 9 h 00 à 12 h 30 ». */
  hoursText: string;
  confirmedCount: number;
  waitlistedCount: number;
  dayUrl: string;
}

export interface AwarenessDayEmailProps {
  'awareness-day-confirmed': AwarenessDayEmailBase & { deadlineText: string };
  /** `waitlistPosition`: the best place of the organisation's waiting attendees, written out (« 4 », or why there is none). */
  'awareness-day-waitlisted': AwarenessDayEmailBase & { waitlistPosition: string; deadlineText: string };
  'awareness-day-promoted': AwarenessDayEmailBase;
  /** One of the organisation's attendees was cancelled (by the organisation or the coordination). */
  'awareness-day-registration-cancelled': AwarenessDayEmailBase;
  /** The coordination cancelled the half-day. */
  'awareness-day-cancelled': AwarenessDayEmailBase;
  'awareness-day-reminder-d7': AwarenessDayEmailBase & Practicalities;
  'awareness-day-reminder-d1': AwarenessDayEmailBase & Practicalities;
}

export const AWARENESS_DAY_EMAIL_SUBJECTS: { [T in keyof AwarenessDayEmailProps]: (props: AwarenessDayEmailProps[T]) => string } = {
  'awareness-day-confirmed': (p) => `Inscription confirmée : demi-journée du ${p.dateText} à ${p.establishmentName}`,
  'awareness-day-waitlisted': (p) => `Liste d’attente : demi-journée du ${p.dateText} à ${p.establishmentName}`,
  'awareness-day-promoted': (p) => `Une place s’est libérée : demi-journée du ${p.dateText} à ${p.establishmentName}`,
  'awareness-day-registration-cancelled': (p) => `Annulation enregistrée : demi-journée du ${p.dateText} à ${p.establishmentName}`,
  'awareness-day-cancelled': (p) => `Demi-journée annulée : ${p.dateText} à ${p.establishmentName}`,
  'awareness-day-reminder-d7': (p) => `Dans une semaine : demi-journée du ${p.dateText} à ${p.establishmentName}`,
  'awareness-day-reminder-d1': (p) => `Demain : demi-journée du ${p.dateText} à ${p.establishmentName}`,
};
