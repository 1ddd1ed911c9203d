import { DynamicModule, Global, Module } from '@nestjs/common';
import { SEARCH_APPLY_SETTINGS_ON_BOOT, SEARCH_INDEX_DEFINITIONS, SearchIndexDefinition } from './search-index';
import { SearchService } from './search.service';

@Global()
@Module({})
export class SearchModule {
  /**
   * Registers the indexes the application owns. Their settings are applied at boot, or, with
   * applySettingsOnBoot false (the CLI, whose imports mostly do not touch the index), before the first write.
   */
  static forRoot(definitions: SearchIndexDefinition[], options: { applySettingsOnBoot?: boolean } = {}): DynamicModule {
    return {
      module: SearchModule,
      providers: [
        { provide: SEARCH_INDEX_DEFINITIONS, useValue: definitions },
        { provide: SEARCH_APPLY_SETTINGS_ON_BOOT, useValue: options.applySettingsOnBoot ?? true },
        SearchService,
      ],
      exports: [SearchService],
    };
  }
}
