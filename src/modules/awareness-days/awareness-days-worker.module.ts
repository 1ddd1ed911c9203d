import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { AwarenessDaysRepository } from './awareness-days.repository';
import { AwarenessDaysSweepProcessor } from './awareness-days-sweep.processor';
import { AwarenessDaysSweepService } from './awareness-days-sweep.service';

/** Awareness half-days, worker side: the hourly sweep (J-7 and J-1 reminders, erasure of identity data). */
@Module({
  imports: [NotificationsModule],
  providers: [AwarenessDaysRepository, AwarenessDaysSweepService, AwarenessDaysSweepProcessor],
})
export class AwarenessDaysWorkerModule {}
