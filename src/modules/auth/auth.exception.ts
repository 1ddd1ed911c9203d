import { HttpStatus } from '@nestjs/common';
import { DomainException } from '../../common/http/problem';

export class AuthException extends DomainException {
  static unauthenticated() {
    return new AuthException('auth.unauthenticated', HttpStatus.UNAUTHORIZED, 'Vous devez être connecté.');
  }
  static forbidden() {
    return new AuthException('auth.forbidden', HttpStatus.FORBIDDEN, 'Votre rôle ne permet pas cette action.');
  }
  static invalidCredentials() {
    return new AuthException('auth.invalid_credentials', HttpStatus.UNAUTHORIZED, 'Adresse e-mail ou mot de passe incorrect.');
  }
  static emailNotVerified() {
    return new AuthException('auth.email_not_verified', HttpStatus.FORBIDDEN, 'Confirmez d’abord votre adresse e-mail grâce au lien reçu par e-mail.');
  }
  static tooManyAttempts(retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    return new AuthException('auth.too_many_attempts', HttpStatus.TOO_MANY_REQUESTS, `Trop de tentatives de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`, undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
  static invalidToken() {
    return new AuthException('auth.invalid_token', HttpStatus.BAD_REQUEST, 'Ce lien est invalide ou a expiré. Demandez-en un nouveau.');
  }
  static emailTaken() {
    return new AuthException('user.email_taken', HttpStatus.CONFLICT, 'Un compte existe déjà avec cette adresse e-mail.', [
      { field: 'email', message: 'Un compte existe déjà avec cette adresse e-mail.' },
    ]);
  }
  static wrongCurrentPassword() {
    return new AuthException('auth.wrong_password', HttpStatus.BAD_REQUEST, 'Le mot de passe actuel est incorrect.', [
      { field: 'currentPassword', message: 'Le mot de passe actuel est incorrect.' },
    ]);
  }
  static csrf() {
    return new AuthException('csrf.invalid', HttpStatus.FORBIDDEN, 'Le formulaire a expiré ou ne vient pas de Passerelle. Rechargez la page et réessayez.');
  }
  static sessionStoreUnavailable() {
    return new AuthException('session.unavailable', HttpStatus.SERVICE_UNAVAILABLE, 'Le service de connexion est momentanément indisponible. Réessayez dans un instant.');
  }
}
