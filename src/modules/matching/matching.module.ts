import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { EmployerNeedsModule } from '../employer-needs/employer-needs.module';
import { ReferenceLabelsModule } from '../profile-search/reference-labels.module';
import { NeedCandidatesPagesController, ProfileMatchesPagesController } from './matching-pages.controller';
import { MatchingController } from './matching.controller';
import { MatchingRepository } from './matching.repository';
import { MatchingService } from './matching.service';

/** Explainable matching both ways (issue 5); the profile search imports it for its "best match" sort. */
@Module({
  imports: [CandidatesModule, EmployerNeedsModule, ReferenceLabelsModule],
  controllers: [MatchingController, ProfileMatchesPagesController, NeedCandidatesPagesController],
  providers: [MatchingRepository, MatchingService],
  // Recruitment sessions score candidates against organisations' needs with the same reads.
  exports: [MatchingService, MatchingRepository],
})
export class MatchingModule {}
