import { Module } from '@nestjs/common';
import { CrosswalkPagesController } from './crosswalk-pages.controller';
import { CrosswalkController } from './crosswalk.controller';
import { CrosswalkImporter } from './crosswalk.importer';
import { CrosswalkRepository } from './crosswalk.repository';
import { CrosswalkService } from './crosswalk.service';

/** FAP 2021 ↔ ROME crosswalk: importer, suggestions, staff decisions; CrosswalkService is what other modules use. */
@Module({
  controllers: [CrosswalkController, CrosswalkPagesController],
  providers: [CrosswalkRepository, CrosswalkService, CrosswalkImporter],
  exports: [CrosswalkService],
})
export class CrosswalkModule {}
