import { Injectable, Logger } from '@nestjs/common';
import { Page, PageQuery, toPage } from '../../common/http/pagination';
import { TransactionRunner } from '../../database/transaction-runner';
import { JobName, outboxJobId } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { DeliveryStatus } from '../../infra/mail/email-delivery.entity';
import { SUPPRESSION_REASON_LABELS } from '../../infra/mail/email-suppression';
import { AuditService } from '../audit/audit.service';
import {
  DELIVERY_VIEW_LABELS,
  EmailDeliveriesPageDto,
  EmailDeliveryDto,
  EmailSuppressionDto,
  EmailSuppressionsPageDto,
  ListEmailDeliveriesQuery,
  RetriedEmailDeliveryDto,
  SuppressionCountsDto,
} from './dto/email-monitor.dto';
import { EmailMonitorException } from './email-monitor.exception';
import { DeliveryRow, EmailMonitorRepository, RETRYABLE_STATUSES, SuppressionRow } from './email-monitor.repository';

/**
 * A delivery still `sending` after this long lost its worker and its job (a job outlives one dead worker: BullMQ
 * hands it to another after lockDuration, 30 s; a second stall fails it). A send takes seconds.
 */
export const STUCK_SENDING_MINUTES = 10;

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

function toDeliveryDto(row: DeliveryRow): EmailDeliveryDto {
  const view = row.stuck ? 'stuck' : row.status;
  return {
    outboxId: row.outboxId,
    template: row.template,
    status: view,
    statusLabel: DELIVERY_VIEW_LABELS[view],
    attempts: row.attempts,
    lastError: row.lastError,
    smtpCode: row.smtpCode,
    nextAttemptAt: iso(row.nextAttemptAt),
    queuedAt: iso(row.queuedAt) as string,
    updatedAt: iso(row.updatedAt) as string,
    sentAt: iso(row.sentAt),
    recipient: row.recipientUserId ? { userId: row.recipientUserId, email: row.recipientEmail ?? '', displayName: row.recipientName ?? '' } : null,
    suppressionId: row.suppressionId,
    retryable: (row.stuck || RETRYABLE_STATUSES.includes(row.status)) && row.suppressionId === null,
  };
}

function toSuppressionDto(row: SuppressionRow): EmailSuppressionDto {
  return {
    id: row.id,
    email: row.email,
    reason: row.reason,
    reasonLabel: SUPPRESSION_REASON_LABELS[row.reason] ?? row.reason,
    smtpCode: row.smtpCode,
    smtpResponse: row.smtpResponse,
    outboxId: row.outboxId,
    recipientUserId: row.recipientUserId,
    recipientName: row.recipientName,
    createdAt: iso(row.createdAt) as string,
    seen: row.seenAt !== null,
  };
}

/** The admins' e-mail outbox monitor: what was not sent and why, retries, and the suppression list. */
@Injectable()
export class EmailMonitorService {
  private readonly logger = new Logger(EmailMonitorService.name);

  constructor(
    private readonly repository: EmailMonitorRepository,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
  ) {}

  async deliveries(query: ListEmailDeliveriesQuery): Promise<EmailDeliveriesPageDto> {
    const filter = { view: query.status, template: query.template, recipient: query.recipient || undefined };
    const [{ rows, total }, counts, suppressions] = await Promise.all([
      this.repository.listDeliveries(filter, STUCK_SENDING_MINUTES, query.pageSize, query.offset),
      this.repository.countTroubles(STUCK_SENDING_MINUTES),
      this.repository.countSuppressions(),
    ]);
    return {
      ...toPage(rows.map(toDeliveryDto), total, query),
      counts: {
        failed: counts.failed ?? 0,
        bounced: counts.bounced ?? 0,
        suppressed: counts.suppressed ?? 0,
        stuck: counts.stuck ?? 0,
        queued: counts.queued ?? 0,
        sending: counts.sending ?? 0,
      },
      suppressions,
    };
  }

  /**
   * Sends a settled e-mail again under the same outbox id, so at most one send per claim still holds: the job id is
   * freed first (a finished job keeps it for days), then the delivery row becomes claimable (`queued`) and the
   * outbox row undispatched in one transaction, and the relay queues the job as it queues every e-mail, even if
   * Redis is away at that moment. A delivery a worker holds (`sending`, not stuck) cannot be retried.
   */
  async retry(outboxId: string, actorUserId: string): Promise<RetriedEmailDeliveryDto> {
    const delivery = await this.repository.findDelivery(outboxId, STUCK_SENDING_MINUTES);
    if (!delivery) throw EmailMonitorException.deliveryNotFound();
    this.assertRetryable(delivery);
    let freed: boolean;
    try {
      freed = await this.jobs.removeJob(JobName.SendEmail, outboxJobId(outboxId));
    } catch (error) {
      this.logger.warn({ msg: 'e-mail retry: queue unreachable', outboxId, error: (error as Error).message });
      throw EmailMonitorException.queueUnavailable();
    }
    if (!freed) throw EmailMonitorException.inProgress();
    const previous = await this.tx.run(async (manager) => {
      const from = await this.repository.requeue(outboxId, STUCK_SENDING_MINUTES, manager);
      if (from) {
        const details = { from, template: delivery.template };
        await this.audit.record({ actorUserId, action: 'email_delivery.retried', subjectType: 'email_delivery', subjectId: outboxId, details }, manager);
      }
      return from;
    });
    if (!previous) {
      // A worker claimed or finished it between the check and the update.
      const now = await this.repository.findDelivery(outboxId, STUCK_SENDING_MINUTES);
      if (now) this.assertRetryable(now);
      throw EmailMonitorException.inProgress();
    }
    this.logger.log({ msg: 'e-mail retried by staff', outboxId, from: previous, actorUserId });
    return { outboxId, status: DeliveryStatus.Queued, previousStatus: previous, detail: 'L’e-mail est de nouveau en file d’envoi.' };
  }

  private assertRetryable(delivery: DeliveryRow): void {
    if (delivery.status === DeliveryStatus.Sending && !delivery.stuck) throw EmailMonitorException.inProgress();
    if (!delivery.stuck && !RETRYABLE_STATUSES.includes(delivery.status)) throw EmailMonitorException.alreadySent();
    if (delivery.suppressionId) throw EmailMonitorException.addressSuppressed();
  }

  /** Active suppressions; `markSeen` records that an admin has now seen them (the home page stops alerting). */
  async suppressions(query: PageQuery, markSeen = false): Promise<EmailSuppressionsPageDto> {
    const { rows, total } = await this.repository.listSuppressions(query.pageSize, query.offset);
    if (markSeen) await this.repository.markSuppressionsSeen();
    const page: Page<EmailSuppressionDto> = toPage(rows.map(toSuppressionDto), total, query);
    return page;
  }

  suppressionCounts(): Promise<SuppressionCountsDto> {
    return this.repository.countSuppressions();
  }

  /** Staff unblock an address (after checking it with its owner): e-mails to it are sent again, retries included. */
  async liftSuppression(id: string, actorUserId: string): Promise<void> {
    const suppression = await this.repository.findSuppression(id);
    if (!suppression) throw EmailMonitorException.suppressionNotFound();
    if (suppression.lifted) throw EmailMonitorException.alreadyLifted();
    await this.tx.run(async (manager) => {
      if (!(await this.repository.liftSuppression(id, actorUserId, manager))) throw EmailMonitorException.alreadyLifted();
      const details = suppression.outboxId ? { outboxId: suppression.outboxId } : {};
      await this.audit.record({ actorUserId, action: 'email_suppression.lifted', subjectType: 'email_suppression', subjectId: id, details }, manager);
    });
    this.logger.log({ msg: 'e-mail suppression lifted', suppressionId: id, actorUserId });
  }
}
