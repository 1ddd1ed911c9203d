import { JobName, QueueName, STALE_NEEDS_SCHEDULER_ID } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { HOURLY_SWEEP_EVERY_MS } from '../../infra/jobs/scheduled-sweep';
import { StaleNeedsProcessor } from './stale-needs.processor';
import { StaleNeedsService, StaleSweepOutcome } from './stale-needs.service';

describe('StaleNeedsProcessor', () => {
  it('runs the stale-needs sweep hourly on its own queue, one job at a time, under its fixed scheduler id', async () => {
    const outcome: StaleSweepOutcome = { warned: 2, unpublished: 1 };
    const jobs = { process: jest.fn(), schedule: jest.fn(async () => undefined) };
    const service = { sweep: async () => outcome } as unknown as StaleNeedsService;
    await new StaleNeedsProcessor(jobs as unknown as JobsService, service).onApplicationBootstrap();
    expect(jobs.schedule.mock.calls).toEqual([[JobName.SweepStaleNeeds, STALE_NEEDS_SCHEDULER_ID, HOURLY_SWEEP_EVERY_MS]]);
    expect(jobs.process.mock.calls.map(([queue, , concurrency]) => [queue, concurrency])).toEqual([[QueueName.StaleNeeds, 1]]);
    await expect(jobs.process.mock.calls[0][1]()).resolves.toBe(outcome);
  });
});
