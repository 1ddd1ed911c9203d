import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { toFieldErrors } from '../../common/http/validation';
import { ValidationFailedException } from '../../common/http/problem';
import { CSRF_FIELD } from '../auth/session.middleware';

export type FormErrors = Record<string, string>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors; values: Record<string, string> };

/**
 * Validates an HTML form body with the same DTO as the JSON API, returning French messages per field
 * so the page can re-render the form instead of answering a problem document.
 */
export function parseForm<T extends object>(dto: new () => T, body: unknown, allowedExtra: string[] = []): FormResult<T> {
  const raw: Record<string, unknown> = typeof body === 'object' && body !== null ? { ...(body as Record<string, unknown>) } : {};
  delete raw[CSRF_FIELD];
  for (const key of allowedExtra) delete raw[key];
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) if (typeof value === 'string' && !/password/i.test(key)) values[key] = value;
  const instance = plainToInstance(dto, raw);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) return { ok: true, value: instance };
  const byField: FormErrors = {};
  for (const { field, message } of toFieldErrors(errors)) byField[field] ??= message;
  return { ok: false, errors: byField, values };
}

/** Only same-site relative paths are followed after login, never another host. */
export function safeRedirect(target: unknown, fallback = '/'): string {
  return typeof target === 'string' && /^\/(?![/\\])[^\s]*$/.test(target) && target.length < 500 ? target : fallback;
}

/** Query-string parameters of a page, validated by a DTO; invalid ones are a 400 (problem or French error page). */
export function parseQueryOrThrow<T extends object>(dto: new () => T, raw: Record<string, unknown>): T {
  const query = plainToInstance(dto, raw);
  const errors = validateSync(query, { whitelist: true });
  if (errors.length) throw new ValidationFailedException(toFieldErrors(errors));
  return query;
}
