import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';
import { StripSpaces, Trim, TrimmedText } from '../../../common/validation/transforms';
import { CODE_FORMATS } from '../../imports/importer';
import { EstablishmentType } from '../establishment-type';

export class CommuneSearchQuery {
  /** A commune name (its beginning), a postcode or an INSEE code. */
  @TrimmedText(2, 80, 'Saisissez entre 2 et 80 caractères : un nom de commune ou un code postal.', 'Vivonne')
  q!: string;
}

export class BasinListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Mots du nom du bassin (accents et casse ignorés)', example: 'poitiers' })
  @IsOptional()
  @Trim()
  @Matches(/^.{0,80}$/s, { message: 'La recherche compte au plus 80 caractères.' })
  q?: string;

  @ApiPropertyOptional({ example: '86' })
  @IsOptional()
  @StripSpaces()
  @Matches(CODE_FORMATS.department.pattern, { message: `Code département invalide (attendu : ${CODE_FORMATS.department.expected}).` })
  department?: string;

  @ApiPropertyOptional({ example: '75' })
  @IsOptional()
  @StripSpaces()
  @Matches(CODE_FORMATS.region.pattern, { message: `Code région invalide (attendu : ${CODE_FORMATS.region.expected}).` })
  region?: string;
}

export class EstablishmentListQuery {
  @ApiPropertyOptional({ example: '7513' })
  @IsOptional()
  @StripSpaces()
  @Matches(CODE_FORMATS.basin.pattern, { message: `Code bassin invalide (attendu : ${CODE_FORMATS.basin.expected}).` })
  basin?: string;

  @ApiPropertyOptional({ example: '86' })
  @IsOptional()
  @StripSpaces()
  @Matches(CODE_FORMATS.department.pattern, { message: `Code département invalide (attendu : ${CODE_FORMATS.department.expected}).` })
  department?: string;
}

export class BasinRefDto {
  @ApiProperty({ example: '7513' }) code!: string;
  @ApiProperty({ example: 'POITIERS' }) name!: string;
}

export class DepartmentDto {
  @ApiProperty({ example: '86' }) code!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Vienne' }) name!: string | null;
}

export class CommuneDto {
  @ApiProperty({ example: '86293' }) inseeCode!: string;
  @ApiProperty({ nullable: true, type: String, example: 'VIVONNE' }) name!: string | null;
  @ApiProperty({ type: [String], example: ['86370'] }) postcodes!: string[];
  @ApiProperty({ nullable: true, type: String, example: '86' }) departmentCode!: string | null;
  @ApiProperty({ nullable: true, type: Number }) latitude!: number | null;
  @ApiProperty({ nullable: true, type: Number }) longitude!: number | null;
  @ApiProperty({ nullable: true, type: BasinRefDto }) basin!: BasinRefDto | null;
}

export class CommuneListDto {
  @ApiProperty({ type: [CommuneDto], description: 'Au plus 20 communes, les noms exacts d’abord' }) items!: CommuneDto[];
}

export class BasinSummaryDto {
  @ApiProperty({ example: '7513' }) code!: string;
  @ApiProperty({ example: 'POITIERS' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: '75' }) regionCode!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Nouvelle-Aquitaine' }) regionName!: string | null;
  @ApiProperty({ type: [DepartmentDto] }) departments!: DepartmentDto[];
}

export class BasinPageDto {
  @ApiProperty({ type: [BasinSummaryDto] }) items!: BasinSummaryDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
  @ApiProperty() totalPages!: number;
}

export class BasinEstablishmentDto {
  @ApiProperty({ example: 'CP POITIERS VIVONNE' }) code!: string;
  @ApiProperty({ example: 'Centre pénitentiaire de Poitiers-Vivonne' }) name!: string;
  @ApiProperty({ enum: EstablishmentType }) type!: EstablishmentType;
  @ApiProperty({ example: 'Centre pénitentiaire' }) typeLabel!: string;
  @ApiProperty({ nullable: true, type: String, example: 'VIVONNE' }) communeName!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Capacité opérationnelle' }) capacity!: number | null;
}

export class BasinDetailDto extends BasinSummaryDto {
  @ApiProperty({ description: 'Communes rattachées au bassin' }) communeCount!: number;
  @ApiProperty({ type: [BasinEstablishmentDto] }) establishments!: BasinEstablishmentDto[];
}

export class EstablishmentDto extends BasinEstablishmentDto {
  @ApiProperty({ nullable: true, type: String }) communeCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) departmentCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) regionCode!: string | null;
  @ApiProperty({ nullable: true, type: BasinRefDto }) basin!: BasinRefDto | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Coordonnées de la commune, pas de l’adresse' }) latitude!: number | null;
  @ApiProperty({ nullable: true, type: Number }) longitude!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Personnes écrouées détenues' }) detainees!: number | null;
}

export class EstablishmentListDto {
  @ApiProperty({ type: [EstablishmentDto] }) items!: EstablishmentDto[];
}
