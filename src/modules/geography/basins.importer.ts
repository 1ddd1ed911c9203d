import { Injectable } from '@nestjs/common';
import { bulkMerge } from '../../infra/import/bulk-merge';
import { TabularData } from '../../infra/import/csv-reader';
import { ColumnSpec, headerMatches, normalizeHeader, readTabularFile, resolveColumns } from '../../infra/import/tabular-file';
import { BMO_BASIN_CODE_HEADER, BMO_BASIN_NAME_HEADER, bmoColumns, chooseBmoSheet } from '../basin-needs/bmo-format';
import { ImporterRegistry } from '../imports/importer-registry';
import { checkCode, Importer, ImportContext, ImportKind, ImportOutcome, RowValidator } from '../imports/importer';
import { GeographyRepository } from './geography.repository';
import { nameKey } from './name-key';

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

interface SeenLink {
  basinCode: string;
  departmentCode: string;
  departmentName: string | null;
}

interface SeenBasin {
  name: string;
  regionCode: string;
  regionName: string | null;
  line: number;
}

/**
 * Employment basins (BMO zoning) and the departments each one covers, from the derived basin list or
 * straight from a BMO survey file. An existing basin is renamed only when the file gives it another
 * name, not another spelling of the same one (case, accents: same nameKey): the BMO import writes the
 * survey's spelling, which is authoritative (docs/reference-data.md), and the two imports must not
 * rename each other's basins back and forth.
 */
@Injectable()
export class BasinsImporter implements Importer {
  readonly kind = ImportKind.Basins;

  constructor(
    registry: ImporterRegistry,
    private readonly repository: GeographyRepository,
  ) {
    registry.register(this);
  }

  async importFile(path: string, { runner, options, progress }: ImportContext): Promise<ImportOutcome> {
    progress.phase('Lecture');
    const data = await readTabularFile(path, { encoding: options.encoding, chooseSheet: chooseBmoSheet });
    const { validator, basins, links } = this.validate(data, progress);
    validator.refuseFileUnlessSkipping(options.skipBadRows, data.rows.length);

    progress.phase('Écriture');
    const current = await this.repository.basinNames(runner, [...basins.keys()]);
    const basinCounts = await bulkMerge(
      runner,
      { table: 'basins', key: ['code'], columns: ['code', 'name', 'region_code', 'region_name'] },
      [...basins].map(([code, b]) => {
        const name = current.get(code);
        return [code, name !== undefined && nameKey(name) === nameKey(b.name) ? name : b.name, b.regionCode, b.regionName];
      }),
    );
    const linkRows = [...links.values()];
    const linkCounts = await bulkMerge(
      runner,
      { table: 'basin_departments', key: ['basin_code', 'department_code'], columns: ['basin_code', 'department_code', 'department_name'] },
      linkRows.map((l) => [l.basinCode, l.departmentCode, l.departmentName]),
    );
    // A basin of the file no longer covers a department the file does not list for it. Not when rows were
    // skipped: a rejected row may have been the one listing the department.
    const stale = validator.errors.length ? 0 : await this.repository.removeOtherBasinDepartments(runner, linkRows);
    const notes = [`liens bassin × département : ${linkCounts.inserted} créé(s), ${linkCounts.updated} mis à jour, ${linkCounts.unchanged} inchangé(s)`];
    if (stale) notes.push(`${stale} lien(s) bassin × département absent(s) du fichier supprimé(s)`);
    return { rowsRead: data.rows.length, ...basinCounts, rejected: validator.errors, notes };
  }

  private validate(data: TabularData, progress: ImportContext['progress']) {
    // A header with basin columns in the survey's spelling is read as a survey, so a missing column is named in that spelling.
    const survey =
      !headerMatches(data.header, BASIN_LIST_COLUMNS) &&
      data.header.map(normalizeHeader).some((h) => BMO_BASIN_CODE_HEADER.test(h) || BMO_BASIN_NAME_HEADER.test(h));
    const c = survey ? bmoColumns(data.header) : resolveColumns(data.header, BASIN_LIST_COLUMNS);
    const validator = new RowValidator();
    const basins = new Map<string, SeenBasin>();
    const links = new Map<string, SeenLink>();
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
      links.set(linkKey, { basinCode, departmentCode, departmentName: cell(c.departmentName) || null });
    }
    return { validator, basins, links };
  }
}
