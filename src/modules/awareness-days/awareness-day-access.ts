import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { EMPLOYER_KINDS, OrganisationStatus } from '../organisations/organisation.entity';
import { Role } from '../users/user.entity';
import { AwarenessDayException } from './awareness-day.exception';

/**
 * Who reaches which half-days:
 * - `employer`: a member of an active employer organisation: upcoming half-days, and its own registrations;
 * - `coordinator`: a coordinator, for the half-days their organisation organises (identities, export, attendance);
 * - `admin`: reads every half-day and its counts, never an attendee's identity, and changes nothing.
 */
export interface AwarenessViewer {
  side: 'employer' | 'coordinator' | 'admin';
  userId: string;
  organisationId: string | null;
}

export function awarenessViewer(user: AuthUser): AwarenessViewer {
  if (user.role === Role.Employer) {
    if (!user.organisationId || !user.organisationKind || !EMPLOYER_KINDS.includes(user.organisationKind)) throw AwarenessDayException.notEmployer();
    const status = user.organisationStatus ?? OrganisationStatus.Pending;
    if (status !== OrganisationStatus.Active) throw AwarenessDayException.organisationInactive(status);
    return { side: 'employer', userId: user.id, organisationId: user.organisationId };
  }
  if (user.role === Role.Coordinator && user.organisationId) return { side: 'coordinator', userId: user.id, organisationId: user.organisationId };
  if (user.role === Role.Admin) return { side: 'admin', userId: user.id, organisationId: null };
  throw AwarenessDayException.notEmployer();
}

/** Refuses members of an inactive or non-employer organisation before the body is validated, so they learn why. */
@Injectable()
export class AwarenessMemberGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<Request>().user;
    if (user) awarenessViewer(user);
    return true;
  }
}
