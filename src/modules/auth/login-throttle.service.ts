import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { RedisService } from '../../infra/redis/redis.service';
import { AuthException } from './auth.exception';

/** Counts failed logins per account and per client address in Redis, so every replica sees the same counts. */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  private keys(email: string, ip: string): [string, string] {
    const digest = (v: string) => createHash('sha256').update(v).digest('base64url').slice(0, 24);
    return [`login-fail:account:${digest(email)}`, `login-fail:ip:${digest(ip)}`];
  }

  /**
   * Seconds to wait before the next attempt, or 0 when attempts are allowed. Without Redis the counts cannot be
   * read, and a login without throttling would open the door to guessing: it is refused with a 503 instead.
   */
  async retryAfter(email: string, ip: string): Promise<number> {
    const [account, address] = this.keys(email, ip);
    let counts: [unknown, string | null][];
    try {
      counts = (await this.redis.client.multi().get(account).get(address).exec()) as [unknown, string | null][];
    } catch {
      throw AuthException.sessionStoreUnavailable();
    }
    const [[, a], [, b]] = counts;
    const accountBlocked = Number(a ?? 0) >= this.config.LOGIN_MAX_FAILURES;
    // One address may serve a whole prison or office: allow it more failures than one account.
    const addressBlocked = Number(b ?? 0) >= this.config.LOGIN_MAX_FAILURES * 4;
    if (!accountBlocked && !addressBlocked) return 0;
    const ttl = await this.redis.client.ttl(accountBlocked ? account : address);
    return ttl > 0 ? ttl : this.config.LOGIN_LOCK_MINUTES * 60;
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const window = this.config.LOGIN_LOCK_MINUTES * 60;
    const multi = this.redis.client.multi();
    for (const k of this.keys(email, ip)) multi.incr(k).expire(k, window, 'NX');
    await multi.exec();
  }

  async reset(email: string): Promise<void> {
    await this.redis.client.del(this.keys(email, '')[0]);
  }
}
