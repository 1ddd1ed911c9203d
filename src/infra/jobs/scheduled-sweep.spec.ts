import { JobName, QueueName } from './job-names';
import { JobHandler } from './jobs.service';
import { declareHourlySweep, HOURLY_SWEEP_EVERY_MS } from './scheduled-sweep';

describe('declareHourlySweep', () => {
  const processors: { queue: QueueName; handler: JobHandler; concurrency?: number }[] = [];
  const schedules: { job: JobName; id: string; everyMs: number }[] = [];
  let runs: number;

  beforeAll(async () => {
    runs = 0;
    const jobs = {
      process: (queue: QueueName, handler: JobHandler, concurrency?: number) => void processors.push({ queue, handler, concurrency }),
      schedule: async (job: JobName, id: string, everyMs: number) => void schedules.push({ job, id, everyMs }),
    };
    await declareHourlySweep(jobs as never, JobName.SweepIntroductions, 'a-fixed-id', async () => ({ run: ++runs }));
  });

  it('declares one hourly schedule of the job under the fixed id', () => {
    expect(schedules).toEqual([{ job: JobName.SweepIntroductions, id: 'a-fixed-id', everyMs: 3600 * 1000 }]);
    expect(HOURLY_SWEEP_EVERY_MS).toBe(3600 * 1000);
  });

  it('processes the job’s own queue one job at a time, each job being one run whose result it returns', async () => {
    expect(processors.map((p) => [p.queue, p.concurrency])).toEqual([[QueueName.Introductions, 1]]);
    await expect(processors[0].handler({ name: JobName.SweepIntroductions, data: {} } as never)).resolves.toEqual({ run: 1 });
    await expect(processors[0].handler({ name: JobName.SweepIntroductions, data: {} } as never)).resolves.toEqual({ run: 2 });
  });
});
