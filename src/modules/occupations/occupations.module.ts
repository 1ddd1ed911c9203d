import { Module } from '@nestjs/common';
import { OccupationIndexer } from './occupation-indexer.service';
import { OccupationPagesController } from './occupation-pages.controller';
import { OccupationsController } from './occupations.controller';
import { OccupationsRepository } from './occupations.repository';
import { OccupationsService } from './occupations.service';
import { RomeImporter } from './rome.importer';

/** ROME 4.0 occupations: importer, search index, autocomplete API and the /metiers pages. */
@Module({
  controllers: [OccupationsController, OccupationPagesController],
  providers: [OccupationsRepository, OccupationsService, OccupationIndexer, RomeImporter],
  exports: [OccupationsService, OccupationIndexer],
})
export class OccupationsModule {}
