import { ValidationFailedException } from '../../common/http/problem';
import { OrganisationRole, Role } from '../users/user.entity';
import { EMPLOYER_KINDS, OrganisationKind } from './organisation.entity';
import { OrganisationException } from './organisation.exception';

const ROLE_FOR_PARTNERS_ONLY =
  'Le rôle ne se choisit que dans une organisation partenaire (Mission Locale, SPIP, établissement pénitentiaire, France Travail) : les membres d’une organisation employeuse sont employeurs.';

/**
 * The account role of a new member, from their organisation's kind: employers' staff are employers;
 * partners' staff are counsellors unless the owner asks for a coordinator, which only a coordinator may.
 */
export function accountRoleFor(kind: OrganisationKind, requested: Role | undefined, inviterRole: Role): Role {
  if (EMPLOYER_KINDS.includes(kind)) {
    if (requested !== undefined) throw new ValidationFailedException([{ field: 'role', message: ROLE_FOR_PARTNERS_ONLY }]);
    return Role.Employer;
  }
  const role = requested ?? Role.Counsellor;
  if (role === Role.Coordinator && inviterRole !== Role.Coordinator) throw OrganisationException.coordinatorInviteForbidden();
  return role;
}

/** Whether a member stopping being an owner (demoted or removed) would leave the organisation without one. */
export function leavesNoOwner(currentRole: OrganisationRole | null, ownerCount: number): boolean {
  return currentRole === OrganisationRole.Owner && ownerCount <= 1;
}
