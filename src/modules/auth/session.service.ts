import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { RedisService } from '../../infra/redis/redis.service';

interface StoredSession {
  userId: string;
  createdAt: string;
}

const key = (sid: string) => `session:${createHash('sha256').update(sid).digest('base64url')}`;
const userKey = (userId: string) => `user-sessions:${userId}`;

/**
 * Server-side sessions in Redis, shared by every api replica. Only a digest of the cookie value is
 * stored, so a Redis dump does not yield usable cookies.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  private get ttlSeconds(): number {
    return this.config.SESSION_TTL_MINUTES * 60;
  }

  async create(userId: string): Promise<string> {
    const sid = randomBytes(32).toString('base64url');
    const value: StoredSession = { userId, createdAt: new Date().toISOString() };
    await this.redis.client
      .multi()
      .set(key(sid), JSON.stringify(value), 'EX', this.ttlSeconds)
      .sadd(userKey(userId), key(sid))
      .expire(userKey(userId), this.ttlSeconds)
      .exec();
    return sid;
  }

  /** Returns the user id of a live session and slides its expiry. */
  async resolve(sid: string): Promise<string | null> {
    const raw = await this.redis.client.getex(key(sid), 'EX', this.ttlSeconds);
    if (!raw) return null;
    return (JSON.parse(raw) as StoredSession).userId;
  }

  async destroy(sid: string): Promise<void> {
    await this.redis.client.del(key(sid));
  }

  /** Ends every session of a user (after a password reset). */
  async destroyAllForUser(userId: string): Promise<void> {
    const keys = await this.redis.client.smembers(userKey(userId));
    // Keys in the set already carry the prefix-less name; ioredis adds the prefix on DEL.
    if (keys.length) await this.redis.client.del(...keys);
    await this.redis.client.del(userKey(userId));
  }
}
