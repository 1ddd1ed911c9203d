import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CODE_FORMATS } from '../../imports/importer';
import { ToInt } from '../../../common/validation/transforms';

/** Codes are typed by people: surrounding spaces and lowercase are forgiven. */
const UpperTrim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));

const FAP_MESSAGE = `Code FAP invalide (attendu : ${CODE_FORMATS.fap.expected}).`;
const ROME_MESSAGE = `Code ROME invalide (attendu : ${CODE_FORMATS.rome.expected}).`;

export class ListFapRomeLinksQuery {
  @ApiPropertyOptional({ example: 'B2X36' })
  @IsOptional()
  @UpperTrim()
  @IsString({ message: FAP_MESSAGE })
  @Matches(CODE_FORMATS.fap.pattern, { message: FAP_MESSAGE })
  fap?: string;

  @ApiPropertyOptional({ example: 'F1606' })
  @IsOptional()
  @UpperTrim()
  @IsString({ message: ROME_MESSAGE })
  @Matches(CODE_FORMATS.rome.pattern, { message: ROME_MESSAGE })
  rome?: string;

  @ApiPropertyOptional({ enum: ['active', 'rejected'] })
  @IsOptional()
  @IsIn(['active', 'rejected'], { message: 'Statut inconnu (attendu : active ou rejected).' })
  status?: 'active' | 'rejected';
}

export class SuggestionsQuery {
  @ApiProperty({ example: 'B2X36' })
  @UpperTrim()
  @IsString({ message: FAP_MESSAGE })
  @Matches(CODE_FORMATS.fap.pattern, { message: FAP_MESSAGE })
  fap!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @ToInt()
  @IsInt({ message: 'Le nombre de suggestions doit être un entier.' })
  @Min(1, { message: 'Le nombre de suggestions est d’au moins 1.' })
  @Max(50, { message: 'Le nombre de suggestions est d’au plus 50.' })
  limit: number = 10;
}

/** A staff decision on one FAP ↔ ROME pair (confirm or reject). */
export class FapRomeDecisionDto {
  @ApiProperty({ example: 'B2X36' })
  @UpperTrim()
  @IsString({ message: FAP_MESSAGE })
  @Matches(CODE_FORMATS.fap.pattern, { message: FAP_MESSAGE })
  fapCode!: string;

  @ApiProperty({ example: 'F1606' })
  @UpperTrim()
  @IsString({ message: ROME_MESSAGE })
  @Matches(CODE_FORMATS.rome.pattern, { message: ROME_MESSAGE })
  romeCode!: string;
}

export class FapRomeLinkDto {
  @ApiProperty() fapCode!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Libellé FAP 2021 (null tant que le BMO n’est pas importé)' }) fapLabel!: string | null;
  @ApiProperty() romeCode!: string;
  @ApiProperty() romeLabel!: string;
  @ApiProperty({ enum: ['dares', 'curated', 'staff'] }) source!: string;
  @ApiProperty({ enum: ['active', 'rejected'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) decidedBy!: string | null;
  @ApiProperty() updatedAt!: string;
}

export class FapRomeSuggestionDto {
  @ApiProperty() romeCode!: string;
  @ApiProperty() romeLabel!: string;
  @ApiProperty({ description: 'Similarité des libellés, entre 0 et 1' }) score!: number;
  @ApiProperty({ description: 'Libellé ROME ou appellation la plus proche du libellé FAP' }) matchedLabel!: string;
}

export class FapRomeSuggestionsDto {
  @ApiProperty() fapCode!: string;
  @ApiProperty() fapLabel!: string;
  @ApiProperty({ type: [FapRomeSuggestionDto] }) suggestions!: FapRomeSuggestionDto[];
}
