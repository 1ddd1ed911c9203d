import { PARTNER_KINDS } from '../candidates/partner-access';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { fingerprintOf, SignedTokens } from '../../common/security/signed-token';
import { AppConfig } from '../../config/app-config';
import { EmailProps, EmailTemplate } from '../../infra/mail/email-templates';
import { EmployerNeedsRepository, StaleNeedState } from '../employer-needs/employer-needs.repository';
import { unpublicationDue } from '../employer-needs/stale-needs.service';
import { DECLINE_REASON_LABELS, IntroductionStatus, introductionSolutionLabel } from '../introductions/introduction';
import { IntroductionRow, IntroductionsRepository } from '../introductions/introductions.repository';
import { ORGANISATION_KIND_LABELS } from '../organisations/organisation.entity';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { MILESTONE_PHRASES } from '../sponsorships/sponsorship';
import { SponsorshipsRepository } from '../sponsorships/sponsorships.repository';
import { User } from '../users/user.entity';
import { EmailRefs } from './email-outbox.service';
import { EMAIL_PROPS_SOURCES, EmailPropsSource } from './email-props-source';

export const VERIFY_EMAIL_TTL_HOURS = 48;
export const PASSWORD_RESET_TTL_MINUTES = 60;
/** Long enough for a colleague back from a week off; after that, the invited person asks for a reset link. */
export const INVITATION_TTL_DAYS = 7;
/** Names the inviter whose account was removed before the e-mail went out. */
const UNKNOWN_INVITER = 'Le responsable de votre organisation';

export class MissingEmailReferenceError extends Error {}

const FRENCH_DATE = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });

/** A day as French readers write it, in France's time zone: « 3 mars 2026 ». */
const frenchDay = (instant: Date) => FRENCH_DATE.format(instant);

/** How an e-mail names a need: its occupation (the appellation when chosen) and its commune. */
const needTitle = (need: StaleNeedState) => {
  const occupation = need.appellationLabel ?? need.romeLabel;
  return need.communeName ? `${occupation} – ${need.communeName}` : occupation;
};

const DAY_MS = 24 * 3600 * 1000;

/** A calendar day (YYYY-MM-DD) written like `frenchDay`; noon UTC is the same day in France. */
const frenchCalendarDay = (date: string) => frenchDay(new Date(`${date}T12:00:00Z`));

/** How an introduction e-mail names the employer's need, if the introduction is about one. */
const introductionNeedTitle = (introduction: IntroductionRow) => {
  const need = introduction.need;
  if (!need) return 'aucun besoin publié en particulier';
  const occupation = need.appellationLabel ?? need.romeLabel;
  return need.communeName ? `${occupation} – ${need.communeName}` : occupation;
};

/** Builds each template's props from the ids in the outbox row, at send time. */
@Injectable()
export class EmailPropsBuilder {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tokens: SignedTokens,
    private readonly organisations: OrganisationsRepository,
    private readonly needs: EmployerNeedsRepository,
    private readonly introductions: IntroductionsRepository,
    private readonly sponsorships: SponsorshipsRepository,
    @Optional() @Inject(EMAIL_PROPS_SOURCES) private readonly sources: readonly EmailPropsSource[] = [],
  ) {}

  private url(path: string): string {
    return new URL(path, this.config.PUBLIC_URL).toString();
  }

  private get nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  async build(template: EmailTemplate, recipient: User, refs: EmailRefs): Promise<EmailProps[EmailTemplate]> {
    const displayName = recipient.displayName;
    switch (template) {
      case 'verify-email': {
        const token = this.tokens.sign({
          purpose: 'verify-email',
          userId: recipient.id,
          expiresAt: this.nowSeconds + VERIFY_EMAIL_TTL_HOURS * 3600,
          fingerprint: fingerprintOf(recipient.email),
        });
        return { displayName, verifyUrl: this.url(`/verifier-email?jeton=${token}`), expiresInHours: VERIFY_EMAIL_TTL_HOURS };
      }
      case 'password-reset': {
        const token = this.tokens.sign({
          purpose: 'password-reset',
          userId: recipient.id,
          expiresAt: this.nowSeconds + PASSWORD_RESET_TTL_MINUTES * 60,
          fingerprint: fingerprintOf(recipient.passwordHash),
        });
        return { displayName, resetUrl: this.url(`/reinitialiser-mot-de-passe?jeton=${token}`), expiresInMinutes: PASSWORD_RESET_TTL_MINUTES };
      }
      case 'organisation-invitation': {
        const organisation = recipient.organisationId ? await this.organisations.findById(recipient.organisationId) : null;
        if (!organisation) throw new MissingEmailReferenceError(`organisation of user ${recipient.id} not found`);
        const inviterName = refs.inviterUserId ? await this.organisations.findMemberName(organisation.id, refs.inviterUserId) : null;
        // Bound to the placeholder hash the account was created with: choosing a password kills the link.
        const token = this.tokens.sign({
          purpose: 'invitation',
          userId: recipient.id,
          expiresAt: this.nowSeconds + INVITATION_TTL_DAYS * 86_400,
          fingerprint: fingerprintOf(recipient.passwordHash),
        });
        return {
          displayName,
          inviterName: inviterName ?? UNKNOWN_INVITER,
          organisationName: organisation.name,
          invitationUrl: this.url(`/invitation?jeton=${token}`),
          expiresInDays: INVITATION_TTL_DAYS,
        };
      }
      case 'organisation-submitted':
      case 'organisation-approved':
      case 'organisation-refused':
      case 'organisation-suspended':
      case 'organisation-reinstated': {
        const organisation = refs.organisationId ? await this.organisations.findById(refs.organisationId) : null;
        if (!organisation) throw new MissingEmailReferenceError(`organisation ${refs.organisationId} not found`);
        if (template === 'organisation-submitted') {
          return {
            displayName,
            organisationName: organisation.name,
            organisationKind: ORGANISATION_KIND_LABELS[organisation.kind],
            reviewUrl: this.url(`/coordination/organisations/${organisation.id}`),
          };
        }
        if (template === 'organisation-approved' || template === 'organisation-reinstated') {
          return { displayName, organisationName: organisation.name, loginUrl: this.url('/connexion') };
        }
        // Refusal and suspension quote the reason stored with the decision, read at send time.
        const reason = organisation.reviewReason ?? '';
        if (template === 'organisation-suspended') return { displayName, organisationName: organisation.name, reason, partner: PARTNER_KINDS.includes(organisation.kind) };
        return { displayName, organisationName: organisation.name, reason };
      }
      case 'need-stale-warning':
      case 'need-unpublished': {
        const need = refs.needId ? await this.needs.findStaleState(refs.needId) : null;
        if (!need) throw new MissingEmailReferenceError(`employer need ${refs.needId} not found`);
        const common = {
          displayName,
          organisationName: need.organisationName,
          needTitle: needTitle(need),
          lastUpdatedOn: frenchDay(new Date(need.updatedAt)),
          needUrl: this.url(`/organisation/besoins/${need.id}`),
        };
        if (template === 'need-unpublished') return { ...common, staleDays: this.config.NEED_STALE_DAYS };
        // Recomputed from the row rather than carried in the job: the outbox holds ids only.
        const warnedAt = need.staleWarningSentAt ? new Date(need.staleWarningSentAt) : this.clock.now();
        return { ...common, unpublishOn: frenchDay(unpublicationDue(new Date(need.updatedAt), warnedAt, this.config)) };
      }
      case 'introduction-requested':
      case 'introduction-proposed':
      case 'introduction-accepted':
      case 'introduction-declined':
      case 'introduction-introduced':
      case 'introduction-reminder':
      case 'introduction-closed':
      case 'introduction-outcome-due':
        return this.introductionProps(template, recipient, refs);
      case 'sponsorship-checkin-due': {
        const checkIn = refs.checkInId ? await this.sponsorships.findReminderState(refs.checkInId) : null;
        if (!checkIn) throw new MissingEmailReferenceError(`sponsorship check-in ${refs.checkInId} not found`);
        return {
          displayName,
          profileCode: checkIn.profileCode,
          milestoneLabel: MILESTONE_PHRASES[checkIn.milestone],
          dueOn: frenchCalendarDay(checkIn.dueOn),
          startedOn: frenchCalendarDay(checkIn.startsOn),
          sponsorshipUrl: this.url(`/organisation/parrainages/${checkIn.sponsorshipId}`),
        };
      }
      default: {
        const source = this.sources.find((s) => s.templates.includes(template));
        if (!source) throw new Error(`no e-mail props source builds ${template}`);
        return source.build(template, recipient, refs);
      }
    }
  }

  /**
   * Introduction e-mails name the candidate by the pseudonymous code only (a proposal adds the target
   * occupations, as the employer view shows them); the employer side gets the counsellor's professional contact
   * only once introduced. Who the recipient is (employer side or partner side) chooses the link and the wording.
   */
  private async introductionProps(template: EmailTemplate, recipient: User, refs: EmailRefs): Promise<EmailProps[EmailTemplate]> {
    const introduction = refs.introductionId ? await this.introductions.findById(refs.introductionId) : null;
    if (!introduction) throw new MissingEmailReferenceError(`introduction ${refs.introductionId} not found`);
    const forEmployer = recipient.organisationId === introduction.organisationId;
    const common = {
      displayName: recipient.displayName,
      organisationName: introduction.organisationName,
      profileCode: introduction.profileCode,
      introductionUrl: this.url(`${forEmployer ? '/organisation' : '/conseil'}/mises-en-relation/${introduction.id}`),
    };
    const solutionLabel = introductionSolutionLabel(introduction.solution);
    // Requests and proposals wait from their creation: the sweep closes them INTRODUCTION_EXPIRE_AFTER_DAYS later.
    const createdAt = new Date(introduction.createdAt);
    const closesOn = frenchDay(new Date(createdAt.getTime() + this.config.INTRODUCTION_EXPIRE_AFTER_DAYS * DAY_MS));
    switch (template) {
      case 'introduction-requested':
        return { ...common, solutionLabel, needTitle: introductionNeedTitle(introduction), closesOn };
      case 'introduction-proposed':
        return { ...common, occupations: introduction.occupations.map((o) => o.label).join(', '), solutionLabel, needTitle: introductionNeedTitle(introduction), closesOn };
      case 'introduction-accepted':
        return { ...common, solutionLabel };
      case 'introduction-declined':
        if (!introduction.declineReason) throw new MissingEmailReferenceError(`introduction ${introduction.id} has no decline reason`);
        return { ...common, reasonLabel: DECLINE_REASON_LABELS[introduction.declineReason], forEmployer };
      case 'introduction-introduced': {
        const contact = forEmployer ? introduction.counsellorContact : introduction.employerContact;
        if (!contact) throw new MissingEmailReferenceError(`introduction ${introduction.id} has no ${forEmployer ? 'counsellor' : 'employer'} contact`);
        const { organisationName: _employerName, ...rest } = common;
        return {
          ...rest,
          solutionLabel,
          contactName: contact.displayName,
          contactEmail: contact.email,
          contactOrganisationName: forEmployer ? introduction.partnerOrganisationName : introduction.organisationName,
          forEmployer,
        };
      }
      case 'introduction-reminder':
        return { ...common, waitingSince: frenchDay(createdAt), closesOn, forEmployer };
      case 'introduction-closed':
        return { ...common, waitingSince: frenchDay(createdAt), withdrawn: introduction.status === IntroductionStatus.Withdrawn, forEmployer };
      case 'introduction-outcome-due':
        // Sent for the meeting on the row at send time: a later plan gives its own reminder.
        if (!introduction.meetingOn) throw new MissingEmailReferenceError(`introduction ${introduction.id} has no meeting date`);
        return { ...common, meetingOn: frenchCalendarDay(introduction.meetingOn) };
      default:
        throw new Error(`${template} is not an introduction e-mail`);
    }
  }
}
