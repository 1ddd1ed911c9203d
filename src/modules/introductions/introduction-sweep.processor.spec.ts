import { JobName, QueueName, INTRODUCTIONS_SCHEDULER_ID } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { HOURLY_SWEEP_EVERY_MS } from '../../infra/jobs/scheduled-sweep';
import { IntroductionSweepProcessor } from './introduction-sweep.processor';
import { IntroductionSweepOutcome, IntroductionSweepService } from './introduction-sweep.service';

describe('IntroductionSweepProcessor', () => {
  it('runs the introductions sweep hourly on its own queue, one job at a time, under its fixed scheduler id', async () => {
    const outcome: IntroductionSweepOutcome = { reminded3: 2, reminded7: 1, expired: 1, outcomeDue: 1 };
    const jobs = { process: jest.fn(), schedule: jest.fn(async () => undefined) };
    const service = { sweep: async () => outcome } as unknown as IntroductionSweepService;
    await new IntroductionSweepProcessor(jobs as unknown as JobsService, service).onApplicationBootstrap();
    expect(jobs.schedule.mock.calls).toEqual([[JobName.SweepIntroductions, INTRODUCTIONS_SCHEDULER_ID, HOURLY_SWEEP_EVERY_MS]]);
    expect(jobs.process.mock.calls.map(([queue, , concurrency]) => [queue, concurrency])).toEqual([[QueueName.Introductions, 1]]);
    await expect(jobs.process.mock.calls[0][1]()).resolves.toBe(outcome);
  });
});
