import { ApiProperty } from '@nestjs/swagger';
import type { AuthUser } from '../../../common/auth/auth-user';
import { ORGANISATION_STATUS_LABELS } from '../../organisations/organisation.entity';
import { Role, ROLE_LABELS } from '../../users/user.entity';

export class MeDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: Role }) role!: Role;
  @ApiProperty() roleLabel!: string;
  @ApiProperty({ nullable: true, type: Object }) organisation!: { id: string; name: string; kind: string; status: string; statusLabel: string } | null;
}

export class SessionDto {
  @ApiProperty({ nullable: true, type: MeDto }) user!: MeDto | null;
  @ApiProperty({ description: 'À renvoyer dans l’en-tête X-CSRF-Token des requêtes qui modifient des données' }) csrfToken!: string;
}

export class AcceptedDto {
  @ApiProperty() accepted!: true;
  @ApiProperty() detail!: string;
}

export function toMe(user: AuthUser): MeDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    roleLabel: ROLE_LABELS[user.role],
    organisation:
      user.organisationId && user.organisationStatus && user.organisationKind && user.organisationName
        ? {
            id: user.organisationId,
            name: user.organisationName,
            kind: user.organisationKind,
            status: user.organisationStatus,
            statusLabel: ORGANISATION_STATUS_LABELS[user.organisationStatus],
          }
        : null,
  };
}
