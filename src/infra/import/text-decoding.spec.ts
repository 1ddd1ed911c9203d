import { ImportFileError } from './import-errors';
import { decodeText, firstInvalidUtf8Offset } from './text-decoding';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

function decodeError(input: Uint8Array): ImportFileError {
  try {
    decodeText(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

describe('decodeText', () => {
  it('decodes UTF-8 with or without a byte order mark, which is dropped', () => {
    expect(decodeText(bytes('code;métier\n'))).toBe('code;métier\n');
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], 'code;métier\n'))).toBe('code;métier\n');
    expect(decodeText(bytes([0xef, 0xbb, 0xbf]))).toBe('');
  });

  it('refuses invalid UTF-8 at the line of the first bad byte, with the hint to convert or pass --encoding', () => {
    const error = decodeError(bytes('code;nom\n1;Poitiers\n2;Cr', [0xe9], 'teil\n3;B', [0xe9], 'thune\n'));
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0].line).toBe(3);
    expect(error.errors[0].message).toContain("n'est pas en UTF-8 (octet 0xE9)");
    expect(error.errors[0].message).toContain('--encoding windows-1252');
    expect(error.errors[0].message).toContain('iconv -f WINDOWS-1252 -t UTF-8');
  });

  it('counts lines from the start of the file when it has a byte order mark', () => {
    expect(decodeError(bytes([0xef, 0xbb, 0xbf], 'a\nb\nc', [0xff], '\n')).errors[0].line).toBe(3);
  });

  it('points at an overlong or surrogate sequence, not at the end of the file', () => {
    // E0 80 80 is an overlong NUL; ED A0 80 a UTF-16 surrogate: both well-shaped but invalid.
    expect(decodeError(bytes('a\nb', [0xe0, 0x80, 0x80], '\nc\nd\n')).errors[0].line).toBe(2);
    expect(decodeError(bytes('a\nb', [0xed, 0xa0, 0x80], '\nc\nd\n')).errors[0].line).toBe(2);
    expect(decodeError(bytes('a\n', [0xf4, 0x90, 0x80, 0x80], '\nc\n')).errors[0].message).toContain('0xF4');
  });

  it('decodes windows-1252 when told to, é being 0xE9 and € 0x80', () => {
    expect(decodeText(bytes('Cr', [0xe9], 'teil ', [0x80], '\n'), 'windows-1252')).toBe('Créteil €\n');
  });

  it('decodes the windows-1252 punctuation of French labels (0x80–0x9F), not C1 control characters', () => {
    expect(decodeText(bytes('Chef d', [0x92], ([0xe9]), 'quipe ', [0x96], ' main-d', [0x92], [0x9c], 'uvre ', [0x85]), 'windows-1252')).toBe(
      'Chef d’équipe – main-d’œuvre …',
    );
  });
});

describe('firstInvalidUtf8Offset', () => {
  it('is the length of a valid buffer', () => {
    const valid = bytes('é€𝄞a');
    expect(firstInvalidUtf8Offset(valid)).toBe(valid.length);
  });

  it('finds a truncated multibyte sequence, at the end or followed by ASCII', () => {
    expect(firstInvalidUtf8Offset(bytes('ab', [0xc3]))).toBe(2);
    expect(firstInvalidUtf8Offset(bytes('ab', [0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8Offset(bytes('ab', [0xf0, 0x9d, 0x84]))).toBe(2);
    expect(firstInvalidUtf8Offset(bytes('é', [0xe2, 0x82], 'x'))).toBe(2);
  });

  it('finds stray continuation bytes and bytes that never start a sequence', () => {
    expect(firstInvalidUtf8Offset(bytes('abc', [0x80]))).toBe(3);
    expect(firstInvalidUtf8Offset(bytes('a', [0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Offset(bytes('a', [0xf5, 0x80, 0x80, 0x80]))).toBe(1);
  });

  it('starts at the offset given', () => {
    expect(firstInvalidUtf8Offset(bytes([0xff], 'ab', [0xff]), 1)).toBe(3);
  });
});
