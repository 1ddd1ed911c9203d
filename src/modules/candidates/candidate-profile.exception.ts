import { HttpStatus } from '@nestjs/common';
import { DomainException, FieldError } from '../../common/http/problem';
import { OrganisationStatus } from '../organisations/organisation.entity';
import { CandidateProfileStatus } from './candidate-profile';
import { ProfileAction, ProfilePiiFinding } from './candidate-profile-rules';

const INACTIVE_DETAILS: Record<Exclude<OrganisationStatus, OrganisationStatus.Active>, string> = {
  [OrganisationStatus.Pending]: 'Votre organisation est en attente de validation par la coordination : vous pourrez rédiger des profils dès qu’elle sera validée.',
  [OrganisationStatus.Refused]: 'L’inscription de votre organisation a été refusée : vous ne pouvez pas rédiger de profils.',
  [OrganisationStatus.Suspended]: 'Votre organisation est suspendue : l’accès aux profils est bloqué. Contactez la coordination.',
};

const STATUS_PHRASES: Record<CandidateProfileStatus, string> = {
  [CandidateProfileStatus.Draft]: 'est un brouillon',
  [CandidateProfileStatus.Published]: 'est déjà publié',
  [CandidateProfileStatus.Paused]: 'est en pause',
  [CandidateProfileStatus.Placed]: 'est marqué comme placé',
  [CandidateProfileStatus.Archived]: 'est archivé',
};

const ACTION_PHRASES: Record<ProfileAction, string> = {
  publish: 'le publier (utilisez « reprendre » pour un profil en pause)',
  pause: 'le mettre en pause (seul un profil publié peut l’être)',
  resume: 'le reprendre (seul un profil en pause peut l’être)',
  placed: 'le marquer comme placé (seul un profil publié ou en pause peut l’être)',
  archive: 'l’archiver',
};

export class CandidateProfileException extends DomainException {
  static notFound() {
    return new CandidateProfileException('candidate_profile.not_found', HttpStatus.NOT_FOUND, 'Profil introuvable.');
  }
  static readOnlyInProgramme() {
    return new CandidateProfileException(
      'candidate_profile.read_only',
      HttpStatus.FORBIDDEN,
      'Ce profil est rédigé par une autre organisation du programme : vous pouvez le consulter, seule cette organisation peut le modifier.',
    );
  }
  static notPartnerOrganisation() {
    return new CandidateProfileException(
      'candidate_profile.not_partner_organisation',
      HttpStatus.FORBIDDEN,
      'Seuls les membres d’une organisation partenaire (Mission Locale, SPIP, établissement pénitentiaire, agence France Travail) gèrent des profils de candidats.',
    );
  }
  static organisationInactive(status: Exclude<OrganisationStatus, OrganisationStatus.Active>) {
    return new CandidateProfileException('candidate_profile.organisation_inactive', HttpStatus.FORBIDDEN, INACTIVE_DETAILS[status]);
  }
  static invalidTransition(action: ProfileAction, current: CandidateProfileStatus) {
    return new CandidateProfileException(
      'candidate_profile.invalid_transition',
      HttpStatus.CONFLICT,
      `Ce profil ${STATUS_PHRASES[current]} : impossible de ${ACTION_PHRASES[action]}.`,
    );
  }
  static notEditable(current: CandidateProfileStatus) {
    return new CandidateProfileException('candidate_profile.not_editable', HttpStatus.CONFLICT, `Ce profil ${STATUS_PHRASES[current]} : il ne peut plus être modifié.`);
  }
  static incomplete(errors: FieldError[]) {
    return new CandidateProfileException('candidate_profile.incomplete', HttpStatus.CONFLICT, 'Ce profil ne peut pas encore être publié : complétez les champs indiqués.', errors);
  }
  static publishedMustStayComplete(errors: FieldError[]) {
    return new CandidateProfileException(
      'candidate_profile.published_incomplete',
      HttpStatus.CONFLICT,
      'Ce profil est publié : il doit garder un métier visé, un bassin visé et une période de sortie. Pour le retirer, mettez-le en pause.',
      errors,
    );
  }
  static consentMissing() {
    return new CandidateProfileException(
      'candidate_profile.consent_missing',
      HttpStatus.CONFLICT,
      'Le consentement de la personne à la publication n’est pas enregistré : enregistrez-le avant de publier.',
      [{ field: 'consent', message: 'Aucun consentement à la publication en cours.' }],
    );
  }
  static consentAlreadyActive() {
    return new CandidateProfileException('candidate_profile.consent_active', HttpStatus.CONFLICT, 'Un consentement à la publication est déjà enregistré pour ce profil.');
  }
  static noActiveConsent() {
    return new CandidateProfileException('candidate_profile.no_active_consent', HttpStatus.CONFLICT, 'Aucun consentement en cours à révoquer pour ce profil.');
  }
  static archived() {
    return new CandidateProfileException('candidate_profile.archived', HttpStatus.CONFLICT, 'Ce profil est archivé : plus aucun consentement ne peut y être enregistré.');
  }
  /** The guard found personal data: each finding names its field, span and reason. */
  static piiFound(findings: ProfilePiiFinding[]) {
    return new CandidateProfileException(
      'candidate_profile.pii_found',
      HttpStatus.UNPROCESSABLE_ENTITY,
      `Le texte du profil semble contenir ${findings.length === 1 ? 'une donnée personnelle' : `${findings.length} données personnelles`} : corrigez les passages signalés, ou publiez en justifiant pourquoi ils peuvent rester.`,
      findings,
    );
  }
  /** An edit of a published profile would show flagged text to employers: no override here, it goes through pause and resume. */
  static piiFoundWhilePublished(findings: ProfilePiiFinding[]) {
    return new CandidateProfileException(
      'candidate_profile.pii_found',
      HttpStatus.UNPROCESSABLE_ENTITY,
      'Ce profil est publié et le nouveau texte semble contenir des données personnelles : corrigez les passages signalés, ou mettez le profil en pause pour le modifier puis reprenez-le en justifiant.',
      findings,
    );
  }
}
