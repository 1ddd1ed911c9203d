import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Equals, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';
import { apiPresence, Presence, presence, upperTrim } from '../../../common/validation/presence';
import { CalendarDate } from '../../../common/validation/calendar-date';
import {
  DeclineReason,
  HireContractType,
  INTRODUCTION_SOLUTIONS,
  IntroductionOutcome,
  IntroductionSolution,
  IntroductionStatus,
  MAX_AVAILABILITY_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_PROPOSAL_MESSAGE_LENGTH,
  NoFollowUpReason,
} from '../introduction';
import type { IntroductionAction } from '../introduction-rules';
import { FreeText } from '../../../common/validation/free-text';


const SOLUTION_MESSAGE = `Solution inconnue (attendu : ${INTRODUCTION_SOLUTIONS.join(', ')}).`;
const Solution = () =>
  applyDecorators(ApiProperty({ enum: INTRODUCTION_SOLUTIONS, example: 'job' }), IsIn([...INTRODUCTION_SOLUTIONS], { message: SOLUTION_MESSAGE }));

const NEED_MESSAGE = 'Identifiant de besoin invalide.';
const NeedId = () =>
  applyDecorators(
    apiPresence('nullable', { type: String, format: 'uuid', description: 'Un besoin publié de l’organisation employeuse (facultatif)' }),
    IsOptional(),
    IsUUID('4', { message: NEED_MESSAGE }),
  );

const AGREED_MESSAGE = 'Cochez la case confirmant que la personne a donné son accord pour cette rencontre.';
const CandidateAgreed = (p: Presence) =>
  applyDecorators(
    apiPresence(p, { type: Boolean, enum: [true], description: 'La personne a donné son accord (recueilli par le conseiller)' }),
    ...presence(p),
    Equals(true, { message: AGREED_MESSAGE }),
  );

const PROFILE_CODE_MESSAGE = 'Code de profil invalide (attendu : PSG- suivi de 4 à 8 caractères, ex. PSG-7K3Q).';

/** An employer asks to meet a published profile ("Je souhaite rencontrer"). The organisation comes from the session. */
export class CreateIntroductionRequestDto {
  @ApiProperty({ example: 'PSG-7K3Q', description: 'Code pseudonyme du profil publié' })
  @Transform(({ value }) => upperTrim(value))
  @IsString({ message: PROFILE_CODE_MESSAGE })
  @Matches(/^PSG-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4,8}$/, { message: PROFILE_CODE_MESSAGE })
  profileCode!: string;

  @NeedId() needId?: string | null;
  @Solution() solution!: IntroductionSolution;
  /** Read by the counsellor only: the employer's words never reach the candidate's file or an e-mail. */
  @FreeText('required', 'Message', MAX_MESSAGE_LENGTH, 'Nous recrutons deux peintres ; nous aimerions présenter le poste et l’équipe.') message!: string;
  @FreeText('nullable', 'Disponibilités', MAX_AVAILABILITY_LENGTH, 'Mardi et jeudi après-midi, en visio ou sur site.') availability?: string | null;
}

/** A counsellor proposes one of their organisation's published profiles to an employer organisation, with the candidate's agreement. */
export class CreateIntroductionProposalDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'Identifiant de profil invalide.' })
  profileId!: string;

  @ApiProperty({ format: 'uuid', description: 'L’organisation employeuse à qui proposer le profil' })
  @IsUUID('4', { message: 'Identifiant d’organisation invalide.' })
  organisationId!: string;

  @NeedId() needId?: string | null;
  @Solution() solution!: IntroductionSolution;
  /** Read by the employer: checked by the PII guard. */
  @FreeText('nullable', 'Message à l’employeur', MAX_PROPOSAL_MESSAGE_LENGTH, 'Profil motivé, disponible pour une immersion dès la sortie.') message?: string | null;
  @CandidateAgreed('required') candidateAgreed!: true;
  @CalendarDate('required', 'Date de l’accord de la personne') candidateAgreedOn!: string;
}

/** A counsellor accepts a request once the candidate agrees (both fields required); an employer accepts a proposal (neither field). */
export class AcceptIntroductionDto {
  @CandidateAgreed('optional') candidateAgreed?: true;
  @CalendarDate('optional', 'Date de l’accord de la personne') candidateAgreedOn?: string;
}

const NoteText = () => FreeText('nullable', 'Note', MAX_NOTE_LENGTH, 'Précisions utiles au suivi.');

export class DeclineIntroductionDto {
  @ApiProperty({ enum: DeclineReason })
  @IsIn(Object.values(DeclineReason), { message: `Motif inconnu (attendu : ${Object.values(DeclineReason).join(', ')}).` })
  reason!: DeclineReason;

  /** A counsellor's note stays on the partner side; an employer's is read by the counsellor. */
  @NoteText() note?: string | null;
}

export class WithdrawIntroductionDto {
  @NoteText() note?: string | null;
}

export class PlanMeetingDto {
  @CalendarDate('required', 'Date de la rencontre') meetingOn!: string;
  /** Internal to the partner side. */
  @NoteText() note?: string | null;
}

export class RecordOutcomeDto {
  @ApiProperty({ enum: IntroductionOutcome })
  @IsIn(Object.values(IntroductionOutcome), { message: `Issue inconnue (attendu : ${Object.values(IntroductionOutcome).join(', ')}).` })
  outcome!: IntroductionOutcome;

  @ApiPropertyOptional({ enum: HireContractType, nullable: true, description: 'Pour une embauche seulement' })
  @IsOptional()
  @IsIn(Object.values(HireContractType), { message: `Type de contrat inconnu (attendu : ${Object.values(HireContractType).join(', ')}).` })
  contractType?: HireContractType | null;

  @ApiPropertyOptional({ enum: NoFollowUpReason, nullable: true, description: 'Quand il n’y a pas de suite seulement' })
  @IsOptional()
  @IsIn(Object.values(NoFollowUpReason), { message: `Raison inconnue (attendu : ${Object.values(NoFollowUpReason).join(', ')}).` })
  reason?: NoFollowUpReason | null;

  /** Internal to the partner side. */
  @NoteText() note?: string | null;
}

/** Marking an introduction as made takes no field: declaring the empty body makes unknown fields a 400. */
export class IntroductionTransitionDto {}

/** Groups of statuses: what the caller's side must answer, what is under way, what is over. */
export const INTRODUCTION_STAGES = ['to_answer', 'open', 'closed'] as const;
export type IntroductionStage = (typeof INTRODUCTION_STAGES)[number];

export class ListIntroductionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: IntroductionStatus })
  @IsOptional()
  @IsIn(Object.values(IntroductionStatus), { message: `Statut inconnu (attendu : ${Object.values(IntroductionStatus).join(', ')}).` })
  status?: IntroductionStatus;

  @ApiPropertyOptional({ enum: INTRODUCTION_STAGES, description: 'to_answer : en attente de votre réponse ; open : en cours ; closed : terminées' })
  @IsOptional()
  @IsIn([...INTRODUCTION_STAGES], { message: `Étape inconnue (attendu : ${INTRODUCTION_STAGES.join(', ')}).` })
  stage?: IntroductionStage;
}

export class IntroductionOccupationDto {
  @ApiProperty({ example: 'F1606' }) romeCode!: string;
  @ApiProperty() label!: string;
}

export class IntroductionNeedDto {
  @ApiProperty() id!: string;
  @ApiProperty() romeCode!: string;
  @ApiProperty() romeLabel!: string;
  @ApiProperty({ nullable: true, type: String }) communeName!: string | null;
}

/** A professional contact: shared with the other side once they are introduced. */
export class IntroductionContactDto {
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
  @ApiProperty() organisationName!: string;
}

export class CandidateAgreementDto {
  @ApiProperty({ format: 'date' }) agreedOn!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Qui l’a enregistré (null si son compte a été supprimé)' }) recordedByName!: string | null;
  @ApiProperty() recordedAt!: string;
}

export class IntroductionEventDto {
  @ApiProperty({ enum: IntroductionStatus, nullable: true }) fromStatus!: IntroductionStatus | null;
  @ApiProperty({ nullable: true, type: String }) fromStatusLabel!: string | null;
  @ApiProperty({ enum: IntroductionStatus }) toStatus!: IntroductionStatus;
  @ApiProperty() toStatusLabel!: string;
  @ApiProperty({ enum: ['employer', 'partner', 'system'] }) actor!: 'employer' | 'partner' | 'system';
  @ApiProperty() actorLabel!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Pour le conseiller seulement' }) actorName!: string | null;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) reasonLabel!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) meetingOn!: string | null;
  @ApiProperty({ nullable: true, enum: IntroductionOutcome }) outcome!: IntroductionOutcome | null;
  @ApiProperty({ nullable: true, type: String }) outcomeLabel!: string | null;
  @ApiProperty({ nullable: true, enum: HireContractType }) contractType!: HireContractType | null;
  @ApiProperty({ nullable: true, type: String }) contractTypeLabel!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Les notes du conseiller ne sont jamais montrées à l’employeur' }) note!: string | null;
}

export class IntroductionSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: IntroductionStatus }) status!: IntroductionStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ enum: ['employer', 'partner'] }) initiator!: 'employer' | 'partner';
  @ApiProperty() initiatorLabel!: string;
  @ApiProperty({ example: 'PSG-7K3Q' }) profileCode!: string;
  @ApiProperty({ type: [IntroductionOccupationDto], description: 'Métiers visés du profil, comme dans la vue employeur' }) occupations!: IntroductionOccupationDto[];
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Pour l’employeur, seulement une fois la mise en relation faite' }) partnerOrganisationName!: string | null;
  @ApiProperty({ nullable: true, type: IntroductionNeedDto }) need!: IntroductionNeedDto | null;
  @ApiProperty({ enum: INTRODUCTION_SOLUTIONS }) solution!: IntroductionSolution;
  @ApiProperty() solutionLabel!: string;
  @ApiProperty({ nullable: true, enum: ['employer', 'partner'], description: 'Le côté dont la prochaine étape est attendue' }) awaiting!: 'employer' | 'partner' | null;
  @ApiProperty({ description: 'La prochaine étape revient au côté du lecteur' }) awaitingYou!: boolean;
  @ApiProperty({ type: [String], description: 'Actions possibles pour le lecteur : accept, decline, introduce, plan_meeting, record_outcome, withdraw' }) allowedActions!: IntroductionAction[];
  @ApiProperty({ nullable: true, type: String, format: 'date' }) meetingOn!: string | null;
  @ApiProperty({ nullable: true, enum: IntroductionOutcome }) outcome!: IntroductionOutcome | null;
  @ApiProperty({ nullable: true, type: String }) outcomeLabel!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() statusChangedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Sans réponse, la demande ou la proposition sera close ce jour-là' }) closesOn!: string | null;
}

export class IntroductionDto extends IntroductionSummaryDto {
  @ApiProperty({ nullable: true, type: String, description: 'Pour le conseiller seulement' }) profileId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Message de l’employeur, lu par le conseiller seulement' }) message!: string | null;
  @ApiProperty({ nullable: true, type: String }) availability!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Message du conseiller joint à sa proposition' }) proposalMessage!: string | null;
  @ApiProperty({ nullable: true, type: CandidateAgreementDto, description: 'Pour le conseiller seulement' }) candidateAgreement!: CandidateAgreementDto | null;
  @ApiProperty({ nullable: true, enum: DeclineReason }) declineReason!: DeclineReason | null;
  @ApiProperty({ nullable: true, type: String }) declineReasonLabel!: string | null;
  @ApiProperty({ nullable: true, enum: HireContractType }) contractType!: HireContractType | null;
  @ApiProperty({ nullable: true, type: String }) contractTypeLabel!: string | null;
  @ApiProperty({ nullable: true, enum: NoFollowUpReason }) outcomeReason!: NoFollowUpReason | null;
  @ApiProperty({ nullable: true, type: String }) outcomeReasonLabel!: string | null;
  @ApiProperty({ nullable: true, type: IntroductionContactDto, description: 'Pour l’employeur, seulement une fois la mise en relation faite' }) counsellorContact!: IntroductionContactDto | null;
  @ApiProperty({ nullable: true, type: IntroductionContactDto, description: 'La personne de l’organisation employeuse qui suit la mise en relation' }) employerContact!: IntroductionContactDto | null;
  @ApiProperty({ type: [IntroductionEventDto] }) history!: IntroductionEventDto[];
}
