import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { SponsorshipRemindersProcessor } from './sponsorship-reminders.processor';
import { SponsorshipRemindersService } from './sponsorship-reminders.service';
import { SponsorshipsRepository } from './sponsorships.repository';

/** Sponsorships, worker side: the hourly sweep reminding sponsors of the check-ins that fell due. */
@Module({
  imports: [NotificationsModule],
  providers: [SponsorshipsRepository, SponsorshipRemindersService, SponsorshipRemindersProcessor],
})
export class SponsorshipsWorkerModule {}
