import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryStatus, EmailDelivery } from '../../infra/mail/email-delivery.entity';
import { SuppressionReason } from '../../infra/mail/email-suppression';
import { User } from '../users/user.entity';

/** What the worker must know about a recipient before sending. */
export interface RecipientState {
  /** The user accepts non-essential notifications. */
  nonEssential: boolean;
  /** The address's active suppression, if any. */
  suppression: { createdAt: Date; smtpCode: number | null } | null;
}

/** SMTP details of a failure, as recorded on the delivery. */
export interface SendFailure {
  error: string;
  smtpCode?: number;
}

/** An outbox e-mail as the worker needs it. */
export interface QueuedEmail {
  payload: Record<string, unknown>;
  /** The recipient's account; null once it is deleted. */
  recipient: User | null;
}

const MAX_ERROR_LENGTH = 500;
/** Matches a uuid before the cast, so that a malformed payload finds no recipient instead of failing the query. */
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const truncate = (text: string) => text.slice(0, MAX_ERROR_LENGTH);

@Injectable()
export class EmailDeliveryRepository {
  private userColumns?: { property: string; select: string }[];

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Loads an outbox e-mail and its recipient in one query (the worker's first step, once per e-mail): the users
   * columns come from the entity's metadata, so the User built here is the one the users repository would load.
   * Null when the outbox row is gone.
   */
  async load(outboxId: string): Promise<QueuedEmail | null> {
    this.userColumns ??= this.dataSource.getMetadata(User).columns.map((c) => ({ property: c.propertyName, select: `u.${c.databaseName} AS "user_${c.propertyName}"` }));
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT o.payload, u.id IS NOT NULL AS "hasRecipient", ${this.userColumns.map((c) => c.select).join(', ')}
         FROM outbox_messages o
         LEFT JOIN users u ON u.id = CASE WHEN o.payload->>'recipientUserId' ~ $2 THEN (o.payload->>'recipientUserId')::uuid END
        WHERE o.id = $1`,
      [outboxId, UUID],
    );
    const row = rows[0];
    if (!row) return null;
    const recipient = row.hasRecipient ? Object.assign(new User(), Object.fromEntries(this.userColumns.map((c) => [c.property, row[`user_${c.property}`]]))) : null;
    return { payload: row.payload as Record<string, unknown>, recipient };
  }

  /**
   * Claims the right to send an outbox e-mail, and reads in the same statement what must be known about the recipient
   * before sending. Returns null when the e-mail was already sent or settled for good, so a job delivered twice by the
   * queue sends once. A row still `sending` is claimed again: its worker died during the send (a job is only handed
   * to another worker once its lock has expired), see EmailDeliveryService.
   */
  async claim(outboxId: string, template: string, recipientUserId: string | null, messageId: string): Promise<RecipientState | null> {
    const rows: { nonEssential: boolean | null; suppressedAt: Date | null; smtpCode: number | null }[] = await this.dataSource.query(
      `WITH claimed AS (
         INSERT INTO email_deliveries (outbox_id, template, recipient_user_id, status, message_id, attempts, updated_at)
         VALUES ($1, $2, $3, 'sending', $4, 1, now())
         ON CONFLICT (outbox_id) DO UPDATE SET status = 'sending', attempts = email_deliveries.attempts + 1, next_attempt_at = NULL, updated_at = now()
           WHERE email_deliveries.status IN ('queued', 'sending', 'failed')
         RETURNING outbox_id
       )
       SELECT u.email_non_essential AS "nonEssential", s.created_at AS "suppressedAt", s.smtp_code AS "smtpCode"
         FROM claimed
         LEFT JOIN users u ON u.id = $3
         LEFT JOIN email_suppressions s ON s.email = lower(u.email) AND s.lifted_at IS NULL`,
      [outboxId, template, recipientUserId, messageId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      nonEssential: row.nonEssential ?? true,
      suppression: row.suppressedAt ? { createdAt: row.suppressedAt, smtpCode: row.smtpCode } : null,
    };
  }

  async markSent(outboxId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_deliveries SET status = 'sent', sent_at = now(), last_error = NULL, smtp_code = NULL, next_attempt_at = NULL, updated_at = now()
        WHERE outbox_id = $1`,
      [outboxId],
    );
  }

  /** Settles a delivery that was not sent on purpose (`skipped`, `suppressed`), with the reason staff see. */
  async markNotSent(outboxId: string, status: DeliveryStatus.Skipped | DeliveryStatus.Suppressed, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_deliveries SET status = $2::varchar, last_error = $3, smtp_code = NULL, next_attempt_at = NULL, updated_at = now() WHERE outbox_id = $1`,
      [outboxId, status, truncate(reason)],
    );
  }

  /** Records a failed attempt; `retryInMs` is when the queue tries again, null when it will not. */
  async markFailed(outboxId: string, failure: SendFailure, retryInMs: number | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_deliveries
          SET status = 'failed', last_error = $2, smtp_code = $3,
              next_attempt_at = CASE WHEN $4::bigint IS NULL THEN NULL ELSE now() + $4::bigint * interval '1 millisecond' END,
              updated_at = now()
        WHERE outbox_id = $1`,
      [outboxId, truncate(failure.error), failure.smtpCode ?? null, retryInMs],
    );
  }

  /**
   * Records a permanent refusal. With `suppress`, the address goes on the suppression list in the same statement
   * (kept once: a second bounce to an address already suppressed adds nothing).
   */
  async markBounced(outboxId: string, failure: SendFailure, suppress: { email: string; userId: string } | null): Promise<void> {
    const params = [outboxId, truncate(failure.error), failure.smtpCode ?? null];
    if (!suppress) {
      await this.dataSource.query(
        `UPDATE email_deliveries SET status = 'bounced', last_error = $2, smtp_code = $3, next_attempt_at = NULL, updated_at = now() WHERE outbox_id = $1`,
        params,
      );
      return;
    }
    await this.dataSource.query(
      `WITH bounced AS (
         UPDATE email_deliveries SET status = 'bounced', last_error = $2, smtp_code = $3, next_attempt_at = NULL, updated_at = now() WHERE outbox_id = $1
       )
       INSERT INTO email_suppressions (email, reason, smtp_code, smtp_response, outbox_id, recipient_user_id)
       VALUES (lower($4), $5, $3, $2, $1, $6)
       ON CONFLICT (email) WHERE lifted_at IS NULL DO NOTHING`,
      [...params, suppress.email, SuppressionReason.BadRecipient, suppress.userId],
    );
  }

  findByOutboxId(outboxId: string): Promise<EmailDelivery | null> {
    return this.dataSource.getRepository(EmailDelivery).findOneBy({ outboxId });
  }
}
