import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventDto } from './audit-event';

/** A validated event ready to insert. */
export interface AuditEventRecord {
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  detailsJson: string;
  correlationId: string | null;
}

/** SQL of the append-only `audit_events` table: insert and read, nothing else exists. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(event: AuditEventRecord, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO audit_events (actor_user_id, action, subject_type, subject_id, details, correlation_id) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
      [event.actorUserId, event.action, event.subjectType, event.subjectId, event.detailsJson, event.correlationId],
    );
  }

  /** One page of a subject's events, newest first (id breaks ties within a transaction, where now() is fixed). */
  async findBySubject(subjectType: string, subjectId: string, limit: number, offset: number): Promise<{ items: AuditEventDto[]; total: number }> {
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT id::text AS id, occurred_at AS "occurredAt", actor_user_id AS "actorUserId", action, subject_type AS "subjectType",
                subject_id AS "subjectId", details, correlation_id AS "correlationId"
           FROM audit_events
          WHERE subject_type = $1 AND subject_id = $2
          ORDER BY occurred_at DESC, id DESC
          LIMIT $3 OFFSET $4`,
        [subjectType, subjectId, limit, offset],
      ) as Promise<AuditEventDto[]>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM audit_events WHERE subject_type = $1 AND subject_id = $2`, [subjectType, subjectId]) as Promise<{ total: number }[]>,
    ]);
    return { items, total };
  }
}
