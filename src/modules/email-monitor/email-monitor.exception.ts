import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/http/problem';

export class EmailMonitorException extends DomainException {
  static deliveryNotFound() {
    return new EmailMonitorException('email_delivery.not_found', HttpStatus.NOT_FOUND, 'Aucun envoi d’e-mail ne porte ce numéro.');
  }
  static alreadySent() {
    return new EmailMonitorException('email_delivery.already_sent', HttpStatus.CONFLICT, 'Cet e-mail a déjà été envoyé : il ne peut pas être relancé.');
  }
  static inProgress() {
    return new EmailMonitorException('email_delivery.in_progress', HttpStatus.CONFLICT, 'Cet e-mail est en cours d’envoi : attendez la fin de cette tentative avant de le relancer.');
  }
  static addressSuppressed() {
    return new EmailMonitorException(
      'email_delivery.address_suppressed',
      HttpStatus.CONFLICT,
      'L’adresse du destinataire est bloquée après un refus définitif : vérifiez-la, débloquez-la, puis relancez l’e-mail.',
    );
  }
  static suppressionNotFound() {
    return new EmailMonitorException('email_suppression.not_found', HttpStatus.NOT_FOUND, 'Cette adresse bloquée est introuvable.');
  }
  static alreadyLifted() {
    return new EmailMonitorException('email_suppression.already_lifted', HttpStatus.CONFLICT, 'Cette adresse a déjà été débloquée.');
  }
  static queueUnavailable() {
    return new EmailMonitorException('email_queue.unavailable', HttpStatus.SERVICE_UNAVAILABLE, 'La file d’envoi des e-mails est momentanément injoignable. Réessayez dans quelques instants.');
  }
}
