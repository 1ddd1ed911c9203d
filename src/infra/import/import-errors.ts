/** A problem found at one line of an imported file (line 1 is the header; an xlsx line is its row number). */
export interface RowError {
  line: number;
  message: string;
}

/** "ligne 12 : …", or the message alone when it is not tied to a line (line 0: a missing file, a folder import). */
export function describeRowError(error: RowError): string {
  return error.line > 0 ? `ligne ${error.line} : ${error.message}` : error.message;
}

/**
 * The file cannot be imported as it stands: unreadable, wrong format, or bad rows while the user did
 * not ask to skip them. Nothing was written.
 */
export class ImportFileError extends Error {
  constructor(
    readonly errors: RowError[],
    readonly rowsRead = 0,
  ) {
    super(errors.length === 1 ? describeRowError(errors[0]) : `${errors.length} erreur(s) dans le fichier`);
    this.name = 'ImportFileError';
  }

  static at(line: number, message: string): ImportFileError {
    return new ImportFileError([{ line, message }]);
  }
}
