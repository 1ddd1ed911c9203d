import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/http/problem';

export class CrosswalkException extends DomainException {
  static unknownRome(romeCode: string) {
    return new CrosswalkException('crosswalk.unknown_rome', HttpStatus.NOT_FOUND, `Le code ROME ${romeCode} n’existe pas dans le référentiel importé.`);
  }
  static unknownFap(fapCode: string) {
    return new CrosswalkException('crosswalk.unknown_fap', HttpStatus.NOT_FOUND, `Le code FAP ${fapCode} n’est pas connu : importez d’abord l’enquête BMO.`);
  }
  static alreadyActive(fapCode: string, romeCode: string) {
    return new CrosswalkException('crosswalk.already_active', HttpStatus.CONFLICT, `La correspondance ${fapCode} ↔ ${romeCode} est déjà active.`);
  }
  static alreadyRejected(fapCode: string, romeCode: string) {
    return new CrosswalkException('crosswalk.already_rejected', HttpStatus.CONFLICT, `La correspondance ${fapCode} ↔ ${romeCode} est déjà écartée.`);
  }
}
