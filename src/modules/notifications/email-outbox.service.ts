import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JobName } from '../../infra/jobs/job-names';
import { EmailTemplate } from '../../infra/mail/email-templates';
import { OutboxService } from '../../infra/outbox/outbox.service';

/** Ids an e-mail refers to; the worker loads what it shows from them at render time. */
export interface EmailRefs {
  organisationId?: string;
  needId?: string;
  /** The member who sent an invitation, named in it. */
  inviterUserId?: string;
  introductionId?: string;
  /** The candidate profile an e-mail is about: erasing the profile deletes its e-mails not relayed yet. */
  profileId?: string;
  /** The sponsorship and the check-in a reminder is about. */
  sponsorshipId?: string;
  checkInId?: string;
  /** Awareness half-days (issue 7): the half-day and the employer's registration. */
  awarenessDayId?: string;
  awarenessRegistrationId?: string;
  /** Recruitment sessions (issue 7): the session and the participating organisation's entry. */
  recruitmentSessionId?: string;
  sessionOrganisationId?: string;
}

export interface EmailOutboxPayload extends EmailRefs {
  template: EmailTemplate;
  recipientUserId: string;
}

/** Queues an e-mail as part of the caller's transaction: sent if and only if the change commits. */
@Injectable()
export class EmailOutboxService {
  constructor(private readonly outbox: OutboxService) {}

  queue(manager: EntityManager, template: EmailTemplate, recipientUserId: string, refs: EmailRefs = {}): Promise<string> {
    const payload: EmailOutboxPayload = { template, recipientUserId, ...refs };
    return this.outbox.add(manager, JobName.SendEmail, { ...payload });
  }
}
