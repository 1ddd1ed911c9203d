import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { TrimmedText } from '../../../common/validation/transforms';
import { AccountEmail } from '../../auth/dto/auth.dto';
import { OrganisationRole, Role } from '../../users/user.entity';
import { OrganisationMembershipDto } from './organisation-profile.dto';

const ORGANISATION_ROLES = Object.values(OrganisationRole);
/** What a partner organisation's owner may choose for a new colleague; employer organisations choose nothing. */
export const PARTNER_MEMBER_ROLES: readonly Role[] = [Role.Counsellor, Role.Coordinator];

const ORGANISATION_ROLE_MESSAGE = 'Rôle dans l’organisation invalide : responsable (owner) ou membre (member).';
const PARTNER_ROLE_MESSAGE = 'Rôle invalide : conseiller (counsellor) ou coordinateur (coordinator).';

/** A form's "— Choisir —" option sends an empty string: that means no choice. */
const BlankAsAbsent = () => Transform(({ value }) => (value === '' ? undefined : value));

const OrganisationRoleField = () =>
  applyDecorators(
    ApiProperty({ enum: OrganisationRole, description: 'Le responsable (owner) gère le profil, les réglages et les membres' }),
    IsIn(ORGANISATION_ROLES, { message: ORGANISATION_ROLE_MESSAGE }),
  );

export class InviteMemberDto {
  @AccountEmail('collegue@entreprise.example')
  email!: string;

  @TrimmedText(2, 120, 'Le nom doit compter entre 2 et 120 caractères.', 'Alex Bernard')
  displayName!: string;

  @OrganisationRoleField()
  organisationRole!: OrganisationRole;

  @ApiPropertyOptional({
    enum: PARTNER_MEMBER_ROLES,
    description: 'Organisations partenaires seulement : conseiller par défaut ; seul un coordinateur peut inviter un coordinateur',
  })
  @BlankAsAbsent()
  @IsOptional()
  @IsIn(PARTNER_MEMBER_ROLES, { message: PARTNER_ROLE_MESSAGE })
  role?: Role;
}

export class ChangeMemberRoleDto {
  @OrganisationRoleField()
  organisationRole!: OrganisationRole;
}

/** A member just invited: their place in the organisation and the account role it gave them. */
export class InvitedMemberDto extends OrganisationMembershipDto {
  @ApiProperty({ enum: Role }) accountRole!: Role;
  @ApiProperty() accountRoleLabel!: string;
}
