import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { TrimmedText } from '../../../common/validation/transforms';
import { OrganisationKind, OrganisationStatus } from '../../organisations/organisation.entity';

export const MIN_PROGRAMME_NAME = 3;
export const MAX_PROGRAMME_NAME = 160;
export const MAX_PROGRAMME_DESCRIPTION = 2000;

const NAME_MESSAGE = `Le nom du programme doit compter entre ${MIN_PROGRAMME_NAME} et ${MAX_PROGRAMME_NAME} caractères.`;
const DESCRIPTION_MESSAGE = `La description compte au plus ${MAX_PROGRAMME_DESCRIPTION} caractères.`;

export class CreateProgrammeDto {
  @TrimmedText(MIN_PROGRAMME_NAME, MAX_PROGRAMME_NAME, NAME_MESSAGE, '100 chances 100 emplois — Vienne')
  name!: string;

  /** Empty or absent: no description. */
  @ApiPropertyOptional({ nullable: true, maxLength: MAX_PROGRAMME_DESCRIPTION })
  @IsOptional()
  @ValidateIf((_, value) => value !== null && value !== '')
  @TrimmedText(1, MAX_PROGRAMME_DESCRIPTION, DESCRIPTION_MESSAGE)
  description?: string | null;
}

export class UpdateProgrammeDto {
  @IsOptional()
  @TrimmedText(MIN_PROGRAMME_NAME, MAX_PROGRAMME_NAME, NAME_MESSAGE, '100 chances 100 emplois — Vienne')
  name?: string;

  @ApiPropertyOptional({ nullable: true, maxLength: MAX_PROGRAMME_DESCRIPTION })
  @IsOptional()
  @ValidateIf((_, value) => value !== null && value !== '')
  @TrimmedText(1, MAX_PROGRAMME_DESCRIPTION, DESCRIPTION_MESSAGE)
  description?: string | null;
}

/** The form's "add an organisation" field; the API names the organisation in the path instead. */
export class AddProgrammeMemberFormDto {
  @ApiProperty()
  @IsUUID('all', { message: 'Choisissez une organisation dans la liste.' })
  organisationId!: string;
}

export class ProgrammeSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() memberCount!: number;
  @ApiProperty({ description: 'Organisations partenaires (Mission Locale, SPIP, établissement, France Travail) : leurs profils sont visibles des coordinateurs du programme' })
  partnerCount!: number;
  @ApiProperty() createdAt!: string;
}

export class ProgrammeMemberDto {
  @ApiProperty() organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: OrganisationKind }) kind!: OrganisationKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ enum: OrganisationStatus }) status!: OrganisationStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() partner!: boolean;
  @ApiProperty() addedAt!: string;
}

export class ProgrammeDetailDto extends ProgrammeSummaryDto {
  @ApiProperty({ type: [ProgrammeMemberDto] }) members!: ProgrammeMemberDto[];
}
