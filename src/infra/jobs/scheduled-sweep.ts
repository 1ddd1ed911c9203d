import { JOB_QUEUE, JobName } from './job-names';
import { JobsService } from './jobs.service';

/** How often the hourly sweeps (stale needs, introductions, sponsorship reminders) run. */
export const HOURLY_SWEEP_EVERY_MS = 3600 * 1000;

/**
 * Worker side of an hourly sweep: processes the job's queue one job at a time (two runs of a sweep never overlap
 * in one worker) by calling `run`, and declares the schedule under a fixed id, so that every worker that boots
 * declares the same one and Redis keeps one. The job carries no data.
 */
export async function declareHourlySweep(jobs: Pick<JobsService, 'process' | 'schedule'>, job: JobName, schedulerId: string, run: () => Promise<unknown>): Promise<void> {
  jobs.process(JOB_QUEUE[job], () => run(), 1);
  await jobs.schedule(job, schedulerId, HOURLY_SWEEP_EVERY_MS);
}
