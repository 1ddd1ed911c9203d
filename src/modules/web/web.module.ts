import { Module } from '@nestjs/common';
import { EmailMonitorModule } from '../email-monitor/email-monitor.module';
import { AuthModule } from '../auth/auth.module';
import { MatchingModule } from '../matching/matching.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { AccountPagesController } from './account-pages.controller';
import { DevMailPagesController } from './dev-mail-pages.controller';
import { HomeController } from './home.controller';
import { ReviewPagesController } from './review-pages.controller';

/** Server-rendered French pages. */
@Module({
  imports: [AuthModule, OrganisationsModule, MatchingModule, EmailMonitorModule],
  controllers: [HomeController, AccountPagesController, ReviewPagesController, DevMailPagesController],
})
export class WebModule {}
