import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/http/problem';

export class GeographyException extends DomainException {
  static basinNotFound(code: string) {
    return new GeographyException('basin.not_found', HttpStatus.NOT_FOUND, `Aucun bassin d'emploi ne porte le code ${code}.`);
  }
}
