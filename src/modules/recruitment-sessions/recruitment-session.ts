import { OrganisationKind } from '../organisations/organisation.entity';

export enum RecruitmentSessionStatus {
  Planning = 'planning',
  Scheduled = 'scheduled',
  Held = 'held',
  Cancelled = 'cancelled',
}

export const RECRUITMENT_SESSION_STATUS_LABELS: Record<RecruitmentSessionStatus, string> = {
  [RecruitmentSessionStatus.Planning]: 'En préparation',
  [RecruitmentSessionStatus.Scheduled]: 'Planning arrêté',
  [RecruitmentSessionStatus.Held]: 'Tenue',
  [RecruitmentSessionStatus.Cancelled]: 'Annulée',
};

/** Where a session may go from each status; held and cancelled sessions are closed to any change. */
export const STATUS_TRANSITIONS: Record<RecruitmentSessionStatus, readonly RecruitmentSessionStatus[]> = {
  [RecruitmentSessionStatus.Planning]: [RecruitmentSessionStatus.Scheduled, RecruitmentSessionStatus.Cancelled],
  [RecruitmentSessionStatus.Scheduled]: [RecruitmentSessionStatus.Planning, RecruitmentSessionStatus.Held, RecruitmentSessionStatus.Cancelled],
  [RecruitmentSessionStatus.Held]: [],
  [RecruitmentSessionStatus.Cancelled]: [],
};

export const DEFAULT_MEETINGS = 3;
export const MAX_TITLE = 160;
export const MAX_ROOM_NAME = 80;

/** Organisation kinds that take part in interviews (employer organisations), as the binôme suggestion knows them. */
export type ParticipantKind = OrganisationKind.Company | OrganisationKind.TempAgency | OrganisationKind.TrainingBody | OrganisationKind.InsertionStructure;

/**
 * What employers read instead of the target occupations of a profile that is not published (a draft or internal
 * profile, or one whose publication consent is missing): the candidate presents the project in person.
 */
export const UNPUBLISHED_PROFILE_HINT = 'profil non publié : projet présenté en entretien';
