import { Module } from '@nestjs/common';
import { ActivePartnerGuard } from './active-partner.guard';
import { AnonymityPagesController } from './anonymity-pages.controller';
import { AnonymityReportController } from './anonymity-report.controller';
import { CandidatePagesController } from './candidate-pages.controller';
import { CandidateProfilesController } from './candidate-profiles.controller';
import { CandidateProfilesRepository } from './candidate-profiles.repository';
import { CandidateProfilesService } from './candidate-profiles.service';
import { ActiveEmployerReaderGuard, EmployerProfilesController } from './employer-profiles.controller';
import { EmployerProfilesService } from './employer-profiles.service';
import { ProfileIndexOutbox } from '../profile-search/profile-index-outbox';
import { ProfileRetentionService } from './profile-retention.service';

/** Anonymised candidate profiles: counsellor side, the employer view of published ones, and their k-anonymity report. The audit trail comes from the global AuditModule. */
@Module({
  controllers: [CandidateProfilesController, CandidatePagesController, EmployerProfilesController, AnonymityReportController, AnonymityPagesController],
  providers: [CandidateProfilesRepository, CandidateProfilesService, ActivePartnerGuard, EmployerProfilesService, ActiveEmployerReaderGuard, ProfileRetentionService, ProfileIndexOutbox],
  exports: [EmployerProfilesService, CandidateProfilesService, CandidateProfilesRepository],
})
export class CandidatesModule {}
