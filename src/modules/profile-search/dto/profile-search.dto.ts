import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ToInt } from '../../../common/validation/transforms';
import { CODE_FORMATS } from '../../../common/validation/code-formats';
import { LICENCES, MAX_TRAINING_LEVEL, MIN_TRAINING_LEVEL, SentenceAdjustment } from '../../candidates/candidate-profile';
import { EmployerProfileDto } from '../../candidates/employer-view.mapper';
import { NeedSolution } from '../../employer-needs/employer-need';
import { ProfileSort } from '../profile-search-request';

export const MAX_QUERY_LENGTH = 200;
export const MAX_FILTER_VALUES = 20;
export const MAX_SEARCH_PAGE_SIZE = 50;
const SEMESTER = /^\d{4}-S[12]$/;

/** Query-string lists: `?rome=F1606&rome=F1703` or `?rome=F1606,F1703`, trimmed, empty entries dropped. */
const List = (upper = false) =>
  Transform(({ value }) => {
    if (value === undefined || value === '') return undefined;
    const items = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
    return items.map((v) => (typeof v === 'string' ? (upper ? v.trim().toUpperCase() : v.trim()) : v)).filter((v) => v !== '');
  });

const listRules = (label: string) => [
  IsOptional(),
  IsArray({ message: `${label} : une liste est attendue.` }),
  ArrayMaxSize(MAX_FILTER_VALUES, { message: `${label} : au plus ${MAX_FILTER_VALUES} valeurs.` }),
];

const apply = (...decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

export class ProfileSearchQuery {
  @ApiPropertyOptional({ description: 'Texte libre : métier, compétence, formation, projet', example: 'peintre' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value))
  @IsString({ message: 'La recherche doit être un texte.' })
  @MaxLength(MAX_QUERY_LENGTH, { message: `La recherche compte au plus ${MAX_QUERY_LENGTH} caractères.` })
  q?: string;

  @ApiPropertyOptional({ type: [String], description: 'Métiers visés (codes ROME)', example: ['F1606'] })
  @apply(List(true), ...listRules('Métiers'))
  @Matches(CODE_FORMATS.rome.pattern, { each: true, message: `Métiers : code ROME invalide (attendu : ${CODE_FORMATS.rome.expected}).` })
  rome?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Domaines professionnels (lettre + 2 chiffres)', example: ['F16'] })
  @apply(List(true), ...listRules('Domaines'))
  @Matches(/^[A-N][0-9]{2}$/, { each: true, message: 'Domaines : code de domaine invalide (attendu : une lettre et deux chiffres, ex. F16).' })
  domain?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Grands domaines (lettre)', example: ['F'] })
  @apply(List(true), ...listRules('Grands domaines'))
  @Matches(/^[A-N]$/, { each: true, message: 'Grands domaines : une lettre de A à N est attendue.' })
  grandDomain?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Bassins d’emploi visés', example: ['7513'] })
  @apply(List(), ...listRules('Bassins'))
  @Matches(CODE_FORMATS.basin.pattern, { each: true, message: `Bassins : code de bassin invalide (attendu : ${CODE_FORMATS.basin.expected}).` })
  basin?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Départements', example: ['86'] })
  @apply(List(true), ...listRules('Départements'))
  @Matches(/^([0-9]{2}|2A|2B|9[78][0-9])$/, { each: true, message: 'Départements : code de département invalide (ex. 86, 2A, 974).' })
  department?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Régions (code INSEE)', example: ['75'] })
  @apply(List(), ...listRules('Régions'))
  @Matches(/^[0-9]{2}$/, { each: true, message: 'Régions : code de région invalide (deux chiffres, ex. 75).' })
  region?: string[];

  @ApiPropertyOptional({ description: 'Sortie prévue à partir du semestre', example: '2027-S1' })
  @IsOptional()
  @Matches(SEMESTER, { message: 'Sortie à partir de : semestre invalide (attendu : AAAA-S1 ou AAAA-S2).' })
  releaseFrom?: string;

  @ApiPropertyOptional({ description: 'Sortie prévue au plus tard le semestre', example: '2027-S2' })
  @IsOptional()
  @Matches(SEMESTER, { message: 'Sortie au plus tard : semestre invalide (attendu : AAAA-S1 ou AAAA-S2).' })
  releaseTo?: string;

  @ApiPropertyOptional({ description: 'Seulement les profils éligibles à un aménagement de peine' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' || value === 'on' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean({ message: 'Aménagement de peine : oui (true) ou non (false).' })
  adjustment?: boolean;

  @ApiPropertyOptional({ enum: SentenceAdjustment, isArray: true, description: 'Aménagements envisageables' })
  @apply(List(), ...listRules('Aménagements'))
  @IsIn(Object.values(SentenceAdjustment), { each: true, message: `Aménagement inconnu (attendu : ${Object.values(SentenceAdjustment).join(', ')}).` })
  adjustmentKind?: SentenceAdjustment[];

  @ApiPropertyOptional({ type: [String], description: 'Permis et habilitations', example: ['B'] })
  @apply(List(true), ...listRules('Permis'))
  @IsIn(LICENCES, { each: true, message: `Permis inconnu (attendu : ${LICENCES.join(', ')}).` })
  licence?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Langues', example: ['Anglais'] })
  @apply(List(), ...listRules('Langues'))
  @IsString({ each: true, message: 'Langues : des noms de langue sont attendus.' })
  @MaxLength(40, { each: true, message: 'Langues : 40 caractères au plus par langue.' })
  language?: string[];

  @ApiPropertyOptional({ description: 'Niveau minimal d’une certification obtenue (3 = CAP … 8 = doctorat)', example: 3 })
  @IsOptional()
  @ToInt()
  @IsInt({ message: 'Niveau de certification : un entier est attendu.' })
  @Min(MIN_TRAINING_LEVEL, { message: `Niveau de certification : de ${MIN_TRAINING_LEVEL} à ${MAX_TRAINING_LEVEL}.` })
  @Max(MAX_TRAINING_LEVEL, { message: `Niveau de certification : de ${MIN_TRAINING_LEVEL} à ${MAX_TRAINING_LEVEL}.` })
  certificationLevel?: number;

  @ApiPropertyOptional({ enum: NeedSolution, isArray: true, description: 'Solutions recherchées par la personne' })
  @apply(List(), ...listRules('Solutions'))
  @IsIn(Object.values(NeedSolution), { each: true, message: `Solution inconnue (attendu : ${Object.values(NeedSolution).join(', ')}).` })
  solution?: NeedSolution[];

  @ApiPropertyOptional({ enum: ['relevance', 'release', 'match'], default: 'relevance', description: 'Pertinence, sortie la plus proche, ou correspondance avec les besoins publiés de mon organisation' })
  @IsOptional()
  @IsIn(['relevance', 'release', 'match'], { message: 'Tri inconnu (attendu : relevance, release ou match).' })
  sort: ProfileSort = 'relevance';

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @ToInt()
  @IsInt({ message: 'Le numéro de page doit être un entier.' })
  @Min(1, { message: 'Le numéro de page commence à 1.' })
  @Max(1000, { message: 'Numéro de page trop grand.' })
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SEARCH_PAGE_SIZE, default: 20 })
  @IsOptional()
  @ToInt()
  @IsInt({ message: 'La taille de page doit être un entier.' })
  @Min(1, { message: 'La taille de page est d’au moins 1.' })
  @Max(MAX_SEARCH_PAGE_SIZE, { message: `La taille de page est d’au plus ${MAX_SEARCH_PAGE_SIZE}.` })
  pageSize: number = 20;
}

export class FacetValueDto {
  @ApiProperty() value!: string;
  @ApiProperty() label!: string;
  @ApiProperty() count!: number;
  @ApiProperty() selected!: boolean;
}

export class MatchReasonDto {
  @ApiProperty() code!: string;
  @ApiProperty({ example: 'Métier visé identique : F1606 Peinture en bâtiment' }) label!: string;
  @ApiProperty() points!: number;
}

export class ProfileMatchDto {
  @ApiProperty({ description: 'Score de 0 à 100' }) score!: number;
  @ApiProperty({ type: [MatchReasonDto] }) reasons!: MatchReasonDto[];
  @ApiProperty({ description: 'Le besoin de l’organisation qui correspond le mieux' }) needId!: string;
}

export class ProfileHighlightDto {
  @ApiPropertyOptional({ description: 'Extrait du projet, HTML échappé avec les passages trouvés en <mark>' }) project?: string;
  @ApiPropertyOptional({ type: [String], description: 'Compétences trouvées, HTML échappé avec <mark>' }) skills?: string[];
  @ApiPropertyOptional({ type: [String] }) occupations?: string[];
}

export class ProfileSearchHitDto {
  @ApiProperty({ type: EmployerProfileDto }) profile!: EmployerProfileDto;
  @ApiProperty({ type: ProfileHighlightDto }) highlight!: ProfileHighlightDto;
  @ApiPropertyOptional({ type: ProfileMatchDto }) match?: ProfileMatchDto;
}

export class ProfileSearchResultDto {
  @ApiProperty({ type: [ProfileSearchHitDto] }) items!: ProfileSearchHitDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'Nombre de profils trouvés (estimation au-delà de quelques milliers)' }) total!: number;
  @ApiProperty() totalPages!: number;
  @ApiProperty({ description: 'Valeurs de chaque filtre avec leur nombre de profils', type: 'object', additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/FacetValueDto' } } })
  facets!: Record<string, FacetValueDto[]>;
  @ApiProperty() sort!: ProfileSort;
}
