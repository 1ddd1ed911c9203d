import { HttpStatus } from '@nestjs/common';
import { DomainException, FieldError } from '../../common/http/problem';
import { OrganisationStatus } from '../organisations/organisation.entity';
import { IntroductionStatus } from './introduction';
import { IntroductionAction } from './introduction-rules';

type Inactive = Exclude<OrganisationStatus, OrganisationStatus.Active>;

const EMPLOYER_INACTIVE: Record<Inactive, string> = {
  [OrganisationStatus.Pending]: 'Votre organisation est en attente de validation par la coordination : vous pourrez demander à rencontrer des candidats dès qu’elle sera validée.',
  [OrganisationStatus.Refused]: 'L’inscription de votre organisation a été refusée : vous ne pouvez pas demander de mise en relation.',
  [OrganisationStatus.Suspended]: 'Votre organisation est suspendue : les mises en relation sont bloquées. Contactez la coordination.',
};

const PARTNER_INACTIVE: Record<Inactive, string> = {
  [OrganisationStatus.Pending]: 'Votre organisation est en attente de validation par la coordination : vous pourrez traiter les mises en relation dès qu’elle sera validée.',
  [OrganisationStatus.Refused]: 'L’inscription de votre organisation a été refusée : vous ne pouvez pas traiter de mise en relation.',
  [OrganisationStatus.Suspended]: 'Votre organisation est suspendue : les mises en relation sont bloquées. Contactez la coordination.',
};

const STATUS_PHRASES: Record<IntroductionStatus, string> = {
  [IntroductionStatus.Requested]: 'attend la réponse du conseiller',
  [IntroductionStatus.Proposed]: 'attend la réponse de l’employeur',
  [IntroductionStatus.Accepted]: 'est acceptée et attend la mise en relation',
  [IntroductionStatus.Introduced]: 'est faite',
  [IntroductionStatus.MeetingPlanned]: 'a une rencontre prévue',
  [IntroductionStatus.Concluded]: 'est terminée : son issue est enregistrée',
  [IntroductionStatus.Declined]: 'a été déclinée',
  [IntroductionStatus.Withdrawn]: 'a été retirée',
  [IntroductionStatus.Expired]: 'a été close faute de réponse',
};

const ACTION_PHRASES: Record<IntroductionAction, string> = {
  accept: 'l’accepter',
  decline: 'la décliner',
  introduce: 'la marquer comme faite',
  plan_meeting: 'y prévoir une rencontre',
  record_outcome: 'en enregistrer l’issue',
  withdraw: 'la retirer',
  expire: 'la clore',
};

const NOT_YOURS: Record<IntroductionAction, string> = {
  accept: 'Seul le destinataire d’une demande ou d’une proposition peut l’accepter.',
  decline: 'Seul le destinataire d’une demande ou d’une proposition peut la décliner.',
  introduce: 'La mise en relation est faite par le conseiller qui accompagne la personne.',
  plan_meeting: 'La rencontre s’organise avec le conseiller qui accompagne la personne : c’est lui qui l’enregistre.',
  record_outcome: 'L’issue d’une mise en relation est enregistrée par le conseiller qui accompagne la personne.',
  withdraw: 'Seul l’auteur d’une demande ou d’une proposition peut la retirer.',
  expire: 'Seul Passerelle clôt les demandes restées sans réponse.',
};

const frenchDate = (date: string) => date.split('-').reverse().join('/');

export class IntroductionException extends DomainException {
  static notFound() {
    return new IntroductionException('introduction.not_found', HttpStatus.NOT_FOUND, 'Mise en relation introuvable.');
  }
  static notMember() {
    return new IntroductionException(
      'introduction.not_member',
      HttpStatus.FORBIDDEN,
      'Les mises en relation concernent les membres d’une organisation employeuse ou d’une organisation partenaire qui accompagne les candidats.',
    );
  }
  static employerInactive(status: Inactive) {
    return new IntroductionException('introduction.organisation_inactive', HttpStatus.FORBIDDEN, EMPLOYER_INACTIVE[status]);
  }
  static partnerInactive(status: Inactive) {
    return new IntroductionException('introduction.organisation_inactive', HttpStatus.FORBIDDEN, PARTNER_INACTIVE[status]);
  }
  static notYours(action: IntroductionAction) {
    return new IntroductionException('introduction.not_your_move', HttpStatus.FORBIDDEN, NOT_YOURS[action]);
  }
  static invalidTransition(action: IntroductionAction, current: IntroductionStatus) {
    return new IntroductionException(
      'introduction.invalid_transition',
      HttpStatus.CONFLICT,
      `Cette mise en relation ${STATUS_PHRASES[current]} : impossible de ${ACTION_PHRASES[action]}.`,
    );
  }
  static duplicate() {
    return new IntroductionException(
      'introduction.duplicate',
      HttpStatus.CONFLICT,
      'Une mise en relation est déjà en cours entre cette organisation et ce profil : suivez-la plutôt que d’en ouvrir une autre.',
    );
  }
  static paused(pausedUntil: string, own: boolean) {
    const detail = own
      ? `Votre organisation a suspendu les mises en relation jusqu’au ${frenchDate(pausedUntil)} inclus : levez la pause dans les réglages de l’organisation pour en demander une.`
      : `Cette organisation ne reçoit pas de nouvelle mise en relation jusqu’au ${frenchDate(pausedUntil)} inclus.`;
    return new IntroductionException('introduction.organisation_paused', HttpStatus.CONFLICT, detail);
  }
  static capReached(cap: number, liftsOn: string, own: boolean) {
    const count = `${cap} mise${cap > 1 ? 's' : ''} en relation`;
    const detail = own
      ? `Votre organisation a atteint son plafond de ${count} ce mois-ci : vous pourrez en demander de nouvelles à partir du ${frenchDate(liftsOn)}. Un responsable peut relever ce plafond dans les réglages de l’organisation.`
      : `Cette organisation a atteint son plafond de ${count} ce mois-ci : proposez-lui ce profil à partir du ${frenchDate(liftsOn)}.`;
    return new IntroductionException('introduction.monthly_cap_reached', HttpStatus.CONFLICT, detail);
  }
  static profileUnavailable(field: 'profileCode' | 'profileId', message: string) {
    return new IntroductionException('introduction.profile_unavailable', HttpStatus.UNPROCESSABLE_ENTITY, message, [{ field, message }]);
  }
  static needUnavailable() {
    const message = 'Ce besoin n’est pas un besoin publié de l’organisation : choisissez l’un de ses besoins publiés, ou aucun.';
    return new IntroductionException('introduction.need_unavailable', HttpStatus.UNPROCESSABLE_ENTITY, message, [{ field: 'needId', message }]);
  }
  static organisationUnavailable() {
    const message = 'Cette organisation n’est pas une organisation employeuse active : un profil ne peut lui être proposé.';
    return new IntroductionException('introduction.organisation_unavailable', HttpStatus.UNPROCESSABLE_ENTITY, message, [{ field: 'organisationId', message }]);
  }
  /** The proposal's message goes to the employer: it must not say who the person is. */
  static piiFound(errors: FieldError[]) {
    return new IntroductionException(
      'introduction.pii_found',
      HttpStatus.UNPROCESSABLE_ENTITY,
      'Le message destiné à l’employeur semble contenir une donnée personnelle : reformulez les passages signalés.',
      errors,
    );
  }
}
