import { HttpStatus } from '@nestjs/common';
import { DomainException, FieldError } from '../../common/http/problem';
import { RECRUITMENT_SESSION_STATUS_LABELS, RecruitmentSessionStatus } from './recruitment-session';

export class RecruitmentSessionException extends DomainException {
  static notFound() {
    return new RecruitmentSessionException('recruitment_session.not_found', HttpStatus.NOT_FOUND, 'Session de recrutement introuvable.');
  }
  static itemNotFound(what: string) {
    return new RecruitmentSessionException('recruitment_session.item_not_found', HttpStatus.NOT_FOUND, `${what} introuvable dans cette session.`);
  }
  static invalid(errors: FieldError[]) {
    return new RecruitmentSessionException('recruitment_session.invalid', HttpStatus.BAD_REQUEST, errors.map((e) => e.message).join(' '), errors);
  }
  static noOrganisation() {
    return new RecruitmentSessionException(
      'recruitment_session.no_organisation',
      HttpStatus.FORBIDDEN,
      'Une session est organisée par un coordinateur d’une organisation partenaire : votre compte n’est rattaché à aucune organisation.',
    );
  }
  static programmeUnavailable() {
    const detail = 'Programme introuvable parmi ceux de votre organisation.';
    return new RecruitmentSessionException('recruitment_session.programme_unavailable', HttpStatus.UNPROCESSABLE_ENTITY, detail, [{ field: 'programmeId', message: detail }]);
  }
  static establishmentUnknown() {
    const detail = 'Établissement inconnu du référentiel.';
    return new RecruitmentSessionException('recruitment_session.establishment_unknown', HttpStatus.UNPROCESSABLE_ENTITY, detail, [{ field: 'establishmentCode', message: detail }]);
  }
  static closed(status: RecruitmentSessionStatus) {
    return new RecruitmentSessionException(
      'recruitment_session.closed',
      HttpStatus.CONFLICT,
      `Cette session est « ${RECRUITMENT_SESSION_STATUS_LABELS[status].toLowerCase()} » : elle ne peut plus être modifiée.`,
    );
  }
  static invalidTransition(from: RecruitmentSessionStatus, to: RecruitmentSessionStatus) {
    return new RecruitmentSessionException(
      'recruitment_session.invalid_transition',
      HttpStatus.CONFLICT,
      `Une session « ${RECRUITMENT_SESSION_STATUS_LABELS[from].toLowerCase()} » ne peut pas passer à « ${RECRUITMENT_SESSION_STATUS_LABELS[to].toLowerCase()} ».`,
    );
  }
  static noSchedule() {
    return new RecruitmentSessionException('recruitment_session.no_schedule', HttpStatus.CONFLICT, 'Cette session n’a pas encore de planning : générez-le d’abord.');
  }
  static profileUnavailable() {
    const detail = 'Aucun profil actif d’une organisation partenaire du programme ne porte ce code.';
    return new RecruitmentSessionException('recruitment_session.profile_unavailable', HttpStatus.UNPROCESSABLE_ENTITY, detail, [{ field: 'profileCode', message: detail }]);
  }
  static candidateAlreadyIn() {
    const detail = 'Ce profil fait déjà partie de la cohorte.';
    return new RecruitmentSessionException('recruitment_session.candidate_duplicate', HttpStatus.CONFLICT, detail, [{ field: 'profileCode', message: detail }]);
  }
  static organisationUnavailable() {
    const detail = 'Seules les organisations employeuses validées (entreprise, agence d’intérim, organisme de formation, structure d’insertion) participent aux entretiens.';
    return new RecruitmentSessionException('recruitment_session.organisation_unavailable', HttpStatus.UNPROCESSABLE_ENTITY, detail, [{ field: 'organisationId', message: detail }]);
  }
  static organisationAlreadyIn() {
    const detail = 'Cette organisation participe déjà à la session.';
    return new RecruitmentSessionException('recruitment_session.organisation_duplicate', HttpStatus.CONFLICT, detail, [{ field: 'organisationId', message: detail }]);
  }
  static roomNameTaken(name: string) {
    const detail = `Une salle s’appelle déjà « ${name} » dans cette session.`;
    return new RecruitmentSessionException('recruitment_session.room_name_taken', HttpStatus.CONFLICT, detail, [{ field: 'name', message: detail }]);
  }
  static binomeInvalid(detail: string) {
    return new RecruitmentSessionException('recruitment_session.binome_invalid', HttpStatus.UNPROCESSABLE_ENTITY, detail, [{ field: 'organisationIds', message: detail }]);
  }
  static nothingToPair() {
    return new RecruitmentSessionException('recruitment_session.nothing_to_pair', HttpStatus.CONFLICT, 'Il faut au moins deux organisations participantes pour former des binômes.');
  }
  static cannotSchedule(detail: string) {
    return new RecruitmentSessionException('recruitment_session.cannot_schedule', HttpStatus.CONFLICT, detail);
  }
  /** A hand move the checker refuses: the detail names each conflict. */
  static moveConflict(messages: string[]) {
    return new RecruitmentSessionException('recruitment_session.move_conflict', HttpStatus.CONFLICT, `Déplacement refusé : ${messages.join(' ')}`);
  }
  /** Two coordinators changed the schedule at once: the database refused the second change. */
  static concurrentChange() {
    return new RecruitmentSessionException('recruitment_session.concurrent_change', HttpStatus.CONFLICT, 'Le planning vient d’être modifié par ailleurs : rechargez la page et recommencez.');
  }
  /**
   * The debrief has started (an interview has an outcome, an assessment or a proposal): replacing or cutting the
   * schedule would delete those rows with the interviews, so the planner's destructive actions are refused.
   */
  static debriefStarted() {
    return new RecruitmentSessionException(
      'recruitment_session.debrief_started',
      HttpStatus.CONFLICT,
      'Le débriefing de cette session a commencé (présences, évaluations ou propositions enregistrées) : le planning ne peut plus être remplacé ni réduit.',
    );
  }
  /** A hand move of an interview the debrief already speaks of. */
  static interviewDebriefed() {
    return new RecruitmentSessionException(
      'recruitment_session.debrief_started',
      HttpStatus.CONFLICT,
      'Le débriefing de cet entretien a commencé (présence, évaluation ou proposition enregistrée) : il ne peut plus être déplacé.',
    );
  }
}
