import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** The only door services have to a transaction: repositories receive the manager it yields. */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
