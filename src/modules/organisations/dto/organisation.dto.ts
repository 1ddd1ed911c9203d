import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../../common/http/pagination';
import { TrimmedText } from '../../../common/validation/transforms';
import { OrganisationRole } from '../../users/user.entity';
import { OrganisationKind, OrganisationStatus } from '../organisation.entity';
import { PlaceDto } from './organisation-profile.dto';

export class ListOrganisationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OrganisationStatus })
  @IsOptional()
  @IsIn(Object.values(OrganisationStatus), { message: 'Statut inconnu.' })
  status?: OrganisationStatus;
}

/** Approval takes no field: declaring the empty body makes unknown fields a 400 instead of being ignored. */
export class ApproveOrganisationDto {}

/** Reinstatement takes no field either, for the same reason. */
export class ReinstateOrganisationDto {}

export class RefuseOrganisationDto {
  /** Sent to the organisation's members. */
  @TrimmedText(5, 1000, 'Le motif doit compter entre 5 et 1000 caractères.', 'Activité sans rapport avec le programme')
  reason!: string;
}

export class SuspendOrganisationDto {
  /** Sent to the organisation's members; kept on the organisation until the next decision. */
  @TrimmedText(5, 1000, 'Le motif doit compter entre 5 et 1000 caractères.', 'Mises en relation non honorées à plusieurs reprises')
  reason!: string;
}

export class OrganisationSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: OrganisationKind }) kind!: OrganisationKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ enum: OrganisationStatus }) status!: OrganisationStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ nullable: true, type: String }) siret!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() memberCount!: number;
}

export class OrganisationMemberDto {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() email!: string;
  @ApiProperty() emailVerified!: boolean;
  @ApiProperty({ enum: OrganisationRole }) role!: OrganisationRole;
}

export class OrganisationDetailDto extends OrganisationSummaryDto {
  @ApiProperty({ nullable: true, type: String }) reviewReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) nafCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) addressLine!: string | null;
  @ApiProperty({ nullable: true, type: PlaceDto }) commune!: PlaceDto | null;
  @ApiProperty({ nullable: true, type: PlaceDto }) basin!: PlaceDto | null;
  @ApiProperty({ nullable: true, type: String }) charterAcceptedAt!: string | null;
  @ApiProperty({ type: [OrganisationMemberDto] }) members!: OrganisationMemberDto[];
}
