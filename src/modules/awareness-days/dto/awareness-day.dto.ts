import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';
import { CalendarDate } from '../../../common/validation/calendar-date';
import { apiPresence, Presence, presence } from '../../../common/validation/presence';
import {
  Attendance,
  AttendeeStatus,
  AwarenessDayStatus,
  IdDocumentType,
  MAX_ATTENDEES_PER_ORGANISATION,
  MAX_CAPACITY,
  MAX_MEETING_POINT_LENGTH,
  MAX_NOTES_LENGTH,
  MAX_PROGRAMME_LENGTH,
  Nearness,
} from '../awareness-day';
import { FreeText } from '../../../common/validation/free-text';

const ENUM_MESSAGE = (what: string, values: string[]) => `${what} inconnu (attendu : ${values.join(', ')}).`;


const timeMessage = (label: string) => `${label} invalide (attendu : HH:MM, heure de Paris, ex. 09:30).`;
const Time = (p: Presence, label: string) =>
  applyDecorators(
    apiPresence(p, { type: String, example: '09:30', description: 'Heure de Paris' }),
    ...presence(p),
    IsString({ message: timeMessage(label) }),
    Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: timeMessage(label) }),
  );

const TITLE_MESSAGE = 'Intitulé : entre 3 et 160 caractères.';
const CAPACITY_MESSAGE = `Capacité : un nombre entier de participants entre 1 et ${MAX_CAPACITY}.`;

/** What a coordinator types to create a half-day; on a change (PATCH) every field may be left out. */
class AwarenessDayFields {
  @CalendarDate('required', 'Date de la demi-journée') date!: string;
  @Time('required', 'Heure de début') startTime!: string;
  @Time('required', 'Heure de fin') endTime!: string;

  @ApiProperty({ example: 20, minimum: 1, maximum: MAX_CAPACITY, description: 'Nombre de participants confirmés au plus' })
  @IsInt({ message: CAPACITY_MESSAGE })
  @Min(1, { message: CAPACITY_MESSAGE })
  @Max(MAX_CAPACITY, { message: CAPACITY_MESSAGE })
  capacity!: number;

  @ApiProperty({ example: 'Découvrir le centre pénitentiaire et le rôle des entreprises' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value))
  @IsString({ message: TITLE_MESSAGE })
  @MinLength(3, { message: TITLE_MESSAGE })
  @MaxLength(160, { message: TITLE_MESSAGE })
  title!: string;

  /** Last day to register (France); none: 15 days before. */
  @CalendarDate('nullable', 'Date limite d’inscription') deadline?: string | null;

  @FreeText('nullable', 'Programme', MAX_PROGRAMME_LENGTH, '9 h 00 accueil et consignes de sécurité ; 9 h 30 visite des ateliers ; 11 h 00 échanges avec les détenus en formation.')
  programmeText?: string | null;
  @FreeText('nullable', 'À apporter', MAX_NOTES_LENGTH, 'La pièce d’identité déclarée à l’inscription.') whatToBring?: string | null;
  @FreeText('nullable', 'Interdits', MAX_NOTES_LENGTH, 'Téléphones, clés USB, objets métalliques, tabac.') forbiddenItems?: string | null;
  @FreeText('nullable', 'Lieu de rendez-vous', MAX_MEETING_POINT_LENGTH, 'Parking visiteurs, porte d’entrée principale, 8 h 45.') meetingPoint?: string | null;
}

export class CreateAwarenessDayDto extends AwarenessDayFields {
  @ApiProperty({ example: 'CP POITIERS VIVONNE', description: 'Code de l’établissement pénitentiaire' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString({ message: 'Établissement : indiquez son code.' })
  @MinLength(1, { message: 'Établissement : indiquez son code.' })
  @MaxLength(80, { message: 'Établissement : code trop long.' })
  establishmentCode!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Programme de votre organisation (facultatif)' })
  @IsOptional()
  @IsUUID('4', { message: 'Identifiant de programme invalide.' })
  programmeId?: string | null;
}

/** A change: only the fields given are changed; a new date restarts the reminders. */
export class UpdateAwarenessDayDto {
  @CalendarDate('optional', 'Date de la demi-journée') date?: string;
  @Time('optional', 'Heure de début') startTime?: string;
  @Time('optional', 'Heure de fin') endTime?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CAPACITY })
  @IsOptional()
  @IsInt({ message: CAPACITY_MESSAGE })
  @Min(1, { message: CAPACITY_MESSAGE })
  @Max(MAX_CAPACITY, { message: CAPACITY_MESSAGE })
  capacity?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value))
  @IsString({ message: TITLE_MESSAGE })
  @MinLength(3, { message: TITLE_MESSAGE })
  @MaxLength(160, { message: TITLE_MESSAGE })
  title?: string;

  @CalendarDate('nullable', 'Date limite d’inscription') deadline?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Programme de votre organisation ; null : aucun' })
  @IsOptional()
  @IsUUID('4', { message: 'Identifiant de programme invalide.' })
  programmeId?: string | null;

  @FreeText('nullable', 'Programme', MAX_PROGRAMME_LENGTH, '') programmeText?: string | null;
  @FreeText('nullable', 'À apporter', MAX_NOTES_LENGTH, '') whatToBring?: string | null;
  @FreeText('nullable', 'Interdits', MAX_NOTES_LENGTH, '') forbiddenItems?: string | null;
  @FreeText('nullable', 'Lieu de rendez-vous', MAX_MEETING_POINT_LENGTH, '') meetingPoint?: string | null;
}

/** Cancelling takes no field: declaring the empty body makes unknown fields a 400 instead of being ignored. */
export class EmptyBodyDto {}

const NAME_MESSAGE = 'Nom complet : entre 2 et 160 caractères, tel qu’il figure sur la pièce d’identité.';
const NUMBER_MESSAGE = 'Numéro de la pièce : 4 à 30 lettres, chiffres, espaces ou tirets.';

/** One named attendee, as the security office needs them: what is typed here is shown only to the organiser's coordination. */
export class AttendeeInputDto {
  @ApiProperty({ example: 'Camille Martin' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value))
  @IsString({ message: NAME_MESSAGE })
  @MinLength(2, { message: NAME_MESSAGE })
  @MaxLength(160, { message: NAME_MESSAGE })
  fullName!: string;

  @CalendarDate('required', 'Date de naissance') birthDate!: string;

  @ApiProperty({ enum: IdDocumentType })
  @IsIn(Object.values(IdDocumentType), { message: ENUM_MESSAGE('Type de pièce d’identité', Object.values(IdDocumentType)) })
  documentType!: IdDocumentType;

  @ApiProperty({ example: 'X4RTBPFW4' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString({ message: NUMBER_MESSAGE })
  @Matches(/^[A-Z0-9][A-Z0-9 -]{2,28}[A-Z0-9]$/, { message: NUMBER_MESSAGE })
  documentNumber!: string;
}

export class RegisterAttendeesDto {
  @ApiProperty({ type: [AttendeeInputDto], minItems: 1, maxItems: MAX_ATTENDEES_PER_ORGANISATION })
  @IsArray({ message: 'Participants : une liste est attendue.' })
  @ArrayMinSize(1, { message: 'Indiquez au moins un participant.' })
  @ArrayMaxSize(MAX_ATTENDEES_PER_ORGANISATION, { message: `${MAX_ATTENDEES_PER_ORGANISATION} participants au plus par organisation.` })
  @ValidateNested({ each: true })
  @Type(() => AttendeeInputDto)
  attendees!: AttendeeInputDto[];
}

export class AttendanceDto {
  @ApiProperty({ enum: Attendance })
  @IsIn(Object.values(Attendance), { message: ENUM_MESSAGE('Présence', Object.values(Attendance)) })
  attendance!: Attendance;
}

export class ListAwarenessDaysQuery extends PageQuery {}

export class AttendeeDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: '« Participant n » de son organisation' }) ordinal!: number;
  @ApiProperty({ description: 'Nom saisi par l’organisation (elle seule le lit ici), ou « Participant n » après effacement ou pour la coordination' }) label!: string;
  @ApiProperty({ enum: AttendeeStatus }) status!: AttendeeStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Rang sur la liste d’attente (1 = prochain promu)' }) waitlistPosition!: number | null;
  @ApiProperty({ nullable: true, type: String }) promotedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelledAt!: string | null;
  @ApiProperty({ nullable: true, enum: Attendance }) attendance!: Attendance | null;
  @ApiProperty() identityErased!: boolean;
  @ApiProperty({ description: 'Présent et identité non effacée : l’attestation de participation peut être éditée' }) certificateAvailable!: boolean;
}

export class RegistrationDto {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ nullable: true, type: String }) registeredByName!: string | null;
  @ApiProperty() registeredAt!: string;
  @ApiProperty({ type: [AttendeeDto] }) attendees!: AttendeeDto[];
}

export class AwarenessDaySummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: AwarenessDayStatus }) status!: AwarenessDayStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() establishmentCode!: string;
  @ApiProperty() establishmentName!: string;
  @ApiProperty({ nullable: true, type: String }) establishmentCommune!: string | null;
  @ApiProperty() organiserName!: string;
  @ApiProperty({ nullable: true, type: String }) programmeName!: string | null;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ format: 'date', description: 'Jour (calendrier de la France)' }) date!: string;
  @ApiProperty({ example: '09:30' }) startTime!: string;
  @ApiProperty({ example: '12:30' }) endTime!: string;
  @ApiProperty({ format: 'date', description: 'Dernier jour pour s’inscrire (calendrier de la France)' }) deadline!: string;
  @ApiProperty() registrationClosesAt!: string;
  @ApiProperty() registrationOpen!: boolean;
  @ApiProperty() capacity!: number;
  @ApiProperty() confirmedCount!: number;
  @ApiProperty() waitlistedCount!: number;
  @ApiProperty() seatsLeft!: number;
  @ApiProperty({ nullable: true, enum: Nearness, description: 'Côté employeur : proximité avec le bassin de l’organisation' }) nearness!: Nearness | null;
  @ApiProperty({ nullable: true, type: String }) nearnessLabel!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Côté employeur : participants confirmés de votre organisation' }) ownConfirmed!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Côté employeur : participants de votre organisation en liste d’attente' }) ownWaitlisted!: number | null;
}

export class AwarenessDayDto extends AwarenessDaySummaryDto {
  @ApiProperty({ nullable: true, type: String }) programmeText!: string | null;
  @ApiProperty({ nullable: true, type: String }) whatToBring!: string | null;
  @ApiProperty({ nullable: true, type: String }) forbiddenItems!: string | null;
  @ApiProperty({ nullable: true, type: String }) meetingPoint!: string | null;
  @ApiProperty({ nullable: true, type: String }) programmeId!: string | null;
  @ApiProperty({ description: 'La personne connectée fait partie de la coordination organisatrice' }) organiser!: boolean;
  @ApiProperty({ nullable: true, type: RegistrationDto, description: 'Côté employeur : l’inscription de votre organisation' }) ownRegistration!: RegistrationDto | null;
  @ApiProperty({ description: 'Côté employeur : participants que votre organisation peut encore inscrire' }) ownRemaining!: number;
  @ApiProperty({ type: [RegistrationDto], description: 'Côté coordination : les inscriptions, sans identité' }) registrations!: RegistrationDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Date d’effacement des données d’identité (prévue ou faite)' }) identityErasureAt!: string | null;
  @ApiProperty() identityErased!: boolean;
}

export class IdentityEntryDto {
  @ApiProperty() attendeeId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ enum: AttendeeStatus }) status!: AttendeeStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ nullable: true, type: Number }) waitlistPosition!: number | null;
  @ApiProperty({ nullable: true, type: String }) fullName!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) birthDate!: string | null;
  @ApiProperty({ nullable: true, enum: IdDocumentType }) documentType!: IdDocumentType | null;
  @ApiProperty({ nullable: true, type: String }) documentTypeLabel!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null si effacé ou illisible' }) documentNumber!: string | null;
  @ApiProperty({ description: 'Numéro enregistré mais indéchiffrable (APP_SECRET changé depuis l’inscription)' }) documentNumberUnreadable!: boolean;
  @ApiProperty({ description: 'Identité déjà effacée : ni nom, ni date de naissance, ni pièce' }) identityErased!: boolean;
  @ApiProperty({ nullable: true, enum: Attendance }) attendance!: Attendance | null;
  @ApiProperty() label!: string;
}

export class IdentityListDto {
  @ApiProperty() awarenessDayId!: string;
  @ApiProperty({ nullable: true, type: String }) identityErasedAt!: string | null;
  @ApiProperty({ type: [IdentityEntryDto] }) entries!: IdentityEntryDto[];
}
