import { AWARENESS_DAYS_SCHEDULER_ID, JobName, QueueName } from '../../infra/jobs/job-names';
import { JobHandler, JobsService } from '../../infra/jobs/jobs.service';
import { AWARENESS_DAYS_SWEEP_EVERY_MS, AwarenessDaysSweepProcessor } from './awareness-days-sweep.processor';
import { AwarenessDaysSweepService, AwarenessSweepOutcome } from './awareness-days-sweep.service';

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

describe('AwarenessDaysSweepProcessor', () => {
  const outcome: AwarenessSweepOutcome = { remindedD7: 2, remindedD1: 1, identitiesErased: 5 };
  let jobs: FakeJobs;
  let sweeps: number;

  beforeEach(async () => {
    jobs = new FakeJobs();
    sweeps = 0;
    const service = { sweep: async () => (sweeps++, outcome) } as unknown as AwarenessDaysSweepService;
    await new AwarenessDaysSweepProcessor(jobs as unknown as JobsService, service).onApplicationBootstrap();
  });

  it('declares one hourly schedule under a fixed id', () => {
    expect(jobs.schedules).toEqual([{ jobName: JobName.SweepAwarenessDays, id: AWARENESS_DAYS_SCHEDULER_ID, everyMs: AWARENESS_DAYS_SWEEP_EVERY_MS }]);
    expect(AWARENESS_DAYS_SWEEP_EVERY_MS).toBe(3600 * 1000);
  });

  it('processes its own queue one job at a time by running a sweep', async () => {
    expect(jobs.processors.map((p) => [p.queue, p.concurrency])).toEqual([[QueueName.AwarenessDays, 1]]);
    await expect(jobs.processors[0].handler({ name: JobName.SweepAwarenessDays, data: {} } as never)).resolves.toEqual(outcome);
    expect(sweeps).toBe(1);
  });
});
