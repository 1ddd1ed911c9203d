import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Role } from '../users/user.entity';
import { activeEmployerOrganisation } from './employer-access';

/**
 * Refuses employers whose organisation is not active before the body is validated, so that a pending
 * organisation learns why it is refused rather than which field is wrong. Staff pass: their roles decide.
 */
@Injectable()
export class ActiveEmployerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<Request>().user;
    if (user?.role === Role.Employer) activeEmployerOrganisation(user);
    return true;
  }
}
