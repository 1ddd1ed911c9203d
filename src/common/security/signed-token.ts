import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'verify-email' | 'password-reset' | 'invitation';

export interface TokenClaims {
  purpose: TokenPurpose;
  userId: string;
  /** Seconds since epoch. */
  expiresAt: number;
  /** Digest of the state the token is bound to (e.g. the password hash): the token dies when it changes. */
  fingerprint: string;
}

/** Digest used to bind a token to a piece of server state without revealing it. */
export function fingerprintOf(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

/**
 * Stateless HMAC tokens for e-mail links. Being derivable from ids, they let the worker build links
 * at render time, so job payloads and outbox rows never carry a secret.
 */
export class SignedTokens {
  constructor(private readonly secret: string) {}

  sign(claims: TokenClaims): string {
    const body = Buffer.from(JSON.stringify([claims.purpose, claims.userId, claims.expiresAt, claims.fingerprint])).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** Returns the claims of an authentic, unexpired token of the given purpose, or null. */
  verify(token: string, purpose: TokenPurpose, nowSeconds: number): TokenClaims | null {
    if (typeof token !== 'string' || token.length > 1000) return null;
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const [p, userId, expiresAt, fingerprint] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [string, string, number, string];
      if (p !== purpose || typeof expiresAt !== 'number' || expiresAt < nowSeconds) return null;
      return { purpose, userId, expiresAt, fingerprint };
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(`token:${body}`).digest('base64url');
  }
}
