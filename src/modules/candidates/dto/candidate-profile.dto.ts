import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';
import { CODE_FORMATS } from '../../../common/validation/code-formats';
import {
  AGE_BANDS,
  AgeBand,
  CandidateProfileStatus,
  ConsentScope,
  Licence,
  LICENCES,
  MAX_AVAILABILITY_LENGTH,
  MAX_AVOID_DEPARTMENTS,
  MAX_AVOID_ROME_CODES,
  MAX_COMMUTE_MINUTES,
  MAX_EXPERIENCE_MONTHS,
  MAX_EXPERIENCES,
  MAX_LANGUAGE_LENGTH,
  MAX_LANGUAGES,
  MAX_OVERRIDE_JUSTIFICATION,
  MAX_PROJECT_LENGTH,
  MAX_SECTOR_LENGTH,
  MAX_SKILL_LENGTH,
  MAX_SKILLS,
  MAX_TARGETS,
  MAX_TRAINING_LEVEL,
  MAX_TRAINING_TITLE_LENGTH,
  MAX_TRAININGS,
  MIN_OVERRIDE_JUSTIFICATION,
  MIN_TRAINING_LEVEL,
  SentenceAdjustment,
  TrainingStatus,
} from '../candidate-profile';
import { NeedSolution } from '../../employer-needs/employer-need';
import type { PiiKind } from '../../privacy/pii-guard';
import { apiPresence, presence, upperTrim } from '../../../common/validation/presence';
import { CalendarDate } from '../../../common/validation/calendar-date';

/** Trims strings (one by one in a list) and folds blank text to null, leaving other types for the validators to reject. */
const trimText = (value: unknown) => (typeof value === 'string' ? value.trim() || null : value);
const trimList = (map: (value: unknown) => unknown) => Transform(({ value }) => (Array.isArray(value) ? value.map(map) : value));
const received = (value: unknown) => (Array.isArray(value) ? value.length : typeof value === 'string' ? value.length : 0);

const ROME_MESSAGE = `code ROME invalide (attendu : ${CODE_FORMATS.rome.expected})`;
const BASIN_MESSAGE = `code de bassin invalide (attendu : ${CODE_FORMATS.basin.expected})`;
const DEPARTMENT_MESSAGE = `code de département invalide (attendu : ${CODE_FORMATS.department.expected})`;

/** A list of reference codes: uppercased, at most `max`, each once, each of the expected format. */
const CodeList = (label: string, max: number, pattern: RegExp, formatMessage: string, example: string[]) =>
  applyDecorators(
    apiPresence('optional', { type: [String], maxItems: max, example }),
    ...presence('optional'),
    trimList(upperTrim),
    IsArray({ message: `${label} : une liste est attendue.` }),
    ArrayMaxSize(max, { message: ({ value }) => `${label} : au plus ${max} (${received(value)} reçus).` }),
    ArrayUnique({ message: `${label} : chaque code ne peut figurer qu’une fois.` }),
    IsString({ each: true, message: `${label} : ${formatMessage}.` }),
    Matches(pattern, { each: true, message: `${label} : ${formatMessage}.` }),
  );

/** A list of short texts: trimmed one by one, at most `max` items of 1 to `maxLength` characters. */
const TextList = (label: string, max: number, maxLength: number, example: string[]) =>
  applyDecorators(
    apiPresence('optional', { type: [String], maxItems: max, example }),
    ...presence('optional'),
    trimList((value) => (typeof value === 'string' ? value.trim() : value)),
    IsArray({ message: `${label} : une liste est attendue.` }),
    ArrayMaxSize(max, { message: ({ value }) => `${label} : au plus ${max} éléments (${received(value)} reçus).` }),
    IsString({ each: true, message: `${label} : chaque élément est un texte.` }),
    MinLength(1, { each: true, message: `${label} : un élément est vide.` }),
    MaxLength(maxLength, { each: true, message: `${label} : chaque élément compte au plus ${maxLength} caractères.` }),
  );

/** Free text: trimmed at both ends only (line breaks are the author's layout), and blank means none. */
const FreeText = (label: string, maxLength: number, example: string) =>
  applyDecorators(
    apiPresence('nullable', { type: String, maxLength, example }),
    Transform(({ value }) => trimText(value)),
    IsOptional(),
    IsString({ message: `${label} : un texte est attendu.` }),
    MaxLength(maxLength, { message: ({ value }) => `${label} : au plus ${maxLength} caractères (${received(value)} reçus).` }),
  );

const NullableBoolean = (label: string) =>
  applyDecorators(apiPresence('nullable', { type: Boolean }), IsOptional(), IsBoolean({ message: `${label} : vrai, faux ou null attendu.` }));

/** A nested object (or list of objects) validated field by field; unknown keys inside are refused too. */
const Nested = (type: () => new () => object, label: string, options: { list?: number } = {}) =>
  applyDecorators(
    apiPresence('optional', { type: options.list ? [type()] : type() }),
    ...presence('optional'),
    ...(options.list
      ? [
          IsArray({ message: `${label} : une liste est attendue.` }),
          ArrayMaxSize(options.list, { message: ({ value }) => `${label} : au plus ${options.list} éléments (${received(value)} reçus).` }),
          IsObject({ each: true, message: `${label} : chaque élément est un objet.` }),
        ]
      : [IsObject({ message: `${label} : un objet est attendu.` })]),
    ValidateNested({ each: Boolean(options.list) }),
    Type(type),
  );

const LICENCE_MESSAGE = `Permis : valeur inconnue (attendu : ${LICENCES.join(', ')}).`;

export class MobilityDto {
  @ApiProperty({ enum: LICENCES, isArray: true, example: ['B', 'CACES_R489'] })
  @trimList(upperTrim)
  @IsArray({ message: 'Permis : une liste est attendue.' })
  @ArrayUnique({ message: 'Permis : chaque permis ne peut figurer qu’une fois.' })
  @IsIn(LICENCES, { each: true, message: LICENCE_MESSAGE })
  licences: Licence[] = [];

  @NullableBoolean('Véhicule')
  hasVehicle: boolean | null = null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: MAX_COMMUTE_MINUTES, example: 45 })
  @IsOptional()
  @IsInt({ message: `Temps de trajet maximal : un nombre entier de minutes entre 0 et ${MAX_COMMUTE_MINUTES} est attendu.` })
  @Min(0, { message: `Temps de trajet maximal : un nombre entier de minutes entre 0 et ${MAX_COMMUTE_MINUTES} est attendu.` })
  @Max(MAX_COMMUTE_MINUTES, { message: `Temps de trajet maximal : un nombre entier de minutes entre 0 et ${MAX_COMMUTE_MINUTES} est attendu.` })
  maxCommuteMinutes: number | null = null;
}

/** A past job: occupation, sector and duration. No field for the employer's name, and unknown fields are refused. */
export class ExperienceDto {
  @ApiProperty({ type: String, nullable: true, example: 'F1606' })
  @Transform(({ value }) => upperTrim(value))
  @IsOptional()
  @IsString({ message: `Expérience, métier : ${ROME_MESSAGE}.` })
  @Matches(CODE_FORMATS.rome.pattern, { message: `Expérience, métier : ${ROME_MESSAGE}.` })
  romeCode: string | null = null;

  @ApiProperty({ maxLength: MAX_SECTOR_LENGTH, example: 'Bâtiment, second œuvre' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'Expérience, secteur : un texte est attendu.' })
  @MinLength(1, { message: 'Expérience, secteur : champ obligatoire.' })
  @MaxLength(MAX_SECTOR_LENGTH, { message: `Expérience, secteur : au plus ${MAX_SECTOR_LENGTH} caractères.` })
  sector!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_EXPERIENCE_MONTHS, example: 18 })
  @IsInt({ message: `Expérience, durée : un nombre entier de mois entre 1 et ${MAX_EXPERIENCE_MONTHS} est attendu.` })
  @Min(1, { message: `Expérience, durée : un nombre entier de mois entre 1 et ${MAX_EXPERIENCE_MONTHS} est attendu.` })
  @Max(MAX_EXPERIENCE_MONTHS, { message: `Expérience, durée : un nombre entier de mois entre 1 et ${MAX_EXPERIENCE_MONTHS} est attendu.` })
  months!: number;
}

const LEVEL_MESSAGE = `Formation, niveau : un niveau de ${MIN_TRAINING_LEVEL} (CAP) à ${MAX_TRAINING_LEVEL} (doctorat), ou null.`;

export class TrainingDto {
  @ApiProperty({ maxLength: MAX_TRAINING_TITLE_LENGTH, example: 'CAP Peintre applicateur de revêtements' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'Formation, intitulé : un texte est attendu.' })
  @MinLength(1, { message: 'Formation, intitulé : champ obligatoire.' })
  @MaxLength(MAX_TRAINING_TITLE_LENGTH, { message: `Formation, intitulé : au plus ${MAX_TRAINING_TITLE_LENGTH} caractères.` })
  title!: string;

  @ApiProperty({ type: Number, nullable: true, minimum: MIN_TRAINING_LEVEL, maximum: MAX_TRAINING_LEVEL, example: 3 })
  @IsOptional()
  @IsInt({ message: LEVEL_MESSAGE })
  @Min(MIN_TRAINING_LEVEL, { message: LEVEL_MESSAGE })
  @Max(MAX_TRAINING_LEVEL, { message: LEVEL_MESSAGE })
  level: number | null = null;

  @ApiProperty({ enum: TrainingStatus })
  @IsIn(Object.values(TrainingStatus), { message: `Formation, statut : ${Object.values(TrainingStatus).join(' ou ')} attendu.` })
  status!: TrainingStatus;

  @ApiProperty({ description: 'Obtenue ou suivie en détention' })
  @IsBoolean({ message: 'Formation, en détention : vrai ou faux attendu.' })
  inDetention: boolean = false;
}

/** Work constraints as flags without reasons: a reason could reveal the offence. */
export class WorkConstraintsDto {
  @ApiProperty({ type: [String], example: ['86'] })
  @trimList(upperTrim)
  @IsArray({ message: 'Départements à éviter : une liste est attendue.' })
  @ArrayMaxSize(MAX_AVOID_DEPARTMENTS, { message: `Départements à éviter : au plus ${MAX_AVOID_DEPARTMENTS}.` })
  @ArrayUnique({ message: 'Départements à éviter : chaque département ne peut figurer qu’une fois.' })
  @IsString({ each: true, message: `Départements à éviter : ${DEPARTMENT_MESSAGE}.` })
  @Matches(CODE_FORMATS.department.pattern, { each: true, message: `Départements à éviter : ${DEPARTMENT_MESSAGE}.` })
  avoidDepartments: string[] = [];

  @ApiProperty({ type: [String], example: ['G1603'] })
  @trimList(upperTrim)
  @IsArray({ message: 'Métiers à éviter : une liste est attendue.' })
  @ArrayMaxSize(MAX_AVOID_ROME_CODES, { message: `Métiers à éviter : au plus ${MAX_AVOID_ROME_CODES}.` })
  @ArrayUnique({ message: 'Métiers à éviter : chaque code ne peut figurer qu’une fois.' })
  @IsString({ each: true, message: `Métiers à éviter : ${ROME_MESSAGE}.` })
  @Matches(CODE_FORMATS.rome.pattern, { each: true, message: `Métiers à éviter : ${ROME_MESSAGE}.` })
  avoidRomeCodes: string[] = [];
}

/**
 * The fields a counsellor writes. The code, the status, the owner, the author and the PII override are
 * not fields: they come from the server, and the global pipe rejects them by name. Every field is
 * optional so a draft can be saved early; publishing checks what it needs.
 */
export class CandidateProfileFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Interne : jamais montré aux employeurs', example: 'CP POITIERS VIVONNE' })
  @Transform(({ value }) => trimText(value))
  @IsOptional()
  @IsString({ message: 'Établissement : un code d’établissement est attendu.' })
  @MaxLength(80, { message: 'Établissement : au plus 80 caractères.' })
  establishmentCode?: string | null;

  @ApiPropertyOptional({ enum: AGE_BANDS, nullable: true })
  @IsOptional()
  @IsIn(AGE_BANDS, { message: `Tranche d’âge inconnue (attendu : ${AGE_BANDS.join(', ')}).` })
  ageBand?: AgeBand | null;

  @CalendarDate('nullable', 'Début de la période de sortie') releaseFrom?: string | null;
  @CalendarDate('nullable', 'Fin de la période de sortie') releaseUntil?: string | null;

  @ApiPropertyOptional({ enum: SentenceAdjustment, isArray: true })
  @ValidateIf((_o, value) => value !== undefined)
  @IsArray({ message: 'Aménagements de peine : une liste est attendue.' })
  @ArrayUnique({ message: 'Aménagements de peine : chaque aménagement ne peut figurer qu’une fois.' })
  @IsIn(Object.values(SentenceAdjustment), { each: true, message: `Aménagement de peine inconnu (attendu : ${Object.values(SentenceAdjustment).join(', ')}).` })
  adjustments?: SentenceAdjustment[];

  @NullableBoolean('Permissions de sortir') exitPermits?: boolean | null;

  @ApiPropertyOptional({ enum: NeedSolution, isArray: true, description: 'Ce que la personne recherche (emploi, apprentissage, formation, immersion, parrainage…)' })
  @ValidateIf((_o, value) => value !== undefined)
  @IsArray({ message: 'Solutions recherchées : une liste est attendue.' })
  @ArrayUnique({ message: 'Solutions recherchées : chaque solution ne peut figurer qu’une fois.' })
  @IsIn(Object.values(NeedSolution), { each: true, message: `Solution recherchée inconnue (attendu : ${Object.values(NeedSolution).join(', ')}).` })
  soughtSolutions?: NeedSolution[];

  /** Ranked: the first is the main target. */
  @CodeList('Métiers visés', MAX_TARGETS, CODE_FORMATS.rome.pattern, ROME_MESSAGE, ['F1606']) targetRomeCodes?: string[];
  @CodeList('Bassins visés', MAX_TARGETS, CODE_FORMATS.basin.pattern, BASIN_MESSAGE, ['7513']) targetBasinCodes?: string[];

  @Nested(() => MobilityDto, 'Mobilité') mobility?: MobilityDto;
  @TextList('Langues', MAX_LANGUAGES, MAX_LANGUAGE_LENGTH, ['Français', 'Arabe']) languages?: string[];
  @TextList('Compétences', MAX_SKILLS, MAX_SKILL_LENGTH, ['Pose de plaques de plâtre']) skills?: string[];
  @Nested(() => ExperienceDto, 'Expériences', { list: MAX_EXPERIENCES }) experiences?: ExperienceDto[];
  @Nested(() => TrainingDto, 'Formations', { list: MAX_TRAININGS }) trainings?: TrainingDto[];
  @FreeText('Projet professionnel', MAX_PROJECT_LENGTH, 'Devenir peintre en bâtiment dans la Vienne.') project?: string | null;
  @FreeText('Disponibilités', MAX_AVAILABILITY_LENGTH, 'Disponible à temps plein dès la sortie.') availability?: string | null;
  @Nested(() => WorkConstraintsDto, 'Contraintes') constraints?: WorkConstraintsDto;
}

export class CreateCandidateProfileDto extends CandidateProfileFieldsDto {}

/** A partial update: absent fields are kept, null clears the optional ones, lists and objects are replaced whole. */
export class UpdateCandidateProfileDto extends CandidateProfileFieldsDto {}

const JUSTIFICATION_MESSAGE = `Justification : entre ${MIN_OVERRIDE_JUSTIFICATION} et ${MAX_OVERRIDE_JUSTIFICATION} caractères expliquant pourquoi les passages signalés peuvent rester.`;

/** Publishing or resuming: the justification, when the counsellor keeps text the PII guard flagged. */
export class PublishCandidateProfileDto {
  @ApiPropertyOptional({ minLength: MIN_OVERRIDE_JUSTIFICATION, maxLength: MAX_OVERRIDE_JUSTIFICATION })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsOptional()
  @IsString({ message: JUSTIFICATION_MESSAGE })
  @MinLength(MIN_OVERRIDE_JUSTIFICATION, { message: JUSTIFICATION_MESSAGE })
  @MaxLength(MAX_OVERRIDE_JUSTIFICATION, { message: JUSTIFICATION_MESSAGE })
  overrideJustification?: string;
}

/** Pausing, marking placed, archiving take no field: declaring the empty body makes unknown fields a 400. */
export class CandidateProfileTransitionDto {}

const SCOPE_MESSAGE = `Portée du consentement inconnue (attendu : ${Object.values(ConsentScope).join(', ')}).`;

export class RecordConsentDto {
  @ApiProperty({ enum: ConsentScope })
  @IsIn(Object.values(ConsentScope), { message: SCOPE_MESSAGE })
  scope!: ConsentScope;

  @CalendarDate('required', 'Date du consentement') givenOn!: string;
}

export class RevokeConsentDto {
  @ApiPropertyOptional({ enum: ConsentScope, default: ConsentScope.Publication })
  @IsOptional()
  @IsIn(Object.values(ConsentScope), { message: SCOPE_MESSAGE })
  scope?: ConsentScope;
}

export class ListCandidateProfilesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CandidateProfileStatus })
  @IsOptional()
  @IsIn(Object.values(CandidateProfileStatus), { message: `Statut inconnu (attendu : ${Object.values(CandidateProfileStatus).join(', ')}).` })
  status?: CandidateProfileStatus;

  @ApiPropertyOptional({ description: 'Bassin visé', example: '7513' })
  @IsOptional()
  @Matches(CODE_FORMATS.basin.pattern, { message: `Bassin : ${BASIN_MESSAGE}.` })
  basin?: string;

  @ApiPropertyOptional({ description: 'Métier visé', example: 'F1606' })
  @IsOptional()
  @Transform(({ value }) => upperTrim(value))
  @Matches(CODE_FORMATS.rome.pattern, { message: `Métier : ${ROME_MESSAGE}.` })
  rome?: string;
}

export class CodeLabelDto {
  @ApiProperty() code!: string;
  @ApiProperty() label!: string;
}

export class ConsentDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ConsentScope }) scope!: ConsentScope;
  @ApiProperty({ format: 'date' }) givenOn!: string;
  @ApiProperty({ type: String, nullable: true }) recordedBy!: string | null;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: String, nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) revokedBy!: string | null;
}

export class PiiOverrideDto {
  @ApiProperty() justification!: string;
  @ApiProperty({ description: 'Utilisateur ayant passé outre' }) by!: string;
  @ApiProperty() at!: string;
}

/** The internal view of a profile, for its organisation's staff: never sent to employers. */
export class CandidateProfileDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'PSG-7K3Q' }) code!: string;
  @ApiProperty() ownerOrganisationId!: string;
  @ApiProperty() ownerOrganisationName!: string;
  @ApiProperty({ description: 'Le lecteur appartient à l’organisation qui a rédigé le profil et peut le modifier' }) editable!: boolean;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) establishmentCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) establishmentName!: string | null;
  @ApiProperty({ enum: AGE_BANDS, nullable: true }) ageBand!: AgeBand | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) releaseFrom!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) releaseUntil!: string | null;
  @ApiProperty({ enum: SentenceAdjustment, isArray: true }) adjustments!: SentenceAdjustment[];
  @ApiProperty({ enum: NeedSolution, isArray: true }) soughtSolutions!: NeedSolution[];
  @ApiProperty({ type: Boolean, nullable: true }) exitPermits!: boolean | null;
  @ApiProperty({ type: [String] }) targetRomeCodes!: string[];
  @ApiProperty({ type: [CodeLabelDto], description: 'Métiers visés avec leur libellé, dans l’ordre' }) targetOccupations!: CodeLabelDto[];
  @ApiProperty({ type: [String] }) targetBasinCodes!: string[];
  @ApiProperty({ type: [CodeLabelDto], description: 'Bassins visés avec leur nom, dans l’ordre' }) targetBasins!: CodeLabelDto[];
  @ApiProperty({ type: MobilityDto }) mobility!: MobilityDto;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: [String] }) skills!: string[];
  @ApiProperty({ type: [ExperienceDto] }) experiences!: ExperienceDto[];
  @ApiProperty({ type: [TrainingDto] }) trainings!: TrainingDto[];
  @ApiProperty({ type: String, nullable: true }) project!: string | null;
  @ApiProperty({ type: String, nullable: true }) availability!: string | null;
  @ApiProperty({ type: WorkConstraintsDto }) constraints!: WorkConstraintsDto;
  @ApiProperty({ enum: CandidateProfileStatus }) status!: CandidateProfileStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ type: ConsentDto, nullable: true, description: 'Consentement à la publication en cours' }) activeConsent!: ConsentDto | null;
  @ApiProperty({ type: [ConsentDto], description: 'Historique des consentements, du plus récent au plus ancien' }) consents!: ConsentDto[];
  @ApiProperty({ type: PiiOverrideDto, nullable: true }) piiOverride!: PiiOverrideDto | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: String, nullable: true }) publishedAt!: string | null;
}

/** A line of the caseload: no free text. */
export class CandidateProfileSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ enum: CandidateProfileStatus }) status!: CandidateProfileStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ enum: AGE_BANDS, nullable: true }) ageBand!: AgeBand | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) releaseFrom!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) releaseUntil!: string | null;
  @ApiProperty({ type: [String] }) targetRomeCodes!: string[];
  @ApiProperty({ type: [String] }) targetBasinCodes!: string[];
  @ApiProperty({ type: String, nullable: true }) establishmentCode!: string | null;
  @ApiProperty() hasActiveConsent!: boolean;
  @ApiProperty() ownerOrganisationId!: string;
  @ApiProperty() ownerOrganisationName!: string;
  @ApiProperty() updatedAt!: string;
}

export class PiiFindingDto {
  @ApiProperty({ example: 'skills.2', description: 'Champ, comme dans les erreurs de validation' }) field!: string;
  @ApiProperty({ description: 'Raison, en français' }) message!: string;
  @ApiProperty({ enum: ['first_name', 'phone', 'email', 'address', 'birth_date', 'nir', 'ecrou', 'establishment', 'date'] }) kind!: PiiKind;
  @ApiProperty({ description: 'Début du passage (décalage UTF-16 dans le champ)' }) start!: number;
  @ApiProperty({ description: 'Fin du passage (exclue)' }) end!: number;
  @ApiProperty() excerpt!: string;
}

export class PiiCheckDto {
  @ApiProperty({ type: [PiiFindingDto] }) findings!: PiiFindingDto[];
}
