/**
 * Text folding shared by the reference-data code: file headers, coded cell values, commune names and
 * crosswalk labels are compared on these primitives, so that "Île", "ILE" and "ile" meet wherever the
 * comparison is meant to ignore accents.
 */

/** The Combining Diacritical Marks block: the accents NFD splits off Latin letters (é → e + U+0301). */
const COMBINING_DIACRITICS = /[\u0300-\u036f]/g;

/** Accents removed and the ligatures œ, æ spelled out (they have no decomposition), case kept: "Cœur d'Île" → "Coeur d'Ile". */
export function foldAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_DIACRITICS, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE');
}

/** Every run of white space (non-breaking spaces and line breaks included) made one space, ends trimmed. */
export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Identifier form of a name: lowercase ASCII letters and digits, every other run of characters turned
 * into one underscore, none at the ends ("Code métier BMO" → code_metier_bmo, "Maison d'arrêt" → maison_d_arret).
 */
export function identifierKey(text: string): string {
  return foldAccents(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
