import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, Equals, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';
import { CalendarDate } from '../../../common/validation/calendar-date';
import {
  InterviewOutcome,
  MAX_COMMENT_LENGTH,
  MAX_DETAIL_LENGTH,
  MAX_GRAND_ORAL_NOTES_LENGTH,
  MAX_PASSAGE_NOTE_LENGTH,
  MAX_PROPOSALS_PER_ASSESSMENT,
  ProposalContractType,
  ProposalDeclineReason,
  ProposalKind,
  ProposalStatus,
} from '../session-debrief';
import { FreeText } from '../../../common/validation/free-text';

const enumMessage = (what: string, values: readonly string[]) => `${what} inconnu (attendu : ${values.join(', ')}).`;


/** A mark from 1 to 4; forms send strings. */
const Mark = (label: string) =>
  applyDecorators(
    ApiProperty({ minimum: 1, maximum: 4, example: 3 }),
    Transform(({ value }) => (typeof value === 'string' && /^\d$/.test(value) ? Number(value) : value)),
    IsInt({ message: `${label} : une note de 1 à 4 est attendue.` }),
    Min(1, { message: `${label} : une note de 1 à 4 est attendue.` }),
    Max(4, { message: `${label} : une note de 1 à 4 est attendue.` }),
  );

export class RecordInterviewOutcomeDto {
  @ApiProperty({ enum: InterviewOutcome })
  @IsIn(Object.values(InterviewOutcome), { message: enumMessage('Issue de l’entretien', Object.values(InterviewOutcome)) })
  outcome!: InterviewOutcome;
}

/** One solution the binôme offers: which of its two organisations offers it, and an optional detail. */
export class ProposalInputDto {
  @ApiProperty({ enum: ProposalKind })
  @IsIn(Object.values(ProposalKind), { message: enumMessage('Type de solution', Object.values(ProposalKind)) })
  kind!: ProposalKind;

  @ApiProperty({ format: 'uuid', description: 'L’organisation du binôme qui la propose' })
  @IsUUID('4', { message: 'Organisation invalide : choisissez l’une des deux organisations du binôme.' })
  organisationId!: string;

  /** Read by the coordinator and the counsellor: checked by the PII guard. */
  @FreeText('nullable', 'Précision', MAX_DETAIL_LENGTH, 'Poste de préparateur de commandes, équipe du matin.') detail?: string | null;

  @ApiPropertyOptional({ enum: ProposalContractType, nullable: true, description: 'Emploi ou promesse d’embauche seulement' })
  @Transform(({ value }) => (value === '' ? null : value))
  @IsOptional()
  @IsIn(Object.values(ProposalContractType), { message: enumMessage('Type de contrat', Object.values(ProposalContractType)) })
  contractType?: ProposalContractType | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Parrainage seulement : le membre de l’organisation qui parrainerait' })
  @Transform(({ value }) => (value === '' ? null : value))
  @IsOptional()
  @IsUUID('4', { message: 'Parrain ou marraine invalide.' })
  sponsorUserId?: string | null;
}

/** The binôme's assessment of one interview, with the solutions it proposes (the whole list: it replaces the previous one). */
export class SaveAssessmentDto {
  @Mark('Clarté du projet') projectClarity!: number;
  @Mark('Motivation') motivation!: number;
  @Mark('Adéquation avec nos besoins') fit!: number;
  /** Read by the coordinator and the counsellor: checked by the PII guard. */
  @FreeText('nullable', 'Commentaire', MAX_COMMENT_LENGTH, 'Projet clair, expérience en logistique à valoriser.') comment?: string | null;

  @ApiProperty({ type: [ProposalInputDto] })
  @IsArray({ message: 'Solutions proposées : une liste est attendue.' })
  @ArrayMaxSize(MAX_PROPOSALS_PER_ASSESSMENT, { message: `Solutions proposées : au plus ${MAX_PROPOSALS_PER_ASSESSMENT}.` })
  @IsObject({ each: true, message: 'Solutions proposées : chaque élément est un objet.' })
  @ValidateNested({ each: true })
  @Type(() => ProposalInputDto)
  proposals: ProposalInputDto[] = [];
}

const AGREED_MESSAGE = 'Cochez la case confirmant que la personne a donné son accord pour cette proposition.';

/**
 * The coordinator or counsellor accepts a proposal after talking with the candidate. A sponsorship also needs its
 * start and planned end; an introduction may carry a message to the employer.
 */
export class AcceptProposalDto {
  @ApiProperty({ type: Boolean, enum: [true] })
  @Equals(true, { message: AGREED_MESSAGE })
  candidateAgreed!: true;

  @CalendarDate('required', 'Date de l’accord de la personne') candidateAgreedOn!: string;
  @CalendarDate('optional', 'Date de début du parrainage') startsOn?: string;
  @CalendarDate('optional', 'Date de fin prévue du parrainage') plannedEndOn?: string;
  /** Read by the employer: checked by the PII guard (by the introductions module). */
  @FreeText('nullable', 'Message à l’employeur', 1000, 'Suite à la session de recrutement, la personne souhaite donner suite.') message?: string | null;
}

export class DeclineProposalDto {
  @ApiProperty({ enum: ProposalDeclineReason })
  @IsIn(Object.values(ProposalDeclineReason), { message: enumMessage('Motif', Object.values(ProposalDeclineReason)) })
  reason!: ProposalDeclineReason;
}

export class ListProposalsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ProposalStatus })
  @IsOptional()
  @IsIn(Object.values(ProposalStatus), { message: enumMessage('Statut', Object.values(ProposalStatus)) })
  status?: ProposalStatus;
}

export class ListInterviewsQuery extends PageQuery {}

/** Closing and reopening the debrief, generating the order: no field; declaring the empty body makes unknown fields a 400. */
export class DebriefTransitionDto {}

export class GrandOralOrderDto {
  @ApiProperty({ type: [String], description: 'Les candidats de la cohorte (identifiants de session), dans l’ordre de passage' })
  @IsArray({ message: 'Ordre de passage : une liste est attendue.' })
  @ArrayMaxSize(200, { message: 'Ordre de passage : liste trop longue.' })
  @ArrayUnique({ message: 'Ordre de passage : chaque candidat ne figure qu’une fois.' })
  @IsUUID('4', { each: true, message: 'Ordre de passage : identifiant invalide.' })
  sessionCandidateIds!: string[];
}

export class PassageNoteDto {
  @FreeText('nullable', 'Note', MAX_PASSAGE_NOTE_LENGTH, 'Présentation claire ; questions sur la mobilité.') note?: string | null;
}

export class AttendanceDto {
  @ApiProperty({ type: Boolean })
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'Présence : vrai ou faux est attendu.' })
  present!: boolean;
}

export class GrandOralNotesDto {
  @FreeText('nullable', 'Notes générales', MAX_GRAND_ORAL_NOTES_LENGTH, 'Bonne dynamique ; trois entreprises proposent une visite.') notes?: string | null;
}

// ---- Responses ----

export class OccupationDto {
  @ApiProperty() romeCode!: string;
  @ApiProperty() label!: string;
}

export class ProposalDto {
  @ApiProperty() id!: string;
  @ApiProperty() interviewId!: string;
  @ApiProperty({ enum: ProposalKind }) kind!: ProposalKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ nullable: true }) detail!: string | null;
  @ApiProperty({ enum: ProposalContractType, nullable: true }) contractType!: ProposalContractType | null;
  @ApiProperty({ nullable: true }) sponsorUserId!: string | null;
  @ApiProperty({ nullable: true }) sponsorName!: string | null;
  @ApiProperty({ enum: ProposalStatus }) status!: ProposalStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ enum: ProposalDeclineReason, nullable: true }) declineReason!: ProposalDeclineReason | null;
  @ApiProperty({ nullable: true }) decidedByName!: string | null;
  @ApiProperty({ nullable: true }) decidedAt!: Date | null;
  @ApiProperty({ nullable: true }) candidateAgreedOn!: string | null;
  @ApiProperty({ nullable: true }) introductionId!: string | null;
  @ApiProperty({ nullable: true }) sponsorshipId!: string | null;
  @ApiProperty() profileCode!: string;
}

export class AssessmentDto {
  @ApiProperty() id!: string;
  @ApiProperty() projectClarity!: number;
  @ApiProperty() motivation!: number;
  @ApiProperty() fit!: number;
  @ApiProperty({ nullable: true }) comment!: string | null;
  @ApiProperty({ nullable: true }) writtenByName!: string | null;
  @ApiProperty() writtenAt!: Date;
  @ApiProperty({ nullable: true }) updatedByName!: string | null;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ type: [ProposalDto] }) proposals!: ProposalDto[];
}

export class DebriefInterviewDto {
  @ApiProperty() id!: string;
  @ApiProperty() round!: number;
  @ApiProperty() roomName!: string;
  @ApiProperty() binomeId!: string;
  @ApiProperty() binomeOrganisations!: { id: string; name: string }[];
  @ApiProperty() sessionCandidateId!: string;
  @ApiProperty({ description: 'Code pseudonyme du profil' }) profileCode!: string;
  @ApiProperty({ description: 'Profil publié avec le consentement de la personne : sinon, seul son code est communiqué' }) published!: boolean;
  @ApiProperty({ type: [OccupationDto], description: 'Les métiers visés, pour un profil publié seulement (vide sinon)' }) occupations!: OccupationDto[];
  @ApiProperty({ nullable: true, description: 'Le projet, pour un profil publié seulement' }) project!: string | null;
  @ApiProperty({ enum: InterviewOutcome, nullable: true }) outcome!: InterviewOutcome | null;
  @ApiProperty({ type: AssessmentDto, nullable: true }) assessment!: AssessmentDto | null;
}

export class DebriefSummaryDto {
  @ApiProperty() sessionId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() interviewOn!: string;
  @ApiProperty({ description: 'Si les issues, évaluations et propositions peuvent être enregistrées : planning arrêté, jour des entretiens venu, session non annulée' })
  recordingOpen!: boolean;
  @ApiProperty({ nullable: true, description: 'Pourquoi rien ne peut être enregistré (null quand c’est possible)' }) recordingBlockedReason!: string | null;
  @ApiProperty() closed!: boolean;
  @ApiProperty({ nullable: true }) closedAt!: Date | null;
  @ApiProperty({ description: 'Le binôme de l’organisation de l’employeur (null pour la coordination)', nullable: true }) binomeId!: string | null;
  @ApiProperty({ description: 'Entretiens planifiés visibles de la personne connectée' }) interviews!: number;
  @ApiProperty() assessments!: number;
}

export class GrandOralPassageDto {
  @ApiProperty() sessionCandidateId!: string;
  @ApiProperty() profileCode!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ nullable: true }) note!: string | null;
}

export class GrandOralAttendanceDto {
  @ApiProperty({ description: 'La participation de l’organisation à la session (chemin de PUT …/grand-oral/attendance/:sessionParticipantId)' }) participantId!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, description: 'null : pas encore noté' }) present!: boolean | null;
}

export class GrandOralDto {
  @ApiProperty() sessionId!: string;
  @ApiProperty({ nullable: true }) grandOralOn!: string | null;
  @ApiProperty({ type: [GrandOralPassageDto] }) passages!: GrandOralPassageDto[];
  @ApiProperty({ description: 'Candidats de la cohorte sans passage (ajoutés après la génération)' }) withoutPassage!: { sessionCandidateId: string; profileCode: string }[];
  @ApiProperty({ type: [GrandOralAttendanceDto] }) attendance!: GrandOralAttendanceDto[];
  @ApiProperty({ nullable: true }) notes!: string | null;
}

export class SessionStatisticsDto {
  @ApiProperty() sessionId!: string;
  @ApiProperty() candidates!: number;
  @ApiProperty() organisations!: { participating: number; presentAtGrandOral: number; absentAtGrandOral: number };
  @ApiProperty() interviews!: { scheduled: number; held: number; noShow: number; unrecorded: number };
  @ApiProperty() meetingsTarget!: number;
  @ApiProperty({ description: 'Candidats ayant rencontré au moins meetingsTarget binômes (entretiens tenus)' }) candidatesMeetingTarget!: number;
  @ApiProperty() assessments!: number;
  @ApiProperty() proposals!: { total: number; byKind: Record<ProposalKind, number>; accepted: number; declined: number; pending: number };
  @ApiProperty() introductionsCreated!: number;
  @ApiProperty() sponsorshipsCreated!: number;
}
