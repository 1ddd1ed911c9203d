import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, INTRODUCTIONS_SCHEDULER_ID } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { declareHourlySweep } from '../../infra/jobs/scheduled-sweep';
import { IntroductionSweepService } from './introduction-sweep.service';

/** Worker side of the introductions sweep: an hourly sweep (see `declareHourlySweep`) that hands each run to the service. */
@Injectable()
export class IntroductionSweepProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly sweeper: IntroductionSweepService,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return declareHourlySweep(this.jobs, JobName.SweepIntroductions, INTRODUCTIONS_SCHEDULER_ID, () => this.sweeper.sweep());
  }
}
