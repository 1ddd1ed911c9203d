import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { QueueName } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { OutboxRepository } from '../../infra/outbox/outbox.repository';
import { ProfileIndexPayload } from './profile-index-outbox';
import { ProfileIndexService } from './profile-index.service';

/** Index writes per worker at once; per-profile advisory locks keep each profile's writes in order. */
const CONCURRENCY = 4;

function payloadOf(value: unknown): ProfileIndexPayload | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.profileId === 'string') return { profileId: v.profileId };
  if (typeof v.code === 'string') return { code: v.code };
  return null;
}

/** Worker side of index sync: each job names an outbox row, whose payload says which profile to resync or remove. */
@Injectable()
export class ProfileIndexProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly outbox: OutboxRepository,
    private readonly index: ProfileIndexService,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.process(QueueName.ProfileIndex, (job) => this.handle(job.data.outboxId), CONCURRENCY);
  }

  async handle(outboxId: string): Promise<'upserted' | 'removed'> {
    const row = await this.outbox.findById(outboxId);
    if (!row) throw new UnrecoverableError(`outbox row ${outboxId} not found`);
    const payload = payloadOf(row.payload);
    if (!payload) throw new UnrecoverableError(`outbox row ${outboxId} is not a profile-index order`);
    return this.index.apply(payload);
  }
}
