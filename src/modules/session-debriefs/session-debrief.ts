import { NeedSolution } from '../employer-needs/employer-need';
import type { IntroductionSolution } from '../introductions/introduction';

/** Whether a scheduled interview took place. */
export enum InterviewOutcome {
  Held = 'held',
  NoShow = 'no_show',
}

export const INTERVIEW_OUTCOME_LABELS: Record<InterviewOutcome, string> = {
  [InterviewOutcome.Held]: 'Entretien tenu',
  [InterviewOutcome.NoShow]: 'Candidat absent',
};

/** The solutions a binôme may propose after meeting a candidate. */
export enum ProposalKind {
  Sponsorship = 'sponsorship',
  Advice = 'advice',
  Introduction = 'introduction',
  Job = 'job',
  Training = 'training',
  Immersion = 'immersion',
  JobPromise = 'job_promise',
}

export const PROPOSAL_KIND_LABELS: Record<ProposalKind, string> = {
  [ProposalKind.Sponsorship]: 'Parrainage',
  [ProposalKind.Advice]: 'Conseils',
  [ProposalKind.Introduction]: 'Mise en relation',
  [ProposalKind.Job]: 'Emploi',
  [ProposalKind.Training]: 'Formation',
  [ProposalKind.Immersion]: 'Immersion (PMSMP)',
  [ProposalKind.JobPromise]: 'Promesse d’embauche',
};

/**
 * What an accepted proposal becomes: a sponsorship, or an introduction offering the closest solution the
 * introductions module knows. It has no "advice" nor "job promise": advice is a meeting with a professional (the
 * mock interview is that meeting), a written job promise is a job; a plain introduction is a company visit.
 */
export const INTRODUCTION_SOLUTION_OF: Record<Exclude<ProposalKind, ProposalKind.Sponsorship>, IntroductionSolution> = {
  [ProposalKind.Advice]: NeedSolution.MockInterview,
  [ProposalKind.Introduction]: NeedSolution.CompanyVisit,
  [ProposalKind.Job]: NeedSolution.Job,
  [ProposalKind.Training]: NeedSolution.TrainingPlace,
  [ProposalKind.Immersion]: NeedSolution.Immersion,
  [ProposalKind.JobPromise]: NeedSolution.Job,
};

/** Contracts a job or job promise may name. */
export enum ProposalContractType {
  Cdi = 'cdi',
  Cdd = 'cdd',
  Cddi = 'cddi',
  Interim = 'interim',
  Apprenticeship = 'apprenticeship',
  Professionalisation = 'professionalisation',
}

export const CONTRACT_TYPE_LABELS: Record<ProposalContractType, string> = {
  [ProposalContractType.Cdi]: 'CDI',
  [ProposalContractType.Cdd]: 'CDD',
  [ProposalContractType.Cddi]: 'CDD d’insertion (CDDI)',
  [ProposalContractType.Interim]: 'Intérim',
  [ProposalContractType.Apprenticeship]: 'Apprentissage',
  [ProposalContractType.Professionalisation]: 'Contrat de professionnalisation',
};

export enum ProposalStatus {
  Pending = 'pending',
  Accepted = 'accepted',
  Declined = 'declined',
}

export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  [ProposalStatus.Pending]: 'À discuter avec la personne',
  [ProposalStatus.Accepted]: 'Acceptée',
  [ProposalStatus.Declined]: 'Déclinée',
};

export enum ProposalDeclineReason {
  CandidateDeclined = 'candidate_declined',
  NotRelevant = 'not_relevant',
  Other = 'other',
}

export const DECLINE_REASON_LABELS: Record<ProposalDeclineReason, string> = {
  [ProposalDeclineReason.CandidateDeclined]: 'La personne ne souhaite pas y donner suite',
  [ProposalDeclineReason.NotRelevant]: 'Ne correspond pas au projet de la personne',
  [ProposalDeclineReason.Other]: 'Autre raison',
};

export const MARK_LABELS = ['Insuffisant', 'À renforcer', 'Satisfaisant', 'Très satisfaisant'] as const;
export const MAX_COMMENT_LENGTH = 1000;
export const MAX_DETAIL_LENGTH = 300;
export const MAX_PASSAGE_NOTE_LENGTH = 1000;
export const MAX_GRAND_ORAL_NOTES_LENGTH = 4000;
/** A proposal list never grows past this per assessment: seven kinds for each of two organisations. */
export const MAX_PROPOSALS_PER_ASSESSMENT = 14;
