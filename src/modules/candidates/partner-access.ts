import type { AuthUser } from '../../common/auth/auth-user';
import { OrganisationKind, OrganisationStatus } from '../organisations/organisation.entity';
import { CandidateProfileException } from './candidate-profile.exception';

/** Organisations whose staff write candidate profiles. */
export const PARTNER_KINDS: readonly OrganisationKind[] = [
  OrganisationKind.MissionLocale,
  OrganisationKind.Spip,
  OrganisationKind.Prison,
  OrganisationKind.FranceTravail,
];

/** The organisation whose profiles a member manages: it must be a partner and active, else a 403 saying why. */
export function activePartnerOrganisation(user: AuthUser): string {
  if (!user.organisationId || !user.organisationKind || !PARTNER_KINDS.includes(user.organisationKind)) throw CandidateProfileException.notPartnerOrganisation();
  const status = user.organisationStatus ?? OrganisationStatus.Pending;
  if (status !== OrganisationStatus.Active) throw CandidateProfileException.organisationInactive(status);
  return user.organisationId;
}
