import { JobName, PROFILE_RETENTION_SCHEDULER_ID, QueueName } from '../../infra/jobs/job-names';
import { JobHandler, JobsService } from '../../infra/jobs/jobs.service';
import { PROFILE_RETENTION_SWEEP_EVERY_MS, ProfileRetentionProcessor } from './profile-retention.processor';
import { ProfileRetentionService, RetentionSweepOutcome } from './profile-retention.service';

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

describe('ProfileRetentionProcessor', () => {
  const outcome: RetentionSweepOutcome = { archived: 3, erased: 1 };
  let jobs: FakeJobs;
  let sweeps: number;

  beforeEach(async () => {
    jobs = new FakeJobs();
    sweeps = 0;
    const service = { sweep: async () => (sweeps++, outcome) } as unknown as ProfileRetentionService;
    await new ProfileRetentionProcessor(jobs as unknown as JobsService, service).onApplicationBootstrap();
  });

  it('declares one hourly schedule under a fixed id', () => {
    expect(jobs.schedules).toEqual([
      { jobName: JobName.SweepProfileRetention, id: PROFILE_RETENTION_SCHEDULER_ID, everyMs: PROFILE_RETENTION_SWEEP_EVERY_MS },
    ]);
    expect(PROFILE_RETENTION_SWEEP_EVERY_MS).toBe(3600 * 1000);
  });

  it('processes the retention queue one job at a time by running a sweep', async () => {
    expect(jobs.processors.map((p) => [p.queue, p.concurrency])).toEqual([[QueueName.ProfileRetention, 1]]);
    await expect(jobs.processors[0].handler({ name: JobName.SweepProfileRetention, data: {} } as never)).resolves.toEqual(outcome);
    expect(sweeps).toBe(1);
  });
});
