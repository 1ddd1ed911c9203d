import { RowValidator } from '../imports/importer';

const DECIMAL = /^-?[0-9]{1,3}(?:[.,][0-9]+)?$/;
const WHOLE_NUMBER = /^[0-9]+$/;
/** Values the DGAP files give for a figure that was not communicated. */
const NOT_COMMUNICATED = new Set(['', 'NC', 'N/C', 'ND']);

/** A latitude or longitude within ±limit (a decimal comma is accepted); records an error otherwise. */
export function coordinate(validator: RowValidator, line: number, label: string, raw: string, limit: 90 | 180): number | undefined {
  const value = raw.trim();
  const number = DECIMAL.test(value) ? Number(value.replace(',', '.')) : NaN;
  if (Number.isFinite(number) && Math.abs(number) <= limit) return Math.round(number * 1e6) / 1e6;
  validator.reject(line, `${label} invalide « ${value} » (attendu : un nombre décimal entre -${limit} et ${limit})`);
  return undefined;
}

/** A head count: a whole number (spaces as thousand separators allowed), or null when empty or "NC". */
export function headCount(validator: RowValidator, line: number, label: string, raw: string): number | null | undefined {
  const value = raw.trim();
  if (NOT_COMMUNICATED.has(value.toUpperCase())) return null;
  const digits = value.replace(/[\s\u00a0\u202f]/g, '');
  if (WHOLE_NUMBER.test(digits) && digits.length <= 7) return Number(digits);
  validator.reject(line, `${label} invalide « ${value} » (attendu : un nombre entier positif, vide ou NC)`);
  return undefined;
}

/** The value seen most often (the first of them on a tie): the label a file gives a code most of the time. */
export function mostFrequent(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = values[0];
  for (const [value, count] of counts) if (count > (counts.get(best) ?? 0)) best = value;
  return best;
}
