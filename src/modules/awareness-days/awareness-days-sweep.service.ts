import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { parisDate } from '../employer-needs/employer-need-rules';
import { EmailOutboxService } from '../notifications/email-outbox.service';
import { ReminderKind, reminderWindow } from './awareness-day-rules';
import { AwarenessDaysRepository } from './awareness-days.repository';

/** Rows handled per transaction: bounds the locks a sweep holds and the e-mails one commit queues. */
const SWEEP_BATCH = 200;

export interface AwarenessSweepOutcome {
  remindedD7: number;
  remindedD1: number;
  identitiesErased: number;
}

/**
 * The hourly sweep of awareness half-days:
 * - J-7 and J-1 reminders to each registration with a confirmed attendee: marking the registration and queueing
 *   the e-mail commit together, so each goes out once however often the sweep runs;
 * - erasure of the attendees' identity AWARENESS_IDENTITY_ERASE_AFTER_DAYS days after the half-day ends, or after
 *   its cancellation, or after the attendee's own cancellation, whichever comes first: name, date of birth and ID
 *   document go; the row stays.
 */
@Injectable()
export class AwarenessDaysSweepService {
  private readonly logger = new Logger(AwarenessDaysSweepService.name);

  constructor(
    private readonly days: AwarenessDaysRepository,
    private readonly emails: EmailOutboxService,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async sweep(): Promise<AwarenessSweepOutcome> {
    const remindedD1 = await this.remind('d1');
    const remindedD7 = await this.remind('d7');
    const identitiesErased = await this.erase();
    if (remindedD7 || remindedD1 || identitiesErased) this.logger.log({ msg: 'awareness days swept', remindedD7, remindedD1, identitiesErased });
    return { remindedD7, remindedD1, identitiesErased };
  }

  private async remind(kind: ReminderKind): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.tx.run(async (manager) => {
        const now = this.clock.now();
        const window = reminderWindow(kind, parisDate(now));
        const due = await this.days.markReminders(kind, window.from, window.to, now, SWEEP_BATCH, manager);
        for (const ref of due) {
          if (ref.registeredBy) {
            await this.emails.queue(manager, kind === 'd7' ? 'awareness-day-reminder-d7' : 'awareness-day-reminder-d1', ref.registeredBy, {
              awarenessDayId: ref.awarenessDayId,
              awarenessRegistrationId: ref.registrationId,
              organisationId: ref.organisationId,
            });
          }
          await this.audit.record(
            {
              actorUserId: null,
              action: 'awareness_day.reminded',
              subjectType: 'awareness_day',
              subjectId: ref.awarenessDayId,
              details: { registrationId: ref.registrationId, organisationId: ref.organisationId, kind, recipientUserId: ref.registeredBy },
            },
            manager,
          );
        }
        return due.length;
      });
      total += count;
      if (count < SWEEP_BATCH) return total;
    }
  }

  private async erase(): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.tx.run(async (manager) => {
        const now = this.clock.now();
        const cutoff = new Date(now.getTime() - this.config.AWARENESS_IDENTITY_ERASE_AFTER_DAYS * 86_400_000);
        const erased = await this.days.eraseIdentities(cutoff, now, SWEEP_BATCH, manager);
        for (const e of erased) {
          await this.audit.record(
            { actorUserId: null, action: 'awareness_day.identities_erased', subjectType: 'awareness_day', subjectId: e.awarenessDayId, details: { attendees: e.erased } },
            manager,
          );
        }
        return erased.reduce((sum, e) => sum + e.erased, 0);
      });
      total += count;
      if (count < SWEEP_BATCH) return total;
    }
  }
}
