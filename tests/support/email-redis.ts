import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { findFreePort } from '../../src/dev/free-port';
import { waitFor } from './wait-for';

/** Removes every key of a prefix (scan, not KEYS: the shared Redis serves other test files meanwhile). */
export async function flushRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface PrivateRedis {
  url: string;
  /** Kills the server (SIGKILL, as a crash would); its data survives in the append-only file. */
  crash(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops it for good and removes its data. */
  destroy(): Promise<void>;
}

/**
 * A redis-server of a test's own, on a free loopback port, for tests that stop Redis: the shared one must keep
 * running for the other test files. Writes are fsynced to an append-only file before Redis answers, as a
 * production Redis holding BullMQ queues should be configured, so a crash loses no acknowledged job.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await findFreePort();
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--daemonize', 'no'];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    server = child;
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitFor('the private redis-server to answer', async () => {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } finally {
        probe.disconnect();
      }
    }, 10_000);
  };
  const kill = async () => {
    server?.kill('SIGKILL');
    await exited;
    server = undefined;
  };

  await start();
  return {
    url,
    crash: kill,
    restart: start,
    destroy: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
