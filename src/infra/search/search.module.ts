import { DynamicModule, Global, Module } from '@nestjs/common';
import { SEARCH_INDEX_DEFINITIONS, SearchIndexDefinition } from './search-index';
import { SearchService } from './search.service';

@Global()
@Module({})
export class SearchModule {
  /** Registers the indexes the application owns; their settings are applied at boot. */
  static forRoot(definitions: SearchIndexDefinition[]): DynamicModule {
    return {
      module: SearchModule,
      providers: [{ provide: SEARCH_INDEX_DEFINITIONS, useValue: definitions }, SearchService],
      exports: [SearchService],
    };
  }
}
