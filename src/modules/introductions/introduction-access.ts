import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { PARTNER_KINDS } from '../candidates/partner-access';
import { EMPLOYER_KINDS, OrganisationStatus } from '../organisations/organisation.entity';
import { Role } from '../users/user.entity';
import { IntroductionSide } from './introduction';
import { IntroductionException } from './introduction.exception';

/** Whose introductions a user reads and on which side they act: their organisation's, as employer or as partner. */
export interface IntroductionViewer {
  side: IntroductionSide;
  organisationId: string;
  userId: string;
}

/**
 * Employers of an active employer organisation act for it; counsellors and coordinators of an active partner
 * organisation act for the profiles it owns. Anyone else gets a 403 saying why.
 */
export function introductionViewer(user: AuthUser): IntroductionViewer {
  const kind = user.organisationKind;
  const side: IntroductionSide | null =
    user.role === Role.Employer && kind && EMPLOYER_KINDS.includes(kind)
      ? 'employer'
      : (user.role === Role.Counsellor || user.role === Role.Coordinator) && kind && PARTNER_KINDS.includes(kind)
        ? 'partner'
        : null;
  if (!side || !user.organisationId) throw IntroductionException.notMember();
  const status = user.organisationStatus ?? OrganisationStatus.Pending;
  if (status !== OrganisationStatus.Active) throw side === 'employer' ? IntroductionException.employerInactive(status) : IntroductionException.partnerInactive(status);
  return { side, organisationId: user.organisationId, userId: user.id };
}

/**
 * Refuses members of an organisation that is not active (or not of the right kind) before the body is
 * validated, so that they learn why they are refused rather than which field is wrong.
 */
@Injectable()
export class ActiveIntroductionMemberGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<Request>().user;
    if (user) introductionViewer(user);
    return true;
  }
}
