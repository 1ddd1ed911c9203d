import { foldAccents } from '../../common/text/fold';

/** Abbreviations users type for the words La Poste spells in full ("St-Benoît" finds SAINT BENOIT). */
const EXPANDED_WORDS: Record<string, string> = { ST: 'SAINT', STE: 'SAINTE' };

/**
 * Search key of a commune name: upper case, no accents, ligatures spelled out, every hyphen, apostrophe
 * or other punctuation turned into one space. Names and queries go through the same function, so that
 * "l'Île-d'Yeu", "L ILE D YEU" and "ile d yeu" meet on one key.
 */
export function nameKey(text: string): string {
  return foldAccents(text)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((word) => EXPANDED_WORDS[word] ?? word)
    .join(' ');
}
