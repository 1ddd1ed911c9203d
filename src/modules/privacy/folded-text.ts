import { foldAccents } from '../../common/text/fold';

/**
 * A text folded for matching (accents removed, typographic apostrophes and hyphens made ASCII, spaces
 * made plain) that remembers where each folded character came from, so that a match found in the folded
 * text is reported as a span of the original text (UTF-16 offsets, ready to highlight in a page).
 *
 * Folding works character by character rather than on the whole string because `normalize` may change
 * the length ("é" → "e" + U+0301, "œ" → "oe") and would lose the offsets.
 */
export interface FoldedText {
  readonly original: string;
  /** Accents removed, case kept. */
  readonly folded: string;
  /** `folded` in lowercase, character for character (same length, same offsets). */
  readonly lower: string;
  /** Original offset where the source of each folded character starts. */
  readonly starts: Int32Array;
  /** Original offset where the source of each folded character ends (combining marks included). */
  readonly ends: Int32Array;
}

/** Characters folded to something else than their accent-less form. */
const SPECIAL: Readonly<Record<string, string>> = {
  '\u2019': "'", // ’
  '\u2018': "'", // ‘
  '\u02bc': "'", // ʼ
  '\u00b4': "'", // ´
  '`': "'",
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u00a0': ' ', // no-break space
  '\u202f': ' ', // narrow no-break space (French typography before « : ; ! ? »)
  '\u2009': ' ', // thin space
  '\u2007': ' ', // figure space (thousands separator)
};

const foldCache = new Map<string, string>();

function foldChar(char: string): string {
  const special = SPECIAL[char];
  if (special !== undefined) return special;
  let folded = foldCache.get(char);
  if (folded === undefined) {
    folded = foldAccents(char);
    foldCache.set(char, folded);
  }
  return folded;
}

/** Folds `text` and keeps the offset map; linear in the length of the text. */
export function foldText(text: string): FoldedText {
  const folded: string[] = [];
  const lower: string[] = [];
  // A folded character count never exceeds twice the original (ligatures give two letters).
  const starts = new Int32Array(text.length * 2 + 1);
  const ends = new Int32Array(text.length * 2 + 1);
  let length = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code < 0x80 && code !== 0x60) {
      const char = text[index];
      folded.push(char);
      lower.push(code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : char);
      starts[length] = index;
      ends[length] = index + 1;
      length += 1;
      index += 1;
      continue;
    }
    const width = code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
    const char = text.slice(index, index + width);
    const replacement = foldChar(char);
    if (replacement.length === 0) {
      // A lone combining mark (decomposed input): it belongs to the letter before it.
      if (length > 0) ends[length - 1] = index + width;
    } else {
      for (let unit = 0; unit < replacement.length; unit += 1) {
        const part = replacement[unit];
        folded.push(part);
        const partLower = part.toLowerCase();
        lower.push(partLower.length === part.length ? partLower : part);
        starts[length] = index;
        ends[length] = index + width;
        length += 1;
      }
    }
    index += width;
  }
  return {
    original: text,
    folded: folded.join(''),
    lower: lower.join(''),
    starts: starts.subarray(0, length),
    ends: ends.subarray(0, length),
  };
}

/** The original span `[start, end)` of the folded span `[foldedStart, foldedEnd)` (which must not be empty). */
export function originalSpan(text: FoldedText, foldedStart: number, foldedEnd: number): { start: number; end: number } {
  return { start: text.starts[foldedStart], end: text.ends[foldedEnd - 1] };
}
