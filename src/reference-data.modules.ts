import { BasinNeedsModule } from './modules/basin-needs/basin-needs.module';
import { CrosswalkModule } from './modules/crosswalk/crosswalk.module';
import { GeographyModule } from './modules/geography/geography.module';
import { ImportsModule } from './modules/imports/imports.module';
import { OccupationsModule } from './modules/occupations/occupations.module';

/** Reference data (occupations, geography, BMO needs, FAP ↔ ROME) and its importers: used by the api and the CLI. */
export const REFERENCE_DATA_MODULES = [ImportsModule, OccupationsModule, GeographyModule, BasinNeedsModule, CrosswalkModule];
