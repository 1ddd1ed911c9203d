import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JobName } from '../jobs/job-names';
import { OutboxRepository } from './outbox.repository';

/** Writes work for the worker inside the caller's transaction: it is queued if and only if the change commits. */
@Injectable()
export class OutboxService {
  constructor(private readonly repository: OutboxRepository) {}

  add(manager: EntityManager, jobName: JobName, payload: Record<string, unknown>, availableAt?: Date): Promise<string> {
    return this.repository.insert(manager, jobName, payload, availableAt);
  }
}
