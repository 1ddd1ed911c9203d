import { Module } from '@nestjs/common';
import { CandidateProfilesRepository } from '../candidates/candidate-profiles.repository';
import { ProfileIndexRepository } from './profile-index.repository';
import { ProfileIndexService } from './profile-index.service';
import { ProfileReferenceRepository } from './profile-reference.repository';

/** The profile index's maintenance (sync, rebuild, check): shared by the worker and the CLI. */
@Module({
  providers: [CandidateProfilesRepository, ProfileReferenceRepository, ProfileIndexRepository, ProfileIndexService],
  exports: [ProfileIndexService],
})
export class ProfileIndexModule {}
