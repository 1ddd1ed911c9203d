import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToInt, TrimmedText } from '../../../common/validation/transforms';

export const OCCUPATION_QUERY_MESSAGE = 'Saisissez entre 2 et 100 caractères : un métier, une appellation ou un code ROME.';

export class OccupationSearchQuery {
  /** Words of a job title (accents and typos tolerated) or a ROME code. */
  @TrimmedText(2, 100, OCCUPATION_QUERY_MESSAGE, 'peintre batiment')
  q!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 10 })
  @IsOptional()
  @ToInt()
  @IsInt({ message: 'Le nombre de résultats doit être un entier entre 1 et 20.' })
  @Min(1, { message: 'Le nombre de résultats doit être un entier entre 1 et 20.' })
  @Max(20, { message: 'Le nombre de résultats doit être un entier entre 1 et 20.' })
  limit: number = 10;
}

export class DomainRefDto {
  @ApiProperty({ example: 'F16' }) code!: string;
  @ApiProperty({ example: 'Second oeuvre' }) label!: string;
}

export class OccupationSuggestionDto {
  @ApiProperty({ example: 'F1606' }) code!: string;
  @ApiProperty({ example: 'Peintre en bâtiment' }) label!: string;
  @ApiProperty({ example: 'Peintre en bâtiment', description: 'Le libellé ou l’appellation qui correspond le mieux à la recherche' }) matchedTitle!: string;
  @ApiProperty({ type: DomainRefDto }) domain!: DomainRefDto;
}

export class OccupationSuggestionListDto {
  @ApiProperty({ type: [OccupationSuggestionDto], description: 'Une entrée par fiche ROME, la plus pertinente d’abord' }) items!: OccupationSuggestionDto[];
}

export class AppellationDto {
  @ApiProperty({ example: 17619 }) ogrCode!: number;
  @ApiProperty({ example: 'Peintre en bâtiment' }) label!: string;
  @ApiProperty({ example: 'Peintre en bâtiment' }) shortLabel!: string;
  @ApiProperty() principal!: boolean;
  @ApiProperty() rarelyUsed!: boolean;
}

export class OccupationFlagsDto {
  @ApiProperty({ nullable: true, type: String, example: 'Emploi Blanc', description: 'Transition écologique selon France Travail' }) ecologicalTransition!: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'null : non renseigné' }) digitalTransition!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) demographicTransition!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Emploi réglementé' }) regulated!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Emploi cadre' }) executive!: boolean | null;
}

export class OccupationDetailDto {
  @ApiProperty({ example: 'F1606' }) code!: string;
  @ApiProperty({ example: 'Peintre en bâtiment' }) label!: string;
  @ApiProperty({ example: 17619 }) ogrCode!: number;
  @ApiProperty({ type: DomainRefDto }) domain!: DomainRefDto;
  @ApiProperty({ type: DomainRefDto, example: { code: 'F', label: 'Construction, Bâtiment et Travaux publics' } }) grandDomain!: DomainRefDto;
  @ApiProperty({ nullable: true, type: String, example: 'F1606', description: 'Fiche ROME 3 d’origine' }) rome3Code!: string | null;
  @ApiProperty({ type: [AppellationDto], description: 'L’appellation principale d’abord' }) appellations!: AppellationDto[];
  @ApiProperty({ type: OccupationFlagsDto }) flags!: OccupationFlagsDto;
}
