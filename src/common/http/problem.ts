import { HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem document, as sent to API clients. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  correlationId?: string;
  errors?: FieldError[];
}

/**
 * Base of every domain exception: a stable machine code, an HTTP status and a French detail
 * that is safe to show to the user. Each module subclasses it with its own codes.
 */
export class DomainException extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatus,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(`${code}: ${detail}`);
    this.name = new.target.name;
  }
}

export class ValidationFailedException extends DomainException {
  constructor(errors: FieldError[]) {
    super('validation.failed', HttpStatus.BAD_REQUEST, 'La requête contient des données invalides.', errors);
  }
}

export class NotFoundException extends DomainException {
  constructor(code = 'not_found', detail = 'Ressource introuvable.') {
    super(code, HttpStatus.NOT_FOUND, detail);
  }
}

export const HTTP_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
