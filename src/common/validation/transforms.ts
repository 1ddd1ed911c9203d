import { Transform } from 'class-transformer';

/** Trims strings and folds inner runs of white space; other types pass through for the validators to reject. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value));

/** Trims, removes inner spaces (as users type SIRET numbers) and keeps the result a string. */
export const StripSpaces = () => Transform(({ value }) => (typeof value === 'string' ? value.replace(/\s+/g, '') : value));

export const LowerCaseTrim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/** Query-string integers: "2" becomes 2, anything else stays as is and fails validation. */
export const ToInt = () => Transform(({ value }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value));
