import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Equals, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';
import { upperTrim } from '../../../common/validation/presence';
import { CalendarDate } from '../../../common/validation/calendar-date';
import {
  CheckInChannel,
  CheckInMilestone,
  CheckInStatus,
  MAX_NEXT_STEP_LENGTH,
  MAX_NOTE_LENGTH,
  SponsorshipEndReason,
  SponsorshipStatus,
} from '../sponsorship';
import { FreeText } from '../../../common/validation/free-text';


const PROFILE_CODE_MESSAGE = 'Code de profil invalide (attendu : PSG- suivi de 4 à 8 caractères, ex. PSG-7K3Q).';
const ENUM_MESSAGE = (what: string, values: string[]) => `${what} inconnu (attendu : ${values.join(', ')}).`;

/**
 * The counsellor owning the profile engages a sponsorship, the candidate having agreed: they name the sponsor by
 * their professional e-mail (a member of an active employer organisation, usually met through an introduction).
 */
export class CreateSponsorshipDto {
  @ApiProperty({ example: 'PSG-7K3Q', description: 'Code pseudonyme d’un profil de votre organisation' })
  @Transform(({ value }) => upperTrim(value))
  @IsString({ message: PROFILE_CODE_MESSAGE })
  @Matches(/^PSG-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4,8}$/, { message: PROFILE_CODE_MESSAGE })
  profileCode!: string;

  @ApiProperty({ example: 'marie.dupont@entreprise.example', description: 'Adresse professionnelle du parrain ou de la marraine (membre d’une organisation employeuse active)' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString({ message: 'Adresse e-mail du parrain ou de la marraine invalide.' })
  @MinLength(1, { message: 'Indiquez l’adresse e-mail professionnelle du parrain ou de la marraine.' })
  @IsEmail({}, { message: 'Adresse e-mail du parrain ou de la marraine invalide.' })
  @MaxLength(254, { message: 'Adresse e-mail trop longue.' })
  sponsorEmail!: string;

  @CalendarDate('required', 'Date de début') startsOn!: string;
  @CalendarDate('required', 'Date de fin prévue') plannedEndOn!: string;

  @ApiProperty({ type: Boolean, enum: [true], description: 'La personne a donné son accord pour ce parrainage (recueilli par le conseiller)' })
  @Equals(true, { message: 'Cochez la case confirmant que la personne a donné son accord pour ce parrainage.' })
  candidateAgreed!: true;

  @CalendarDate('required', 'Date de l’accord de la personne') candidateAgreedOn!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'La mise en relation dont le parrainage est issu (facultatif)' })
  @IsOptional()
  @IsUUID('4', { message: 'Identifiant de mise en relation invalide.' })
  introductionId?: string | null;
}

/** Pausing and resuming take no field: declaring the empty body makes unknown fields a 400 instead of being ignored. */
export class SponsorshipTransitionDto {}

export class EndSponsorshipDto {
  @ApiProperty({ enum: SponsorshipEndReason })
  @IsIn(Object.values(SponsorshipEndReason), { message: ENUM_MESSAGE('Motif', Object.values(SponsorshipEndReason)) })
  reason!: SponsorshipEndReason;

  /** Defaults to today; may be earlier, when the sponsorship is known to have stopped some days ago. */
  @CalendarDate('optional', 'Date de fin') endedOn?: string;
}

export class RecordCheckInDto {
  @CalendarDate('required', 'Date du point') heldOn!: string;

  @ApiProperty({ enum: CheckInChannel })
  @IsIn(Object.values(CheckInChannel), { message: ENUM_MESSAGE('Moyen d’échange', Object.values(CheckInChannel)) })
  channel!: CheckInChannel;

  /** Internal to the sponsor, their organisation and the counsellor; checked by the PII guard, never e-mailed, logged or audited. */
  @FreeText('nullable', 'Note', MAX_NOTE_LENGTH, 'Bonne intégration dans l’équipe ; horaires du matin difficiles la première semaine.') note?: string | null;
  @FreeText('nullable', 'Prochaine étape', MAX_NEXT_STEP_LENGTH, 'Faire le point sur le permis B au prochain échange.') nextStep?: string | null;
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

export class ListSponsorshipsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SponsorshipStatus })
  @IsOptional()
  @IsIn(Object.values(SponsorshipStatus), { message: ENUM_MESSAGE('Statut', Object.values(SponsorshipStatus)) })
  status?: SponsorshipStatus;

  @ApiPropertyOptional({ type: Boolean, description: 'Seulement ceux dont un point de suivi est arrivé à échéance' })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'checkInDue : true ou false attendu.' })
  checkInDue?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Réservé à la coordination : organisation employeuse' })
  @IsOptional()
  @IsUUID('4', { message: 'Identifiant d’organisation invalide.' })
  organisationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Réservé à la coordination : organisation partenaire qui accompagne la personne' })
  @IsOptional()
  @IsUUID('4', { message: 'Identifiant d’organisation invalide.' })
  partnerOrganisationId?: string;
}

export class OccupationDto {
  @ApiProperty() romeCode!: string;
  @ApiProperty() label!: string;
}

export class ContactDto {
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
}

export class NextCheckInDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CheckInMilestone }) milestone!: CheckInMilestone;
  @ApiProperty() milestoneLabel!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ description: 'Échéance atteinte ou dépassée' }) due!: boolean;
}

export class CheckInDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CheckInMilestone }) milestone!: CheckInMilestone;
  @ApiProperty() milestoneLabel!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ enum: CheckInStatus }) status!: CheckInStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) heldOn!: string | null;
  @ApiProperty({ nullable: true, enum: CheckInChannel }) channel!: CheckInChannel | null;
  @ApiProperty({ nullable: true, type: String }) channelLabel!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Interne ; absent pour qui consulte en lecture seule' }) note!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Interne ; absent pour qui consulte en lecture seule' }) nextStep!: string | null;
  @ApiProperty({ description: 'Une prochaine étape est notée (indiqué à tous les lecteurs, même à ceux qui ne la lisent pas)' }) withNextStep!: boolean;
  @ApiProperty({ nullable: true, type: String }) recordedByName!: string | null;
  @ApiProperty({ nullable: true, type: String }) recordedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) reminderSentAt!: string | null;
}

export type SponsorshipActionName = 'pause' | 'resume' | 'end' | 'record_check_in';

/** What every list line shows: the employer view of the profile (code and occupations), never more. */
export class SponsorshipSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SponsorshipStatus }) status!: SponsorshipStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() profileCode!: string;
  @ApiProperty({ type: [OccupationDto] }) occupations!: OccupationDto[];
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() partnerOrganisationName!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null si le compte du parrain ou de la marraine a été supprimé' }) sponsorName!: string | null;
  @ApiProperty({ format: 'date' }) startsOn!: string;
  @ApiProperty({ format: 'date' }) plannedEndOn!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) endedOn!: string | null;
  @ApiProperty({ nullable: true, enum: SponsorshipEndReason }) endReason!: SponsorshipEndReason | null;
  @ApiProperty({ nullable: true, type: String }) endReasonLabel!: string | null;
  @ApiProperty({ nullable: true, type: NextCheckInDto }) nextCheckIn!: NextCheckInDto | null;
  @ApiProperty() checkInsDone!: number;
}

export class CandidateAgreementDto {
  @ApiProperty({ format: 'date' }) agreedOn!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ nullable: true, type: String }) recordedByName!: string | null;
}

export class SponsorshipDto extends SponsorshipSummaryDto {
  @ApiProperty({ nullable: true, type: String, description: 'Côté partenaire et coordination seulement : l’employeur ne connaît que le code' }) profileId!: string | null;
  @ApiProperty({ nullable: true, type: ContactDto, description: 'Contact professionnel du parrain ou de la marraine' }) sponsor!: ContactDto | null;
  @ApiProperty({ nullable: true, type: ContactDto, description: 'Contact professionnel du conseiller qui a engagé le parrainage' }) counsellor!: ContactDto | null;
  @ApiProperty({ nullable: true, type: String }) introductionId!: string | null;
  @ApiProperty({ nullable: true, type: CandidateAgreementDto, description: 'Côté partenaire et coordination seulement (le recueil de l’accord reste interne)' })
  candidateAgreement!: CandidateAgreementDto | null;
  @ApiProperty({ type: [CheckInDto] }) checkIns!: CheckInDto[];
  @ApiProperty({ description: 'La personne connectée suit ce parrainage (parrain ou marraine, responsable de son organisation, organisation qui accompagne la personne) ; sinon elle le consulte en lecture seule' })
  follower!: boolean;
  @ApiProperty({ type: [String], enum: ['pause', 'resume', 'end', 'record_check_in'], description: 'Ce que la personne connectée peut faire maintenant' })
  allowedActions!: SponsorshipActionName[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class RetentionLineDto {
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() total!: number;
  @ApiProperty() ongoing!: number;
  @ApiProperty({ description: 'Parrainages commencés depuis au moins 6 mois : la base du taux' }) counted!: number;
  @ApiProperty({ description: 'Parmi eux, ceux qui n’étaient pas terminés à 6 mois' }) retained!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'retained / counted en pourcentage entier ; null si aucun ne compte encore' }) retentionPercent!: number | null;
}

export class RetentionDto {
  @ApiProperty({ format: 'date', description: 'Jour de calcul (calendrier de la France)' }) asOf!: string;
  @ApiProperty() retentionMonths!: number;
  @ApiProperty({ type: [RetentionLineDto] }) organisations!: RetentionLineDto[];
  @ApiProperty({ type: RetentionLineDto, description: 'Toutes organisations confondues' }) overall!: RetentionLineDto;
}

/** The introduction a sponsorship came from, as the coordination page names it: its stage, never its message. */
export interface LinkedIntroductionView {
  initiatorLabel: string;
  solutionLabel: string;
  statusLabel: string;
  outcomeLabel: string | null;
  /** Day of the request or proposal, in France. */
  requestedOn: string;
  meetingOn: string | null;
}

/** What the coordination page of one sponsorship shows. */
export interface CoordinationSponsorshipView {
  sponsorship: SponsorshipDto;
  introduction: LinkedIntroductionView | null;
}
