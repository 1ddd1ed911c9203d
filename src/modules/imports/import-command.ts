import { describeRowError, ImportFileError } from '../../infra/import/import-errors';
import { FILE_ENCODINGS, FileEncoding } from '../../infra/import/text-decoding';
import { ImportKind, ImportOptions } from './importer';
import type { ImportReport } from './import-runner.service';

export const IMPORT_USAGE = `Usage: node dist/cli.js import <kind> <file> [<file>…] [--skip-bad-rows] [--encoding utf-8|windows-1252]

Kinds:
  rome            ROME 4.0 export of France Travail: the folder of unix_*.csv files, or any one of them
  basins          employment basins (code_bassin, nom_bassin, code_departement, …) or a BMO file
  communes        communes → basin, commune coordinates, or La Poste postcodes (format told by the header)
  establishments  penitentiary establishments (etablissements_penitentiaires_enrichis.csv format)
  bmo             BMO survey: the official xlsx or its CSV export
  crosswalk       FAP 2021 ↔ ROME: Dares' passage table (xlsx or CSV) or a curated fap_code,rome_code file

Each file is imported in one transaction: a bad row refuses the whole file unless --skip-bad-rows.
Importing the same file again changes nothing.
`;

export interface ImportCommand {
  kind: ImportKind;
  files: string[];
  options: ImportOptions;
}

/** Parses `import …` arguments; throws an Error whose message is shown with the usage. */
export function parseImportArgs(args: string[]): ImportCommand {
  const files: string[] = [];
  const options: ImportOptions = { skipBadRows: false, encoding: 'utf-8' };
  let kind: ImportKind | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--skip-bad-rows') options.skipBadRows = true;
    else if (arg === '--encoding' || arg.startsWith('--encoding=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (!FILE_ENCODINGS.includes(value as FileEncoding)) throw new Error(`unknown encoding "${value ?? ''}" (expected ${FILE_ENCODINGS.join(' or ')})`);
      options.encoding = value as FileEncoding;
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else if (!kind) {
      if (!Object.values(ImportKind).includes(arg as ImportKind)) throw new Error(`unknown kind "${arg}"`);
      kind = arg as ImportKind;
    } else files.push(arg);
  }
  if (!kind) throw new Error('missing kind');
  if (!files.length) throw new Error('missing file');
  return { kind, files, options };
}

const numbers = new Intl.NumberFormat('fr-FR');
const MAX_ERRORS_SHOWN = 25;

function errorLines(errors: { line: number; message: string }[]): string[] {
  const lines = errors.slice(0, MAX_ERRORS_SHOWN).map((e) => `  ${describeRowError(e)}`);
  if (errors.length > MAX_ERRORS_SHOWN) lines.push(`  … et ${numbers.format(errors.length - MAX_ERRORS_SHOWN)} autre(s)`);
  return lines;
}

/** The end-of-import summary, in French like the rest of the interface. */
export function formatReport(report: ImportReport): string {
  const row = (label: string, value: number) => `  ${label.padEnd(14)} ${numbers.format(value).padStart(10)}`;
  const lines = [
    `Import ${report.kind} : ${report.file}`,
    row('lignes lues', report.rowsRead),
    row('insérées', report.inserted),
    row('mises à jour', report.updated),
    row('inchangées', report.unchanged),
    row('rejetées', report.rejected.length),
    `  durée          ${(report.durationMs / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 2 }).padStart(8)} s`,
  ];
  for (const note of report.notes) lines.push(`  • ${note}`);
  if (report.rejected.length) lines.push('Lignes rejetées :', ...errorLines(report.rejected));
  return lines.join('\n');
}

export function formatImportError(file: string, error: ImportFileError): string {
  return [`Fichier refusé, rien n'a été importé : ${file}`, ...errorLines(error.errors), error.errors.length > 0 && error.rowsRead > 0 ? `(${numbers.format(error.rowsRead)} ligne(s) lues ; relancez avec --skip-bad-rows pour importer les lignes valides)` : ''].filter(Boolean).join('\n');
}
