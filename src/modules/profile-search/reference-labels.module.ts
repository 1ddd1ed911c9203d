import { Module } from '@nestjs/common';
import { ReferenceLabelsRepository } from './reference-labels.repository';
import { ReferenceLabelsService } from './reference-labels.service';

/** One cache of reference labels for the search facets and the match reasons. */
@Module({
  providers: [ReferenceLabelsRepository, ReferenceLabelsService],
  exports: [ReferenceLabelsService],
})
export class ReferenceLabelsModule {}
