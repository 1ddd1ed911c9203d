import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/http/problem';

export class OccupationsException extends DomainException {
  static notFound(code: string) {
    return new OccupationsException('occupation.not_found', HttpStatus.NOT_FOUND, `Aucune fiche ROME ne porte le code ${code}.`);
  }

  static searchUnavailable() {
    return new OccupationsException(
      'occupation.search_unavailable',
      HttpStatus.SERVICE_UNAVAILABLE,
      'La recherche de métiers est momentanément indisponible. Réessayez dans quelques instants.',
      undefined,
      { 'Retry-After': '30' },
    );
  }
}
