import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/http/problem';

export class OrganisationException extends DomainException {
  static notFound() {
    return new OrganisationException('organisation.not_found', HttpStatus.NOT_FOUND, 'Organisation introuvable.');
  }
  static notPending() {
    return new OrganisationException('organisation.not_pending', HttpStatus.CONFLICT, 'Cette organisation a déjà été examinée.');
  }
  static siretTaken() {
    return new OrganisationException('organisation.siret_taken', HttpStatus.CONFLICT, 'Une organisation avec ce SIRET est déjà inscrite. Demandez à l’un de ses membres de vous inviter.', [
      { field: 'siret', message: 'Une organisation avec ce SIRET est déjà inscrite.' },
    ]);
  }
}
