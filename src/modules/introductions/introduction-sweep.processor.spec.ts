import { INTRODUCTIONS_SCHEDULER_ID, JobName, QueueName } from '../../infra/jobs/job-names';
import { JobHandler, JobsService } from '../../infra/jobs/jobs.service';
import { INTRODUCTIONS_SWEEP_EVERY_MS, IntroductionSweepProcessor } from './introduction-sweep.processor';
import { IntroductionSweepOutcome, IntroductionSweepService } from './introduction-sweep.service';

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

describe('IntroductionSweepProcessor', () => {
  const outcome: IntroductionSweepOutcome = { reminded3: 2, reminded7: 1, expired: 1 };
  let jobs: FakeJobs;
  let sweeps: number;

  beforeEach(async () => {
    jobs = new FakeJobs();
    sweeps = 0;
    const service = { sweep: async () => (sweeps++, outcome) } as unknown as IntroductionSweepService;
    await new IntroductionSweepProcessor(jobs as unknown as JobsService, service).onApplicationBootstrap();
  });

  it('declares one hourly schedule under a fixed id', () => {
    expect(jobs.schedules).toEqual([{ jobName: JobName.SweepIntroductions, id: INTRODUCTIONS_SCHEDULER_ID, everyMs: INTRODUCTIONS_SWEEP_EVERY_MS }]);
    expect(INTRODUCTIONS_SWEEP_EVERY_MS).toBe(3600 * 1000);
  });

  it('processes the introductions queue one job at a time by running a sweep', async () => {
    expect(jobs.processors.map((p) => [p.queue, p.concurrency])).toEqual([[QueueName.Introductions, 1]]);
    await expect(jobs.processors[0].handler({ name: JobName.SweepIntroductions, data: {} } as never)).resolves.toEqual(outcome);
    expect(sweeps).toBe(1);
  });
});
