import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, QueueName, STALE_NEEDS_SCHEDULER_ID } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { StaleNeedsService } from './stale-needs.service';

export const STALE_NEEDS_SWEEP_EVERY_MS = 3600 * 1000;

/**
 * Worker side of the stale-needs sweep: declares the hourly schedule (under a fixed id, so every worker that
 * boots declares the same one) and hands each run to the service. The job carries no data.
 */
@Injectable()
export class StaleNeedsProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly staleNeeds: StaleNeedsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.process(QueueName.StaleNeeds, () => this.staleNeeds.sweep(), 1);
    await this.jobs.schedule(JobName.SweepStaleNeeds, STALE_NEEDS_SCHEDULER_ID, STALE_NEEDS_SWEEP_EVERY_MS);
  }
}
