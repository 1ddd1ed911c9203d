/** A problem found at one line of an imported file (line 1 is the header; an xlsx line is its row number). */
export interface RowError {
  line: number;
  message: string;
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
    super(errors.length === 1 ? `ligne ${errors[0].line} : ${errors[0].message}` : `${errors.length} erreur(s) dans le fichier`);
    this.name = 'ImportFileError';
  }

  static at(line: number, message: string): ImportFileError {
    return new ImportFileError([{ line, message }]);
  }
}
