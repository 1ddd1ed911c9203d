import { Module } from '@nestjs/common';
import { ActiveEmployerGuard } from './active-employer.guard';
import { EmployerNeedsController } from './employer-needs.controller';
import { EmployerNeedsRepository } from './employer-needs.repository';
import { EmployerNeedsService } from './employer-needs.service';

@Module({
  controllers: [EmployerNeedsController],
  providers: [EmployerNeedsRepository, EmployerNeedsService, ActiveEmployerGuard],
  exports: [EmployerNeedsService],
})
export class EmployerNeedsModule {}
