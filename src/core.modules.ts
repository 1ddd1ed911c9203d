import { CommonModule } from './common/common.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { JobsModule } from './infra/jobs/jobs.module';
import { OutboxModule } from './infra/outbox/outbox.module';
import { RedisModule } from './infra/redis/redis.module';
import { APP_SEARCH_INDEXES } from './infra/search/search-indexes';
import { SearchModule } from './infra/search/search.module';
import { AuditModule } from './modules/audit/audit.module';
import { UsersModule } from './modules/users/users.module';

/** Configuration, database and infrastructure adapters: what the api and the worker both stand on. */
export const CORE_MODULES = [
  ConfigModule,
  CommonModule,
  DatabaseModule,
  RedisModule,
  JobsModule,
  OutboxModule,
  SearchModule.forRoot(APP_SEARCH_INDEXES),
  UsersModule,
  AuditModule,
];
