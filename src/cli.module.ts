import { Module } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { APP_SEARCH_INDEXES } from './infra/search/search-indexes';
import { SearchModule } from './infra/search/search.module';
import { ProfileIndexModule } from './modules/profile-search/profile-index.module';
import { REFERENCE_DATA_MODULES } from './reference-data.modules';

/** What the CLI's import, reindex and check-index commands need: no Redis, no HTTP. */
@Module({
  imports: [ConfigModule, CommonModule, DatabaseModule, SearchModule.forRoot(APP_SEARCH_INDEXES, { applySettingsOnBoot: false }), ...REFERENCE_DATA_MODULES, ProfileIndexModule],
})
export class CliModule {}
