import { Module } from '@nestjs/common';

/** Sponsorships (parrainages), api side (issue 6; placeholder filled in by the work on this issue). */
@Module({})
export class SponsorshipsModule {}
