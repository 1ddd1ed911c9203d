import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { AwarenessMemberGuard } from './awareness-day-access';
import { CoordinationAwarenessDayPagesController, EmployerAwarenessDayPagesController } from './awareness-day-pages.controller';
import { AwarenessDaysController } from './awareness-days.controller';
import { AwarenessDaysRepository } from './awareness-days.repository';
import { AwarenessDaysService } from './awareness-days.service';
import { AwarenessIdentityCipher } from './awareness-identity-cipher';

/** Awareness half-days in prison (issue 7), api side: the JSON API and the French pages. The audit trail comes from the global AuditModule. */
@Module({
  // ProgrammesModule: the programmes of the coordinator's organisation, offered on the half-day form.
  imports: [NotificationsModule, ProgrammesModule],
  controllers: [AwarenessDaysController, EmployerAwarenessDayPagesController, CoordinationAwarenessDayPagesController],
  providers: [AwarenessDaysRepository, AwarenessDaysService, AwarenessIdentityCipher, AwarenessMemberGuard],
})
export class AwarenessDaysModule {}
