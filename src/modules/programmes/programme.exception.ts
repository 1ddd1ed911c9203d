import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/http/problem';

export class ProgrammeException extends DomainException {
  static notFound() {
    return new ProgrammeException('programme.not_found', HttpStatus.NOT_FOUND, 'Programme introuvable.');
  }
  static nameTaken(name: string) {
    return new ProgrammeException('programme.name_taken', HttpStatus.CONFLICT, `Un programme s’appelle déjà « ${name} ».`, [
      { field: 'name', message: 'Ce nom est déjà celui d’un autre programme.' },
    ]);
  }
  static organisationNotFound() {
    return new ProgrammeException('programme.organisation_not_found', HttpStatus.NOT_FOUND, 'Organisation introuvable.', [
      { field: 'organisationId', message: 'Aucune organisation ne porte cet identifiant.' },
    ]);
  }
}
