/** Age bands: the only age a profile holds (DESIGN.md §2 forbids birth dates). */
export const AGE_BANDS = ['18-25', '26-35', '36-45', '46-55', '56+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Sentence adjustments (aménagements de peine) the candidate is eligible for. */
export enum SentenceAdjustment {
  SemiLiberte = 'semi_liberte',
  PlacementExterieur = 'placement_exterieur',
  SurveillanceElectronique = 'surveillance_electronique',
  LiberationConditionnelle = 'liberation_conditionnelle',
}

export const SENTENCE_ADJUSTMENT_LABELS: Record<SentenceAdjustment, string> = {
  [SentenceAdjustment.SemiLiberte]: 'Semi-liberté',
  [SentenceAdjustment.PlacementExterieur]: 'Placement extérieur',
  [SentenceAdjustment.SurveillanceElectronique]: 'Surveillance électronique',
  [SentenceAdjustment.LiberationConditionnelle]: 'Libération conditionnelle',
};

/** Driving licences and the usual handling certificates (CACES) employers ask for. */
export const LICENCES = [
  'AM', 'A1', 'A2', 'A', 'B', 'BE', 'C1', 'C1E', 'C', 'CE', 'D1', 'D1E', 'D', 'DE',
  'CACES_R482', 'CACES_R483', 'CACES_R484', 'CACES_R485', 'CACES_R486', 'CACES_R487', 'CACES_R489', 'CACES_R490',
  'FIMO', 'FCO',
] as const;
export type Licence = (typeof LICENCES)[number];

export enum TrainingStatus {
  Obtained = 'obtained',
  InProgress = 'in_progress',
}

/** French qualification levels (cadre national des certifications), from CAP (3) to doctorate (8). */
export const MIN_TRAINING_LEVEL = 3;
export const MAX_TRAINING_LEVEL = 8;

export enum CandidateProfileStatus {
  Draft = 'draft',
  Published = 'published',
  Paused = 'paused',
  Placed = 'placed',
  Archived = 'archived',
}

export const CANDIDATE_PROFILE_STATUS_LABELS: Record<CandidateProfileStatus, string> = {
  [CandidateProfileStatus.Draft]: 'Brouillon',
  [CandidateProfileStatus.Published]: 'Publié',
  [CandidateProfileStatus.Paused]: 'En pause',
  [CandidateProfileStatus.Placed]: 'Placé',
  [CandidateProfileStatus.Archived]: 'Archivé',
};

export enum ConsentScope {
  Publication = 'publication',
}

export interface Mobility {
  licences: Licence[];
  hasVehicle: boolean | null;
  maxCommuteMinutes: number | null;
}

/** A past job: occupation, sector and duration, never the employer's name. */
export interface Experience {
  romeCode: string | null;
  sector: string;
  months: number;
}

export interface Training {
  title: string;
  level: number | null;
  status: TrainingStatus;
  inDetention: boolean;
}

/** Work constraints as flags, without any reason (the reason could reveal the offence). */
export interface WorkConstraints {
  avoidDepartments: string[];
  avoidRomeCodes: string[];
}

export interface PiiOverride {
  justification: string;
  /** Id of the user who overrode the guard. */
  by: string;
  /** ISO instant. */
  at: string;
}

export const MAX_TARGETS = 5;
export const MAX_SKILLS = 30;
export const MAX_SKILL_LENGTH = 80;
export const MAX_LANGUAGES = 10;
export const MAX_LANGUAGE_LENGTH = 40;
export const MAX_EXPERIENCES = 20;
export const MAX_SECTOR_LENGTH = 120;
export const MAX_EXPERIENCE_MONTHS = 600;
export const MAX_TRAININGS = 20;
export const MAX_TRAINING_TITLE_LENGTH = 160;
export const MAX_PROJECT_LENGTH = 3000;
export const MAX_AVAILABILITY_LENGTH = 300;
export const MAX_AVOID_DEPARTMENTS = 20;
export const MAX_AVOID_ROME_CODES = 10;
export const MAX_COMMUTE_MINUTES = 240;
export const MIN_OVERRIDE_JUSTIFICATION = 20;
export const MAX_OVERRIDE_JUSTIFICATION = 1000;
