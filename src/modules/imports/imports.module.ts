import { Global, Module } from '@nestjs/common';
import { ImporterRegistry } from './importer-registry';
import { ImportRunner } from './import-runner.service';
import { ImportRunsRepository } from './import-runs.repository';

/** The import machinery. Global so that each feature module's importer can register itself. */
@Global()
@Module({
  providers: [ImporterRegistry, ImportRunner, ImportRunsRepository],
  exports: [ImporterRegistry, ImportRunner, ImportRunsRepository],
})
export class ImportsModule {}
