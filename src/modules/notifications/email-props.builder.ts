import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { fingerprintOf, SignedTokens } from '../../common/security/signed-token';
import { AppConfig } from '../../config/app-config';
import { EmailProps, EmailTemplate } from '../../infra/mail/email-templates';
import { ORGANISATION_KIND_LABELS } from '../organisations/organisation.entity';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { User } from '../users/user.entity';
import { EmailRefs } from './email-outbox.service';

export const VERIFY_EMAIL_TTL_HOURS = 48;
export const PASSWORD_RESET_TTL_MINUTES = 60;

export class MissingEmailReferenceError extends Error {}

/** Builds each template's props from the ids in the outbox row, at send time. */
@Injectable()
export class EmailPropsBuilder {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tokens: SignedTokens,
    private readonly organisations: OrganisationsRepository,
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
      case 'organisation-submitted':
      case 'organisation-approved':
      case 'organisation-refused': {
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
        if (template === 'organisation-approved') return { displayName, organisationName: organisation.name, loginUrl: this.url('/connexion') };
        return { displayName, organisationName: organisation.name, reason: organisation.reviewReason ?? '' };
      }
    }
  }
}
