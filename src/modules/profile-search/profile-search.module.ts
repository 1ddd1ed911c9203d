import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { MatchingModule } from '../matching/matching.module';
import { ProfileSearchPagesController } from './profile-search-pages.controller';
import { ProfileSearchController } from './profile-search.controller';
import { ProfileSearchService } from './profile-search.service';
import { ReferenceLabelsModule } from './reference-labels.module';

/** Employer search over the profile index (api side). Index sync runs in the worker (ProfileSearchWorkerModule). */
@Module({
  imports: [CandidatesModule, MatchingModule, ReferenceLabelsModule],
  controllers: [ProfileSearchController, ProfileSearchPagesController],
  providers: [ProfileSearchService],
  exports: [ProfileSearchService],
})
export class ProfileSearchModule {}
