import { Module } from '@nestjs/common';
import { IntroductionsModule } from '../introductions/introductions.module';
import { SponsorshipsModule } from '../sponsorships/sponsorships.module';
import { CounsellorSessionProposalsPagesController } from './session-debrief-counsellor-pages.controller';
import { CoordinationDebriefPagesController, EmployerDebriefPagesController } from './session-debrief-pages.controller';
import { GrandOralController, SessionDebriefsController } from './session-debriefs.controller';
import { SessionDebriefsRepository } from './session-debriefs.repository';
import { SessionDebriefsService } from './session-debriefs.service';

/**
 * Debriefs, Grand Oral and statistics of recruitment sessions (issue 7), api side. Accepted proposals go through
 * the introductions' and sponsorships' own services. The audit trail comes from the global AuditModule.
 */
@Module({
  imports: [IntroductionsModule, SponsorshipsModule],
  controllers: [SessionDebriefsController, GrandOralController, EmployerDebriefPagesController, CoordinationDebriefPagesController, CounsellorSessionProposalsPagesController],
  providers: [SessionDebriefsRepository, SessionDebriefsService],
})
export class SessionDebriefsModule {}
