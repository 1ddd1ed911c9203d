import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AWARENESS_DAYS_SCHEDULER_ID, JobName, QueueName } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { AwarenessDaysSweepService } from './awareness-days-sweep.service';

export const AWARENESS_DAYS_SWEEP_EVERY_MS = 3600 * 1000;

/**
 * Worker side of the half-day sweep: declares the hourly schedule (under a fixed id, so every worker that boots
 * declares the same one) and hands each run to the service. The job carries no data.
 */
@Injectable()
export class AwarenessDaysSweepProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly sweeper: AwarenessDaysSweepService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.process(QueueName.AwarenessDays, () => this.sweeper.sweep(), 1);
    await this.jobs.schedule(JobName.SweepAwarenessDays, AWARENESS_DAYS_SCHEDULER_ID, AWARENESS_DAYS_SWEEP_EVERY_MS);
  }
}
