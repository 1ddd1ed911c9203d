import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryStatus, EmailDelivery } from '../../infra/mail/email-delivery.entity';

@Injectable()
export class EmailDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the right to send an outbox e-mail. Returns false when it was already sent (or given up),
   * so a job delivered twice by the queue sends once.
   */
  async claim(outboxId: string, template: string, recipientUserId: string | null, messageId: string): Promise<boolean> {
    const rows: { status: DeliveryStatus }[] = await this.dataSource.query(
      `INSERT INTO email_deliveries (outbox_id, template, recipient_user_id, status, message_id, attempts, updated_at)
       VALUES ($1, $2, $3, 'sending', $4, 1, now())
       ON CONFLICT (outbox_id) DO UPDATE SET attempts = email_deliveries.attempts + 1, updated_at = now()
         WHERE email_deliveries.status IN ('sending', 'failed')
       RETURNING status`,
      [outboxId, template, recipientUserId, messageId],
    );
    return rows.length === 1;
  }

  async finish(outboxId: string, status: DeliveryStatus, error?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_deliveries SET status = $2::varchar, last_error = $3, sent_at = CASE WHEN $2::varchar = 'sent' THEN now() ELSE sent_at END, updated_at = now()
        WHERE outbox_id = $1`,
      [outboxId, status, error?.slice(0, 500) ?? null],
    );
  }

  findByOutboxId(outboxId: string): Promise<EmailDelivery | null> {
    return this.dataSource.getRepository(EmailDelivery).findOneBy({ outboxId });
  }
}
