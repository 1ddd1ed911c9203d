import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { EmailProps, EmailTemplate } from '../../infra/mail/email-templates';
import { RECRUITMENT_SESSION_EMAIL_SUBJECTS } from '../../infra/mail/recruitment-session-emails';
import { EmailRefs } from '../notifications/email-outbox.service';
import { EmailPropsSource } from '../notifications/email-props-source';
import { MissingEmailReferenceError } from '../notifications/email-props.builder';
import { OrganisationStatus } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';
import { frenchLongDate, frenchTime } from './recruitment-session-rules';
import { loadSessionModel, organisationSchedule } from './recruitment-session-view';
import { RecruitmentSessionsRepository } from './recruitment-sessions.repository';

/**
 * Builds the props of recruitment session e-mails from the ids of the outbox row, at send time: the schedule
 * e-mail lists the organisation's interviews as they are when it leaves, candidates by code and the target
 * occupations of published profiles only.
 */
@Injectable()
export class RecruitmentSessionEmailPropsSource implements EmailPropsSource {
  readonly templates = Object.keys(RECRUITMENT_SESSION_EMAIL_SUBJECTS) as EmailTemplate[];

  constructor(
    private readonly sessions: RecruitmentSessionsRepository,
    private readonly config: AppConfig,
  ) {}

  async build(template: EmailTemplate, recipient: User, refs: EmailRefs): Promise<EmailProps[EmailTemplate]> {
    if (template !== 'recruitment-session-schedule') throw new Error(`${template} is not a recruitment session e-mail`);
    const participant = refs.sessionOrganisationId ? await this.sessions.participantById(refs.sessionOrganisationId) : null;
    const session = participant ? await this.sessions.find(participant.sessionId) : null;
    if (!participant || !session) throw new MissingEmailReferenceError(`session organisation ${refs.sessionOrganisationId} not found`);
    // Suspended after the sending was queued: its members may no longer read the schedule (see sendSchedules).
    if (participant.organisationStatus !== OrganisationStatus.Active) throw new MissingEmailReferenceError(`organisation ${participant.organisationId} is no longer active`);
    const schedule = organisationSchedule(await loadSessionModel(this.sessions, session), participant.organisationId, true);
    // Occupations of published profiles only; an unpublished one reads the hint (organisationSchedule decides).
    const lines = schedule.interviews.map(
      (i) => `${frenchTime(i.startsAt)} – ${frenchTime(i.endsAt)} · ${i.roomName} · ${i.candidateCode}${i.hint ? ` (${i.hint})` : i.occupations.length ? ` : ${i.occupations.join(', ')}` : ''}`,
    );
    const props: EmailProps['recruitment-session-schedule'] = {
      displayName: recipient.displayName,
      organisationName: schedule.organisationName,
      sessionTitle: schedule.title,
      establishmentName: schedule.establishmentName,
      dateText: frenchLongDate(schedule.interviewOn),
      partnerName: schedule.partnerName ?? 'aucune autre organisation',
      interviewCount: schedule.interviews.length,
      scheduleText: lines.length ? lines.join('\n') : 'Aucun entretien n’est prévu pour le moment.',
      scheduleUrl: new URL(`/organisation/sessions/${session.id}`, this.config.PUBLIC_URL).toString(),
      replacesEarlier: participant.scheduleSendCount > 1,
    };
    return props;
  }
}
