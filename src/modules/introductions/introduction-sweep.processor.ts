import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { INTRODUCTIONS_SCHEDULER_ID, JobName, QueueName } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { IntroductionSweepService } from './introduction-sweep.service';

export const INTRODUCTIONS_SWEEP_EVERY_MS = 3600 * 1000;

/**
 * Worker side of the introductions sweep: declares the hourly schedule (under a fixed id, so every worker that
 * boots declares the same one) and hands each run to the service. The job carries no data.
 */
@Injectable()
export class IntroductionSweepProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly sweeper: IntroductionSweepService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.process(QueueName.Introductions, () => this.sweeper.sweep(), 1);
    await this.jobs.schedule(JobName.SweepIntroductions, INTRODUCTIONS_SCHEDULER_ID, INTRODUCTIONS_SWEEP_EVERY_MS);
  }
}
