import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/http/problem';

export class MatchingException extends DomainException {
  /** Meilisearch is down or too slow: the profile side of matching waits for it, the rest of Passerelle does not. */
  static searchUnavailable() {
    return new MatchingException(
      'matching.search_unavailable',
      HttpStatus.SERVICE_UNAVAILABLE,
      'La recherche des profils correspondants est momentanément indisponible. Réessayez dans quelques instants : le reste de Passerelle fonctionne normalement.',
      undefined,
      { 'Retry-After': '30' },
    );
  }
}
