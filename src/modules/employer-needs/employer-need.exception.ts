import { HttpStatus } from '@nestjs/common';
import { DomainException, FieldError } from '../../common/http/problem';
import { OrganisationStatus } from '../organisations/organisation.entity';
import { EmployerNeedStatus } from './employer-need';

const INACTIVE_DETAILS: Record<Exclude<OrganisationStatus, OrganisationStatus.Active>, string> = {
  [OrganisationStatus.Pending]:
    'Votre organisation est en attente de validation par la coordination : vous pourrez gérer ses besoins de recrutement dès qu’elle sera validée.',
  [OrganisationStatus.Refused]:
    'L’inscription de votre organisation a été refusée : vous ne pouvez pas gérer de besoins de recrutement. Contactez la coordination si vous pensez qu’il s’agit d’une erreur.',
  [OrganisationStatus.Suspended]: 'Votre organisation est suspendue : la gestion de ses besoins de recrutement est bloquée. Contactez la coordination.',
};

const TRANSITION_DETAILS: Record<'publish' | 'close', Partial<Record<EmployerNeedStatus, string>>> = {
  publish: {
    [EmployerNeedStatus.Published]: 'Ce besoin est déjà publié.',
    [EmployerNeedStatus.Closed]: 'Ce besoin est clôturé : il ne peut plus être publié. Créez-en un nouveau.',
  },
  close: { [EmployerNeedStatus.Closed]: 'Ce besoin est déjà clôturé.' },
};

const NOT_CONFIRMABLE_DETAILS: Record<Exclude<EmployerNeedStatus, EmployerNeedStatus.Published>, string> = {
  [EmployerNeedStatus.Draft]:
    'Ce besoin n’est pas publié : seul un besoin publié peut être confirmé comme toujours d’actualité. Vérifiez-le, puis publiez-le s’il l’est.',
  [EmployerNeedStatus.Closed]: 'Ce besoin est clôturé : il ne peut plus être confirmé. Créez un nouveau besoin si le poste est de nouveau ouvert.',
};

export class EmployerNeedException extends DomainException {
  static notFound() {
    return new EmployerNeedException('employer_need.not_found', HttpStatus.NOT_FOUND, 'Besoin de recrutement introuvable.');
  }
  static organisationInactive(status: Exclude<OrganisationStatus, OrganisationStatus.Active>) {
    return new EmployerNeedException('employer_need.organisation_inactive', HttpStatus.FORBIDDEN, INACTIVE_DETAILS[status]);
  }
  static notEmployerOrganisation() {
    return new EmployerNeedException(
      'employer_need.not_employer_organisation',
      HttpStatus.FORBIDDEN,
      'Seuls les membres d’une organisation employeuse (entreprise, agence d’intérim, organisme de formation, structure d’insertion) gèrent des besoins de recrutement.',
    );
  }
  static invalidTransition(action: 'publish' | 'close', current: EmployerNeedStatus) {
    const detail = TRANSITION_DETAILS[action][current] ?? 'Ce changement de statut n’est pas possible.';
    return new EmployerNeedException('employer_need.invalid_transition', HttpStatus.CONFLICT, detail);
  }
  static notPublishable(errors: FieldError[]) {
    return new EmployerNeedException('employer_need.incomplete', HttpStatus.CONFLICT, 'Ce besoin ne peut pas encore être publié : complétez les champs indiqués.', errors);
  }
  static publishedMustStayComplete(errors: FieldError[]) {
    return new EmployerNeedException(
      'employer_need.published_incomplete',
      HttpStatus.CONFLICT,
      'Ce besoin est publié : il doit garder une période de démarrage en cours. Pour le retirer, clôturez-le.',
      errors,
    );
  }
  static notConfirmable(current: Exclude<EmployerNeedStatus, EmployerNeedStatus.Published>) {
    return new EmployerNeedException('employer_need.not_published', HttpStatus.CONFLICT, NOT_CONFIRMABLE_DETAILS[current]);
  }
  static confirmationOutdated(errors: FieldError[]) {
    return new EmployerNeedException(
      'employer_need.outdated',
      HttpStatus.CONFLICT,
      'Ce besoin ne peut pas être confirmé tel quel : mettez à jour les champs indiqués, l’enregistrement vaudra confirmation.',
      errors,
    );
  }
  static closedNotEditable() {
    return new EmployerNeedException('employer_need.closed', HttpStatus.CONFLICT, 'Ce besoin est clôturé : il ne peut plus être modifié.');
  }
}
