import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppConfig } from '../../config/app-config';
import { SessionsRepository } from './sessions.repository';

/** Only a digest of the cookie value is stored, so a database dump does not yield usable cookies. */
const digest = (sid: string) => createHash('sha256').update(sid).digest('base64url');

/**
 * Server-side sessions in PostgreSQL, shared by every api replica. They used to live in Redis; they moved so
 * that requests keep being served while Redis (queues, throttling) is away (issue 6): the outbox keeps what
 * must be queued until it is back.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly repository: SessionsRepository,
    private readonly config: AppConfig,
  ) {}

  private get ttlSeconds(): number {
    return this.config.SESSION_TTL_MINUTES * 60;
  }

  async create(userId: string): Promise<string> {
    const sid = randomBytes(32).toString('base64url');
    await this.repository.insert(digest(sid), userId, this.ttlSeconds);
    return sid;
  }

  /** The user of a live session (with its organisation), sliding the session's expiry; null when there is none. */
  resolveUser(sid: string): Promise<AuthUser | null> {
    return this.repository.findUser(digest(sid), this.ttlSeconds);
  }

  async destroy(sid: string): Promise<void> {
    await this.repository.delete(digest(sid));
  }

  /** Ends every session of a user (after a password reset, or when an owner removes a member). */
  async destroyAllForUser(userId: string): Promise<void> {
    await this.repository.deleteAllForUser(userId);
  }
}
