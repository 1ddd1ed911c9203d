import { Module } from '@nestjs/common';
import { BasinPagesController } from './basin-pages.controller';
import { BasinsImporter } from './basins.importer';
import { CommunesImporter } from './communes.importer';
import { EstablishmentsImporter } from './establishments.importer';
import { GeographyController } from './geography.controller';
import { GeographyRepository } from './geography.repository';
import { GeographyService } from './geography.service';

/** Employment basins, communes and penitentiary establishments: importers, lookup API and the basin lookup page. */
@Module({
  controllers: [GeographyController, BasinPagesController],
  providers: [GeographyRepository, GeographyService, BasinsImporter, CommunesImporter, EstablishmentsImporter],
  exports: [GeographyService],
})
export class GeographyModule {}
