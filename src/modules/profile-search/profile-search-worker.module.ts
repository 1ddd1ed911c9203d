import { Module } from '@nestjs/common';
import { ProfileIndexProcessor } from './profile-index.processor';
import { ProfileIndexModule } from './profile-index.module';

/** Worker side of the profile search index: applies the outbox's index orders. */
@Module({
  imports: [ProfileIndexModule],
  providers: [ProfileIndexProcessor],
})
export class ProfileSearchWorkerModule {}
