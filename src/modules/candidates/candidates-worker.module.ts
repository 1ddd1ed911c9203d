import { Module } from '@nestjs/common';
import { CandidateProfilesRepository } from './candidate-profiles.repository';
import { ProfileRetentionProcessor } from './profile-retention.processor';
import { ProfileRetentionService } from './profile-retention.service';

/** Worker side of candidate profiles: the retention sweep (archive, then erase). The audit trail comes from the global AuditModule. */
@Module({
  providers: [CandidateProfilesRepository, ProfileRetentionService, ProfileRetentionProcessor],
})
export class CandidatesWorkerModule {}
