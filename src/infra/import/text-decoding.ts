import { isUtf8 } from 'node:buffer';
import { ImportFileError } from './import-errors';

export type FileEncoding = 'utf-8' | 'windows-1252';
export const FILE_ENCODINGS: readonly FileEncoding[] = ['utf-8', 'windows-1252'];

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Decodes an imported file. UTF-8 is checked strictly: a file saved in another encoding is refused
 * with the line of the first bad byte, rather than imported with garbled labels.
 */
export function decodeText(bytes: Uint8Array, encoding: FileEncoding = 'utf-8'): string {
  if (encoding === 'windows-1252') return decodeWindows1252(withoutBom(bytes));
  return asBuffer(checkedUtf8(bytes)).toString('utf8');
}

/**
 * The file as one character per byte (after the same encoding check as decodeText), with the function
 * that turns a cell of it into real text. Splitting a one-byte string is much cheaper than splitting the
 * two-byte string that any accent makes of a whole file; callers decode only the cells they keep.
 * Delimiters and quotes are ASCII, and no byte of a multi-byte UTF-8 character is, so parsing is unchanged.
 */
export function decodeBytewise(bytes: Uint8Array, encoding: FileEncoding = 'utf-8'): { text: string; decode: (raw: string) => string } {
  if (encoding === 'windows-1252') {
    return { text: asBuffer(withoutBom(bytes)).toString('latin1'), decode: (raw) => (HIGH_BYTE.test(raw) ? raw.replace(WINDOWS_1252_RANGE, windows1252Char) : raw) };
  }
  return { text: asBuffer(checkedUtf8(bytes)).toString('latin1'), decode: (raw) => (HIGH_BYTE.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw) };
}

const HIGH_BYTE = /[\u0080-\u00ff]/;
const WINDOWS_1252_RANGE = /[\u0080-\u009f]/g;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function withoutBom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2] ? bytes.subarray(3) : bytes;
}

/** The bytes without their BOM, once checked to be UTF-8; else an error at the line of the first bad byte. */
function checkedUtf8(bytes: Uint8Array): Uint8Array {
  const body = withoutBom(bytes);
  // isUtf8 is a native check, several times faster than a fatal TextDecoder on the 8 MB BMO file.
  if (isUtf8(body)) return body;
  const offset = Math.min(firstInvalidUtf8Offset(bytes, bytes.length - body.length), bytes.length - 1);
  throw ImportFileError.at(
    lineAt(bytes, offset),
    `encodage invalide : ce fichier n'est pas en UTF-8 (octet 0x${bytes[offset].toString(16).toUpperCase()}). ` +
      `Convertissez-le (iconv -f WINDOWS-1252 -t UTF-8) ou relancez avec --encoding windows-1252.`,
  );
}

// Node's TextDecoder('windows-1252') decodes as ISO-8859-1, turning 0x80–0x9F (’ œ € – …, common in
// French labels) into control characters; these are the WHATWG windows-1252 code points for that range.
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

const windows1252Char = (c: string) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80];

function decodeWindows1252(bytes: Uint8Array): string {
  return asBuffer(bytes).toString('latin1').replace(WINDOWS_1252_RANGE, windows1252Char);
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8Offset(bytes: Uint8Array, from = 0): number {
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF are invalid too (as isUtf8 says).
    const second = bytes[i + 1];
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return bytes.length;
}
