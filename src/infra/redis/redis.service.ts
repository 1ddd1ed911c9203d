import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';

/** The application's own Redis connection (sessions, throttling, dev mailbox); BullMQ opens its own. */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(config: AppConfig) {
    this.client = new Redis(config.REDIS_URL, {
      keyPrefix: `${config.REDIS_PREFIX}:`,
      maxRetriesPerRequest: 1,
      connectTimeout: 3000,
      lazyConnect: false,
    });
    // Errors surface on each command; an unhandled 'error' event would only add noise.
    this.client.on('error', () => undefined);
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
