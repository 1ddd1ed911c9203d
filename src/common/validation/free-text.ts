import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { apiPresence, presence } from './presence';

/**
 * Free text written by a user, trimmed at both ends only (line breaks are the author's layout), at most `max`
 * characters. `required` refuses blank text; `nullable` turns blank text into none.
 */
export const FreeText = (p: 'required' | 'nullable', label: string, max: number, example: string) =>
  applyDecorators(
    apiPresence(p, { type: String, maxLength: max, example }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() || (p === 'required' ? '' : null) : value)),
    ...presence(p),
    IsString({ message: `${label} : un texte est attendu.` }),
    ...(p === 'required' ? [MinLength(1, { message: `${label} : ce champ est obligatoire.` })] : []),
    MaxLength(max, { message: ({ value }) => `${label} : ${max} caractères au plus (${String(value).length} reçus).` }),
  );
