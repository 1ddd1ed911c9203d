import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';
import { ToInt } from '../../../common/validation/transforms';
import type { BasinNeedSort } from '../basin-needs.repository';
import type { TensionLevel } from '../tension';

const SORTS: BasinNeedSort[] = ['projects', 'tension'];

/** An optional BMO survey year in a query string. */
const SurveyYear = () =>
  applyDecorators(
    IsOptional(),
    ToInt(),
    IsInt({ message: "L'année doit être un entier, ex. 2024." }),
    Min(2000, { message: "L'année doit être comprise entre 2000 et 2100." }),
    Max(2100, { message: "L'année doit être comprise entre 2000 et 2100." }),
  );

export class BasinNeedsQuery extends PageQuery {
  @ApiPropertyOptional({ description: "Année de l'enquête BMO (par défaut la plus récente)", example: 2024 })
  @SurveyYear()
  year?: number;

  @ApiPropertyOptional({ enum: SORTS, default: 'projects', description: 'projects : métiers les plus recherchés ; tension : les plus difficiles à pourvoir' })
  @IsOptional()
  @IsIn(SORTS, { message: 'Tri inconnu : projects ou tension.' })
  sort: BasinNeedSort = 'projects';
}

export class BasinNeedsForRomeQuery {
  @ApiPropertyOptional({ example: 2024 })
  @SurveyYear()
  year?: number;
}

export class BasinNeedDto {
  @ApiProperty({ example: 'B2Z40' }) fapCode!: string;
  @ApiProperty({ nullable: true, example: 'Ouvriers qualifiés de la peinture et de la finition du bâtiment' }) fapLabel!: string | null;
  @ApiProperty({ nullable: true }) familyLabel!: string | null;
  @ApiProperty({ nullable: true, description: 'Projets de recrutement ; null = secret statistique' }) projects!: number | null;
  @ApiProperty({ nullable: true }) difficultProjects!: number | null;
  @ApiProperty({ nullable: true }) seasonalProjects!: number | null;
  @ApiProperty({ description: "Au moins un chiffre d'un département du bassin est secret : les sommes sont des minima" }) partial!: boolean;
  @ApiProperty({ nullable: true, example: 0.72 }) shareDifficult!: number | null;
  @ApiProperty({ nullable: true }) shareSeasonal!: number | null;
  @ApiProperty({ nullable: true, description: 'Part de projets difficiles lissée (voir docs/reference-data.md)' }) tension!: number | null;
  @ApiProperty({ enum: ['strong', 'moderate', 'low', 'unknown', 'not_reported'], description: 'unknown : secret statistique ; not_reported : aucun projet recensé' })
  tensionLevel!: TensionLevel;
  @ApiProperty({ example: 'Forte' }) tensionLabel!: string;
}

export class BasinRefDto {
  @ApiProperty({ example: '7513' }) code!: string;
  @ApiProperty({ example: 'POITIERS' }) name!: string;
}

export class BasinNeedsPageDto {
  @ApiProperty({ type: BasinRefDto }) basin!: BasinRefDto;
  @ApiProperty({ nullable: true, description: "Année de l'enquête ; null si aucune donnée BMO pour ce bassin" }) year!: number | null;
  @ApiProperty({ type: [Number] }) years!: number[];
  @ApiProperty({ type: [BasinNeedDto] }) items!: BasinNeedDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
  @ApiProperty() totalPages!: number;
}

export class CrosswalkLinkDto {
  @ApiProperty() fapCode!: string;
  @ApiProperty({ nullable: true }) fapLabel!: string | null;
  @ApiProperty({ example: 'curated' }) source!: string;
}

export class OccupationNeedDto extends BasinNeedDto {
  @ApiProperty({ description: "false : la famille FAP n'a aucun projet de recrutement recensé dans le bassin (chiffres null, niveau not_reported)" })
  reported!: boolean;
}

export class BasinNeedsForRomeDto {
  @ApiProperty({ type: BasinRefDto }) basin!: BasinRefDto;
  @ApiProperty({ nullable: true }) year!: number | null;
  @ApiProperty() occupation!: { code: string; label: string };
  @ApiProperty({ enum: ['linked', 'missing'], description: 'missing : aucune correspondance FAP ↔ ROME, aucun besoin ne peut être rapproché' })
  crosswalk!: 'linked' | 'missing';
  @ApiProperty({ type: [CrosswalkLinkDto] }) links!: CrosswalkLinkDto[];
  @ApiProperty({ type: [OccupationNeedDto] }) items!: OccupationNeedDto[];
  @ApiProperty() message!: string;
}
