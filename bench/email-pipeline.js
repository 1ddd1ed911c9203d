#!/usr/bin/env node
'use strict';
/*
 * E-mail pipeline (issue 6), side by side with nodemailer alone, in one run:
 *  - pipeline: N e-mails (default 10,000) written to the outbox through EmailOutboxService in one transaction;
 *    from its commit, the worker in-process (LISTEN/NOTIFY relay → BullMQ, job id = outbox id → EmailProcessor:
 *    load the row and the recipient, claim the delivery, build the props, render Handlebars, send, record) until
 *    the SMTP server has received N distinct messages;
 *  - direct: the same N messages, rendered beforehand (not timed) by the same renderer with the same props, sent
 *    by a nodemailer transport with the same options and pool size (SMTP_POOL_SIZE) as MailTransport, all handed
 *    to it at once, until the server has received N distinct messages.
 * Rounds alternate which side goes first; the figures are medians.
 * The SMTP server (the smtp-server package) runs in a child process on loopback: it accepts every message and
 * counts Message-IDs (so both sides pay the same server). Goal: pipeline throughput ≥ 0.5 × direct.
 * Each run must deliver exactly N distinct messages and no duplicate, else it is not a result.
 * Setup: scratch database migrated from dist/, 20 employer organisations of 10 users each; e-mails alternate
 * verify-email (a signed link) and organisation-approved (an organisation read). Redis keys under a prefix of the
 * run's own. Everything is stopped and dropped at the end, even on failure.
 * Exit code: 0 with figures (goal met or missed), 3 when a run lost or duplicated messages, 1 on a setup error,
 * 2 for a bad argument or a missing build.
 * Usage: npm run build && node bench/email-pipeline.js [emails=10000] [rounds=3]
 * Env: REDIS_URL (redis://127.0.0.1:6379), BENCH_PG_ADMIN_URL, BENCH_WARMUP (500 e-mails per side, not counted).
 */
const os = require('node:os');
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { setTimeout: sleep } = require('node:timers/promises');
const { ROOT, requireBuild, scratchDatabase, timed, median, positive, verdict, now, ownCpu, processCpu, flushRedis } = require('./support');

const EMAILS = positive(process.argv[2], 10_000, 'emails');
const ROUNDS = positive(process.argv[3], 3, 'rounds');
const WARMUP = positive(process.env.BENCH_WARMUP, 500, 'BENCH_WARMUP', 0);
const ORGANISATIONS = 20;
const USERS_PER_ORGANISATION = 10;
const DONE_TIMEOUT_MS = 600_000;
const PUBLIC_URL = 'https://passerelle.bench';


/**
 * The SMTP server's process: accepts every message, reads its Message-ID from the headers, and tells the bench
 * (over IPC) once the expected number of distinct ids has arrived, with the number of messages received.
 */
const SMTP_SERVER = `
const { SMTPServer } = require('smtp-server');
let expected = Infinity;
let received = 0;
let ids = new Set();
const settle = () => {
  if (ids.size >= expected) {
    process.send({ type: 'done', received, distinct: ids.size });
    expected = Infinity;
  }
};
const server = new SMTPServer({
  secure: false, authOptional: true, disabledCommands: ['STARTTLS'], logger: false, disableReverseLookup: true,
  size: 10 * 1024 * 1024, closeTimeout: 1000,
  onData(stream, session, callback) {
    let head = '';
    let found = null;
    stream.on('data', (chunk) => {
      if (found !== null) return;
      head += chunk.toString('latin1');
      const end = head.indexOf('\\r\\n\\r\\n');
      if (end >= 0) {
        found = (/^Message-ID:\\s*(<[^>]+>)/im.exec(head.slice(0, end)) || [])[1] || '';
        head = '';
      }
    });
    stream.on('end', () => {
      received++;
      ids.add(found || 'missing');
      callback();
      settle();
    });
  },
});
server.on('error', () => undefined);
process.on('message', (m) => {
  if (m.type === 'expect') {
    received = 0;
    ids = new Set();
    expected = m.count;
    process.send({ type: 'ready' });
  } else if (m.type === 'count') {
    process.send({ type: 'count', received, distinct: ids.size });
  } else if (m.type === 'stop') {
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.server.address().port }));
`;

function startSmtpServer() {
  const child = spawn(process.execPath, ['-e', SMTP_SERVER], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiters = [];
  child.on('message', (m) => {
    const index = waiters.findIndex((w) => w.type === m.type);
    if (index >= 0) waiters.splice(index, 1)[0].resolve(m);
  });
  const next = (type, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`SMTP server: no "${type}" after ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ type, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  return {
    child,
    listening: next('listening'),
    /** Resets the counters; then `done` resolves when `count` distinct messages have arrived. */
    async expect(count) {
      const ready = next('ready');
      const done = next('done', DONE_TIMEOUT_MS);
      child.send({ type: 'expect', count });
      await ready;
      return { done };
    },
    async count() {
      const answer = next('count');
      child.send({ type: 'count' });
      return answer;
    },
    stop() {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
        child.send({ type: 'stop' });
      });
    },
  };
}

async function main() {
  const dist = requireBuild();
  const { NestFactory } = require('@nestjs/core');
  const nodemailer = require('nodemailer');
  const Redis = require('ioredis');

  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const redisPrefix = `pbench-mail-${Date.now()}`;
  const db = await scratchDatabase();
  let smtp;
  let worker;
  let transport;
  let exitCode = 0;
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      const step = (label, work) => work().catch((error) => console.error(`cleanup, ${label}: ${error.message}`));
      if (transport) transport.close();
      if (worker) await step('worker', () => worker.close());
      if (smtp) await step('smtp server', () => smtp.stop());
      await step('redis', () => flushRedis(redisUrl, redisPrefix));
      await step('database', () => db.drop());
    })());
  const interrupted = (signal) => {
    console.error(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    smtp = startSmtpServer();
    const { port: smtpPort } = await smtp.listening;
    Object.assign(process.env, {
      // Production settings (a Meilisearch key is mandatory there; the e-mail pipeline does not use Meilisearch).
      NODE_ENV: 'production',
      APP_SECRET: randomBytes(32).toString('hex'),
      MEILI_URL: 'http://127.0.0.1:9',
      MEILI_MASTER_KEY: randomBytes(16).toString('hex'),
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      PUBLIC_URL,
      LOG_LEVEL: 'error',
    });
    const config = dist('config/app-config').loadConfig();
    const setup = await timed(async () => {
      const ds = dist('database/data-source').createDataSource(config, 'bench');
      await ds.initialize();
      await dist('database/migrate').runMigrations(ds);
      await ds.destroy();
    });

    // --------------------------------------------------------------------------------------- prepare
    const { WorkerModule } = dist('worker.module');
    const { JsonLogger } = dist('common/logging/json-logger');
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: new JsonLogger('error', 'worker') });
    const { DataSource } = require('typeorm');
    const ds = worker.get(DataSource);
    const { Organisation, OrganisationKind, OrganisationStatus } = dist('modules/organisations/organisation.entity');
    const organisations = [];
    for (let i = 0; i < ORGANISATIONS; i++) {
      organisations.push(
        await ds.getRepository(Organisation).save({ name: `Entreprise ${i + 1} du banc`, kind: OrganisationKind.Company, status: OrganisationStatus.Active, siret: null }),
      );
    }
    const users = await ds.query(
      `INSERT INTO users (email, password_hash, display_name, role, organisation_id, organisation_role, email_verified_at)
       SELECT 'destinataire-' || o.n || '-' || u || '@banc.example', 'x', 'Destinataire ' || o.n || '-' || u, 'employer', o.id, 'owner', now()
         FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, n), generate_series(1, $2) AS u
       RETURNING id, organisation_id AS "organisationId"`,
      [organisations.map((o) => o.id), USERS_PER_ORGANISATION],
    );
    const versions = {
      node: process.version,
      postgres: (await ds.query('SHOW server_version'))[0].server_version,
      redis: await redisVersion(redisUrl),
    };

    const { TransactionRunner } = dist('database/transaction-runner');
    const { EmailOutboxService } = dist('modules/notifications/email-outbox.service');
    const { EmailPropsBuilder } = dist('modules/notifications/email-props.builder');
    const { messageIdFor } = dist('modules/notifications/email-delivery.service');
    const { EMAIL_CONCURRENCY } = dist('modules/notifications/email.processor');
    const { MailRenderer } = dist('infra/mail/mail-renderer');
    const { SMTP_POOL_SIZE } = dist('infra/mail/mail-transport.service');
    const { UsersRepository } = dist('modules/users/users.repository');
    const tx = worker.get(TransactionRunner);
    const emails = worker.get(EmailOutboxService);
    const props = worker.get(EmailPropsBuilder);
    const renderer = worker.get(MailRenderer);
    const usersRepository = worker.get(UsersRepository);
    const emailOf = (i) => {
      const user = users[i % users.length];
      return i % 2 === 0 ? { template: 'verify-email', userId: user.id, refs: {} } : { template: 'organisation-approved', userId: user.id, refs: { organisationId: user.organisationId } };
    };

    /** Writes n e-mails to the outbox in one transaction (as a producer does); returns their ids and the commit time. */
    const produce = async (n) => {
      const ids = [];
      const written = await timed(() =>
        tx.run(async (manager) => {
          for (let i = 0; i < n; i++) {
            const e = emailOf(i);
            ids.push(await emails.queue(manager, e.template, e.userId, e.refs));
          }
        }),
      );
      return { ids, writeMs: written.ms, committedAt: now() };
    };

    const pipeline = async (n) => {
      const { done } = await smtp.expect(n);
      const { ids, writeMs, committedAt } = await produce(n);
      const cpu0 = ownCpu();
      const smtpCpu0 = processCpu(smtp.child.pid);
      const result = await done;
      const ms = now() - committedAt;
      const cpu = ownCpu() - cpu0;
      const smtpCpu = processCpu(smtp.child.pid) - smtpCpu0;
      // The last "sent" is recorded just after the server's 250: wait for it before checking the rows.
      let sent = 0;
      for (let tries = 0; tries < 200; tries++) {
        sent = (await ds.query(`SELECT count(*)::int AS n FROM email_deliveries WHERE outbox_id = ANY($1::bigint[]) AND status = 'sent'`, [ids]))[0].n;
        if (sent === n) break;
        await sleep(25);
      }
      await sleep(200);
      const late = await smtp.count();
      return { ms, writeMs, received: late.received, distinct: late.distinct, reported: result, sent, cpu, smtpCpu };
    };

    /**
     * The direct side's messages, rendered beforehand (not timed) as the worker renders them: the same e-mails (the
     * same templates, recipients and props in the same order), with Message-IDs of their own.
     */
    const prerender = async (n, tag) => {
      const recipients = new Map();
      const messages = [];
      for (let i = 0; i < n; i++) {
        const e = emailOf(i);
        if (!recipients.has(e.userId)) recipients.set(e.userId, await usersRepository.findById(e.userId));
        const recipient = recipients.get(e.userId);
        const rendered = renderer.render(e.template, await props.build(e.template, recipient, e.refs));
        messages.push({ to: recipient.email, rendered, messageId: messageIdFor(`${tag}-${i}`, PUBLIC_URL) });
      }
      return messages;
    };

    transport = nodemailer.createTransport({ url: config.SMTP_URL, pool: true, maxConnections: SMTP_POOL_SIZE });
    const direct = async (messages) => {
      const { done } = await smtp.expect(messages.length);
      const cpu0 = ownCpu();
      const smtpCpu0 = processCpu(smtp.child.pid);
      const start = now();
      await Promise.all(
        messages.map((m) =>
          transport.sendMail({
            from: config.MAIL_FROM,
            to: m.to,
            subject: m.rendered.subject,
            html: m.rendered.html,
            text: m.rendered.text,
            messageId: m.messageId,
            headers: { 'Auto-Submitted': 'auto-generated' },
          }),
        ),
      );
      const result = await done;
      const ms = now() - start;
      const cpu = ownCpu() - cpu0;
      const smtpCpu = processCpu(smtp.child.pid) - smtpCpu0;
      await sleep(200);
      const late = await smtp.count();
      return { ms, received: late.received, distinct: late.distinct, reported: result, cpu, smtpCpu };
    };

    // ------------------------------------------------------------------------------------------ run
    if (WARMUP > 0) {
      await pipeline(WARMUP);
      await direct(await prerender(WARMUP, 'warm-up'));
    }
    const runs = { pipeline: [], direct: [] };
    const problems = [];
    let messageBytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const messages = await prerender(EMAILS, `direct-${round + 1}`);
      messageBytes = messages.reduce((sum, m) => sum + Buffer.byteLength(m.rendered.html) + Buffer.byteLength(m.rendered.text), 0) / messages.length;
      // Alternate which side goes first, so that neither always runs on a warmer (or more loaded) machine.
      for (const side of round % 2 === 0 ? ['pipeline', 'direct'] : ['direct', 'pipeline']) {
        const r = side === 'pipeline' ? await pipeline(EMAILS) : await direct(messages);
        runs[side].push(r);
        if (r.distinct !== EMAILS || r.received !== EMAILS) problems.push(`${side} round ${round + 1}: ${r.received} messages received, ${r.distinct} distinct (expected ${EMAILS})`);
        if (side === 'pipeline' && r.sent !== EMAILS) problems.push(`pipeline round ${round + 1}: ${r.sent} deliveries recorded as sent (expected ${EMAILS})`);
      }
    }

    // --------------------------------------------------------------------------------------- report
    const loadAfter = os.loadavg();
    const cpus = os.cpus();
    const line = (label, value, note = '') => console.log(`  ${label.padEnd(46)} ${value}${note ? `   ${note}` : ''}`);
    const rate = (r) => EMAILS / (r.ms / 1000);
    const pipelineRate = median(runs.pipeline.map(rate));
    const directRate = median(runs.direct.map(rate));
    const ratio = pipelineRate / directRate;
    console.log(`E-mail pipeline benchmark (issue 6) — ${startedAt.toISOString()}`);
    console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`versions: Node ${versions.node}, PostgreSQL ${versions.postgres}, Redis ${versions.redis}; worker NODE_ENV=${config.NODE_ENV}, in this process`);
    console.log(`setup: migrations ${(setup.ms / 1000).toFixed(1)} s; ${users.length} recipients in ${ORGANISATIONS} organisations; e-mails alternate verify-email / organisation-approved, ${(messageBytes / 1024).toFixed(1)} KiB (html + text) each`);
    console.log(`settings: SMTP pool ${SMTP_POOL_SIZE} connections on both sides; worker concurrency ${EMAIL_CONCURRENCY}; OUTBOX_POLL_MS ${config.OUTBOX_POLL_MS} (the relay is woken by NOTIFY); warm-up ${WARMUP} e-mails per side, not counted`);
    console.log('');
    console.log(`${EMAILS} e-mails per run, ${ROUNDS} round${ROUNDS > 1 ? 's' : ''} alternating which side goes first (medians); SMTP server (smtp-server) in a child process on loopback`);
    line('nodemailer direct, pre-rendered', `${directRate.toFixed(0).padStart(6)} e-mails/s`, `(${median(runs.direct.map((r) => r.ms)).toFixed(0)} ms)`);
    line('outbox → BullMQ → render → SMTP', `${pipelineRate.toFixed(0).padStart(6)} e-mails/s`, `(${median(runs.pipeline.map((r) => r.ms)).toFixed(0)} ms from the commit to the last message)`);
    line('ratio pipeline / direct', `${ratio.toFixed(2)}`, `(goal ≥ 0.5) ${verdict(ratio >= 0.5)}`);
    line('all runs (e-mails/s)', `direct ${runs.direct.map((r) => rate(r).toFixed(0)).join(' ')} | pipeline ${runs.pipeline.map((r) => rate(r).toFixed(0)).join(' ')}`);
    line('producer: writing the outbox rows', `${median(runs.pipeline.map((r) => r.writeMs)).toFixed(0)} ms`, '(EmailOutboxService.queue in one transaction; not counted above)');
    line('CPU per e-mail, this process', `direct ${(median(runs.direct.map((r) => r.cpu)) / EMAILS).toFixed(3)} ms | pipeline ${(median(runs.pipeline.map((r) => r.cpu)) / EMAILS).toFixed(3)} ms`, '(pipeline: relay, worker and the send, from the commit)');
    line('CPU per e-mail, SMTP server', `direct ${(median(runs.direct.map((r) => r.smtpCpu)) / EMAILS).toFixed(3)} ms | pipeline ${(median(runs.pipeline.map((r) => r.smtpCpu)) / EMAILS).toFixed(3)} ms`);
    const check = (r) => `${r.distinct} distinct of ${r.received} received`;
    line('check', `direct ${runs.direct.map(check).join(', ')} | pipeline ${runs.pipeline.map(check).join(', ')}; deliveries sent ${runs.pipeline.map((r) => r.sent).join(', ')}`);
    if (problems.length) {
      console.log(`  NOT A RESULT: ${problems.join('; ')}`);
      exitCode = 3;
    }
  } finally {
    await cleanup();
  }
  return exitCode;

  async function redisVersion(url) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      return /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
    } finally {
      redis.disconnect();
    }
  }

}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
