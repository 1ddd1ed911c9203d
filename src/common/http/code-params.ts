import { PipeTransform } from '@nestjs/common';
import { CODE_FORMATS } from '../validation/code-formats';
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

/** `:code` of an employment basin. */
export const BASIN_CODE_PARAM = codeParam('code', CODE_FORMATS.basin.pattern, `Code de bassin invalide (attendu : ${CODE_FORMATS.basin.expected}).`);

/** A ROME code route parameter named `field`, upper-cased. */
export const romeCodeParam = (field: string) =>
  codeParam(field, CODE_FORMATS.rome.pattern, `Code ROME invalide (attendu : ${CODE_FORMATS.rome.expected}).`, (v) => v.trim().toUpperCase());

/** `:rome` of a ROME occupation. */
export const ROME_CODE_PARAM = romeCodeParam('rome');
