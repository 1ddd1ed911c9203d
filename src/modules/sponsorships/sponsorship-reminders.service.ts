import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { parisDate } from '../employer-needs/employer-need-rules';
import { EmailOutboxService } from '../notifications/email-outbox.service';
import { SponsorshipsRepository } from './sponsorships.repository';

/** Check-ins handled per transaction: bounds the locks a sweep holds and the e-mails one commit queues. */
const SWEEP_BATCH = 200;

export interface ReminderSweepOutcome {
  reminded: number;
}

/**
 * Reminds each sponsor of a check-in once it falls due (on its day in France, or later if the worker was down).
 * Marking the check-in and queueing the e-mail happen in one transaction, so a reminder goes out once however often
 * the sweep runs, and only if its mark committed. Paused sponsorships and suspended organisations are left out; a
 * check-in whose sponsor's account is gone is marked without an e-mail (the counsellor sees it on the page).
 */
@Injectable()
export class SponsorshipRemindersService {
  private readonly logger = new Logger(SponsorshipRemindersService.name);

  constructor(
    private readonly sponsorships: SponsorshipsRepository,
    private readonly emails: EmailOutboxService,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async sweep(): Promise<ReminderSweepOutcome> {
    let reminded = 0;
    for (;;) {
      const count = await this.tx.run(async (manager) => {
        const now = this.clock.now();
        const due = await this.sponsorships.markDueReminders(parisDate(now), now, SWEEP_BATCH, manager);
        for (const ref of due) {
          if (ref.sponsorUserId) {
            // The profile id lets erasing the profile delete the e-mail if it has not left yet.
            await this.emails.queue(manager, 'sponsorship-checkin-due', ref.sponsorUserId, { sponsorshipId: ref.sponsorshipId, checkInId: ref.checkInId, profileId: ref.profileId });
          }
          await this.audit.record(
            {
              actorUserId: null,
              action: 'sponsorship.check_in_reminded',
              subjectType: 'sponsorship',
              subjectId: ref.sponsorshipId,
              details: { checkInId: ref.checkInId, profileId: ref.profileId, recipientUserId: ref.sponsorUserId },
            },
            manager,
          );
        }
        return due.length;
      });
      reminded += count;
      if (count < SWEEP_BATCH) break;
    }
    if (reminded) this.logger.log({ msg: 'sponsorship check-ins reminded', reminded });
    return { reminded };
  }
}
