import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { parisDate } from '../employer-needs/employer-need-rules';
import { IntroductionStatus, NO_ANSWER_REASON, OUTCOME_REMINDER_AFTER_DAYS } from './introduction';
import { addDays, awaitedSide } from './introduction-rules';
import { IntroductionMailer } from './introduction-mailer';
import { IntroductionsRepository, SweptIntroductionRef } from './introductions.repository';

const DAY_MS = 24 * 3600 * 1000;
/** Introductions handled per transaction: bounds the locks a sweep holds and the e-mails one commit queues. */
const SWEEP_BATCH = 200;

export interface IntroductionSweepOutcome {
  reminded3: number;
  reminded7: number;
  expired: number;
  /** Counsellors reminded to record the outcome of a meeting now past. */
  outcomeDue: number;
}

const daysBefore = (instant: Date, days: number) => new Date(instant.getTime() - days * DAY_MS);

/**
 * Requests and proposals waiting for an answer: whoever must answer (the counsellors for a request, the employer
 * for a proposal) is reminded at 3 and at 7 days, then after INTRODUCTION_EXPIRE_AFTER_DAYS the introduction is
 * closed and both sides are told. A meeting planned and past by OUTCOME_REMINDER_AFTER_DAYS without an outcome
 * gets the counsellor following the introduction one reminder to record it. Each step marks the rows and queues the e-mails in one transaction, so a
 * reminder goes out once however often the sweep runs, and only if its mark committed.
 */
@Injectable()
export class IntroductionSweepService {
  private readonly logger = new Logger(IntroductionSweepService.name);

  constructor(
    private readonly introductions: IntroductionsRepository,
    private readonly mailer: IntroductionMailer,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** One pass: closes what waited too long first, so that nothing is reminded on the day it closes. */
  async sweep(): Promise<IntroductionSweepOutcome> {
    const now = this.clock.now();
    const expired = await this.inBatches(
      (manager) => this.introductions.expireWaiting(daysBefore(now, this.config.INTRODUCTION_EXPIRE_AFTER_DAYS), now, SWEEP_BATCH, manager),
      async (ref, manager) => {
        await this.introductions.insertEvent(
          { introductionId: ref.id, fromStatus: ref.from, toStatus: IntroductionStatus.Expired, actorUserId: null, actorSide: 'system', at: now, reasonCode: NO_ANSWER_REASON },
          manager,
        );
        await this.audit.record(
          { actorUserId: null, action: 'introduction.expired', subjectType: 'introduction', subjectId: ref.id, details: { profileId: ref.profileId, from: ref.from, reason: NO_ANSWER_REASON } },
          manager,
        );
        await this.mailer.send(manager, 'introduction-closed', ref.id, ['employer', 'partner']);
      },
    );
    const remind = async (ref: SweptIntroductionRef, manager: EntityManager) => {
      const side = awaitedSide(ref.from);
      if (side) await this.mailer.send(manager, 'introduction-reminder', ref.id, [side]);
    };
    // The later reminder first: an introduction the sweep reaches late gets that one only.
    const reminded7 = await this.inBatches((manager) => this.introductions.markReminders(7, daysBefore(now, 7), now, SWEEP_BATCH, manager), remind);
    const reminded3 = await this.inBatches((manager) => this.introductions.markReminders(3, daysBefore(now, 3), now, SWEEP_BATCH, manager), remind);
    // Meetings are calendar days in France: the reminder goes once the meeting's day is OUTCOME_REMINDER_AFTER_DAYS behind.
    const lastMeetingDay = addDays(parisDate(now), -OUTCOME_REMINDER_AFTER_DAYS);
    const outcomeDue = await this.inBatches(
      (manager) => this.introductions.markOutcomeReminders(lastMeetingDay, now, SWEEP_BATCH, manager),
      async (ref, manager) => {
        await this.mailer.send(manager, 'introduction-outcome-due', ref.id, ['partner']);
      },
    );
    if (expired || reminded3 || reminded7 || outcomeDue) this.logger.log({ msg: 'introductions swept', reminded3, reminded7, expired, outcomeDue });
    return { reminded3, reminded7, expired, outcomeDue };
  }

  private async inBatches(take: (manager: EntityManager) => Promise<SweptIntroductionRef[]>, each: (ref: SweptIntroductionRef, manager: EntityManager) => Promise<void>): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.tx.run(async (manager) => {
        const refs = await take(manager);
        for (const ref of refs) await each(ref, manager);
        return refs.length;
      });
      total += count;
      if (count < SWEEP_BATCH) return total;
    }
  }
}
