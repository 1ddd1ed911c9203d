import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, STALE_NEEDS_SCHEDULER_ID } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { declareHourlySweep } from '../../infra/jobs/scheduled-sweep';
import { StaleNeedsService } from './stale-needs.service';

/** Worker side of the stale-needs sweep: an hourly sweep (see `declareHourlySweep`) that hands each run to the service. */
@Injectable()
export class StaleNeedsProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly staleNeeds: StaleNeedsService,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return declareHourlySweep(this.jobs, JobName.SweepStaleNeeds, STALE_NEEDS_SCHEDULER_ID, () => this.staleNeeds.sweep());
  }
}
