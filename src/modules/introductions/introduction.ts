import { NEED_SOLUTION_LABELS, NeedSolution } from '../employer-needs/employer-need';

/**
 * Where an introduction stands. An employer's request waits for the counsellor (`requested`), who accepts it
 * once the candidate agrees, then introduces both sides; a counsellor's proposal waits for the employer
 * (`proposed`), whose acceptance is the introduction. The last four are final.
 */
export enum IntroductionStatus {
  Requested = 'requested',
  Proposed = 'proposed',
  Accepted = 'accepted',
  Introduced = 'introduced',
  MeetingPlanned = 'meeting_planned',
  Concluded = 'concluded',
  Declined = 'declined',
  Withdrawn = 'withdrawn',
  Expired = 'expired',
}

export const INTRODUCTION_STATUS_LABELS: Record<IntroductionStatus, string> = {
  [IntroductionStatus.Requested]: 'Demande en attente de réponse',
  [IntroductionStatus.Proposed]: 'Proposition en attente de réponse',
  [IntroductionStatus.Accepted]: 'Acceptée, mise en relation en préparation',
  [IntroductionStatus.Introduced]: 'Mise en relation faite',
  [IntroductionStatus.MeetingPlanned]: 'Rencontre prévue',
  [IntroductionStatus.Concluded]: 'Issue enregistrée',
  [IntroductionStatus.Declined]: 'Déclinée',
  [IntroductionStatus.Withdrawn]: 'Retirée',
  [IntroductionStatus.Expired]: 'Close sans réponse',
};

/** Under way: the partial unique index `introductions_open_key` allows one such per organisation and profile. */
export const OPEN_STATUSES: readonly IntroductionStatus[] = [
  IntroductionStatus.Requested,
  IntroductionStatus.Proposed,
  IntroductionStatus.Accepted,
  IntroductionStatus.Introduced,
  IntroductionStatus.MeetingPlanned,
];

/** Waiting for an answer: reminded at 3 and 7 days, closed after INTRODUCTION_EXPIRE_AFTER_DAYS. */
export const WAITING_STATUSES: readonly IntroductionStatus[] = [IntroductionStatus.Requested, IntroductionStatus.Proposed];

/** The two sides of an introduction: the employer organisation, and the partner organisation that owns the profile. */
export type IntroductionSide = 'employer' | 'partner';

export const INITIATOR_LABELS: Record<IntroductionSide, string> = {
  employer: 'Demande de l’employeur',
  partner: 'Proposition du conseiller',
};

/** What an introduction offers: the solutions of employer needs that call for a meeting with the person. */
export const INTRODUCTION_SOLUTIONS = [
  NeedSolution.Job,
  NeedSolution.Apprenticeship,
  NeedSolution.TrainingPlace,
  NeedSolution.Immersion,
  NeedSolution.Sponsorship,
  NeedSolution.MockInterview,
  NeedSolution.CompanyVisit,
] as const;
export type IntroductionSolution = (typeof INTRODUCTION_SOLUTIONS)[number];

export const introductionSolutionLabel = (solution: IntroductionSolution): string => NEED_SOLUTION_LABELS[solution];

/** Why a side declines. `other` is common to both; each side chooses among its own. */
export enum DeclineReason {
  CandidateDeclined = 'candidate_declined',
  CandidateUnavailable = 'candidate_unavailable',
  ProjectMismatch = 'project_mismatch',
  OtherSolution = 'other_solution',
  ReleaseChanged = 'release_changed',
  NoPosition = 'no_position',
  ProfileMismatch = 'profile_mismatch',
  TimingMismatch = 'timing_mismatch',
  Other = 'other',
}

export const DECLINE_REASON_LABELS: Record<DeclineReason, string> = {
  [DeclineReason.CandidateDeclined]: 'La personne ne souhaite pas donner suite',
  [DeclineReason.CandidateUnavailable]: 'La personne n’est pas disponible pour le moment',
  [DeclineReason.ProjectMismatch]: 'La proposition ne correspond pas au projet de la personne',
  [DeclineReason.OtherSolution]: 'La personne a déjà une autre solution',
  [DeclineReason.ReleaseChanged]: 'La date ou les conditions de sortie ont changé',
  [DeclineReason.NoPosition]: 'Plus de poste ou de place disponible',
  [DeclineReason.ProfileMismatch]: 'Le profil ne correspond pas à notre besoin',
  [DeclineReason.TimingMismatch]: 'Les dates ne correspondent pas',
  [DeclineReason.Other]: 'Autre motif',
};

export const DECLINE_REASONS_BY_SIDE: Record<IntroductionSide, readonly DeclineReason[]> = {
  partner: [
    DeclineReason.CandidateDeclined,
    DeclineReason.CandidateUnavailable,
    DeclineReason.ProjectMismatch,
    DeclineReason.OtherSolution,
    DeclineReason.ReleaseChanged,
    DeclineReason.Other,
  ],
  employer: [DeclineReason.NoPosition, DeclineReason.ProfileMismatch, DeclineReason.TimingMismatch, DeclineReason.Other],
};

/** What came of an introduction. */
export enum IntroductionOutcome {
  Hired = 'hired',
  Training = 'training',
  Apprenticeship = 'apprenticeship',
  Immersion = 'immersion',
  SponsorshipStarted = 'sponsorship_started',
  NoFollowUp = 'no_follow_up',
}

export const OUTCOME_LABELS: Record<IntroductionOutcome, string> = {
  [IntroductionOutcome.Hired]: 'Embauche',
  [IntroductionOutcome.Training]: 'Entrée en formation',
  [IntroductionOutcome.Apprenticeship]: 'Contrat d’apprentissage',
  [IntroductionOutcome.Immersion]: 'Immersion (PMSMP)',
  [IntroductionOutcome.SponsorshipStarted]: 'Parrainage engagé',
  [IntroductionOutcome.NoFollowUp]: 'Pas de suite',
};

/** The contract of a hire (an apprenticeship is an outcome of its own). */
export enum HireContractType {
  Cdi = 'cdi',
  Cdd = 'cdd',
  Cddi = 'cddi',
  Interim = 'interim',
  Professionalisation = 'professionalisation',
}

export const HIRE_CONTRACT_LABELS: Record<HireContractType, string> = {
  [HireContractType.Cdi]: 'CDI',
  [HireContractType.Cdd]: 'CDD',
  [HireContractType.Cddi]: 'CDD d’insertion (CDDI)',
  [HireContractType.Interim]: 'Intérim',
  [HireContractType.Professionalisation]: 'Contrat de professionnalisation',
};

/** Why an introduction led nowhere. */
export enum NoFollowUpReason {
  CandidateWithdrew = 'candidate_withdrew',
  EmployerWithdrew = 'employer_withdrew',
  NotRetained = 'not_retained',
  MeetingMissed = 'meeting_missed',
  ReleaseChanged = 'release_changed',
  Other = 'other',
}

export const NO_FOLLOW_UP_LABELS: Record<NoFollowUpReason, string> = {
  [NoFollowUpReason.CandidateWithdrew]: 'La personne n’a pas souhaité poursuivre',
  [NoFollowUpReason.EmployerWithdrew]: 'L’employeur n’a pas donné suite',
  [NoFollowUpReason.NotRetained]: 'Candidature non retenue après la rencontre',
  [NoFollowUpReason.MeetingMissed]: 'Rencontre non honorée',
  [NoFollowUpReason.ReleaseChanged]: 'Sortie reportée ou modifiée',
  [NoFollowUpReason.Other]: 'Autre raison',
};

/** The reason code of an expiry event. */
export const NO_ANSWER_REASON = 'no_answer';

/** Label of any reason code an event may carry (decline, no follow-up, expiry). */
export function reasonLabel(code: string | null): string | null {
  if (code === null) return null;
  if (code === NO_ANSWER_REASON) return 'Sans réponse dans le délai';
  if (Object.hasOwn(DECLINE_REASON_LABELS, code)) return DECLINE_REASON_LABELS[code as DeclineReason];
  if (Object.hasOwn(NO_FOLLOW_UP_LABELS, code)) return NO_FOLLOW_UP_LABELS[code as NoFollowUpReason];
  return code;
}

export const MAX_MESSAGE_LENGTH = 2000;
export const MAX_AVAILABILITY_LENGTH = 500;
export const MAX_PROPOSAL_MESSAGE_LENGTH = 1000;
export const MAX_NOTE_LENGTH = 1000;
/**
 * Days after the planned meeting's day (calendar of France) without an outcome before the counsellor is reminded
 * to record it: long enough to hear back from both sides.
 */
export const OUTCOME_REMINDER_AFTER_DAYS = 2;
/** How far ahead a meeting may be planned. */
export const MAX_MEETING_DAYS_AHEAD = 365;
