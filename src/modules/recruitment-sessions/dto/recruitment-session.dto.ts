import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CalendarDate } from '../../../common/validation/calendar-date';
import { upperTrim } from '../../../common/validation/presence';
import { ToInt, TrimmedText } from '../../../common/validation/transforms';
import { MAX_ROOM_NAME, MAX_TITLE, RecruitmentSessionStatus } from '../recruitment-session';

const TITLE_MESSAGE = `Le titre doit compter entre 3 et ${MAX_TITLE} caractères.`;
const ROOM_MESSAGE = `Le nom de la salle doit compter entre 1 et ${MAX_ROOM_NAME} caractères.`;
const PROFILE_CODE_MESSAGE = 'Code de profil invalide (attendu : PSG- suivi de 4 à 8 caractères, ex. PSG-7K3Q).';

/** A wall-clock time in France, 'HH:MM' (24 h). */
const LocalTime = (label: string, required: boolean) =>
  applyDecorators(
    required ? ApiProperty({ type: String, example: '09:00', pattern: '^HH:MM$' }) : ApiPropertyOptional({ type: String, example: '12:00' }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() || undefined : value)),
    ...(required ? [] : [IsOptional()]),
    IsString({ message: `${label} invalide (attendu : HH:MM, ex. 09:30).` }),
    Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: `${label} invalide (attendu : HH:MM, ex. 09:30).` }),
  );

/** Whole minutes within bounds, from JSON numbers or form strings. */
const Minutes = (label: string, min: number, max: number, required: boolean) =>
  applyDecorators(
    required ? ApiProperty({ type: Number, minimum: min, maximum: max }) : ApiPropertyOptional({ type: Number, minimum: min, maximum: max }),
    Transform(({ value }) => (value === '' ? undefined : value)),
    ToInt(),
    ...(required ? [] : [IsOptional()]),
    IsInt({ message: `${label} : un nombre entier est attendu.` }),
    Min(min, { message: `${label} : au moins ${min}.` }),
    Max(max, { message: `${label} : au plus ${max}.` }),
  );

/** An optional day: blank in a form means none. */
const OptionalDate = (label: string) =>
  applyDecorators(Transform(({ value }) => (value === '' ? null : value)), CalendarDate('nullable', label));

export class CreateRecruitmentSessionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'Choisissez le programme de la session.' })
  programmeId!: string;

  @ApiProperty({ example: 'CP POITIERS VIVONNE' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'Choisissez l’établissement.' })
  @MinLength(1, { message: 'Choisissez l’établissement.' })
  @MaxLength(80, { message: 'Code d’établissement trop long.' })
  establishmentCode!: string;

  @TrimmedText(3, MAX_TITLE, TITLE_MESSAGE, '100 chances 100 emplois — Vivonne, printemps')
  title!: string;

  @OptionalDate('Date du coaching') coachingOn?: string | null;
  @CalendarDate('required', 'Date des entretiens') interviewOn!: string;
  @OptionalDate('Date du Grand Oral') grandOralOn?: string | null;

  @LocalTime('Début de la journée', true) dayStartsAt!: string;
  @LocalTime('Fin de la journée', true) dayEndsAt!: string;
  @Minutes('Durée d’un entretien (minutes)', 10, 180, true) slotMinutes!: number;
  @Minutes('Pause entre deux entretiens (minutes)', 0, 120, false) breakMinutes?: number;
  @Minutes('Entretiens par candidat', 1, 12, false) meetingsPerCandidate?: number;
}

/** The same fields, each optional; changing the day's hours or slots removes the schedule. */
export class UpdateRecruitmentSessionDto {
  @IsOptional()
  @TrimmedText(3, MAX_TITLE, TITLE_MESSAGE)
  title?: string;

  @OptionalDate('Date du coaching') coachingOn?: string | null;
  @IsOptional() @CalendarDate('optional', 'Date des entretiens') interviewOn?: string;
  @OptionalDate('Date du Grand Oral') grandOralOn?: string | null;
  @LocalTime('Début de la journée', false) dayStartsAt?: string;
  @LocalTime('Fin de la journée', false) dayEndsAt?: string;
  @Minutes('Durée d’un entretien (minutes)', 10, 180, false) slotMinutes?: number;
  @Minutes('Pause entre deux entretiens (minutes)', 0, 120, false) breakMinutes?: number;
  @Minutes('Entretiens par candidat', 1, 12, false) meetingsPerCandidate?: number;
}

export class ChangeSessionStatusDto {
  @ApiProperty({ enum: RecruitmentSessionStatus })
  @IsIn(Object.values(RecruitmentSessionStatus), { message: `Statut inconnu (attendu : ${Object.values(RecruitmentSessionStatus).join(', ')}).` })
  status!: RecruitmentSessionStatus;
}

export class AddSessionCandidateDto {
  @ApiProperty({ example: 'PSG-7K3Q', description: 'Code d’un profil d’une organisation partenaire du programme' })
  @Transform(({ value }) => upperTrim(value))
  @IsString({ message: PROFILE_CODE_MESSAGE })
  @Matches(/^PSG-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4,8}$/, { message: PROFILE_CODE_MESSAGE })
  profileCode!: string;
}

export class AddSessionOrganisationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'Choisissez une organisation.' })
  organisationId!: string;

  /** Default: the whole interview day. */
  @LocalTime('Heure d’arrivée', false) availableFrom?: string;
  @LocalTime('Heure de départ', false) availableUntil?: string;
}

export class SessionAvailabilityDto {
  @LocalTime('Heure d’arrivée', true) availableFrom!: string;
  @LocalTime('Heure de départ', true) availableUntil!: string;
}

export class SessionRoomDto {
  @TrimmedText(1, MAX_ROOM_NAME, ROOM_MESSAGE, 'Salle polyvalente')
  name!: string;
}

export class FormBinomeDto {
  @ApiProperty({ type: [String], minItems: 2, maxItems: 2, description: 'Les deux organisations participantes (identifiants d’organisation)' })
  @IsArray({ message: 'Choisissez deux organisations.' })
  @ArrayMinSize(2, { message: 'Choisissez deux organisations.' })
  @ArrayMaxSize(2, { message: 'Un binôme réunit exactement deux organisations.' })
  @IsUUID('4', { each: true, message: 'Identifiant d’organisation invalide.' })
  organisationIds!: string[];
}

export class MoveInterviewDto {
  @Minutes('Créneau', 0, 200, true) round!: number;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'Choisissez une salle.' })
  roomId!: string;
}

/** Sending takes no field: declaring the empty body makes unknown fields a 400. */
export class EmptyBodyDto {}
