import { Module } from '@nestjs/common';
import { CrosswalkModule } from '../crosswalk/crosswalk.module';
import { GeographyModule } from '../geography/geography.module';
import { OccupationsModule } from '../occupations/occupations.module';
import { BasinNeedsController } from './basin-needs.controller';
import { BasinNeedsRepository } from './basin-needs.repository';
import { BasinNeedsService } from './basin-needs.service';
import { BasinNeedsPagesController } from './basin-needs-pages.controller';
import { BmoImporter } from './bmo.importer';

/** France Travail's BMO survey: recruitment needs per employment basin and FAP occupation. */
@Module({
  imports: [GeographyModule, OccupationsModule, CrosswalkModule],
  controllers: [BasinNeedsController, BasinNeedsPagesController],
  providers: [BmoImporter, BasinNeedsRepository, BasinNeedsService],
  exports: [BasinNeedsService],
})
export class BasinNeedsModule {}
