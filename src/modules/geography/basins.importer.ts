import { Injectable } from '@nestjs/common';
import { bulkMerge, CopyValue } from '../../infra/import/bulk-merge';
import { TabularData } from '../../infra/import/csv-reader';
import { ImportFileError } from '../../infra/import/import-errors';
import { ColumnSpec, headerMatches, normalizeHeader, readTabularFile, resolveColumns } from '../../infra/import/tabular-file';
import { ImporterRegistry } from '../imports/importer-registry';
import { checkCode, Importer, ImportContext, ImportKind, ImportOutcome, RowValidator } from '../imports/importer';

type BasinField = 'basinCode' | 'basinName' | 'departmentCode' | 'departmentName' | 'regionCode' | 'regionName';

/** bmo/bassins_emploi_bmo_2024.csv: one row per basin × department, each pair once. */
const BASIN_LIST_COLUMNS: ColumnSpec<BasinField> = {
  basinCode: ['code_bassin'],
  basinName: ['nom_bassin'],
  departmentCode: ['code_departement'],
  departmentName: ['nom_departement'],
  regionCode: ['code_region'],
  regionName: ['nom_region'],
};

/** The BMO survey (xlsx or CSV): one row per occupation, so each basin × department repeats. */
function surveyColumns(header: string[]): ColumnSpec<BasinField> {
  const names = header.map(normalizeHeader);
  // The basin columns carry the zoning's vintage (BE24/NOMBE24 for the 2024 survey).
  const code = names.find((n) => /^be[0-9]{2}$/.test(n)) ?? 'be24';
  return {
    basinCode: [code],
    basinName: [`nom${code}`],
    departmentCode: ['dept'],
    departmentName: ['nomdept'],
    regionCode: ['reg'],
    regionName: ['nom_reg'],
  };
}

interface SeenBasin {
  name: string;
  regionCode: string;
  regionName: string | null;
  line: number;
}

/**
 * Employment basins (BMO zoning) and the departments each one covers, from the derived basin list or
 * straight from a BMO survey file. Existing basins are renamed when the file names them differently.
 */
@Injectable()
export class BasinsImporter implements Importer {
  readonly kind = ImportKind.Basins;

  constructor(registry: ImporterRegistry) {
    registry.register(this);
  }

  async importFile(path: string, { runner, options, progress }: ImportContext): Promise<ImportOutcome> {
    progress.phase('Lecture');
    const data = await readTabularFile(path, { encoding: options.encoding });
    const { validator, basins, links } = this.validate(data, progress);
    if (validator.errors.length && !options.skipBadRows) throw new ImportFileError(validator.errors, data.rows.length);

    progress.phase('Écriture');
    const basinCounts = await bulkMerge(
      runner,
      { table: 'basins', key: ['code'], columns: ['code', 'name', 'region_code', 'region_name'] },
      [...basins].map(([code, b]) => [code, b.name, b.regionCode, b.regionName]),
    );
    const linkRows = [...links.values()];
    const linkCounts = await bulkMerge(
      runner,
      { table: 'basin_departments', key: ['basin_code', 'department_code'], columns: ['basin_code', 'department_code', 'department_name'] },
      linkRows,
    );
    // A basin of the file no longer covers a department the file does not list for it. Not when rows were
    // skipped: a rejected row may have been the one listing the department.
    const stale = validator.errors.length
      ? { affected: 0 }
      : await runner.query(
          `DELETE FROM basin_departments d
            WHERE d.basin_code = ANY($1::varchar[])
              AND NOT EXISTS (SELECT 1 FROM unnest($1::varchar[], $2::varchar[]) AS f(basin_code, department_code)
                               WHERE f.basin_code = d.basin_code AND f.department_code = d.department_code)`,
          [linkRows.map((r) => r[0]), linkRows.map((r) => r[1])],
          true,
        );
    const notes = [`liens bassin × département : ${linkCounts.inserted} créé(s), ${linkCounts.updated} mis à jour, ${linkCounts.unchanged} inchangé(s)`];
    if (stale.affected) notes.push(`${stale.affected} lien(s) bassin × département absent(s) du fichier supprimé(s)`);
    return { rowsRead: data.rows.length, ...basinCounts, rejected: validator.errors, notes };
  }

  private validate(data: TabularData, progress: ImportContext['progress']) {
    // A header with basin columns in the survey's spelling is read as a survey, so a missing column is named in that spelling.
    const survey = !headerMatches(data.header, BASIN_LIST_COLUMNS) && data.header.some((h) => /^(nom)?be[0-9]{2}$/.test(normalizeHeader(h)));
    const c = resolveColumns(data.header, survey ? surveyColumns(data.header) : BASIN_LIST_COLUMNS);
    const validator = new RowValidator();
    const basins = new Map<string, SeenBasin>();
    const links = new Map<string, CopyValue[]>();
    progress.phase('Validation', data.rows.length);

    for (const { line, cells } of data.rows) {
      progress.advance();
      const cell = (position: number) => (cells[position] ?? '').trim();
      const errorsBefore = validator.errors.length;
      const basinCode = checkCode(validator, line, 'basin', 'code bassin', cell(c.basinCode));
      const departmentCode = checkCode(validator, line, 'department', 'code département', cell(c.departmentCode));
      const regionCode = checkCode(validator, line, 'region', 'code région', cell(c.regionCode));
      const name = cell(c.basinName);
      if (!name) validator.reject(line, 'nom du bassin manquant');
      if (validator.errors.length > errorsBefore || !basinCode || !departmentCode || !regionCode) continue;

      const seen = basins.get(basinCode);
      if (!seen) basins.set(basinCode, { name, regionCode, regionName: cell(c.regionName) || null, line });
      else if (seen.name !== name) {
        validator.reject(line, `bassin ${basinCode} nommé « ${name} » alors que la ligne ${seen.line} le nomme « ${seen.name} »`);
        continue;
      } else if (seen.regionCode !== regionCode) {
        validator.reject(line, `bassin ${basinCode} rattaché à la région ${regionCode} alors que la ligne ${seen.line} le rattache à la région ${seen.regionCode}`);
        continue;
      }

      const linkKey = `${basinCode}|${departmentCode}`;
      // The survey repeats each basin × department once per occupation; the basin list must not.
      if (survey ? links.has(linkKey) : !validator.unique(linkKey, line, () => `bassin ${basinCode} × département ${departmentCode}`)) continue;
      links.set(linkKey, [basinCode, departmentCode, cell(c.departmentName) || null]);
    }
    return { validator, basins, links };
  }
}
