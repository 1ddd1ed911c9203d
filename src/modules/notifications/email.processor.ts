import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { QueueName } from '../../infra/jobs/job-names';
import { JobsService, retryDelayAfterFailure } from '../../infra/jobs/jobs.service';
import { EmailDeliveryService } from './email-delivery.service';

/**
 * E-mails one worker handles at once: four times the SMTP pool (SMTP_POOL_SIZE), so that the database work of some
 * jobs (load, claim, render, record) overlaps the SMTP transactions of others (bench/email-pipeline.js: 8 reached
 * about half of nodemailer's own throughput, 16 about 0.6). It also bounds how many e-mails a killed worker can
 * leave in the duplicate window (see EmailDeliveryService).
 */
export const EMAIL_CONCURRENCY = 16;

/** Worker side of the e-mail queue: thin, it hands each job to the delivery service. */
@Injectable()
export class EmailProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly delivery: EmailDeliveryService,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.process(QueueName.Email, (job) => this.delivery.deliver(job.data.outboxId, { retryInMs: retryDelayAfterFailure(job) }), EMAIL_CONCURRENCY);
  }
}
