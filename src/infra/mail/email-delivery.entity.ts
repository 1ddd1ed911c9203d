import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum DeliveryStatus {
  /** Re-queued by staff, waiting for the worker. */
  Queued = 'queued',
  /** Claimed by a worker: the SMTP transaction is under way (or the worker died during it). */
  Sending = 'sending',
  Sent = 'sent',
  /** Not sent: a temporary refusal (retried while `next_attempt_at` is set) or a failure staff must look at. */
  Failed = 'failed',
  /** Refused for good by the SMTP server (5xx); when the address was the reason, it is suppressed too. */
  Bounced = 'bounced',
  /** Not sent because the address is on the suppression list. */
  Suppressed = 'suppressed',
  /** Not sent on purpose: the recipient no longer exists, or turned this kind of e-mail off. */
  Skipped = 'skipped',
}

/** One row per outbox e-mail: its primary key is what guarantees at most one send. */
@Entity({ name: 'email_deliveries' })
export class EmailDelivery {
  @PrimaryColumn({ name: 'outbox_id', type: 'bigint' })
  outboxId!: string;

  @Column({ type: 'varchar', length: 64 })
  template!: string;

  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true })
  recipientUserId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ name: 'message_id', type: 'varchar', length: 200 })
  messageId!: string;

  /** Every claim counts, the interrupted ones and those after a staff retry included. */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** The SMTP server's answer, or why the e-mail was not sent. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'smtp_code', type: 'smallint', nullable: true })
  smtpCode!: number | null;

  /** When the queue tries a failed e-mail again; null once it has given up. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
