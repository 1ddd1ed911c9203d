import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, PROFILE_RETENTION_SCHEDULER_ID, QueueName } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { ProfileRetentionService } from './profile-retention.service';

export const PROFILE_RETENTION_SWEEP_EVERY_MS = 3600 * 1000;

/**
 * Worker side of the profile retention sweep: declares the hourly schedule (under a fixed id, so every worker
 * that boots declares the same one) and hands each run to the service. The job carries no data.
 */
@Injectable()
export class ProfileRetentionProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly retention: ProfileRetentionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.process(QueueName.ProfileRetention, () => this.retention.sweep(), 1);
    await this.jobs.schedule(JobName.SweepProfileRetention, PROFILE_RETENTION_SCHEDULER_ID, PROFILE_RETENTION_SWEEP_EVERY_MS);
  }
}
