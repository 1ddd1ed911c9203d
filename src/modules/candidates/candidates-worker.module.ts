import { Module } from '@nestjs/common';
import { ProfileIndexOutbox } from '../profile-search/profile-index-outbox';
import { CandidateProfilesRepository } from './candidate-profiles.repository';
import { ProfileRetentionProcessor } from './profile-retention.processor';
import { ProfileRetentionService } from './profile-retention.service';

/** Worker side of candidate profiles: the retention sweep (archive, then erase). The audit trail comes from the global AuditModule. */
@Module({
  providers: [CandidateProfilesRepository, ProfileRetentionService, ProfileRetentionProcessor, ProfileIndexOutbox],
})
export class CandidatesWorkerModule {}
