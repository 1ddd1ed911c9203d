import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { parisDate } from '../employer-needs/employer-need-rules';
import { ProfileIndexOutbox } from '../profile-search/profile-index-outbox';
import { CandidateProfilesRepository } from './candidate-profiles.repository';

const DAY_MS = 24 * 3600 * 1000;
/** Profiles handled per transaction: bounds the locks a sweep holds. */
const SWEEP_BATCH = 200;
const SUBJECT = 'candidate_profile';

/** Why a profile was erased: the retention sweep, or a staff member's request on the candidate's behalf. */
export type ErasureCause = 'retention' | 'request';

export interface RetentionSweepOutcome {
  archived: number;
  erased: number;
}

/** The day (YYYY-MM-DD, Paris time) `days` days before `instant`. */
const parisDayBefore = (instant: Date, days: number) => parisDate(new Date(instant.getTime() - days * DAY_MS));

/**
 * Retention of candidate profiles (issue 4, DESIGN.md §2): a profile is archived PROFILE_ARCHIVE_AFTER_RELEASE_DAYS
 * after its release window ends (a profile without a window end, a draft never completed, PROFILE_ARCHIVE_UNDATED_AFTER_DAYS
 * after its last change), and erased PROFILE_ERASE_AFTER_ARCHIVE_DAYS after it was archived (by the sweep or
 * by hand: `updated_at` of an archived profile is its archiving date, since nothing else may change it).
 *
 * Erasure removes the profile everywhere it lives, in one transaction: the row, its consents (cascade), the outbox
 * rows not relayed yet that name it, with a `profile.erased` audit event carrying its id only. The audit trail is
 * append-only and keeps its earlier events (ids; `profile.created` also holds the pseudonymous code, which alone
 * identifies nobody once the profile is gone).
 */
@Injectable()
export class ProfileRetentionService {
  private readonly logger = new Logger(ProfileRetentionService.name);

  constructor(
    private readonly profiles: CandidateProfilesRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly index: ProfileIndexOutbox,
  ) {}

  /** One pass: archives the profiles whose release window ended long enough ago, then erases those archived long enough ago. */
  async sweep(): Promise<RetentionSweepOutcome> {
    const now = this.clock.now();
    const releasedBefore = parisDayBefore(now, this.config.PROFILE_ARCHIVE_AFTER_RELEASE_DAYS);
    const untouchedBefore = new Date(now.getTime() - this.config.PROFILE_ARCHIVE_UNDATED_AFTER_DAYS * DAY_MS);
    const archivedBefore = new Date(now.getTime() - this.config.PROFILE_ERASE_AFTER_ARCHIVE_DAYS * DAY_MS);
    const archived = await this.inBatches(async (manager) => {
      const rows = await this.profiles.archiveDue(releasedBefore, untouchedBefore, now, SWEEP_BATCH, manager);
      for (const row of rows) {
        const details = row.undated ? { cause: 'retention', from: row.from, rule: 'undated' } : { cause: 'retention', from: row.from };
        await this.audit.record({ actorUserId: null, action: 'profile.archived', subjectType: SUBJECT, subjectId: row.id, details }, manager);
        if (row.from === 'published') await this.index.resync(manager, row.id);
      }
      return rows.map((row) => row.id);
    });
    const erased = await this.inBatches(
      async (manager) => {
        const ids = await this.profiles.lockArchivedBefore(archivedBefore, SWEEP_BATCH, manager);
        await this.eraseLocked(ids, null, 'retention', manager);
        return ids;
      },
      (ids) => this.afterErasure(ids),
    );
    if (archived || erased) this.logger.log({ msg: 'candidate profile retention swept', archived, erased });
    return { archived, erased };
  }

  /**
   * Erases profiles the caller has locked in `manager`'s transaction, and audits each erasure. What lives outside
   * PostgreSQL is cleaned by `afterErasure`, which the caller runs once the transaction has committed.
   */
  async eraseLocked(ids: readonly string[], actorUserId: string | null, cause: ErasureCause, manager: EntityManager): Promise<void> {
    if (ids.length === 0) return;
    const { outboxRows, codes } = await this.profiles.erase(ids, manager);
    for (const id of ids) {
      await this.audit.record({ actorUserId, action: 'profile.erased', subjectType: SUBJECT, subjectId: id, details: { cause } }, manager);
    }
    // Whatever the status was, the index must not outlive the row: the job deletes the document by code.
    for (const code of codes) await this.index.remove(manager, code);
    if (outboxRows) this.logger.log({ msg: 'pending outbox rows of erased candidate profiles deleted', count: outboxRows });
  }

  /**
   * Cleans what an erasure leaves outside PostgreSQL, after the commit.
   * - BullMQ: no job carries a profile id (relayed jobs carry an outbox id; the rows not relayed yet that name the
   *   profile are deleted with it, and an index job of an erased profile finds no row and does nothing).
   * - Search index: the removal was written to the outbox in the erasing transaction (`eraseLocked`), so it
   *   happens even if Meilisearch is down right now; nothing more to do here.
   */
  async afterErasure(ids: readonly string[]): Promise<void> {
    this.logger.debug({ msg: 'candidate profiles erased: index removal queued through the outbox', count: ids.length });
  }

  /** Runs `take` in one transaction per batch until a batch comes back short; `afterCommit` sees each committed batch. */
  private async inBatches(take: (manager: EntityManager) => Promise<string[]>, afterCommit?: (ids: string[]) => Promise<void>): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await this.tx.run(take);
      if (ids.length && afterCommit) await afterCommit(ids);
      total += ids.length;
      if (ids.length < SWEEP_BATCH) return total;
    }
  }
}
