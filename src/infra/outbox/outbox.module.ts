import { Global, Module } from '@nestjs/common';
import { OutboxRelayService } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

@Global()
@Module({
  providers: [OutboxRepository, OutboxService, OutboxRelayService],
  exports: [OutboxRepository, OutboxService, OutboxRelayService],
})
export class OutboxModule {}
