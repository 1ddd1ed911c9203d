import { ImportFileError } from './import-errors';

export type FileEncoding = 'utf-8' | 'windows-1252';
export const FILE_ENCODINGS: readonly FileEncoding[] = ['utf-8', 'windows-1252'];

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Decodes an imported file. UTF-8 is checked strictly: a file saved in another encoding is refused
 * with the line of the first bad byte, rather than imported with garbled labels.
 */
export function decodeText(bytes: Uint8Array, encoding: FileEncoding = 'utf-8'): string {
  if (encoding === 'windows-1252') return new TextDecoder('windows-1252').decode(bytes);
  const start = bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2] ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    const offset = Math.min(firstInvalidUtf8Offset(bytes, start), bytes.length - 1);
    throw ImportFileError.at(
      lineAt(bytes, offset),
      `encodage invalide : ce fichier n'est pas en UTF-8 (octet 0x${bytes[offset].toString(16).toUpperCase()}). ` +
        `Convertissez-le (iconv -f WINDOWS-1252 -t UTF-8) ou relancez avec --encoding windows-1252.`,
    );
  }
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
    i += length;
  }
  return bytes.length;
}
