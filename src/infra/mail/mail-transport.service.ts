import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '../../config/app-config';
import { RenderedEmail } from './mail-renderer';

export class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | undefined,
  ) {
    super(message);
    this.name = 'SmtpError';
  }

  /** 5xx answers are permanent: retrying cannot help. */
  get permanent(): boolean {
    return this.responseCode !== undefined && this.responseCode >= 500;
  }
}

/** The only nodemailer adapter: sends an already rendered message over SMTP. */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter;

  constructor(private readonly config: AppConfig) {
    this.transporter = nodemailer.createTransport({ url: config.SMTP_URL, pool: true, maxConnections: 4 });
  }

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
      const e = error as Error & { responseCode?: number };
      throw new SmtpError(e.message, e.responseCode);
    }
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
