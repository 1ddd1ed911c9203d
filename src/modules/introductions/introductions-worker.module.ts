import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { IntroductionMailer } from './introduction-mailer';
import { IntroductionSweepProcessor } from './introduction-sweep.processor';
import { IntroductionSweepService } from './introduction-sweep.service';
import { IntroductionsRepository } from './introductions.repository';

/** Introductions, worker side: the hourly sweep (reminders at 3 and 7 days, then closing unanswered ones). */
@Module({
  imports: [NotificationsModule],
  providers: [IntroductionsRepository, IntroductionMailer, IntroductionSweepService, IntroductionSweepProcessor],
})
export class IntroductionsWorkerModule {}
