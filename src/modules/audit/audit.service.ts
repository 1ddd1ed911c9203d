import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Page, PageQuery, toPage } from '../../common/http/pagination';
import { currentContext } from '../../common/logging/request-context';
import { AuditEventDto, AuditEventInput, serialiseAuditEvent } from './audit-event';
import { AuditRepository } from './audit.repository';

export type { AuditEventDto, AuditEventInput } from './audit-event';

/** The audit trail other modules write to: who did what to which subject, and when. */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  /** Records one event; with a manager, inside the caller's transaction (so it commits or rolls back with the change). */
  async record(event: AuditEventInput, manager?: EntityManager): Promise<void> {
    const detailsJson = serialiseAuditEvent(event);
    await this.repository.insert(
      {
        actorUserId: event.actorUserId,
        action: event.action,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        detailsJson,
        correlationId: currentContext()?.correlationId ?? null,
      },
      manager,
    );
  }

  /** Events about one subject, newest first, paginated. */
  async forSubject(subjectType: string, subjectId: string, page: PageQuery): Promise<Page<AuditEventDto>> {
    const { items, total } = await this.repository.findBySubject(subjectType, subjectId, page.pageSize, page.offset);
    return toPage(items, total, page);
  }
}
