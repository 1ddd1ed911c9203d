import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../../modules/users/user.entity';

export const PUBLIC_KEY = 'passerelle:public';
export const ROLES_KEY = 'passerelle:roles';

/** Route open to anonymous visitors. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Route restricted to these roles (signed-in users of other roles get 403). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<Request>().user);
