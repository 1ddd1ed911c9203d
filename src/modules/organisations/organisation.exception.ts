import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/http/problem';
import { ORGANISATION_STATUS_LABELS, OrganisationStatus } from './organisation.entity';

/** « en attente de validation », « refusée »…: the status as the middle of a French sentence. */
const statusInSentence = (status: OrganisationStatus) => ORGANISATION_STATUS_LABELS[status].toLowerCase();

export class OrganisationException extends DomainException {
  static notFound() {
    return new OrganisationException('organisation.not_found', HttpStatus.NOT_FOUND, 'Organisation introuvable.');
  }
  static notPending() {
    return new OrganisationException('organisation.not_pending', HttpStatus.CONFLICT, 'Cette organisation a déjà été examinée.');
  }
  static notActive(status: OrganisationStatus) {
    return new OrganisationException(
      'organisation.not_active',
      HttpStatus.CONFLICT,
      `Seule une organisation active peut être suspendue ; celle-ci est ${statusInSentence(status)}.`,
    );
  }
  static ownOrganisation() {
    return new OrganisationException(
      'organisation.own_organisation',
      HttpStatus.CONFLICT,
      'Vous ne pouvez pas décider du statut de votre propre organisation : demandez à un autre coordinateur ou à un administrateur.',
    );
  }
  static notSuspended(status: OrganisationStatus) {
    return new OrganisationException(
      'organisation.not_suspended',
      HttpStatus.CONFLICT,
      `Seule une organisation suspendue peut être rétablie ; celle-ci est ${statusInSentence(status)}.`,
    );
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
  /** Same code as ownerOnly(), with the detail that fits managing the team. */
  static membersOwnerOnly() {
    return new OrganisationException('organisation.owner_only', HttpStatus.FORBIDDEN, 'Seul le responsable de l’organisation peut inviter, changer le rôle ou retirer des membres.');
  }
  /** Also the answer for a user of another organisation: whether that account exists is not revealed. */
  static memberNotFound() {
    return new OrganisationException('organisation.member_not_found', HttpStatus.NOT_FOUND, 'Ce membre ne fait pas partie de votre organisation.');
  }
  static lastOwner() {
    return new OrganisationException(
      'organisation.last_owner',
      HttpStatus.CONFLICT,
      'L’organisation doit garder au moins un responsable : nommez d’abord un autre membre responsable.',
    );
  }
  static invitationsClosed(status: OrganisationStatus) {
    return new OrganisationException(
      'organisation.invitations_closed',
      HttpStatus.CONFLICT,
      `Votre organisation est ${statusInSentence(status)} : elle ne peut pas inviter de nouveaux membres.`,
    );
  }
  /** A coordinator reviews organisations and runs programmes: a counsellor cannot hand out more rights than they hold. */
  static coordinatorInviteForbidden() {
    return new OrganisationException('organisation.coordinator_invite_forbidden', HttpStatus.FORBIDDEN, 'Seul un coordinateur peut inviter un coordinateur.', [
      { field: 'role', message: 'Seul un coordinateur peut inviter un coordinateur.' },
    ]);
  }
}
