import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, SPONSORSHIP_REMINDERS_SCHEDULER_ID } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { declareHourlySweep } from '../../infra/jobs/scheduled-sweep';
import { SponsorshipRemindersService } from './sponsorship-reminders.service';

/** Worker side of the check-in reminders: an hourly sweep (see `declareHourlySweep`) that hands each run to the service. */
@Injectable()
export class SponsorshipRemindersProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly reminders: SponsorshipRemindersService,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return declareHourlySweep(this.jobs, JobName.SweepSponsorshipReminders, SPONSORSHIP_REMINDERS_SCHEDULER_ID, () => this.reminders.sweep());
  }
}
