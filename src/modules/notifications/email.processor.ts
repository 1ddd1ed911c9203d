import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { QueueName } from '../../infra/jobs/job-names';
import { JobsService } from '../../infra/jobs/jobs.service';
import { EmailDeliveryService } from './email-delivery.service';

/** Worker side of the e-mail queue: thin, it hands each job to the delivery service. */
@Injectable()
export class EmailProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly delivery: EmailDeliveryService,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.process(QueueName.Email, (job) => this.delivery.deliver(job.data.outboxId), 4);
  }
}
