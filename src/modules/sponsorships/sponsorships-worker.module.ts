import { Module } from '@nestjs/common';

/** Sponsorships, worker side: check-in reminders (issue 6; placeholder filled in by the work on this issue). */
@Module({})
export class SponsorshipsWorkerModule {}
