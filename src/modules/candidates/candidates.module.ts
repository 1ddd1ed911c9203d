import { Module } from '@nestjs/common';
import { ActivePartnerGuard } from './active-partner.guard';
import { CandidateProfilesController } from './candidate-profiles.controller';
import { CandidateProfilesRepository } from './candidate-profiles.repository';
import { CandidateProfilesService } from './candidate-profiles.service';

/** Anonymised candidate profiles, counsellor side. The audit trail comes from the global AuditModule. */
@Module({
  controllers: [CandidateProfilesController],
  providers: [CandidateProfilesRepository, CandidateProfilesService, ActivePartnerGuard],
  exports: [CandidateProfilesService],
})
export class CandidatesModule {}
