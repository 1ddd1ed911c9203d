import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { isNonEssential } from '../../infra/mail/email-categories';
import { DeliveryStatus } from '../../infra/mail/email-delivery.entity';
import { isEmailTemplate } from '../../infra/mail/email-templates';
import { MailRenderer } from '../../infra/mail/mail-renderer';
import { MailTransport, SmtpError } from '../../infra/mail/mail-transport.service';
import { SmtpRefusal } from '../../infra/mail/smtp-refusal';
import { EmailDeliveryRepository } from './email-delivery.repository';
import { EmailOutboxPayload } from './email-outbox.service';
import { EmailPropsBuilder, MissingEmailReferenceError } from './email-props.builder';

export type DeliveryOutcome = 'sent' | 'already-sent' | 'skipped' | 'suppressed';

/** Where the attempt under way stands in the queue's retries. */
export interface AttemptContext {
  /** Delay before the queue runs the job again if this attempt fails temporarily; null when it is the last. */
  retryInMs: number | null;
}

/** Outside the queue (tests, scripts) there is no retry to announce. */
const LAST_ATTEMPT: AttemptContext = { retryInMs: null };

const FRENCH_DAY = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });

/** Reasons shown to staff on the e-mail monitor. */
export const NOT_SENT_REASONS = {
  recipientGone: 'Le destinataire n’existe plus.',
  optedOut: 'Le destinataire a désactivé les e-mails non essentiels.',
  suppressed: (since: Date, code: number | null) =>
    `Adresse bloquée depuis un refus définitif${code ? ` (code ${code})` : ''} le ${FRENCH_DAY.format(since)} : débloquez-la pour relancer.`,
} as const;

/** Message-ID derived from the outbox id: a resend after a crash carries the same id, so mail systems can drop it. */
export function messageIdFor(outboxId: string, publicUrl: string): string {
  return `<outbox-${outboxId}@${new URL(publicUrl).hostname}>`;
}

/**
 * Sends the e-mail of one outbox row, at most once per claim of its delivery row.
 *
 * Delivery is at least once, with a stable Message-ID. The one window where a message can go out twice: a worker
 * dies (SIGKILL, out of memory, lost host) after the SMTP server has received the end of DATA and before the
 * `sent` update below commits, i.e. while the server's 250 is in flight or just after it. The delivery row then
 * stays `sending`; BullMQ hands the job to another worker once its lock expires (lockDuration) and `claim` lets that
 * worker take the row over and send again, with the same Message-ID. Dying any earlier (before the end of DATA)
 * loses nothing and sends once; dying later (after the commit) sends once. At most one message per job the dead
 * worker was running can be duplicated, so a crash duplicates at most the worker's concurrency. The same happens
 * without a crash when the connection drops between the end of DATA and the server's reply: the attempt fails
 * without a reply code and is retried. SMTP has no way to ask a server whether it already took a message, so
 * closing the window would mean losing messages instead; receiving systems that deduplicate do so by Message-ID.
 */
@Injectable()
export class EmailDeliveryService {
  private readonly logger = new Logger(EmailDeliveryService.name);

  constructor(
    private readonly deliveries: EmailDeliveryRepository,
    private readonly props: EmailPropsBuilder,
    private readonly renderer: MailRenderer,
    private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  async deliver(outboxId: string, attempt: AttemptContext = LAST_ATTEMPT): Promise<DeliveryOutcome> {
    const email = await this.deliveries.load(outboxId);
    if (!email) throw new UnrecoverableError(`outbox row ${outboxId} not found`);
    const payload = email.payload as unknown as EmailOutboxPayload;
    const template = payload.template;
    if (!isEmailTemplate(template)) throw new UnrecoverableError(`unknown e-mail template in outbox row ${outboxId}`);
    const recipient = email.recipient;
    const messageId = messageIdFor(outboxId, this.config.PUBLIC_URL);
    const state = await this.deliveries.claim(outboxId, template, recipient?.id ?? null, messageId);
    if (!state) return 'already-sent';
    if (!recipient) {
      await this.deliveries.markNotSent(outboxId, DeliveryStatus.Skipped, NOT_SENT_REASONS.recipientGone);
      return 'skipped';
    }
    if (isNonEssential(template) && !state.nonEssential) {
      await this.deliveries.markNotSent(outboxId, DeliveryStatus.Skipped, NOT_SENT_REASONS.optedOut);
      return 'skipped';
    }
    if (state.suppression) {
      await this.deliveries.markNotSent(outboxId, DeliveryStatus.Suppressed, NOT_SENT_REASONS.suppressed(state.suppression.createdAt, state.suppression.smtpCode));
      this.logger.warn({ msg: 'e-mail not sent: address suppressed', outboxId, template });
      return 'suppressed';
    }
    try {
      const props = await this.props.build(template, recipient, payload);
      await this.transport.send(recipient.email, this.renderer.render(template, props as never), messageId);
    } catch (error) {
      throw await this.recordFailure(outboxId, template, recipient, error as Error, attempt);
    }
    await this.deliveries.markSent(outboxId);
    this.logger.log({ msg: 'e-mail sent', outboxId, template });
    return 'sent';
  }

  /** Records why the send failed and returns what to throw: UnrecoverableError stops the queue's retries. */
  private async recordFailure(outboxId: string, template: string, recipient: { id: string; email: string }, error: Error, attempt: AttemptContext): Promise<Error> {
    const smtp = error instanceof SmtpError ? error : null;
    const failure = { error: error.message, smtpCode: smtp?.responseCode };
    const log = { outboxId, template, code: smtp?.responseCode, command: smtp?.command };
    if (error instanceof MissingEmailReferenceError || smtp?.refusal === SmtpRefusal.ServerRefused) {
      await this.deliveries.markFailed(outboxId, failure, null);
      this.logger.warn({ msg: 'e-mail failed for good', ...log });
      return new UnrecoverableError(error.message);
    }
    if (smtp?.refusal === SmtpRefusal.BadRecipient || smtp?.refusal === SmtpRefusal.MessageRefused) {
      const suppress = smtp.refusal === SmtpRefusal.BadRecipient ? { email: recipient.email, userId: recipient.id } : null;
      await this.deliveries.markBounced(outboxId, failure, suppress);
      this.logger.warn({ msg: suppress ? 'e-mail bounced, address suppressed' : 'e-mail bounced', ...log });
      return new UnrecoverableError(error.message);
    }
    await this.deliveries.markFailed(outboxId, failure, attempt.retryInMs);
    this.logger.warn({ msg: attempt.retryInMs === null ? 'e-mail not sent, no attempt left' : 'e-mail not sent, will retry', ...log, retryInMs: attempt.retryInMs });
    return error;
  }
}
