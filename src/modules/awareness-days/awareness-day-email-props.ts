import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { AWARENESS_DAY_EMAIL_SUBJECTS, AwarenessDayEmailProps } from '../../infra/mail/awareness-day-emails';
import { EmailProps, EmailTemplate } from '../../infra/mail/email-templates';
import { EmailRefs } from '../notifications/email-outbox.service';
import { EmailPropsSource } from '../notifications/email-props-source';
import { User } from '../users/user.entity';
import { deadlineDateOf, hoursText, parisLongDate, parisInstant } from './awareness-day-rules';
import { AwarenessDaysRepository } from './awareness-days.repository';

type Template = keyof AwarenessDayEmailProps;
const UNSPECIFIED = 'voir la page de la demi-journée';

/**
 * Builds the props of awareness half-day e-mails from the registration id of the outbox row, at send time: the
 * counts are those of that moment. The half-day, the organisation and counts only, never an attendee's identity.
 */
@Injectable()
export class AwarenessDayEmailPropsSource implements EmailPropsSource {
  readonly templates = Object.keys(AWARENESS_DAY_EMAIL_SUBJECTS) as EmailTemplate[];

  constructor(
    private readonly days: AwarenessDaysRepository,
    private readonly config: AppConfig,
  ) {}

  async build(template: EmailTemplate, recipient: User, refs: EmailRefs): Promise<EmailProps[EmailTemplate]> {
    if (!this.templates.includes(template)) throw new Error(`${template} is not an awareness half-day e-mail`);
    if (!refs.awarenessRegistrationId) throw new Error(`${template} needs awarenessRegistrationId`);
    const state = await this.days.registrationEmailState(refs.awarenessRegistrationId);
    if (!state) throw new Error(`awareness registration ${refs.awarenessRegistrationId} not found`);
    const startsAt = new Date(state.startsAt);
    const base = {
      displayName: recipient.displayName,
      organisationName: state.organisationName,
      title: state.title,
      establishmentName: state.establishmentName,
      dateText: parisLongDate(startsAt),
      hoursText: hoursText(startsAt, new Date(state.endsAt)),
      confirmedCount: state.confirmedCount,
      waitlistedCount: state.waitlistedCount,
      dayUrl: `${this.config.PUBLIC_URL}/organisation/demi-journees/${state.awarenessDayId}`,
    };
    const deadlineText = parisLongDate(parisInstant(deadlineDateOf(new Date(state.registrationClosesAt)), '12:00'));
    const practical = { meetingPoint: state.meetingPoint ?? UNSPECIFIED, whatToBring: state.whatToBring ?? UNSPECIFIED, forbiddenItems: state.forbiddenItems ?? UNSPECIFIED };
    const props: { [T in Template]: AwarenessDayEmailProps[T] } = {
      'awareness-day-confirmed': { ...base, deadlineText },
      'awareness-day-waitlisted': {
        ...base,
        deadlineText,
        waitlistPosition: state.firstWaitlistPosition ? String(state.firstWaitlistPosition) : 'aucune (vos participants ont été confirmés depuis)',
      },
      'awareness-day-promoted': base,
      'awareness-day-registration-cancelled': base,
      'awareness-day-cancelled': base,
      'awareness-day-reminder-d7': { ...base, ...practical },
      'awareness-day-reminder-d1': { ...base, ...practical },
    };
    return props[template as Template] as EmailProps[EmailTemplate];
  }
}
