import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { PARTNER_KINDS } from '../candidates/partner-access';
import { EMPLOYER_KINDS, OrganisationKind, OrganisationStatus } from '../organisations/organisation.entity';
import { Role } from '../users/user.entity';
import { SponsorshipException } from './sponsorship.exception';

/**
 * Who reads and moves which sponsorships:
 * - `employer`: a member of an active employer organisation; an owner follows the organisation's, a member their own as sponsor;
 * - `partner`: a counsellor or coordinator of an active partner organisation, for the profiles it owns;
 * - `staff`: admins, and coordinators whose organisation is not an active partner, who read only.
 * Coordinators and admins read every sponsorship (`readsAll`); they change only their own organisation's.
 */
export interface SponsorshipViewer {
  side: 'employer' | 'partner' | 'staff';
  userId: string;
  organisationId: string | null;
  readsAll: boolean;
}

export function sponsorshipViewer(user: AuthUser): SponsorshipViewer {
  const kind = user.organisationKind;
  const status = user.organisationStatus ?? OrganisationStatus.Pending;
  const readsAll = user.role === Role.Coordinator || user.role === Role.Admin;
  const memberOf = (kinds: readonly OrganisationKind[]) => Boolean(user.organisationId && kind && kinds.includes(kind));
  if (user.role === Role.Employer) {
    if (!memberOf(EMPLOYER_KINDS)) throw SponsorshipException.notMember();
    if (status !== OrganisationStatus.Active) throw SponsorshipException.organisationInactive(status);
    return { side: 'employer', userId: user.id, organisationId: user.organisationId, readsAll };
  }
  if (user.role === Role.Counsellor || user.role === Role.Coordinator) {
    if (memberOf(PARTNER_KINDS) && status === OrganisationStatus.Active) return { side: 'partner', userId: user.id, organisationId: user.organisationId, readsAll };
    if (readsAll) return { side: 'staff', userId: user.id, organisationId: null, readsAll };
    if (!memberOf(PARTNER_KINDS)) throw SponsorshipException.notMember();
    throw SponsorshipException.organisationInactive(status as Exclude<OrganisationStatus, OrganisationStatus.Active>);
  }
  return { side: 'staff', userId: user.id, organisationId: null, readsAll };
}

/**
 * Refuses members of an organisation that is not active (or not of a kind that takes part in sponsorships) before
 * the body is validated, so that they learn why they are refused rather than which field is wrong.
 */
@Injectable()
export class SponsorshipMemberGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<Request>().user;
    if (user) sponsorshipViewer(user);
    return true;
  }
}
