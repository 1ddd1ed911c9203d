import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Role } from '../users/user.entity';
import { activePartnerOrganisation } from './partner-access';

/**
 * Refuses counsellors and coordinators whose organisation is not an active partner before the body is
 * validated, so that they learn why they are refused rather than which field is wrong. Admins pass.
 */
@Injectable()
export class ActivePartnerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<Request>().user;
    if (user && user.role !== Role.Admin) activePartnerOrganisation(user);
    return true;
  }
}
