import type { NextFunction, Request, Response } from 'express';
import { DomainException } from './problem';

/** Deepest JSON nesting accepted: far more than any form of ours, far less than what overflows the validators. */
export const MAX_JSON_DEPTH = 32;

/** Measures the nesting depth of a JSON text without parsing it (strings are skipped). */
export function jsonDepth(buffer: Buffer): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < buffer.length; i++) {
    const c = buffer[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** body-parser `verify` hook refusing deeply nested JSON before it reaches the parser and the validators. */
export function rejectDeepJson(_req: Request, _res: Response, buffer: Buffer): void {
  if (jsonDepth(buffer) > MAX_JSON_DEPTH) {
    throw Object.assign(new Error('JSON nested too deeply'), { status: 400, type: 'entity.too.deep' });
  }
}

const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'request.too_large', 'La requête est trop volumineuse.'],
  'entity.parse.failed': [400, 'request.malformed', 'Le corps de la requête n’est pas un JSON valide.'],
  'entity.too.deep': [400, 'request.too_deep', `Le corps de la requête est trop imbriqué (${MAX_JSON_DEPTH} niveaux au plus).`],
  'entity.verify.failed': [400, 'request.malformed', 'Le corps de la requête est invalide.'],
  'encoding.unsupported': [415, 'request.encoding', 'Encodage de la requête non pris en charge.'],
  'charset.unsupported': [415, 'request.encoding', 'Jeu de caractères non pris en charge.'],
  'parameters.too.many': [413, 'request.too_large', 'Trop de champs dans la requête.'],
  'request.aborted': [400, 'request.aborted', 'La requête a été interrompue.'],
  'request.size.invalid': [400, 'request.malformed', 'La taille de la requête ne correspond pas à son contenu.'],
};

/**
 * Express error middleware placed right after the body parsers: turns their errors into domain exceptions
 * with stable codes before Nest's generic mapping loses the distinction.
 */
export function bodyParserErrors(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const type = (error as { type?: string })?.type;
  const known = type && Object.hasOwn(BODY_ERRORS, type) ? BODY_ERRORS[type] : undefined;
  if (!known) return next(error);
  const [status, code, detail] = known;
  next(new DomainException(code, status, detail));
}
