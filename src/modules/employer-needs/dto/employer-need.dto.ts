import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';
import { CODE_FORMATS } from '../../../common/validation/code-formats';
import {
  ContractType,
  EmployerNeedStatus,
  MAX_POSITIONS,
  MAX_REQUIREMENTS_LENGTH,
  MIN_POSITIONS,
  NeedSolution,
} from '../employer-need';
import { apiPresence, Presence, presence, upperTrim } from '../../../common/validation/presence';
import { CalendarDate } from '../../../common/validation/calendar-date';

const UpperTrim = () => Transform(({ value }) => upperTrim(value));

const ROME_MESSAGE = `Code ROME invalide (attendu : ${CODE_FORMATS.rome.expected}).`;
const RomeCode = (p: Presence) =>
  applyDecorators(apiPresence(p, { example: 'F1606' }), ...presence(p), UpperTrim(), IsString({ message: ROME_MESSAGE }), Matches(CODE_FORMATS.rome.pattern, { message: ROME_MESSAGE }));

const APPELLATION_MESSAGE = 'Code d’appellation invalide (attendu : le code OGR de l’appellation, un entier positif, ex. 38017).';
const AppellationCode = (p: Presence) =>
  applyDecorators(
    apiPresence(p, { type: Number, example: 38017, description: 'Appellation ROME (code OGR) du métier choisi' }),
    ...presence(p),
    IsInt({ message: APPELLATION_MESSAGE }),
    Min(1, { message: APPELLATION_MESSAGE }),
    Max(2_147_483_647, { message: APPELLATION_MESSAGE }),
  );

const CONTRACT_MESSAGE = `Type de contrat inconnu (attendu : ${Object.values(ContractType).join(', ')}).`;
const Contract = (p: Presence) => applyDecorators(apiPresence(p, { enum: ContractType }), ...presence(p), IsIn(Object.values(ContractType), { message: CONTRACT_MESSAGE }));

const POSITIONS_MESSAGE = `Le nombre de postes doit être un entier entre ${MIN_POSITIONS} et ${MAX_POSITIONS}.`;
const Positions = (p: Presence) =>
  applyDecorators(
    apiPresence(p, { minimum: MIN_POSITIONS, maximum: MAX_POSITIONS, example: 2 }),
    ...presence(p),
    IsInt({ message: POSITIONS_MESSAGE }),
    Min(MIN_POSITIONS, { message: POSITIONS_MESSAGE }),
    Max(MAX_POSITIONS, { message: POSITIONS_MESSAGE }),
  );

const COMMUNE_MESSAGE = `Code commune INSEE invalide (attendu : ${CODE_FORMATS.commune.expected}).`;
const CommuneCode = (p: Presence) =>
  applyDecorators(apiPresence(p, { example: '86194' }), ...presence(p), UpperTrim(), IsString({ message: COMMUNE_MESSAGE }), Matches(CODE_FORMATS.commune.pattern, { message: COMMUNE_MESSAGE }));

/** Free text: trimmed at both ends only (line breaks are the author's layout), and blank means none. */
const Requirements = () =>
  applyDecorators(
    apiPresence('nullable', { maxLength: MAX_REQUIREMENTS_LENGTH, type: String, example: 'Port de charges, travail en hauteur.' }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() || null : value)),
    IsOptional(),
    IsString({ message: 'Les exigences doivent être un texte.' }),
    MaxLength(MAX_REQUIREMENTS_LENGTH, {
      message: ({ value }) => `Les exigences comptent au plus ${MAX_REQUIREMENTS_LENGTH} caractères (${String(value).length} reçus).`,
    }),
  );

const SOLUTION_MESSAGE = `Solution inconnue (attendu : ${Object.values(NeedSolution).join(', ')}).`;
const Solutions = (p: Presence) =>
  applyDecorators(
    apiPresence(p, { enum: NeedSolution, isArray: true, example: [NeedSolution.Job, NeedSolution.CompanyVisit] }),
    ...presence(p),
    IsArray({ message: 'Les solutions sont une liste.' }),
    ArrayMinSize(1, { message: 'Indiquez au moins une solution proposée.' }),
    ArrayMaxSize(Object.values(NeedSolution).length, { message: 'Chaque solution ne peut figurer qu’une fois.' }),
    ArrayUnique({ message: 'Chaque solution ne peut figurer qu’une fois.' }),
    IsIn(Object.values(NeedSolution), { each: true, message: SOLUTION_MESSAGE }),
  );

/**
 * A new need. The organisation, the status, the author and the basin are not fields: they come from the
 * session and the commune, and the global pipe rejects them by name.
 */
export class CreateEmployerNeedDto {
  @RomeCode('required') romeCode!: string;
  @AppellationCode('nullable') appellationCode?: number | null;
  @Contract('required') contractType!: ContractType;
  @Positions('required') positions!: number;
  @CommuneCode('required') communeCode!: string;
  @CalendarDate('nullable', 'Date de début') startFrom?: string | null;
  @CalendarDate('nullable', 'Date de fin') startUntil?: string | null;
  @Requirements() requirements?: string | null;
  /** Optional while drafting; publishing requires at least one. */
  @Solutions('optional') solutions?: NeedSolution[];
}

/** A partial update: absent fields are kept; null clears the optional ones. */
export class UpdateEmployerNeedDto {
  @RomeCode('optional') romeCode?: string;
  @AppellationCode('nullable') appellationCode?: number | null;
  @Contract('optional') contractType?: ContractType;
  @Positions('optional') positions?: number;
  @CommuneCode('optional') communeCode?: string;
  @CalendarDate('nullable', 'Date de début') startFrom?: string | null;
  @CalendarDate('nullable', 'Date de fin') startUntil?: string | null;
  @Requirements() requirements?: string | null;
  @Solutions('optional') solutions?: NeedSolution[];
}

/** Publishing, closing and confirming take no field: declaring the empty body makes unknown fields a 400 instead of being ignored. */
export class EmployerNeedTransitionDto {}

export class ListEmployerNeedsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EmployerNeedStatus })
  @IsOptional()
  @IsIn(Object.values(EmployerNeedStatus), { message: `Statut inconnu (attendu : ${Object.values(EmployerNeedStatus).join(', ')}).` })
  status?: EmployerNeedStatus;

  @ApiPropertyOptional({ description: 'Réservé à la coordination : les employeurs voient toujours les besoins de leur organisation.' })
  @IsOptional()
  @IsUUID('4', { message: 'Identifiant d’organisation invalide.' })
  organisationId?: string;
}

export class EmployerNeedDto {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() romeCode!: string;
  @ApiProperty() romeLabel!: string;
  @ApiProperty({ nullable: true, type: Number }) appellationCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) appellationLabel!: string | null;
  @ApiProperty({ enum: ContractType }) contractType!: ContractType;
  @ApiProperty() contractTypeLabel!: string;
  @ApiProperty() positions!: number;
  @ApiProperty() communeCode!: string;
  @ApiProperty({ nullable: true, type: String }) communeName!: string | null;
  @ApiProperty() basinCode!: string;
  @ApiProperty() basinName!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) startFrom!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) startUntil!: string | null;
  @ApiProperty({ nullable: true, type: String }) requirements!: string | null;
  @ApiProperty({ enum: NeedSolution, isArray: true }) solutions!: NeedSolution[];
  @ApiProperty({ type: [String], description: 'Libellés des solutions, dans le même ordre' }) solutionLabels!: string[];
  @ApiProperty({ enum: EmployerNeedStatus }) status!: EmployerNeedStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ nullable: true, type: String }) publishedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Date de l’e-mail prévenant que le besoin, sans mise à jour depuis longtemps, va être dépublié ; null après une mise à jour ou une confirmation',
  })
  staleWarningSentAt!: string | null;
}
