import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { MyOrganisationController } from './my-organisation.controller';
import { OrganisationPagesController } from './organisation-pages.controller';
import { OrganisationProfileService } from './organisation-profile.service';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsService } from './organisations.service';

@Module({
  imports: [NotificationsModule],
  // MyOrganisationController first: its /api/organisations/mine must win over the staff controller's /:id.
  controllers: [MyOrganisationController, OrganisationsController, OrganisationPagesController],
  providers: [OrganisationsRepository, OrganisationsService, OrganisationProfileService],
  exports: [OrganisationsRepository, OrganisationsService],
})
export class OrganisationsModule {}
