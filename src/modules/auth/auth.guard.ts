import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PUBLIC_KEY, ROLES_KEY } from '../../common/auth/decorators';
import { Role } from '../users/user.entity';
import { AuthException } from './auth.exception';

/** Global guard: every route needs a signed-in user unless marked @Public(), then its @Roles apply. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const user = req.user;
    if (!user) throw req.sessionStoreDown ? AuthException.sessionStoreUnavailable() : AuthException.unauthenticated();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) throw AuthException.forbidden();
    return true;
  }
}
