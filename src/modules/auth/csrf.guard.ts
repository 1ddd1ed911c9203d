import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { wantsJson } from '../../common/http/problem.filter';
import { AuthException } from './auth.exception';
import { CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE } from './session.middleware';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Global guard against cross-site requests. HTML forms always carry the token; API calls must send it in
 * a header whenever they ride on a session cookie (API calls without cookies carry no ambient authority).
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    const expected = req.csrfToken ?? '';
    if (wantsJson(req)) {
      const hasSession = Boolean((req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE]);
      if (!hasSession) return true;
      const header = req.headers[CSRF_HEADER];
      if (typeof header === 'string' && same(header, expected)) return true;
      throw AuthException.csrf();
    }
    const field = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (typeof field === 'string' && same(field, expected)) return true;
    throw AuthException.csrf();
  }
}
