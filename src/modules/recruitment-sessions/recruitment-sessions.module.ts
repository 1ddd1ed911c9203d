import { Module } from '@nestjs/common';
import { MatchingModule } from '../matching/matching.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CoordinationSessionPagesController, EmployerSessionPagesController } from './recruitment-session-pages.controller';
import { RecruitmentSessionsController } from './recruitment-sessions.controller';
import { RecruitmentSessionsRepository } from './recruitment-sessions.repository';
import { RecruitmentSessionsService } from './recruitment-sessions.service';

/**
 * Recruitment sessions with company binômes (issue 7), api side. Relevance reads profiles and needs through the
 * matching module's repository (pure SQL reads), so that sessions score pairs with the same rules as matching.
 */
@Module({
  imports: [NotificationsModule, MatchingModule],
  controllers: [RecruitmentSessionsController, CoordinationSessionPagesController, EmployerSessionPagesController],
  providers: [RecruitmentSessionsRepository, RecruitmentSessionsService],
  exports: [RecruitmentSessionsRepository],
})
export class RecruitmentSessionsModule {}
