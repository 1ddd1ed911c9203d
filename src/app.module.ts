import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CommonModule } from './common/common.module';
import { ProblemFilter } from './common/http/problem.filter';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { JobsModule } from './infra/jobs/jobs.module';
import { OutboxModule } from './infra/outbox/outbox.module';
import { RedisModule } from './infra/redis/redis.module';
import { APP_SEARCH_INDEXES } from './infra/search/search-indexes';
import { SearchModule } from './infra/search/search.module';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { OrganisationsModule } from './modules/organisations/organisations.module';
import { UsersModule } from './modules/users/users.module';
import { WebModule } from './modules/web/web.module';

/** The HTTP api: JSON under /api and the French pages. It produces jobs and runs no processor. */
@Module({
  imports: [
    ConfigModule,
    CommonModule,
    DatabaseModule,
    RedisModule,
    JobsModule,
    OutboxModule,
    SearchModule.forRoot(APP_SEARCH_INDEXES),
    UsersModule,
    HealthModule,
    AuthModule,
    OrganisationsModule,
    WebModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
})
export class AppModule {}
