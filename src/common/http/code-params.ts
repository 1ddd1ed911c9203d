import { PipeTransform } from '@nestjs/common';
import { ValidationFailedException } from './problem';

/** A route parameter that must match a code format, else a 400 naming the field and the expected form. */
export function codeParam(field: string, pattern: RegExp, message: string, normalize: (value: string) => string = (v) => v.trim()): PipeTransform<string, string> {
  return {
    transform(value: string): string {
      const normalized = normalize(String(value ?? ''));
      if (!pattern.test(normalized)) throw new ValidationFailedException([{ field, message }]);
      return normalized;
    },
  };
}

/** `:code` of an employment basin: 3 or 4 digits. */
export const BASIN_CODE_PARAM = codeParam('code', /^[0-9]{3,4}$/, "Code de bassin invalide : 3 ou 4 chiffres, ex. 7513.");

/** `:rome` (or `:code`) of a ROME occupation, upper-cased: a letter and 4 digits. */
export const ROME_CODE_PARAM = codeParam('rome', /^[A-Z][0-9]{4}$/, 'Code ROME invalide : une lettre et 4 chiffres, ex. F1606.', (v) => v.trim().toUpperCase());
