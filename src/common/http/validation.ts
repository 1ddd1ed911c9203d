import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedException } from './problem';

const FRENCH: Record<string, string> = {
  whitelistValidation: 'Champ non autorisé.',
  isString: 'Doit être une chaîne de caractères.',
  isEmail: 'Adresse e-mail invalide.',
  isNotEmpty: 'Champ obligatoire.',
  isDefined: 'Champ obligatoire.',
  isIn: 'Valeur non autorisée.',
  isEnum: 'Valeur non autorisée.',
  isInt: 'Doit être un nombre entier.',
  isUuid: 'Identifiant invalide.',
  isBoolean: 'Doit être vrai ou faux.',
  min: 'Valeur trop petite.',
  max: 'Valeur trop grande.',
};

/** Flattens nested class-validator errors into `field: message` pairs with French messages. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      // Our DTOs carry French messages; class-validator's built-in defaults are English ("must", "should").
      const french = /\b(must|should)\b/.test(message) ? FRENCH[constraint] ?? 'Valeur invalide.' : message;
      out.push({ field, message: french });
    }
    if (error.children?.length) out.push(...toFieldErrors(error.children, field));
  }
  return out;
}

/** The global pipe: whitelisting, rejection of unknown fields, French messages as problem+json. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedException(toFieldErrors(errors)),
  });
}
