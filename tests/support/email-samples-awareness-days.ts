import { AwarenessDayEmailProps } from '../../src/infra/mail/awareness-day-emails';

const BASE = {
  displayName: 'Aurore Recruteuse',
  organisationName: 'Menuiseries du Clain',
  title: 'Découvrir le centre pénitentiaire de Vivonne',
  establishmentName: 'Centre pénitentiaire de Poitiers-Vivonne',
  dateText: 'mardi 12 mai 2026',
  hoursText: 'de 9 h 15 à 12 h 45',
  confirmedCount: 2,
  waitlistedCount: 1,
  dayUrl: 'https://passerelle.test/organisation/demi-journees/4a3c1d5e?source=mail',
};

const PRACTICAL = {
  meetingPoint: 'Parking visiteurs, porte principale, 8 h 50',
  whatToBring: 'La pièce d’identité déclarée à l’inscription',
  forbiddenItems: 'Téléphones, clés USB, briquets',
};

/** Samples of the awareness half-day e-mails, with distinctive values (see email-samples.ts). */
export const AWARENESS_DAY_EMAIL_SAMPLES: { [T in keyof AwarenessDayEmailProps]: AwarenessDayEmailProps[T] } = {
  'awareness-day-confirmed': { ...BASE, deadlineText: 'lundi 27 avril 2026' },
  'awareness-day-waitlisted': { ...BASE, waitlistPosition: '4', deadlineText: 'lundi 27 avril 2026' },
  'awareness-day-promoted': BASE,
  'awareness-day-registration-cancelled': BASE,
  'awareness-day-cancelled': BASE,
  'awareness-day-reminder-d7': { ...BASE, ...PRACTICAL },
  'awareness-day-reminder-d1': { ...BASE, ...PRACTICAL },
};
