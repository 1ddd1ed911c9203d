import { randomUUID } from 'node:crypto';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/**
 * Development/test/demo helper: a local SMTP server that accepts every message
 * instead of delivering it. Production never uses this; it relays through the
 * SMTP server configured for the deployment.
 */

export interface CaughtMail {
  id: string;
  messageId: string | null;
  /** The From header as a mail client would show it, or the envelope sender when the header is missing. */
  from: string;
  /** Envelope recipients, i.e. everyone the message was delivered to, Bcc included. */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  receivedAt: string;
}

export interface SmtpEnvelope {
  from: string;
  to: string[];
}

/** A reply forced on the next messages, e.g. `{ code: 452, message: 'Mailbox full' }`; use 4xx/5xx codes. */
export interface SmtpReply {
  code: number;
  message: string;
}

export type SmtpResponder = (envelope: SmtpEnvelope) => SmtpReply | null;

export interface SmtpCatcher {
  port: number;
  host: string;
  /** smtp://host:port, ready for a nodemailer transport. */
  url: string;
  /** Every accepted message, oldest first. */
  messages: CaughtMail[];
  waitFor(predicate: (m: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  /** Makes the server refuse messages (after DATA) with the returned reply; `null` restores normal acceptance. */
  respondWith(fn: SmtpResponder | null): void;
  stop(): Promise<void>;
}

export interface SmtpCatcherOptions {
  port?: number;
  host?: string;
  /**
   * Called for every accepted message before the client gets its 250. If it throws, the client gets
   * a 451 (temporary failure, retry later) and the message is not recorded.
   */
  onMessage?: (mail: CaughtMail) => void | Promise<void>;
}

const DEFAULT_HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const DEFAULT_WAIT_TIMEOUT_MS = 10_000;
// Pooled nodemailer transports keep idle connections open; do not make stop() wait for them.
const CLOSE_TIMEOUT_MS = 1_000;

interface Waiter {
  predicate: (m: CaughtMail) => boolean;
  resolve(mail: CaughtMail): void;
  reject(err: Error): void;
}

export async function startSmtpCatcher(options: SmtpCatcherOptions = {}): Promise<SmtpCatcher> {
  // Loaded lazily: both are devDependencies and must stay out of production code paths.
  const { SMTPServer } = require('smtp-server') as typeof import('smtp-server');
  const { simpleParser } = require('mailparser') as typeof import('mailparser');

  const host = options.host ?? DEFAULT_HOST;
  const messages: CaughtMail[] = [];
  const waiters = new Set<Waiter>();
  let responder: SmtpResponder | null = null;

  const receive = async (stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> => {
    // The whole DATA stream has to be consumed before replying, even when refusing the message.
    const raw = await readAll(stream);
    if (stream.sizeExceeded) {
      throw smtpError(552, `Message exceeds the ${MAX_MESSAGE_BYTES} bytes limit`);
    }
    const envelope: SmtpEnvelope = {
      from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
      to: session.envelope.rcptTo.map((recipient) => recipient.address),
    };
    const forced = responder?.(envelope) ?? null;
    if (forced !== null) {
      throw smtpError(forced.code, forced.message);
    }

    const parsed = await simpleParser(raw);
    const mail: CaughtMail = {
      id: randomUUID(),
      messageId: parsed.messageId ?? null,
      from: parsed.from?.text ?? envelope.from,
      to: envelope.to,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : null,
      receivedAt: new Date().toISOString(),
    };
    try {
      await options.onMessage?.(mail);
    } catch (err) {
      throw smtpError(451, `Could not store the message: ${toError(err).message}`);
    }
    messages.push(mail);
    for (const waiter of waiters) {
      settleIfMatching(waiter, mail);
    }
  };

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    banner: 'Passerelle SMTP catcher',
    logger: false,
    disableReverseLookup: true,
    closeTimeout: CLOSE_TIMEOUT_MS,
    onData(stream, session, callback) {
      receive(stream, session).then(
        () => callback(),
        (err: unknown) => callback(toError(err)),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After startup the only errors are broken client connections; the clients see those themselves,
  // and an unhandled 'error' event would take the whole test run or demo down.
  server.on('error', () => undefined);

  const address = server.server.address();
  if (address === null || typeof address === 'string') {
    throw new Error(`SMTP catcher is not listening on a TCP port (${String(address)})`);
  }
  const port = address.port;

  let stopping: Promise<void> | null = null;
  return {
    port,
    host,
    url: `smtp://${host.includes(':') ? `[${host}]` : host}:${port}`,
    messages,
    async waitFor(predicate, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS) {
      const already = messages.find(predicate);
      if (already !== undefined) {
        return already;
      }
      if (stopping !== null) {
        throw new Error('SMTP catcher is stopped; no further mail will arrive');
      }
      return new Promise<CaughtMail>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `No mail matching the predicate reached the SMTP catcher within ${timeoutMs} ms ` +
                `(${messages.length} received: ${describe(messages)})`,
            ),
          );
        }, timeoutMs);
        const waiter: Waiter = {
          predicate,
          resolve: (mail) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(mail);
          },
          reject: (err) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            reject(err);
          },
        };
        waiters.add(waiter);
      });
    },
    respondWith(fn) {
      responder = fn;
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        for (const waiter of waiters) {
          waiter.reject(new Error('SMTP catcher stopped before a matching mail arrived'));
        }
        server.close(() => resolve());
      });
      return stopping;
    },
  };
}

function settleIfMatching(waiter: Waiter, mail: CaughtMail): void {
  try {
    if (waiter.predicate(mail)) {
      waiter.resolve(mail);
    }
  } catch (err) {
    waiter.reject(toError(err));
  }
}

/** Duck-typed because errors created in another realm (e.g. Jest's sandbox) fail `instanceof Error`. */
function toError(err: unknown): Error {
  return typeof err === 'object' && err !== null && 'message' in err ? (err as Error) : new Error(String(err));
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    // An oversized message is refused anyway; only drain it instead of buffering it all.
    if (!stream.sizeExceeded) {
      chunks.push(chunk as Buffer);
    }
  }
  return Buffer.concat(chunks);
}

function describe(messages: CaughtMail[]): string {
  if (messages.length === 0) {
    return 'none';
  }
  return messages.map((m) => `"${m.subject}" to ${m.to.join(', ')}`).join('; ');
}
