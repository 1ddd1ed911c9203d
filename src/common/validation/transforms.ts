import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Trims strings and folds inner runs of white space; other types pass through for the validators to reject. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value));

/** Trims, removes inner spaces (as users type SIRET numbers) and keeps the result a string. */
export const StripSpaces = () => Transform(({ value }) => (typeof value === 'string' ? value.replace(/\s+/g, '') : value));

export const LowerCaseTrim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/** Query-string integers: "2" becomes 2, anything else stays as is and fails validation. */
export const ToInt = () => Transform(({ value }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value));

/** Trimmed text between min and max characters, with one French message for every way it can be wrong. */
export const TrimmedText = (min: number, max: number, message: string, example?: string) =>
  applyDecorators(ApiProperty({ example, minLength: min, maxLength: max }), Trim(), IsString({ message }), MinLength(min, { message }), MaxLength(max, { message }));
