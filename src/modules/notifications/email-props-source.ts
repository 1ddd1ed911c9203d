import { EmailProps, EmailTemplate } from '../../infra/mail/email-templates';
import { User } from '../users/user.entity';
import { EmailRefs } from './email-outbox.service';

/**
 * A feature module's share of the e-mail props builder: the templates it owns and how their props are read from
 * the ids of the outbox row. Lets a module add e-mails without the builder knowing its repositories.
 */
export interface EmailPropsSource {
  readonly templates: readonly EmailTemplate[];
  build(template: EmailTemplate, recipient: User, refs: EmailRefs): Promise<EmailProps[EmailTemplate]>;
}

/** Injection token of the list of sources the worker's builder consults for templates it does not build itself. */
export const EMAIL_PROPS_SOURCES = Symbol('EMAIL_PROPS_SOURCES');
