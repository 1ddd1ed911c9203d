import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createHmac, randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { SessionService } from './session.service';

export const SESSION_COOKIE = 'psl_sid';
export const CSRF_COOKIE = 'psl_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

/** Derives the CSRF token bound to a browser's nonce cookie (double submit, signed with the app secret). */
export function csrfTokenFor(nonce: string, secret: string): string {
  return createHmac('sha256', secret).update(`csrf:${nonce}`).digest('base64url');
}

/**
 * Resolves the session cookie to the signed-in user on every request and gives every browser a CSRF
 * nonce. The user is reloaded each time so a suspended organisation or a changed role takes effect at once.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  private readonly logger = new Logger(SessionMiddleware.name);
  private readonly secure: boolean;

  constructor(
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
  ) {
    this.secure = config.PUBLIC_URL.startsWith('https://');
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
    let nonce = cookies[CSRF_COOKIE];
    if (!nonce || !/^[A-Za-z0-9_-]{20,64}$/.test(nonce)) {
      nonce = randomBytes(24).toString('base64url');
      res.cookie(CSRF_COOKIE, nonce, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/' });
    }
    req.csrfToken = csrfTokenFor(nonce, this.config.APP_SECRET);

    const sid = cookies[SESSION_COOKIE];
    if (sid && sid.length <= 100) {
      try {
        const user = await this.sessions.resolveUser(sid);
        if (user) {
          req.user = user;
          req.sessionId = sid;
        } else {
          res.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      } catch (error) {
        req.sessionStoreDown = true;
        this.logger.warn({ msg: 'session lookup failed', error: (error as Error).message });
      }
    }
    res.locals.currentUser = req.user;
    res.locals.csrfToken = req.csrfToken;
    res.locals.demoMode = this.config.DEMO_MODE;
    next();
  }

  setSessionCookie(res: Response, sessionId: string): void {
    res.cookie(SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      path: '/',
      maxAge: this.config.SESSION_TTL_MINUTES * 60_000,
    });
  }
}
