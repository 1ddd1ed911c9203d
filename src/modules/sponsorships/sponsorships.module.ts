import { Module } from '@nestjs/common';
import { CoordinationSponsorshipPagesController, EmployerSponsorshipPagesController, PartnerSponsorshipPagesController } from './sponsorship-pages.controller';
import { SponsorshipMemberGuard } from './sponsorship-access';
import { SponsorshipsController } from './sponsorships.controller';
import { SponsorshipsRepository } from './sponsorships.repository';
import { SponsorshipsService } from './sponsorships.service';

/** Sponsorships (parrainages), api side: the JSON API and the French pages of employers, counsellors and coordinators. The audit trail comes from the global AuditModule. */
@Module({
  controllers: [SponsorshipsController, EmployerSponsorshipPagesController, PartnerSponsorshipPagesController, CoordinationSponsorshipPagesController],
  providers: [SponsorshipsRepository, SponsorshipsService, SponsorshipMemberGuard],
  // Recruitment session debriefs turn accepted proposals into sponsorships through the same service.
  exports: [SponsorshipsService],
})
export class SponsorshipsModule {}
