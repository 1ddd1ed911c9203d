/**
 * A sponsorship (parrainage): a member of an active employer organisation follows a candidate for months.
 * Paused and active ones are under way; an ended one is final.
 */
export enum SponsorshipStatus {
  Active = 'active',
  Paused = 'paused',
  Ended = 'ended',
}

export const SPONSORSHIP_STATUS_LABELS: Record<SponsorshipStatus, string> = {
  [SponsorshipStatus.Active]: 'En cours',
  [SponsorshipStatus.Paused]: 'En pause',
  [SponsorshipStatus.Ended]: 'Terminé',
};

/** Under way: they count towards a sponsor's cap, and a profile has at most one such (index `sponsorships_ongoing_profile_key`). */
export const ONGOING_STATUSES: readonly SponsorshipStatus[] = [SponsorshipStatus.Active, SponsorshipStatus.Paused];

/** Why a sponsorship ended. Codes only: what happened in words, if anyone writes it, goes in a check-in note. */
export enum SponsorshipEndReason {
  Completed = 'completed',
  GoalReached = 'goal_reached',
  CandidateWithdrew = 'candidate_withdrew',
  SponsorUnavailable = 'sponsor_unavailable',
  LostContact = 'lost_contact',
  ReleasePostponed = 'release_postponed',
  Other = 'other',
}

export const END_REASON_LABELS: Record<SponsorshipEndReason, string> = {
  [SponsorshipEndReason.Completed]: 'Parrainage mené à son terme',
  [SponsorshipEndReason.GoalReached]: 'Objectif atteint avant le terme (emploi ou formation stable)',
  [SponsorshipEndReason.CandidateWithdrew]: 'La personne a souhaité arrêter',
  [SponsorshipEndReason.SponsorUnavailable]: 'Le parrain ou la marraine n’est plus disponible',
  [SponsorshipEndReason.LostContact]: 'Contact perdu avec la personne',
  [SponsorshipEndReason.ReleasePostponed]: 'Sortie reportée ou projet modifié',
  [SponsorshipEndReason.Other]: 'Autre motif',
};

/** The scheduled check-ins, counted from the start date. */
export enum CheckInMilestone {
  Day7 = 'd7',
  Month1 = 'm1',
  Month3 = 'm3',
  Month6 = 'm6',
}

export const MILESTONES: readonly CheckInMilestone[] = [CheckInMilestone.Day7, CheckInMilestone.Month1, CheckInMilestone.Month3, CheckInMilestone.Month6];

export const MILESTONE_LABELS: Record<CheckInMilestone, string> = {
  [CheckInMilestone.Day7]: 'Point à J+7',
  [CheckInMilestone.Month1]: 'Point à 1 mois',
  [CheckInMilestone.Month3]: 'Point à 3 mois',
  [CheckInMilestone.Month6]: 'Point à 6 mois',
};

/** The same, inside a sentence (« le point à 1 mois est à faire »). */
export const MILESTONE_PHRASES: Record<CheckInMilestone, string> = {
  [CheckInMilestone.Day7]: 'point à J+7',
  [CheckInMilestone.Month1]: 'point à 1 mois',
  [CheckInMilestone.Month3]: 'point à 3 mois',
  [CheckInMilestone.Month6]: 'point à 6 mois',
};

export enum CheckInStatus {
  Scheduled = 'scheduled',
  Done = 'done',
  Cancelled = 'cancelled',
}

export const CHECK_IN_STATUS_LABELS: Record<CheckInStatus, string> = {
  [CheckInStatus.Scheduled]: 'À faire',
  [CheckInStatus.Done]: 'Fait',
  [CheckInStatus.Cancelled]: 'Annulé (parrainage terminé)',
};

/** How a check-in took place. */
export enum CheckInChannel {
  Phone = 'phone',
  Visit = 'visit',
  Video = 'video',
  Message = 'message',
  Workplace = 'workplace',
  Other = 'other',
}

export const CHANNEL_LABELS: Record<CheckInChannel, string> = {
  [CheckInChannel.Phone]: 'Téléphone',
  [CheckInChannel.Visit]: 'Rencontre en personne',
  [CheckInChannel.Video]: 'Visioconférence',
  [CheckInChannel.Message]: 'Messages écrits',
  [CheckInChannel.Workplace]: 'Sur le lieu de travail ou de formation',
  [CheckInChannel.Other]: 'Autre',
};

/**
 * Default cap on a sponsor's sponsorships under way (active or paused): following a released person takes time,
 * and more than a few at once is a sign the sponsorships exist on paper only. A constant rather than a setting:
 * no organisation has asked for another figure yet, and an organisation-level column can replace it when one does.
 */
export const MAX_ONGOING_SPONSORSHIPS_PER_SPONSOR = 3;

export const MAX_NOTE_LENGTH = 1000;
export const MAX_NEXT_STEP_LENGTH = 500;
/** How far back a sponsorship already under way may be recorded, and how far ahead one may be planned. */
export const MAX_START_DAYS_BEFORE = 365;
export const MAX_START_DAYS_AHEAD = 180;
/** The planned end is at least the last check-in (M+6) and at most two years after the start. */
export const MAX_DURATION_MONTHS = 24;
/** Retention is measured at the last scheduled check-in. */
export const RETENTION_MONTHS = 6;
