import { Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { JobsModule } from './infra/jobs/jobs.module';
import { MailModule } from './infra/mail/mail.module';
import { OutboxRelayService } from './infra/outbox/outbox-relay.service';
import { OutboxModule } from './infra/outbox/outbox.module';
import { RedisModule } from './infra/redis/redis.module';
import { APP_SEARCH_INDEXES } from './infra/search/search-indexes';
import { SearchModule } from './infra/search/search.module';
import { NotificationsWorkerModule } from './modules/notifications/notifications.module';
import { UsersModule } from './modules/users/users.module';

/** Runs the outbox relay for as long as the worker lives. */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly relay: OutboxRelayService) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.relay.stop();
  }
}

/** The worker: BullMQ processors and the outbox relay, no HTTP server. */
@Module({
  imports: [
    ConfigModule,
    CommonModule,
    DatabaseModule,
    RedisModule,
    JobsModule,
    OutboxModule,
    MailModule,
    SearchModule.forRoot(APP_SEARCH_INDEXES),
    UsersModule,
    NotificationsWorkerModule,
  ],
  providers: [OutboxRelayRunner],
})
export class WorkerModule {}
