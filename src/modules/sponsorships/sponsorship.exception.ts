import { HttpStatus } from '@nestjs/common';
import { DomainException, FieldError } from '../../common/http/problem';
import { OrganisationStatus } from '../organisations/organisation.entity';
import { SponsorshipStatus } from './sponsorship';
import { SponsorshipAction } from './sponsorship-rules';

type Inactive = Exclude<OrganisationStatus, OrganisationStatus.Active>;

const INACTIVE: Record<Inactive, string> = {
  [OrganisationStatus.Pending]: 'Votre organisation est en attente de validation par la coordination : les parrainages seront accessibles dès qu’elle sera validée.',
  [OrganisationStatus.Refused]: 'L’inscription de votre organisation a été refusée : vous n’avez pas accès aux parrainages.',
  [OrganisationStatus.Suspended]: 'Votre organisation est suspendue : les parrainages sont bloqués. Contactez la coordination.',
};

const STATUS_PHRASES: Record<SponsorshipStatus, string> = {
  [SponsorshipStatus.Active]: 'est en cours',
  [SponsorshipStatus.Paused]: 'est en pause',
  [SponsorshipStatus.Ended]: 'est terminé',
};

const ACTION_PHRASES: Record<SponsorshipAction, string> = {
  pause: 'le mettre en pause (seul un parrainage en cours peut l’être)',
  resume: 'le reprendre (seul un parrainage en pause peut l’être)',
  end: 'le terminer',
};

export class SponsorshipException extends DomainException {
  static notFound() {
    return new SponsorshipException('sponsorship.not_found', HttpStatus.NOT_FOUND, 'Parrainage introuvable.');
  }
  static checkInNotFound() {
    return new SponsorshipException('sponsorship.check_in_not_found', HttpStatus.NOT_FOUND, 'Point de suivi introuvable pour ce parrainage.');
  }
  static notMember() {
    return new SponsorshipException(
      'sponsorship.not_member',
      HttpStatus.FORBIDDEN,
      'Les parrainages sont suivis par les membres des organisations employeuses et par les conseillers des organisations partenaires.',
    );
  }
  static organisationInactive(status: Inactive) {
    return new SponsorshipException('sponsorship.organisation_inactive', HttpStatus.FORBIDDEN, INACTIVE[status]);
  }
  static counsellorsOnly() {
    return new SponsorshipException(
      'sponsorship.counsellors_only',
      HttpStatus.FORBIDDEN,
      'Un parrainage est engagé par le conseiller qui accompagne la personne, avec son accord : proposez-le lui depuis la mise en relation.',
    );
  }
  static readOnly() {
    return new SponsorshipException(
      'sponsorship.read_only',
      HttpStatus.FORBIDDEN,
      'Vous consultez ce parrainage en lecture seule : seuls le parrain ou la marraine, son organisation et le conseiller de la personne le font évoluer.',
    );
  }
  static invalidTransition(action: SponsorshipAction, current: SponsorshipStatus) {
    return new SponsorshipException('sponsorship.invalid_transition', HttpStatus.CONFLICT, `Ce parrainage ${STATUS_PHRASES[current]} : impossible de ${ACTION_PHRASES[action]}.`);
  }
  static endedNoCheckIn() {
    return new SponsorshipException('sponsorship.ended', HttpStatus.CONFLICT, 'Ce parrainage est terminé : aucun point de suivi ne peut plus y être enregistré.');
  }
  static checkInAlreadyRecorded() {
    return new SponsorshipException('sponsorship.check_in_recorded', HttpStatus.CONFLICT, 'Ce point de suivi est déjà enregistré.');
  }
  static profileUnavailable(field: string, detail: string) {
    return new SponsorshipException('sponsorship.profile_unavailable', HttpStatus.UNPROCESSABLE_ENTITY, detail, [{ field, message: detail }]);
  }
  static sponsorUnavailable() {
    const detail = 'Aucun membre d’une organisation employeuse active n’a cette adresse : vérifiez le contact professionnel du parrain ou de la marraine.';
    return new SponsorshipException('sponsorship.sponsor_unavailable', HttpStatus.UNPROCESSABLE_ENTITY, detail, [{ field: 'sponsorEmail', message: detail }]);
  }
  static introductionUnavailable() {
    const detail = 'Mise en relation introuvable.';
    return new SponsorshipException('sponsorship.introduction_unavailable', HttpStatus.UNPROCESSABLE_ENTITY, detail, [{ field: 'introductionId', message: detail }]);
  }
  /** The introduction named is real and the counsellor's, but between other parties than the sponsorship's: `about` says which. */
  static introductionMismatch(about: 'profile' | 'organisation') {
    const detail =
      about === 'profile'
        ? 'Cette mise en relation concerne un autre profil que celui du parrainage : indiquez celle dont ce parrainage est issu, ou aucune.'
        : 'Cette mise en relation a été faite avec une autre organisation que celle du parrain ou de la marraine : indiquez celle dont ce parrainage est issu, ou aucune.';
    return new SponsorshipException('sponsorship.introduction_mismatch', HttpStatus.UNPROCESSABLE_ENTITY, detail, [{ field: 'introductionId', message: detail }]);
  }
  static capReached(cap: number) {
    const detail = `Ce parrain ou cette marraine suit déjà ${cap} parrainages en cours (le maximum) : l’un d’eux doit se terminer avant d’en commencer un autre.`;
    return new SponsorshipException('sponsorship.cap_reached', HttpStatus.CONFLICT, detail, [{ field: 'sponsorEmail', message: detail }]);
  }
  static alreadySponsored() {
    const detail = 'Cette personne a déjà un parrainage en cours : terminez-le avant d’en engager un autre.';
    return new SponsorshipException('sponsorship.duplicate', HttpStatus.CONFLICT, detail, [{ field: 'profileCode', message: detail }]);
  }
  /** The PII guard flagged the text of a check-in: each error names the field and says why. */
  static piiFound(errors: FieldError[]) {
    return new SponsorshipException(
      'sponsorship.pii_found',
      HttpStatus.UNPROCESSABLE_ENTITY,
      `Le texte semble contenir ${errors.length === 1 ? 'une donnée personnelle' : `${errors.length} données personnelles`} : reformulez les passages signalés sans nom, date précise, coordonnée ni établissement.`,
      errors,
    );
  }
}
