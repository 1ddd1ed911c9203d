import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { DeliveryStatus } from '../../infra/mail/email-delivery.entity';
import { isEmailTemplate } from '../../infra/mail/email-templates';
import { MailRenderer } from '../../infra/mail/mail-renderer';
import { MailTransport, SmtpError } from '../../infra/mail/mail-transport.service';
import { OutboxRepository } from '../../infra/outbox/outbox.repository';
import { UsersRepository } from '../users/users.repository';
import { EmailDeliveryRepository } from './email-delivery.repository';
import { EmailOutboxPayload } from './email-outbox.service';
import { EmailPropsBuilder, MissingEmailReferenceError } from './email-props.builder';

export type DeliveryOutcome = 'sent' | 'already-sent' | 'skipped';

/** Message-ID derived from the outbox id: a resend after a crash carries the same id, so mail systems can drop it. */
export function messageIdFor(outboxId: string, publicUrl: string): string {
  return `<outbox-${outboxId}@${new URL(publicUrl).hostname}>`;
}

/** Sends the e-mail of one outbox row, at most once. */
@Injectable()
export class EmailDeliveryService {
  private readonly logger = new Logger(EmailDeliveryService.name);

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly deliveries: EmailDeliveryRepository,
    private readonly users: UsersRepository,
    private readonly props: EmailPropsBuilder,
    private readonly renderer: MailRenderer,
    private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  async deliver(outboxId: string): Promise<DeliveryOutcome> {
    const row = await this.outbox.findById(outboxId);
    if (!row) throw new UnrecoverableError(`outbox row ${outboxId} not found`);
    const payload = row.payload as unknown as EmailOutboxPayload;
    if (!isEmailTemplate(payload.template)) throw new UnrecoverableError(`unknown e-mail template in outbox row ${outboxId}`);
    const recipient = await this.users.findById(payload.recipientUserId);
    const messageId = messageIdFor(outboxId, this.config.PUBLIC_URL);
    if (!(await this.deliveries.claim(outboxId, payload.template, recipient?.id ?? null, messageId))) return 'already-sent';
    if (!recipient) {
      await this.deliveries.finish(outboxId, DeliveryStatus.Skipped, 'recipient no longer exists');
      return 'skipped';
    }
    try {
      const props = await this.props.build(payload.template, recipient, payload);
      await this.transport.send(recipient.email, this.renderer.render(payload.template, props as never), messageId);
    } catch (error) {
      const permanent = error instanceof MissingEmailReferenceError || (error instanceof SmtpError && error.permanent);
      await this.deliveries.finish(outboxId, DeliveryStatus.Failed, (error as Error).message);
      this.logger.warn({ msg: 'e-mail not sent', outboxId, template: payload.template, permanent, code: (error as SmtpError).responseCode });
      throw permanent ? new UnrecoverableError((error as Error).message) : error;
    }
    await this.deliveries.finish(outboxId, DeliveryStatus.Sent);
    this.logger.log({ msg: 'e-mail sent', outboxId, template: payload.template });
    return 'sent';
  }
}
