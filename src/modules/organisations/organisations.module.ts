import { Module } from '@nestjs/common';
import { SessionsModule } from '../auth/sessions.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { MyOrganisationController } from './my-organisation.controller';
import { OrganisationMembersService } from './organisation-members.service';
import { OrganisationPagesController } from './organisation-pages.controller';
import { OrganisationProfileService } from './organisation-profile.service';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsService } from './organisations.service';

@Module({
  imports: [NotificationsModule, SessionsModule],
  // MyOrganisationController first: its /api/organisations/mine must win over the staff controller's /:id.
  controllers: [MyOrganisationController, OrganisationsController, OrganisationPagesController],
  providers: [OrganisationsRepository, OrganisationsService, OrganisationProfileService, OrganisationMembersService],
  exports: [OrganisationsRepository, OrganisationsService],
})
export class OrganisationsModule {}
