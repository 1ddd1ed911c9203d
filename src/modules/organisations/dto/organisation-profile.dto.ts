import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { CODE_FORMATS } from '../../../common/validation/code-formats';
import { Trim } from '../../../common/validation/transforms';
import { OrganisationRole } from '../../users/user.entity';
import { OrganisationKind, OrganisationStatus } from '../organisation.entity';

export const NAF_PATTERN = /^[0-9]{2}\.[0-9]{2}[A-Z]$/;
export const MAX_ADDRESS_LENGTH = 200;
export const MIN_INTRODUCTION_CAP = 1;
export const MAX_INTRODUCTION_CAP = 100;

/** Trims text; blank means "none", so a form's emptied field clears the value. */
const TrimOrNull = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') || null : value));

/** Codes are typed in any case: trimmed, upper-cased, blank means none. */
const CodeOrNull = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() || null : value));

const NAF_MESSAGE = 'Code NAF invalide (attendu : 2 chiffres, un point, 2 chiffres et une lettre, ex. 43.34Z).';
const COMMUNE_MESSAGE = `Code commune INSEE invalide (attendu : ${CODE_FORMATS.commune.expected}).`;
const NAME_MESSAGE = 'Le nom doit compter entre 2 et 160 caractères.';
const ADDRESS_MESSAGE = `L’adresse compte au plus ${MAX_ADDRESS_LENGTH} caractères.`;
const CAP_MESSAGE = `Le plafond de mises en relation doit être un entier entre ${MIN_INTRODUCTION_CAP} et ${MAX_INTRODUCTION_CAP}, ou vide pour aucun plafond.`;
const DATE_MESSAGE = 'Date de pause invalide (attendu : une date AAAA-MM-JJ, ex. 2026-03-01).';

/** Partial update of the profile: an absent field is unchanged, null clears a nullable one. */
export class UpdateOrganisationProfileDto {
  @ApiPropertyOptional({ minLength: 2, maxLength: 160, example: 'Bâtiment Poitevin' })
  // The name is mandatory: it may be left out, never cleared.
  @ValidateIf((_o, value) => value !== undefined)
  @Trim()
  @IsString({ message: NAME_MESSAGE })
  @MinLength(2, { message: NAME_MESSAGE })
  @MaxLength(160, { message: NAME_MESSAGE })
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: '43.34Z', description: 'Code APE / NAF rév. 2' })
  @CodeOrNull()
  @IsOptional()
  @IsString({ message: NAF_MESSAGE })
  @Matches(NAF_PATTERN, { message: NAF_MESSAGE })
  nafCode?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: MAX_ADDRESS_LENGTH, example: '12 rue des Carmes' })
  @TrimOrNull()
  @IsOptional()
  @IsString({ message: ADDRESS_MESSAGE })
  @MaxLength(MAX_ADDRESS_LENGTH, { message: ADDRESS_MESSAGE })
  addressLine?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '86194', description: 'Code INSEE de la commune ; le bassin d’emploi en est déduit' })
  @CodeOrNull()
  @IsOptional()
  @IsString({ message: COMMUNE_MESSAGE })
  @Matches(CODE_FORMATS.commune.pattern, { message: COMMUNE_MESSAGE })
  communeCode?: string | null;
}

const OptionalBoolean = (label: string) =>
  applyDecorators(ApiPropertyOptional({ type: Boolean }), ValidateIf((_o, value) => value !== undefined), IsBoolean({ message: `${label} : attendu vrai ou faux.` }));

/** Employer settings; every field is optional and an absent one is unchanged. */
export class UpdateEmployerSettingsDto {
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: MIN_INTRODUCTION_CAP, maximum: MAX_INTRODUCTION_CAP, example: 5 })
  @IsOptional()
  @IsInt({ message: CAP_MESSAGE })
  @Min(MIN_INTRODUCTION_CAP, { message: CAP_MESSAGE })
  @Max(MAX_INTRODUCTION_CAP, { message: CAP_MESSAGE })
  monthlyIntroductionCap?: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date', example: '2026-03-01', description: 'Pas de nouvelle mise en relation jusqu’à cette date (au plus un an)' })
  @TrimOrNull()
  @IsOptional()
  @IsString({ message: DATE_MESSAGE })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE })
  // strict: 2026-02-30 is refused, not rolled over to March.
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  pausedUntil?: string | null;

  @OptionalBoolean('Alerte nouveaux profils')
  notifyNewProfiles?: boolean;

  @OptionalBoolean('Récapitulatif hebdomadaire')
  notifyWeeklyDigest?: boolean;
}

/** Accepting the charter takes no field: declaring the empty body makes unknown fields a 400. */
export class AcceptCharterDto {}

export class PlaceDto {
  @ApiProperty() code!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

export class EmployerSettingsDto {
  @ApiProperty({ nullable: true, type: Number }) monthlyIntroductionCap!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) pausedUntil!: string | null;
  @ApiProperty() notifyNewProfiles!: boolean;
  @ApiProperty() notifyWeeklyDigest!: boolean;
}

export class CharterStatusDto {
  @ApiProperty() accepted!: boolean;
  @ApiProperty({ nullable: true, type: String }) acceptedAt!: string | null;
  /** Null once the accepting member's account is deleted. */
  @ApiProperty({ nullable: true, type: String }) acceptedByName!: string | null;
}

export class OrganisationProfileDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: OrganisationKind }) kind!: OrganisationKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ enum: OrganisationStatus }) status!: OrganisationStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ nullable: true, type: String }) siret!: string | null;
  @ApiProperty({ nullable: true, type: String }) nafCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) addressLine!: string | null;
  @ApiProperty({ nullable: true, type: PlaceDto }) commune!: PlaceDto | null;
  @ApiProperty({ nullable: true, type: PlaceDto }) basin!: PlaceDto | null;
  /** Null for partner organisations, which receive no introductions. */
  @ApiProperty({ nullable: true, type: EmployerSettingsDto }) settings!: EmployerSettingsDto | null;
  @ApiProperty({ type: CharterStatusDto }) charter!: CharterStatusDto;
  @ApiProperty() memberCount!: number;
  @ApiProperty({ enum: OrganisationRole, description: 'Rôle de l’utilisateur courant' }) myRole!: OrganisationRole;
}

export class OrganisationMembershipDto {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: OrganisationRole }) role!: OrganisationRole;
  @ApiProperty() roleLabel!: string;
  /** Shown to the organisation's owners only. */
  @ApiPropertyOptional() email?: string;
  /** Owners only, and only while true: an invited member who has not chosen a password yet. */
  @ApiPropertyOptional({ enum: [true] }) awaitingActivation?: true;
}
