import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum DeliveryStatus {
  Sending = 'sending',
  Sent = 'sent',
  Failed = 'failed',
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

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
