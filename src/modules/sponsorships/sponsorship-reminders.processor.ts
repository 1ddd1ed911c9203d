import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, QueueName, SPONSORSHIP_REMINDERS_SCHEDULER_ID } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { SponsorshipRemindersService } from './sponsorship-reminders.service';

export const SPONSORSHIP_REMINDERS_EVERY_MS = 3600 * 1000;

/**
 * Worker side of the check-in reminders: declares the hourly schedule (under a fixed id, so every worker that
 * boots declares the same one) and hands each run to the service. The job carries no data.
 */
@Injectable()
export class SponsorshipRemindersProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly reminders: SponsorshipRemindersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.process(QueueName.SponsorshipReminders, () => this.reminders.sweep(), 1);
    await this.jobs.schedule(JobName.SweepSponsorshipReminders, SPONSORSHIP_REMINDERS_SCHEDULER_ID, SPONSORSHIP_REMINDERS_EVERY_MS);
  }
}
