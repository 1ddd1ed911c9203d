import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { EmployerNeedsRepository } from './employer-needs.repository';
import { StaleNeedsProcessor } from './stale-needs.processor';
import { StaleNeedsService } from './stale-needs.service';

/** Worker side of employer needs: the stale-needs sweep. */
@Module({
  imports: [NotificationsModule],
  providers: [EmployerNeedsRepository, StaleNeedsService, StaleNeedsProcessor],
})
export class EmployerNeedsWorkerModule {}
