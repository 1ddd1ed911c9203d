import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ActiveIntroductionMemberGuard } from './introduction-access';
import { IntroductionMailer } from './introduction-mailer';
import { EmployerIntroductionPagesController, PartnerIntroductionPagesController } from './introduction-pages.controller';
import { IntroductionsController } from './introductions.controller';
import { IntroductionsRepository } from './introductions.repository';
import { IntroductionsService } from './introductions.service';

/** Introductions (mises en relation), api side: the JSON API and the French pages of both sides. The audit trail comes from the global AuditModule. */
@Module({
  imports: [CandidatesModule, NotificationsModule],
  controllers: [IntroductionsController, EmployerIntroductionPagesController, PartnerIntroductionPagesController],
  providers: [IntroductionsRepository, IntroductionsService, IntroductionMailer, ActiveIntroductionMemberGuard],
  // Recruitment session debriefs turn accepted proposals into introductions through the same service.
  exports: [IntroductionsService],
})
export class IntroductionsModule {}
