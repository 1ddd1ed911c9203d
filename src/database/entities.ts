import { EmailDelivery } from '../infra/mail/email-delivery.entity';
import { OutboxMessage } from '../infra/outbox/outbox-message.entity';
import { Organisation } from '../modules/organisations/organisation.entity';
import { User } from '../modules/users/user.entity';

export const ENTITIES = [Organisation, User, OutboxMessage, EmailDelivery];
