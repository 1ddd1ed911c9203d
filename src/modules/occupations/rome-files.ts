import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ImportFileError } from '../../infra/import/import-errors';

/** The five tables of France Travail's ROME 4.0 CSV export (RefRomeCsv) that Passerelle loads. */
export const ROME_FILE_PREFIXES = {
  grandDomains: 'unix_grand_domaine_',
  domains: 'unix_domaine_professionnel_',
  occupationDomains: 'unix_cr_gd_dp_',
  occupations: 'unix_referentiel_code_rome_',
  appellations: 'unix_referentiel_appellation_',
} as const;

export type RomeFileKey = keyof typeof ROME_FILE_PREFIXES;
export type RomeFiles = Record<RomeFileKey, string>;

/**
 * The export's files in the folder given, or in the folder of the file given. The prefix must be
 * followed by the version ("unix_cr_gd_dp_v458_utf8.csv"), so that other tables of the full export
 * sharing a prefix ("unix_cr_gd_dp_appellations_…") are not picked up.
 */
export async function locateRomeFiles(path: string): Promise<RomeFiles> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw ImportFileError.at(0, error.code === 'ENOENT' ? `fichier ou dossier introuvable : ${path}` : `lecture impossible : ${error.message}`);
  });
  const folder = info.isDirectory() ? path : dirname(path);
  const names = (await readdir(folder)).sort();
  const files = {} as RomeFiles;
  const missing: string[] = [];
  for (const [key, prefix] of Object.entries(ROME_FILE_PREFIXES) as [RomeFileKey, string][]) {
    const pattern = new RegExp(`^${prefix}v[0-9]+[^/]*\\.csv$`, 'i');
    const matches = names.filter((name) => pattern.test(name));
    if (matches.length > 1) {
      throw ImportFileError.at(0, `plusieurs fichiers ${prefix}*.csv dans ${folder} (${matches.join(', ')}) : gardez une seule version de l'export`);
    }
    if (matches.length === 0) missing.push(`${prefix}*.csv`);
    else files[key] = join(folder, matches[0]);
  }
  if (missing.length) {
    throw ImportFileError.at(0, `fichier(s) de l'export ROME manquant(s) dans ${folder} : ${missing.join(', ')}`);
  }
  return files;
}

/** Short name of an export file, used to locate errors ("unix_referentiel_appellation_v458_utf8.csv ligne 12 : …"). */
export const fileLabel = (path: string) => basename(path);
