import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ProblemFilter } from './common/http/problem.filter';
import { AuthModule } from './modules/auth/auth.module';
import { CandidatesModule } from './modules/candidates/candidates.module';
import { EmployerNeedsModule } from './modules/employer-needs/employer-needs.module';
import { HealthModule } from './modules/health/health.module';
import { MatchingModule } from './modules/matching/matching.module';
import { OrganisationsModule } from './modules/organisations/organisations.module';
import { ProfileSearchModule } from './modules/profile-search/profile-search.module';
import { ProgrammesModule } from './modules/programmes/programmes.module';
import { WebModule } from './modules/web/web.module';
import { IntroductionsModule } from './modules/introductions/introductions.module';
import { EmailMonitorModule } from './modules/email-monitor/email-monitor.module';
import { SponsorshipsModule } from './modules/sponsorships/sponsorships.module';
import { AwarenessDaysModule } from './modules/awareness-days/awareness-days.module';
import { RecruitmentSessionsModule } from './modules/recruitment-sessions/recruitment-sessions.module';
import { SessionDebriefsModule } from './modules/session-debriefs/session-debriefs.module';
import { CORE_MODULES } from './core.modules';
import { REFERENCE_DATA_MODULES } from './reference-data.modules';

/** The HTTP api: JSON under /api and the French pages. It produces jobs and runs no processor. */
@Module({
  imports: [
    ...CORE_MODULES,
    HealthModule,
    AuthModule,
    OrganisationsModule,
    EmployerNeedsModule,
    CandidatesModule,
    ProgrammesModule,
    ProfileSearchModule,
    MatchingModule,
    IntroductionsModule,
    EmailMonitorModule,
    SponsorshipsModule,
    AwarenessDaysModule,
    RecruitmentSessionsModule,
    SessionDebriefsModule,
    ...REFERENCE_DATA_MODULES,
    WebModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
})
export class AppModule {}
