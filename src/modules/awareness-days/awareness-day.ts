/** Awareness half-days (demi-journées de sensibilisation): statuses, labels and the limits the rules use. */

export enum AwarenessDayStatus {
  Published = 'published',
  Cancelled = 'cancelled',
}

export enum AttendeeStatus {
  Confirmed = 'confirmed',
  Waitlisted = 'waitlisted',
  Cancelled = 'cancelled',
}

export enum IdDocumentType {
  IdentityCard = 'carte_identite',
  Passport = 'passeport',
  ResidencePermit = 'titre_sejour',
  DrivingLicence = 'permis_conduire',
}

export enum Attendance {
  Present = 'present',
  Absent = 'absent',
}

/** How near a half-day is to the employer organisation's basin, best first. */
export enum Nearness {
  SameBasin = 'same_basin',
  SameDepartment = 'same_department',
  SameRegion = 'same_region',
  Elsewhere = 'elsewhere',
  /** The organisation has not given its commune: nothing to compare. */
  Unknown = 'unknown',
}

export const AWARENESS_DAY_STATUS_LABELS: Record<AwarenessDayStatus, string> = {
  [AwarenessDayStatus.Published]: 'Ouverte',
  [AwarenessDayStatus.Cancelled]: 'Annulée',
};

export const ATTENDEE_STATUS_LABELS: Record<AttendeeStatus, string> = {
  [AttendeeStatus.Confirmed]: 'Confirmé·e',
  [AttendeeStatus.Waitlisted]: 'Liste d’attente',
  [AttendeeStatus.Cancelled]: 'Annulé·e',
};

export const ID_DOCUMENT_LABELS: Record<IdDocumentType, string> = {
  [IdDocumentType.IdentityCard]: 'Carte d’identité',
  [IdDocumentType.Passport]: 'Passeport',
  [IdDocumentType.ResidencePermit]: 'Titre de séjour',
  [IdDocumentType.DrivingLicence]: 'Permis de conduire',
};

export const NEARNESS_LABELS: Record<Nearness, string> = {
  [Nearness.SameBasin]: 'Dans votre bassin d’emploi',
  [Nearness.SameDepartment]: 'Dans votre département',
  [Nearness.SameRegion]: 'Dans votre région',
  [Nearness.Elsewhere]: 'Plus loin',
  [Nearness.Unknown]: 'Distance inconnue (commune de l’organisation non renseignée)',
};

/**
 * Attendees (confirmed or waiting) one organisation may have at a half-day: the seats are shared between
 * employers, and three covers a manager, a recruiter and a tutor.
 */
export const MAX_ATTENDEES_PER_ORGANISATION = 3;

/** The security office clears every visitor in advance: registrations close this many days before, by default. */
export const DEFAULT_DEADLINE_DAYS = 15;

export const MAX_CAPACITY = 500;
export const MAX_PROGRAMME_LENGTH = 4000;
export const MAX_NOTES_LENGTH = 2000;
export const MAX_MEETING_POINT_LENGTH = 1000;
