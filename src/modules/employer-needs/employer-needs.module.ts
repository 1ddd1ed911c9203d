import { Module } from '@nestjs/common';
import { ActiveEmployerGuard } from './active-employer.guard';
import { EmployerNeedPagesController } from './employer-need-pages.controller';
import { EmployerNeedsController } from './employer-needs.controller';
import { EmployerNeedsRepository } from './employer-needs.repository';
import { EmployerNeedsService } from './employer-needs.service';
import { NeedConfirmationService } from './need-confirmation.service';

@Module({
  controllers: [EmployerNeedsController, EmployerNeedPagesController],
  providers: [EmployerNeedsRepository, EmployerNeedsService, NeedConfirmationService, ActiveEmployerGuard],
  exports: [EmployerNeedsService],
})
export class EmployerNeedsModule {}
