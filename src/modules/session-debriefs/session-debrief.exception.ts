import { HttpStatus } from '@nestjs/common';
import { DomainException, FieldError } from '../../common/http/problem';
import { OrganisationStatus } from '../organisations/organisation.entity';
import type { RecordingBlock } from './session-debrief-rules';

type Inactive = Exclude<OrganisationStatus, OrganisationStatus.Active>;

const INACTIVE: Record<Inactive, string> = {
  [OrganisationStatus.Pending]: 'Votre organisation est en attente de validation par la coordination : les sessions de recrutement seront accessibles dès qu’elle sera validée.',
  [OrganisationStatus.Refused]: 'L’inscription de votre organisation a été refusée : vous n’avez pas accès aux sessions de recrutement.',
  [OrganisationStatus.Suspended]: 'Votre organisation est suspendue : les sessions de recrutement sont bloquées. Contactez la coordination.',
};

export class SessionDebriefException extends DomainException {
  /** The session does not exist, or the caller has no part in it: the same answer, so as not to reveal it. */
  static sessionNotFound() {
    return new SessionDebriefException('session_debrief.session_not_found', HttpStatus.NOT_FOUND, 'Session de recrutement introuvable.');
  }
  static interviewNotFound() {
    return new SessionDebriefException('session_debrief.interview_not_found', HttpStatus.NOT_FOUND, 'Entretien introuvable dans cette session.');
  }
  static proposalNotFound() {
    return new SessionDebriefException('session_debrief.proposal_not_found', HttpStatus.NOT_FOUND, 'Proposition introuvable dans cette session.');
  }
  static passageNotFound() {
    return new SessionDebriefException('session_debrief.passage_not_found', HttpStatus.NOT_FOUND, 'Ce candidat n’a pas de passage au Grand Oral : générez d’abord l’ordre de passage.');
  }
  static participantNotFound() {
    return new SessionDebriefException('session_debrief.participant_not_found', HttpStatus.NOT_FOUND, 'Cette organisation ne participe pas à la session.');
  }
  static organisationInactive(status: Inactive) {
    return new SessionDebriefException('session_debrief.organisation_inactive', HttpStatus.FORBIDDEN, INACTIVE[status]);
  }
  static closed() {
    return new SessionDebriefException(
      'session_debrief.closed',
      HttpStatus.CONFLICT,
      'Le débriefing de cette session est clos : les évaluations et leurs propositions ne peuvent plus être modifiées. La coordination peut le rouvrir.',
    );
  }
  /** The session's debrief is not open: cancelled, schedule not settled, or before its interview day. */
  static recordingBlocked(block: RecordingBlock, interviewOn: string) {
    switch (block) {
      case 'cancelled':
        return new SessionDebriefException(
          'session_debrief.session_cancelled',
          HttpStatus.CONFLICT,
          'Cette session de recrutement est annulée : son débriefing et son Grand Oral ne peuvent pas être modifiés.',
        );
      case 'not_scheduled':
        return new SessionDebriefException(
          'session_debrief.session_not_scheduled',
          HttpStatus.CONFLICT,
          'Le planning de cette session n’est pas encore arrêté : le débriefing s’ouvrira le jour des entretiens, une fois le planning arrêté.',
        );
      case 'before_interview_day':
        return new SessionDebriefException(
          'session_debrief.before_interview_day',
          HttpStatus.CONFLICT,
          `Le débriefing s’ouvre le jour des entretiens, le ${interviewOn.split('-').reverse().join('/')} : rien ne peut y être noté avant.`,
        );
    }
  }
  static acceptanceUnderWay() {
    return new SessionDebriefException(
      'session_debrief.acceptance_under_way',
      HttpStatus.CONFLICT,
      'Cette proposition est en cours d’acceptation (la mise en relation ou le parrainage est en train d’être créé) : rechargez la page dans quelques instants.',
    );
  }
  static notHeld() {
    return new SessionDebriefException(
      'session_debrief.interview_not_held',
      HttpStatus.CONFLICT,
      'Cet entretien est noté « candidat absent » : indiquez d’abord qu’il a eu lieu pour l’évaluer.',
    );
  }
  static alreadyAssessed() {
    return new SessionDebriefException(
      'session_debrief.already_assessed',
      HttpStatus.CONFLICT,
      'Cet entretien a déjà une évaluation : il ne peut pas être noté « candidat absent ».',
    );
  }
  static proposalDecided(fields: FieldError[]) {
    return new SessionDebriefException(
      'session_debrief.proposal_decided',
      HttpStatus.CONFLICT,
      'Une proposition déjà acceptée ou déclinée ne peut être ni retirée ni modifiée.',
      fields,
    );
  }
  static alreadyDecided() {
    return new SessionDebriefException('session_debrief.already_decided', HttpStatus.CONFLICT, 'Cette proposition a déjà été acceptée ou déclinée.');
  }
  static profileNotPublished() {
    const detail = 'Le profil doit être publié pour une mise en relation : publiez-le (avec le consentement de la personne) puis acceptez à nouveau la proposition.';
    return new SessionDebriefException('session_debrief.profile_not_published', HttpStatus.UNPROCESSABLE_ENTITY, detail);
  }
  static ownerOrganisationInactive() {
    return new SessionDebriefException(
      'session_debrief.owner_inactive',
      HttpStatus.UNPROCESSABLE_ENTITY,
      'L’organisation qui accompagne la personne n’est pas active : la proposition ne peut pas être suivie pour le moment.',
    );
  }
  static cohortMismatch(detail: string) {
    return new SessionDebriefException('session_debrief.cohort_mismatch', HttpStatus.UNPROCESSABLE_ENTITY, detail, [{ field: 'sessionCandidateIds', message: detail }]);
  }
  static emptyCohort() {
    return new SessionDebriefException('session_debrief.empty_cohort', HttpStatus.CONFLICT, 'La cohorte de cette session est vide : ajoutez des candidats avant de préparer le Grand Oral.');
  }
  /** The PII guard flagged free text: each error names the field and says why. */
  static piiFound(errors: FieldError[]) {
    return new SessionDebriefException(
      'session_debrief.pii_found',
      HttpStatus.UNPROCESSABLE_ENTITY,
      `Le texte semble contenir ${errors.length === 1 ? 'une donnée personnelle' : `${errors.length} données personnelles`} : reformulez sans nom, date précise, coordonnée ni établissement.`,
      errors,
    );
  }
  static invalid(errors: FieldError[]) {
    return new SessionDebriefException('session_debrief.invalid', HttpStatus.UNPROCESSABLE_ENTITY, errors.map((e) => e.message).join(' '), errors);
  }
}
