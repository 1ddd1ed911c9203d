import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { AwarenessMemberGuard } from './awareness-day-access';
import { CoordinationAwarenessDayPagesController, EmployerAwarenessDayPagesController } from './awareness-day-pages.controller';
import { AwarenessDaysController } from './awareness-days.controller';
import { AwarenessDaysRepository } from './awareness-days.repository';
import { AwarenessDaysService } from './awareness-days.service';
import { AwarenessIdentityCipher } from './awareness-identity-cipher';

/** Awareness half-days in prison (issue 7), api side: the JSON API and the French pages. The audit trail comes from the global AuditModule. */
@Module({
  imports: [NotificationsModule],
  controllers: [AwarenessDaysController, EmployerAwarenessDayPagesController, CoordinationAwarenessDayPagesController],
  providers: [AwarenessDaysRepository, AwarenessDaysService, AwarenessIdentityCipher, AwarenessMemberGuard],
})
export class AwarenessDaysModule {}
