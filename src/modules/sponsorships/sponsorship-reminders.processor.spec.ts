import { JobName, QueueName, SPONSORSHIP_REMINDERS_SCHEDULER_ID } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { HOURLY_SWEEP_EVERY_MS } from '../../infra/jobs/scheduled-sweep';
import { SponsorshipRemindersProcessor } from './sponsorship-reminders.processor';
import { ReminderSweepOutcome, SponsorshipRemindersService } from './sponsorship-reminders.service';

describe('SponsorshipRemindersProcessor', () => {
  it('runs the check-in reminders hourly on its own queue, one job at a time, under its fixed scheduler id', async () => {
    const outcome: ReminderSweepOutcome = { reminded: 3 };
    const jobs = { process: jest.fn(), schedule: jest.fn(async () => undefined) };
    const service = { sweep: async () => outcome } as unknown as SponsorshipRemindersService;
    await new SponsorshipRemindersProcessor(jobs as unknown as JobsService, service).onApplicationBootstrap();
    expect(jobs.schedule.mock.calls).toEqual([[JobName.SweepSponsorshipReminders, SPONSORSHIP_REMINDERS_SCHEDULER_ID, HOURLY_SWEEP_EVERY_MS]]);
    expect(jobs.process.mock.calls.map(([queue, , concurrency]) => [queue, concurrency])).toEqual([[QueueName.SponsorshipReminders, 1]]);
    await expect(jobs.process.mock.calls[0][1]()).resolves.toBe(outcome);
  });
});
