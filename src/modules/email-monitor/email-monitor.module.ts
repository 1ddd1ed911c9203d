import { Module } from '@nestjs/common';
import { EmailMonitorPagesController } from './email-monitor-pages.controller';
import { EmailMonitorController } from './email-monitor.controller';
import { EmailMonitorRepository } from './email-monitor.repository';
import { EmailMonitorService } from './email-monitor.service';

/** Staff monitor of the e-mail outbox: deliveries not sent and why, retries, suppressed addresses. */
@Module({
  controllers: [EmailMonitorController, EmailMonitorPagesController],
  providers: [EmailMonitorRepository, EmailMonitorService],
  exports: [EmailMonitorService],
})
export class EmailMonitorModule {}
