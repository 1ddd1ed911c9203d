import { Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MailModule } from './infra/mail/mail.module';
import { OutboxRelayService } from './infra/outbox/outbox-relay.service';
import { CandidatesWorkerModule } from './modules/candidates/candidates-worker.module';
import { EmployerNeedsWorkerModule } from './modules/employer-needs/employer-needs-worker.module';
import { NotificationsWorkerModule } from './modules/notifications/notifications.module';
import { ProfileSearchWorkerModule } from './modules/profile-search/profile-search-worker.module';
import { IntroductionsWorkerModule } from './modules/introductions/introductions-worker.module';
import { SponsorshipsWorkerModule } from './modules/sponsorships/sponsorships-worker.module';
import { AwarenessDaysWorkerModule } from './modules/awareness-days/awareness-days-worker.module';
import { CORE_MODULES } from './core.modules';

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
    ...CORE_MODULES,
    MailModule,
    NotificationsWorkerModule,
    EmployerNeedsWorkerModule,
    CandidatesWorkerModule,
    ProfileSearchWorkerModule,
    IntroductionsWorkerModule,
    SponsorshipsWorkerModule,
    AwarenessDaysWorkerModule,
  ],
  providers: [OutboxRelayRunner],
})
export class WorkerModule {}
