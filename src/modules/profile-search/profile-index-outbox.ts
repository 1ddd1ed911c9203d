import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JobName } from '../../infra/jobs/job-names';
import { OutboxService } from '../../infra/outbox/outbox.service';

/** What a profile-index job carries: a profile id to resync, or the code of an erased profile to remove. */
export type ProfileIndexPayload = { profileId: string } | { code: string };

/**
 * Writes search-index work in the caller's transaction (issue 5): a change that affects the employer view
 * commits together with the order to apply it to the index, or not at all. The job reads the profile's
 * state when it runs, so several changes in a row converge on the last one.
 */
@Injectable()
export class ProfileIndexOutbox {
  constructor(private readonly outbox: OutboxService) {}

  /** The profile's employer view may have changed (published, edited, paused, placed, archived, consent revoked). */
  resync(manager: EntityManager, profileId: string): Promise<string> {
    return this.outbox.add(manager, JobName.SyncProfileIndex, { profileId });
  }

  /** The profile is erased: only its pseudonymous code remains, to delete its document. */
  remove(manager: EntityManager, code: string): Promise<string> {
    return this.outbox.add(manager, JobName.SyncProfileIndex, { code });
  }
}
