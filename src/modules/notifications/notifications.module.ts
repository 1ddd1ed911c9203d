import { Module } from '@nestjs/common';
import { EmailPreferencesRepository } from '../../infra/mail/email-preferences.repository';
import { EmployerNeedsRepository } from '../employer-needs/employer-needs.repository';
import { IntroductionsRepository } from '../introductions/introductions.repository';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { SponsorshipsRepository } from '../sponsorships/sponsorships.repository';
import { EmailDeliveryRepository } from './email-delivery.repository';
import { EmailDeliveryService } from './email-delivery.service';
import { EmailOutboxService } from './email-outbox.service';
import { EmailPropsBuilder } from './email-props.builder';
import { EmailProcessor } from './email.processor';
import { EMAIL_PROPS_SOURCES } from './email-props-source';
import { AwarenessDaysEmailModule } from '../awareness-days/awareness-days-email.module';
import { AwarenessDayEmailPropsSource } from '../awareness-days/awareness-day-email-props';
import { RecruitmentSessionsEmailModule } from '../recruitment-sessions/recruitment-sessions-email.module';
import { RecruitmentSessionEmailPropsSource } from '../recruitment-sessions/recruitment-session-email-props';

/** Producer side, imported by the api; also where accounts read and change what they receive. */
@Module({ providers: [EmailOutboxService, EmailPreferencesRepository], exports: [EmailOutboxService, EmailPreferencesRepository] })
export class NotificationsModule {}

/** Consumer side, imported by the worker only. */
@Module({
  imports: [AwarenessDaysEmailModule, RecruitmentSessionsEmailModule],
  providers: [
    EmailDeliveryRepository,
    EmailDeliveryService,
    EmailPropsBuilder,
    EmailProcessor,
    OrganisationsRepository,
    EmployerNeedsRepository,
    IntroductionsRepository,
    SponsorshipsRepository,
    // Feature modules build the props of their own e-mails.
    { provide: EMAIL_PROPS_SOURCES, useFactory: (...sources: unknown[]) => sources, inject: [AwarenessDayEmailPropsSource, RecruitmentSessionEmailPropsSource] },
  ],
  exports: [EmailDeliveryService, EmailDeliveryRepository],
})
export class NotificationsWorkerModule {}
