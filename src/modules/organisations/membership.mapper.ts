import { ORGANISATION_ROLE_LABELS, OrganisationRole, User } from '../users/user.entity';
import { OrganisationMembershipDto } from './dto/organisation-profile.dto';

/**
 * A member as their colleagues see them. Contact details and whether the account is activated are for
 * the owners, who manage the team.
 */
export function toMembership(member: User, forOwner: boolean): OrganisationMembershipDto {
  const role = member.organisationRole ?? OrganisationRole.Member;
  return {
    id: member.id,
    displayName: member.displayName,
    role,
    roleLabel: ORGANISATION_ROLE_LABELS[role],
    ...(forOwner ? { email: member.email } : {}),
    ...(forOwner && !member.emailVerifiedAt ? { awaitingActivation: true as const } : {}),
  };
}
