import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '../../config/app-config';
import { RenderedEmail } from './mail-renderer';
import { classifySmtpRefusal, SmtpRefusal } from './smtp-refusal';

/** SMTP connections kept open to the relay; the e-mail worker runs more jobs than this, so a send never waits on the database. */
export const SMTP_POOL_SIZE = 4;

export class SmtpError extends Error {
  /** What the failure means for the message and the address (retry, bounce, suppress). */
  readonly refusal: SmtpRefusal;

  constructor(
    message: string,
    readonly responseCode: number | undefined,
    /** The command the server answered ("RCPT TO", "DATA", "MAIL FROM"…), as nodemailer names it. */
    readonly command?: string,
    /** The server's reply line, e.g. "550 No such user". */
    readonly response?: string,
  ) {
    super(message);
    this.name = 'SmtpError';
    this.refusal = classifySmtpRefusal(responseCode, command, response);
  }
}

/** The only nodemailer adapter: sends an already rendered message over SMTP. */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter;

  constructor(private readonly config: AppConfig) {
    this.transporter = nodemailer.createTransport({ url: config.SMTP_URL, pool: true, maxConnections: SMTP_POOL_SIZE });
  }

  /**
   * Resolves once the server has accepted the message (its 250 after DATA). A rejection is an SmtpError; when it
   * carries no reply code (connection lost after the data went out), the server may still have accepted it.
   */
  async send(to: string, message: RenderedEmail, messageId: string): Promise<void> {
    try {
      await this.transporter.sendMail({
        from: this.config.MAIL_FROM,
        to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } catch (error) {
      const e = error as Error & { responseCode?: number; command?: string; response?: string };
      throw new SmtpError(e.message, e.responseCode, e.command, typeof e.response === 'string' ? e.response : undefined);
    }
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
