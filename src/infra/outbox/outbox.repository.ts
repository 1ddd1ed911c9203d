import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

/** PostgreSQL channel the relay listens on: a committed outbox row wakes it at once instead of at its next poll. */
export const OUTBOX_CHANNEL = 'outbox_messages';

export interface PendingOutboxRow {
  id: string;
  jobName: string;
}

@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, jobName: string, payload: Record<string, unknown>, availableAt?: Date): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO outbox_messages (job_name, payload, available_at) VALUES ($1, $2, COALESCE($3, now())) RETURNING id`,
      [jobName, JSON.stringify(payload), availableAt ?? null],
    );
    // Delivered when (and only if) the transaction commits; several in one transaction arrive as one.
    if (!availableAt) await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return rows[0].id;
  }

  findById(id: string): Promise<OutboxMessage | null> {
    return this.dataSource.getRepository(OutboxMessage).findOneBy({ id });
  }

  /** Locks due rows so that concurrent relays each take different ones. */
  async lockDue(manager: EntityManager, limit: number): Promise<PendingOutboxRow[]> {
    return manager.query(
      `SELECT id, job_name AS "jobName" FROM outbox_messages
        WHERE dispatched_at IS NULL AND available_at <= now()
        ORDER BY available_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markDispatched(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await manager.query(`UPDATE outbox_messages SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async markFailed(manager: EntityManager, ids: string[], error: string): Promise<void> {
    if (!ids.length) return;
    await manager.query(
      `UPDATE outbox_messages SET dispatch_attempts = dispatch_attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`,
      [ids, error.slice(0, 500)],
    );
  }

  async countPending(): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(`SELECT count(*) AS n FROM outbox_messages WHERE dispatched_at IS NULL`);
    return Number(rows[0].n);
  }
}
