import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EmailTemplate } from '../../infra/mail/email-templates';
import { EmailOutboxService } from '../notifications/email-outbox.service';
import { Role } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { IntroductionSide } from './introduction';
import { IntroductionsRepository } from './introductions.repository';

interface Member {
  id: string;
  role: Role;
}

/**
 * Who hears of an introduction on one side: the first of `preferred` still among the side's eligible members
 * (the person following it), else every eligible member, so that a departure never leaves a request unheard.
 */
export function recipientsAmong(members: readonly Member[], preferred: readonly (string | null)[], eligible: (member: Member) => boolean): string[] {
  const candidates = members.filter(eligible);
  const chosen = preferred.find((id) => id !== null && candidates.some((m) => m.id === id));
  return chosen ? [chosen] : candidates.map((m) => m.id);
}

const PARTNER_STAFF: readonly Role[] = [Role.Counsellor, Role.Coordinator];

/**
 * Queues an introduction's e-mails in the caller's transaction. The employer side is told through the member
 * following the introduction (its requester, or whoever accepted the proposal); the partner side through the
 * counsellor who took it up, else the profile's author, else every counsellor of the organisation. Jobs carry
 * ids only (and the profile's id, so that erasing the profile also drops its e-mails not sent yet).
 */
@Injectable()
export class IntroductionMailer {
  constructor(
    private readonly introductions: IntroductionsRepository,
    private readonly users: UsersRepository,
    private readonly emails: EmailOutboxService,
  ) {}

  async send(manager: EntityManager, template: EmailTemplate, introductionId: string, sides: readonly IntroductionSide[]): Promise<number> {
    const introduction = await this.introductions.findById(introductionId, manager);
    if (!introduction) throw new Error(`introduction ${introductionId} not found`);
    let queued = 0;
    for (const side of sides) {
      const recipients =
        side === 'employer'
          ? recipientsAmong(await this.users.findByOrganisation(introduction.organisationId, manager), [introduction.employerUserId], (m) => m.role === Role.Employer)
          : recipientsAmong(
              await this.users.findByOrganisation(introduction.partnerOrganisationId, manager),
              [introduction.counsellorUserId, introduction.profileAuthorId],
              (m) => PARTNER_STAFF.includes(m.role),
            );
      for (const recipient of recipients) {
        await this.emails.queue(manager, template, recipient, { introductionId, profileId: introduction.profileId });
        queued++;
      }
    }
    return queued;
  }
}
