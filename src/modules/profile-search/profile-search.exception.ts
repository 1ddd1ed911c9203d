import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/http/problem';

export class ProfileSearchException extends DomainException {
  /** Meilisearch is down or too slow: answered within a second, everything else keeps working. */
  static unavailable() {
    return new ProfileSearchException(
      'profile_search.unavailable',
      HttpStatus.SERVICE_UNAVAILABLE,
      'La recherche de profils est momentanément indisponible. Réessayez dans quelques instants : le reste de Passerelle fonctionne normalement.',
      undefined,
      { 'Retry-After': '30' },
    );
  }
  static matchNeedsEmployer() {
    return new ProfileSearchException('profile_search.match_needs_employer', HttpStatus.BAD_REQUEST, 'Le tri par correspondance compare les profils aux besoins de votre organisation employeuse.', [
      { field: 'sort', message: 'Tri par correspondance réservé aux organisations employeuses : choisissez « pertinence » ou « sortie la plus proche ».' },
    ]);
  }
  static noPublishedNeed() {
    return new ProfileSearchException('profile_search.no_published_need', HttpStatus.BAD_REQUEST, 'Votre organisation n’a aucun besoin publié : publiez un besoin pour trier les profils par correspondance.', [
      { field: 'sort', message: 'Aucun besoin publié : le tri par correspondance n’est pas possible.' },
    ]);
  }
  static releaseRangeInverted() {
    return new ProfileSearchException('profile_search.release_range_inverted', HttpStatus.BAD_REQUEST, 'La période de sortie est inversée.', [
      { field: 'releaseTo', message: 'Le semestre de fin précède le semestre de début.' },
    ]);
  }
}
