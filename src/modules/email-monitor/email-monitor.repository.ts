import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryStatus } from '../../infra/mail/email-delivery.entity';
import { SuppressionReason } from '../../infra/mail/email-suppression';
import { OUTBOX_CHANNEL } from '../../infra/outbox/outbox.repository';

/** The monitor's views of deliveries: the stored statuses, plus `stuck` (`sending` for longer than a send can take). */
export type DeliveryView = DeliveryStatus | 'stuck';

export interface DeliveryFilter {
  view: DeliveryView;
  template?: string;
  /** Part of the recipient's address, case-insensitive. */
  recipient?: string;
}

export interface DeliveryRow {
  outboxId: string;
  template: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  smtpCode: number | null;
  nextAttemptAt: Date | null;
  queuedAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  recipientUserId: string | null;
  recipientEmail: string | null;
  recipientName: string | null;
  /** The active suppression of the recipient's current address, if any. */
  suppressionId: string | null;
  /** `sending` for longer than a send can take: its worker died and the queue gave the job up. */
  stuck: boolean;
}

export interface SuppressionRow {
  id: string;
  email: string;
  reason: SuppressionReason;
  smtpCode: number | null;
  smtpResponse: string | null;
  outboxId: string | null;
  recipientUserId: string | null;
  recipientName: string | null;
  createdAt: Date;
  seenAt: Date | null;
}

/** Statuses a delivery can be retried from (`sending` only once it is stuck). */
export const RETRYABLE_STATUSES: readonly DeliveryStatus[] = [DeliveryStatus.Failed, DeliveryStatus.Bounced, DeliveryStatus.Suppressed, DeliveryStatus.Skipped, DeliveryStatus.Queued];

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The delivery columns; `stuckMinutes` names the parameter holding the stuck threshold. */
const deliveryColumns = (stuckMinutes: string) => `d.outbox_id AS "outboxId", d.template, d.status, d.attempts, d.last_error AS "lastError",
  d.smtp_code AS "smtpCode", d.next_attempt_at AS "nextAttemptAt", o.created_at AS "queuedAt", d.updated_at AS "updatedAt", d.sent_at AS "sentAt",
  u.id AS "recipientUserId", u.email AS "recipientEmail", u.display_name AS "recipientName", s.id AS "suppressionId",
  (d.status = 'sending' AND d.updated_at < now() - ${stuckMinutes} * interval '1 minute') AS stuck`;

const DELIVERY_FROM = `FROM email_deliveries d
  JOIN outbox_messages o ON o.id = d.outbox_id
  LEFT JOIN users u ON u.id = d.recipient_user_id
  LEFT JOIN email_suppressions s ON s.email = u.email AND s.lifted_at IS NULL`;

/** What the e-mail monitor reads and changes: deliveries, the suppression list, re-queued outbox rows. */
@Injectable()
export class EmailMonitorRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T> {
    return (manager ?? this.dataSource.manager).query(sql, params);
  }

  /** The WHERE clause of a filter and its parameters, from $1. */
  private where(filter: DeliveryFilter, stuckMinutes: number): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const clauses: string[] = [];
    if (filter.view === 'stuck' || filter.view === DeliveryStatus.Sending) {
      params.push(stuckMinutes);
      clauses.push(`d.status = 'sending' AND d.updated_at ${filter.view === 'stuck' ? '<' : '>='} now() - $1 * interval '1 minute'`);
    } else {
      params.push(filter.view);
      clauses.push(`d.status = $1`);
    }
    if (filter.template) {
      params.push(filter.template);
      clauses.push(`d.template = $${params.length}`);
    }
    if (filter.recipient) {
      params.push(`%${escapeLike(filter.recipient.toLowerCase())}%`);
      clauses.push(`u.email LIKE $${params.length}`);
    }
    return { sql: clauses.join(' AND '), params };
  }

  /** Deliveries of one view, most recently changed first. */
  async listDeliveries(filter: DeliveryFilter, stuckMinutes: number, limit: number, offset: number): Promise<{ rows: DeliveryRow[]; total: number }> {
    const { sql, params } = this.where(filter, stuckMinutes);
    const n = params.length;
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total ${DELIVERY_FROM} WHERE ${sql}`, params);
    const rows = await this.query<DeliveryRow[]>(
      `SELECT ${deliveryColumns(`$${n + 1}`)} ${DELIVERY_FROM} WHERE ${sql}
        ORDER BY d.updated_at DESC, d.outbox_id DESC LIMIT $${n + 2} OFFSET $${n + 3}`,
      [...params, stuckMinutes, limit, offset],
    );
    return { rows, total };
  }

  /** How many deliveries need a look, by view (sent and skipped ones are not counted: they are the bulk). */
  async countTroubles(stuckMinutes: number): Promise<Partial<Record<DeliveryView, number>>> {
    const rows = await this.query<{ view: DeliveryView; n: number }[]>(
      `SELECT CASE WHEN status = 'sending' AND updated_at < now() - $1 * interval '1 minute' THEN 'stuck' ELSE status END AS view, count(*)::int AS n
         FROM email_deliveries WHERE status IN ('queued', 'sending', 'failed', 'bounced', 'suppressed') GROUP BY 1`,
      [stuckMinutes],
    );
    return Object.fromEntries(rows.map((r) => [r.view, r.n]));
  }

  async findDelivery(outboxId: string, stuckMinutes: number): Promise<DeliveryRow | null> {
    const rows = await this.query<DeliveryRow[]>(`SELECT ${deliveryColumns('$2')} ${DELIVERY_FROM} WHERE d.outbox_id = $1`, [outboxId, stuckMinutes]);
    return rows[0] ?? null;
  }

  /**
   * Makes a settled delivery claimable again (`queued`) and puts its outbox row back in the relay's way, in the
   * caller's transaction; the relay then queues the same job id. Returns the status it had, or null when the
   * delivery is no longer retryable (sent meanwhile, or claimed by a worker).
   */
  async requeue(outboxId: string, stuckMinutes: number, manager: EntityManager): Promise<DeliveryStatus | null> {
    const rows = await this.query<{ previous: DeliveryStatus }[]>(
      // Wrapped in a SELECT: TypeORM answers an UPDATE with [rows, count] instead of the rows.
      `WITH previous AS (SELECT outbox_id, status, updated_at FROM email_deliveries WHERE outbox_id = $1 FOR UPDATE),
            requeued AS (
              UPDATE email_deliveries d SET status = 'queued', next_attempt_at = NULL, updated_at = now()
                FROM previous p
               WHERE d.outbox_id = p.outbox_id
                 AND (p.status = ANY($2::text[]) OR (p.status = 'sending' AND p.updated_at < now() - $3 * interval '1 minute'))
              RETURNING p.status AS previous)
       SELECT previous FROM requeued`,
      [outboxId, RETRYABLE_STATUSES, stuckMinutes],
      manager,
    );
    if (rows.length === 0) return null;
    await this.query(`UPDATE outbox_messages SET dispatched_at = NULL, available_at = now(), last_error = NULL WHERE id = $1`, [outboxId], manager);
    // Wakes the relay when the transaction commits, as a new outbox row does.
    await this.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL], manager);
    return rows[0].previous;
  }

  /** Active suppressions, newest first. */
  async listSuppressions(limit: number, offset: number): Promise<{ rows: SuppressionRow[]; total: number }> {
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM email_suppressions WHERE lifted_at IS NULL`, []);
    const rows = await this.query<SuppressionRow[]>(
      `SELECT s.id, s.email, s.reason, s.smtp_code AS "smtpCode", s.smtp_response AS "smtpResponse", s.outbox_id AS "outboxId",
              s.recipient_user_id AS "recipientUserId", u.display_name AS "recipientName", s.created_at AS "createdAt", s.seen_at AS "seenAt"
         FROM email_suppressions s LEFT JOIN users u ON u.id = s.recipient_user_id
        WHERE s.lifted_at IS NULL
        ORDER BY s.created_at DESC, s.id DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return { rows, total };
  }

  /** Active suppressions, and how many of them no admin has seen yet. */
  async countSuppressions(): Promise<{ active: number; unseen: number }> {
    const [row] = await this.query<{ active: number; unseen: number }[]>(
      `SELECT count(*)::int AS active, (count(*) FILTER (WHERE seen_at IS NULL))::int AS unseen FROM email_suppressions WHERE lifted_at IS NULL`,
      [],
    );
    return row;
  }

  async markSuppressionsSeen(): Promise<void> {
    await this.query(`UPDATE email_suppressions SET seen_at = now() WHERE seen_at IS NULL AND lifted_at IS NULL`, []);
  }

  /** The suppression's state: null when it does not exist. */
  async findSuppression(id: string): Promise<{ id: string; lifted: boolean; outboxId: string | null } | null> {
    const rows = await this.query<{ id: string; lifted: boolean; outboxId: string | null }[]>(
      `SELECT id, lifted_at IS NOT NULL AS lifted, outbox_id AS "outboxId" FROM email_suppressions WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Lifts an active suppression; false when it was lifted already. */
  async liftSuppression(id: string, liftedBy: string, manager: EntityManager): Promise<boolean> {
    const rows = await this.query<unknown[]>(
      `WITH lifted AS (UPDATE email_suppressions SET lifted_at = now(), lifted_by = $2 WHERE id = $1 AND lifted_at IS NULL RETURNING id) SELECT id FROM lifted`,
      [id, liftedBy],
      manager,
    );
    return rows.length === 1;
  }
}
