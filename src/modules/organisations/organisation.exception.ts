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
  /** Staff without an organisation (admins) have no "mine". */
  static noOrganisation() {
    return new OrganisationException('organisation.none', HttpStatus.NOT_FOUND, 'Votre compte n’est rattaché à aucune organisation.');
  }
  static ownerOnly() {
    return new OrganisationException('organisation.owner_only', HttpStatus.FORBIDDEN, 'Seul le responsable de l’organisation peut modifier son profil, ses réglages ou accepter la charte.');
  }
  static settingsForEmployersOnly() {
    return new OrganisationException('organisation.settings_employers_only', HttpStatus.FORBIDDEN, 'Ces réglages concernent les organisations employeuses, qui reçoivent des mises en relation.');
  }
}
