import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

/** A refusal the server gives at one SMTP step, e.g. `{ code: 550, message: '5.1.1 No such user' }`. */
export interface ScriptedReply {
  code: number;
  message: string;
}

export interface ScriptedSmtpOptions {
  /** Called at MAIL FROM; a reply refuses the sender. */
  onMailFrom?: (from: string) => ScriptedReply | null;
  /** Called at RCPT TO; a reply refuses the recipient. */
  onRcptTo?: (to: string) => ScriptedReply | null;
  /** Called once the message is received, before the server answers DATA; a reply refuses the message. */
  onData?: (to: string[]) => ScriptedReply | null;
}

export interface AcceptedMessage {
  to: string[];
  messageId: string | null;
}

export interface ScriptedSmtp {
  url: string;
  /** Every accepted message, in order. */
  accepted: AcceptedMessage[];
  stop(): Promise<void>;
}

const refusal = (reply: ScriptedReply) => Object.assign(new Error(reply.message), { responseCode: reply.code });

/**
 * An SMTP server on loopback that can refuse at MAIL FROM, RCPT TO or DATA (the catcher of src/dev refuses at
 * DATA only), to exercise how a refusal at each step is classified. Accepted messages are kept by Message-ID.
 */
export async function startScriptedSmtp(options: ScriptedSmtpOptions = {}): Promise<ScriptedSmtp> {
  const { SMTPServer } = require('smtp-server') as typeof import('smtp-server');
  const accepted: AcceptedMessage[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 1000,
    onMailFrom(address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const reply = options.onMailFrom?.(address.address);
      callback(reply ? refusal(reply) : null);
    },
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const reply = options.onRcptTo?.(address.address);
      callback(reply ? refusal(reply) : null);
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const reply = options.onData?.(to);
        if (reply) return callback(refusal(reply));
        const headers = Buffer.concat(chunks).toString('utf8').split(/\r?\n\r?\n/)[0];
        accepted.push({ to, messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(headers)?.[1] ?? null });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
