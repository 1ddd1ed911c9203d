import { JobName, QueueName, SPONSORSHIP_REMINDERS_SCHEDULER_ID } from '../../infra/jobs/job-names';
import { JobHandler, JobsService } from '../../infra/jobs/jobs.service';
import { SPONSORSHIP_REMINDERS_EVERY_MS, SponsorshipRemindersProcessor } from './sponsorship-reminders.processor';
import { ReminderSweepOutcome, SponsorshipRemindersService } from './sponsorship-reminders.service';

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

describe('SponsorshipRemindersProcessor', () => {
  const outcome: ReminderSweepOutcome = { reminded: 3 };
  let jobs: FakeJobs;
  let sweeps: number;

  beforeEach(async () => {
    jobs = new FakeJobs();
    sweeps = 0;
    const service = { sweep: async () => (sweeps++, outcome) } as unknown as SponsorshipRemindersService;
    await new SponsorshipRemindersProcessor(jobs as unknown as JobsService, service).onApplicationBootstrap();
  });

  it('declares one hourly schedule under a fixed id', () => {
    expect(jobs.schedules).toEqual([{ jobName: JobName.SweepSponsorshipReminders, id: SPONSORSHIP_REMINDERS_SCHEDULER_ID, everyMs: SPONSORSHIP_REMINDERS_EVERY_MS }]);
    expect(SPONSORSHIP_REMINDERS_EVERY_MS).toBe(3600 * 1000);
  });

  it('processes its own queue one job at a time by running a sweep', async () => {
    expect(jobs.processors.map((p) => [p.queue, p.concurrency])).toEqual([[QueueName.SponsorshipReminders, 1]]);
    await expect(jobs.processors[0].handler({ name: JobName.SweepSponsorshipReminders, data: {} } as never)).resolves.toEqual(outcome);
    expect(sweeps).toBe(1);
  });
});
