/** Queues, one per kind of work, so a slow SMTP server never delays index sync. */
export enum QueueName {
  Email = 'email',
  StaleNeeds = 'stale-needs',
  ProfileRetention = 'profile-retention',
  ProfileIndex = 'profile-index',
  Introductions = 'introductions',
  SponsorshipReminders = 'sponsorship-reminders',
  AwarenessDays = 'awareness-days',
}

export enum JobName {
  SendEmail = 'email.send',
  SweepStaleNeeds = 'employer-needs.sweep-stale',
  SweepProfileRetention = 'candidate-profiles.sweep-retention',
  /** Applies a profile's current state to the search index (upsert or delete). */
  SyncProfileIndex = 'profile-index.sync',
  /** Reminds whoever must answer an introduction, and closes those nobody answered. */
  SweepIntroductions = 'introductions.sweep',
  /** Reminds sponsors of the sponsorship check-ins that fell due. */
  SweepSponsorshipReminders = 'sponsorships.sweep-reminders',
  /** Awareness half-days: J-7 and J-1 reminders, closing registrations at the deadline, erasing identity data after the day. */
  SweepAwarenessDays = 'awareness-days.sweep',
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.SendEmail]: QueueName.Email,
  [JobName.SweepStaleNeeds]: QueueName.StaleNeeds,
  [JobName.SweepProfileRetention]: QueueName.ProfileRetention,
  [JobName.SyncProfileIndex]: QueueName.ProfileIndex,
  [JobName.SweepIntroductions]: QueueName.Introductions,
  [JobName.SweepSponsorshipReminders]: QueueName.SponsorshipReminders,
  [JobName.SweepAwarenessDays]: QueueName.AwarenessDays,
};

/** The stale-needs sweep repeats under this id: every worker declares it at boot, Redis keeps one schedule. */
export const STALE_NEEDS_SCHEDULER_ID = 'employer-needs.sweep-stale.hourly';

/** The candidate-profile retention sweep (archive, then erase) repeats under this id, for the same reason. */
export const PROFILE_RETENTION_SCHEDULER_ID = 'candidate-profiles.sweep-retention.hourly';

/** The introductions sweep (reminders, then closing unanswered ones) repeats under this id, for the same reason. */
export const INTRODUCTIONS_SCHEDULER_ID = 'introductions.sweep.hourly';

/** The sponsorship check-in reminder sweep repeats under this id, for the same reason. */
export const SPONSORSHIP_REMINDERS_SCHEDULER_ID = 'sponsorships.sweep-reminders.hourly';

/** The awareness half-day sweep (reminders, identity erasure) repeats under this id, for the same reason. */
export const AWARENESS_DAYS_SCHEDULER_ID = 'awareness-days.sweep.hourly';

/** Every job relayed from the outbox carries only the outbox id; the processor reads the row. */
export interface OutboxJobData {
  outboxId: string;
}

export function isJobName(value: string): value is JobName {
  return (Object.values(JobName) as string[]).includes(value);
}

/** Deterministic BullMQ job id for an outbox row (BullMQ refuses purely numeric custom ids). */
export function outboxJobId(outboxId: string): string {
  return `outbox-${outboxId}`;
}
