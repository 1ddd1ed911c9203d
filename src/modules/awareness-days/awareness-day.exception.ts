import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/http/problem';
import { OrganisationStatus } from '../organisations/organisation.entity';
import { MAX_ATTENDEES_PER_ORGANISATION } from './awareness-day';

type Inactive = Exclude<OrganisationStatus, OrganisationStatus.Active>;

const INACTIVE: Record<Inactive, string> = {
  [OrganisationStatus.Pending]: 'Votre organisation est en attente de validation par la coordination : les demi-journées seront accessibles dès qu’elle sera validée.',
  [OrganisationStatus.Refused]: 'L’inscription de votre organisation a été refusée : vous n’avez pas accès aux demi-journées.',
  [OrganisationStatus.Suspended]: 'Votre organisation est suspendue : les inscriptions aux demi-journées sont bloquées. Contactez la coordination.',
};

const frenchDate = (date: string) => date.split('-').reverse().join('/');

export class AwarenessDayException extends DomainException {
  static notFound() {
    return new AwarenessDayException('awareness_day.not_found', HttpStatus.NOT_FOUND, 'Demi-journée introuvable.');
  }
  static attendeeNotFound() {
    return new AwarenessDayException('awareness_day.attendee_not_found', HttpStatus.NOT_FOUND, 'Participant introuvable pour cette demi-journée.');
  }
  static notEmployer() {
    return new AwarenessDayException(
      'awareness_day.not_employer',
      HttpStatus.FORBIDDEN,
      'Les demi-journées de sensibilisation s’adressent aux membres des organisations employeuses (entreprises, agences d’intérim, organismes de formation, structures d’insertion).',
    );
  }
  static organisationInactive(status: Inactive) {
    return new AwarenessDayException('awareness_day.organisation_inactive', HttpStatus.FORBIDDEN, INACTIVE[status]);
  }
  static coordinatorsOnly() {
    return new AwarenessDayException('awareness_day.coordinators_only', HttpStatus.FORBIDDEN, 'Seuls les coordinateurs et coordinatrices d’une organisation organisent les demi-journées.');
  }
  /** Identity data, the export, attendance and changes belong to the organiser organisation's coordinators. */
  static organiserOnly() {
    return new AwarenessDayException(
      'awareness_day.organiser_only',
      HttpStatus.FORBIDDEN,
      'Seule la coordination de l’organisation qui organise cette demi-journée la modifie et consulte la liste des participants.',
    );
  }
  static cancelled() {
    return new AwarenessDayException('awareness_day.cancelled', HttpStatus.CONFLICT, 'Cette demi-journée est annulée.');
  }
  static registrationClosed(deadline: string) {
    return new AwarenessDayException(
      'awareness_day.registration_closed',
      HttpStatus.CONFLICT,
      `Les inscriptions sont closes depuis la fin du ${frenchDate(deadline)} : le service de sécurité de l’établissement doit recevoir la liste des visiteurs à l’avance. Les annulations restent possibles.`,
    );
  }
  static started() {
    return new AwarenessDayException('awareness_day.started', HttpStatus.CONFLICT, 'Cette demi-journée a commencé ou est passée : elle ne peut plus être modifiée.');
  }
  static tooManyAttendees(already: number) {
    const detail =
      already > 0
        ? `Votre organisation a déjà ${already} participant${already > 1 ? 's' : ''} inscrit${already > 1 ? 's' : ''} : ${MAX_ATTENDEES_PER_ORGANISATION} au plus par organisation, pour partager les places.`
        : `${MAX_ATTENDEES_PER_ORGANISATION} participants au plus par organisation, pour partager les places.`;
    return new AwarenessDayException('awareness_day.too_many_attendees', HttpStatus.CONFLICT, detail, [{ field: 'attendees', message: detail }]);
  }
  static attendeeCancelled() {
    return new AwarenessDayException('awareness_day.attendee_cancelled', HttpStatus.CONFLICT, 'Cette participation est déjà annulée.');
  }
  static capacityBelowConfirmed(confirmed: number) {
    const detail = `${confirmed} participants sont déjà confirmés : la capacité ne peut pas descendre en dessous. Annulez d’abord des participations.`;
    return new AwarenessDayException('awareness_day.capacity_below_confirmed', HttpStatus.CONFLICT, detail, [{ field: 'capacity', message: detail }]);
  }
  static attendanceTooEarly() {
    return new AwarenessDayException('awareness_day.attendance_too_early', HttpStatus.CONFLICT, 'La présence se note à partir du jour de la demi-journée.');
  }
  static attendanceNotConfirmed() {
    return new AwarenessDayException('awareness_day.attendance_not_confirmed', HttpStatus.CONFLICT, 'Seule la présence d’un participant confirmé se note.');
  }
  static notPresent() {
    return new AwarenessDayException('awareness_day.not_present', HttpStatus.CONFLICT, 'L’attestation de participation n’est délivrée qu’aux participants notés présents.');
  }
  static identityErased(on: string) {
    return new AwarenessDayException(
      'awareness_day.identity_erased',
      HttpStatus.GONE,
      `Les données d’identité des participants ont été effacées le ${frenchDate(on)}, comme prévu après la demi-journée : l’attestation nominative ne peut plus être éditée.`,
    );
  }
  static unknownEstablishment() {
    const detail = 'Établissement inconnu : choisissez-le dans la liste des établissements pénitentiaires.';
    return new AwarenessDayException('awareness_day.unknown_establishment', HttpStatus.UNPROCESSABLE_ENTITY, detail, [{ field: 'establishmentCode', message: detail }]);
  }
  static programmeUnavailable() {
    const detail = 'Programme introuvable parmi ceux de votre organisation.';
    return new AwarenessDayException('awareness_day.programme_unavailable', HttpStatus.UNPROCESSABLE_ENTITY, detail, [{ field: 'programmeId', message: detail }]);
  }
}
