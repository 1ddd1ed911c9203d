import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportFileError } from '../../infra/import/import-errors';
import { locateRomeFiles } from './rome-files';

const EXPORT = ['unix_grand_domaine_v458_utf8.csv', 'unix_domaine_professionnel_v458_utf8.csv', 'unix_cr_gd_dp_v458_utf8.csv', 'unix_referentiel_code_rome_v458_utf8.csv', 'unix_referentiel_appellation_v458_utf8.csv'];

describe('locateRomeFiles', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'rome-files-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));
  const touch = (names: string[]) => Promise.all(names.map((name) => writeFile(join(folder, name), '')));

  it('finds the five tables from the folder or from any of its files, ignoring the other tables of the export', async () => {
    await touch([...EXPORT, 'unix_cr_gd_dp_appellations_v458_utf8.csv', 'unix_referentiel_competence_v458_utf8.csv', 'version.txt']);
    const expected = {
      grandDomains: join(folder, EXPORT[0]),
      domains: join(folder, EXPORT[1]),
      occupationDomains: join(folder, EXPORT[2]),
      occupations: join(folder, EXPORT[3]),
      appellations: join(folder, EXPORT[4]),
    };
    expect(await locateRomeFiles(folder)).toEqual(expected);
    expect(await locateRomeFiles(join(folder, 'version.txt'))).toEqual(expected);
  });

  it('names every missing table', async () => {
    await touch(EXPORT.slice(1, 4));
    const error = await locateRomeFiles(folder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).errors).toEqual([
      { line: 0, message: `fichier(s) de l'export ROME manquant(s) dans ${folder} : unix_grand_domaine_*.csv, unix_referentiel_appellation_*.csv` },
    ]);
  });

  it('refuses two versions of one table rather than pick one', async () => {
    await touch([...EXPORT, 'unix_grand_domaine_v459_utf8.csv']);
    await expect(locateRomeFiles(folder)).rejects.toThrow(/plusieurs fichiers unix_grand_domaine_\*\.csv .*v458.*v459/);
  });

  it('reports a path that does not exist', async () => {
    await expect(locateRomeFiles(join(folder, 'absent'))).rejects.toThrow(/fichier ou dossier introuvable/);
  });
});
