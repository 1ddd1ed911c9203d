import type { AuthUser } from '../../common/auth/auth-user';
import { EMPLOYER_KINDS, OrganisationStatus } from '../organisations/organisation.entity';
import { EmployerNeedException } from './employer-need.exception';

/** The organisation whose needs an employer may manage: it must be of an employer kind and active, else a 403 saying why. */
export function activeEmployerOrganisation(user: AuthUser): string {
  if (!user.organisationId || !user.organisationKind || !EMPLOYER_KINDS.includes(user.organisationKind)) throw EmployerNeedException.notEmployerOrganisation();
  const status = user.organisationStatus ?? OrganisationStatus.Pending;
  if (status !== OrganisationStatus.Active) throw EmployerNeedException.organisationInactive(status);
  return user.organisationId;
}
