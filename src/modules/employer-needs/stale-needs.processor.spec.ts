import { JobName, QueueName, STALE_NEEDS_SCHEDULER_ID } from '../../infra/jobs/job-names';
import { JobHandler, JobsService } from '../../infra/jobs/jobs.service';
import { STALE_NEEDS_SWEEP_EVERY_MS, StaleNeedsProcessor } from './stale-needs.processor';
import { StaleNeedsService, StaleSweepOutcome } from './stale-needs.service';

/** Records what the processor asks of the queue adapter. */
class FakeJobs {
  readonly processors: { queue: QueueName; handler: JobHandler; concurrency?: number }[] = [];
  readonly schedules: { jobName: JobName; id: string; everyMs: number }[] = [];

  process(queue: QueueName, handler: JobHandler, concurrency?: number) {
    this.processors.push({ queue, handler, concurrency });
  }

  async schedule(jobName: JobName, id: string, everyMs: number) {
    this.schedules.push({ jobName, id, everyMs });
  }
}

describe('StaleNeedsProcessor', () => {
  const outcome: StaleSweepOutcome = { warned: 2, unpublished: 1 };
  let jobs: FakeJobs;
  let sweeps: number;

  beforeEach(async () => {
    jobs = new FakeJobs();
    sweeps = 0;
    const service = { sweep: async () => (sweeps++, outcome) } as unknown as StaleNeedsService;
    await new StaleNeedsProcessor(jobs as unknown as JobsService, service).onApplicationBootstrap();
  });

  it('declares one hourly schedule under a fixed id', () => {
    expect(jobs.schedules).toEqual([
      { jobName: JobName.SweepStaleNeeds, id: STALE_NEEDS_SCHEDULER_ID, everyMs: STALE_NEEDS_SWEEP_EVERY_MS },
    ]);
    expect(STALE_NEEDS_SWEEP_EVERY_MS).toBe(3600 * 1000);
  });

  it('processes the stale-needs queue one job at a time by running a sweep', async () => {
    expect(jobs.processors.map((p) => [p.queue, p.concurrency])).toEqual([[QueueName.StaleNeeds, 1]]);
    await expect(jobs.processors[0].handler({ name: JobName.SweepStaleNeeds, data: {} } as never)).resolves.toEqual(outcome);
    expect(sweeps).toBe(1);
  });
});
