import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { EmailTemplate } from '../../infra/mail/email-templates';
import { EmailOutboxService } from '../notifications/email-outbox.service';
import { UsersRepository } from '../users/users.repository';
import { EmployerNeedsRepository, StaleNeedRef } from './employer-needs.repository';

const DAY_MS = 24 * 3600 * 1000;
/** Needs handled per transaction: bounds the locks a sweep holds and the e-mails one commit queues. */
const SWEEP_BATCH = 200;

export interface StaleNeedPolicy {
  NEED_STALE_DAYS: number;
  NEED_STALE_WARNING_DAYS: number;
}

export interface StaleSweepOutcome {
  warned: number;
  unpublished: number;
}

const daysBefore = (instant: Date, days: number) => new Date(instant.getTime() - days * DAY_MS);
const daysAfter = (instant: Date, days: number) => new Date(instant.getTime() + days * DAY_MS);

/**
 * When a warned need is unpublished: NEED_STALE_DAYS after its last update, but never sooner than
 * NEED_STALE_WARNING_DAYS after the warning, so a need warned late (worker stopped, setting changed) still
 * gets its full notice.
 */
export function unpublicationDue(updatedAt: Date, warnedAt: Date, policy: StaleNeedPolicy): Date {
  const byAge = daysAfter(updatedAt, policy.NEED_STALE_DAYS);
  const byNotice = daysAfter(warnedAt, policy.NEED_STALE_WARNING_DAYS);
  return byAge > byNotice ? byAge : byNotice;
}

/**
 * Published needs nobody updates go stale: their organisation's members are warned once, then the need goes
 * back to draft (the employer can check it and publish it again). Each step marks the need and queues the
 * e-mails in one transaction, so an e-mail is sent if and only if its step committed.
 */
@Injectable()
export class StaleNeedsService {
  private readonly logger = new Logger(StaleNeedsService.name);

  constructor(
    private readonly needs: EmployerNeedsRepository,
    private readonly users: UsersRepository,
    private readonly emails: EmailOutboxService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** One pass: unpublishes the needs whose notice ran out, then warns the needs that just went stale. */
  async sweep(): Promise<StaleSweepOutcome> {
    const now = this.clock.now();
    const { NEED_STALE_DAYS: staleDays, NEED_STALE_WARNING_DAYS: warningDays } = this.config;
    const unpublished = await this.inBatches('need-unpublished', (manager) =>
      this.needs.unpublishStale(daysBefore(now, staleDays), daysBefore(now, warningDays), now, SWEEP_BATCH, manager),
    );
    const warned = await this.inBatches('need-stale-warning', (manager) =>
      this.needs.markStaleWarnings(daysBefore(now, staleDays - warningDays), now, SWEEP_BATCH, manager),
    );
    if (warned || unpublished) this.logger.log({ msg: 'stale needs swept', warned, unpublished });
    return { warned, unpublished };
  }

  /**
   * Every member of the organisation hears of it, not only its owner: any member may edit the organisation's
   * needs, and one absent owner must not cost the organisation its published needs.
   */
  private async inBatches(template: EmailTemplate, take: (manager: EntityManager) => Promise<StaleNeedRef[]>): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.tx.run(async (manager) => {
        const needs = await take(manager);
        for (const need of needs) {
          for (const member of await this.users.findByOrganisation(need.organisationId, manager)) {
            await this.emails.queue(manager, template, member.id, { needId: need.id });
          }
        }
        return needs.length;
      });
      total += count;
      if (count < SWEEP_BATCH) return total;
    }
  }
}
