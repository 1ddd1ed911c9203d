import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { bulkMerge, CopyValue, MergeCounts } from '../../infra/import/bulk-merge';
import { TabularData } from '../../infra/import/csv-reader';
import { ImportFileError } from '../../infra/import/import-errors';
import { ColumnSpec, headerMatches, normalizeHeader, readTabularFile, resolveColumns } from '../../infra/import/tabular-file';
import { ImporterRegistry } from '../imports/importer-registry';
import { checkCode, Importer, ImportContext, ImportKind, ImportOutcome, ImportProgress, RowValidator } from '../imports/importer';
import { GeographyRepository } from './geography.repository';
import { coordinate, mostFrequent } from './import-values';
import { nameKey } from './name-key';

/** geo/communes_bassin_emploi.csv: commune → department, region and BMO basin. */
const BASIN_COLUMNS = {
  insee: ['code_commune_insee'],
  department: ['code_departement'],
  region: ['code_region'],
  basinCode: ['code_bassin_bmo'],
  basinName: ['lib_bassin_bmo'],
} satisfies ColumnSpec<string>;

/** geo/communes_coordonnees_2025.csv: the commune's point. */
const COORDINATE_COLUMNS = {
  insee: ['code_commune_insee'],
  latitude: ['latitude'],
  longitude: ['longitude'],
} satisfies ColumnSpec<string>;

/** geo/communes_codes_postaux.csv (La Poste): one row per commune × postcode × delivery label. */
const POSTCODE_COLUMNS = {
  insee: ['code_commune_insee'],
  name: ['nom_de_la_commune', 'nom_commune'],
  postcode: ['code_postal'],
} satisfies ColumnSpec<string>;

const FORMATS = [BASIN_COLUMNS, COORDINATE_COLUMNS, POSTCODE_COLUMNS] as const;

/** The spec sharing most columns with the header: its missing columns are the ones worth naming. */
function closestFormat(header: string[]): ColumnSpec<string> {
  const names = new Set(header.map(normalizeHeader));
  const score = (spec: ColumnSpec<string>) => Object.values(spec).filter((aliases) => aliases.some((a) => names.has(a))).length;
  return [...FORMATS].sort((a, b) => score(b) - score(a))[0];
}

interface Parsed {
  table: { columns: string[]; rows: CopyValue[][] };
  /** Basins named by the file, for those the basins table does not know yet. */
  basins?: Map<string, { names: string[]; regions: string[]; departments: Set<string> }>;
}

/**
 * Communes from three files, recognised by their header: the commune → basin map, the coordinates and
 * La Poste's postcodes. Each file writes only its own columns, so they can be loaded in any order and
 * reloaded one at a time; a commune row is created by whichever file names it first.
 */
@Injectable()
export class CommunesImporter implements Importer {
  readonly kind = ImportKind.Communes;

  constructor(
    registry: ImporterRegistry,
    private readonly repository: GeographyRepository,
  ) {
    registry.register(this);
  }

  async importFile(path: string, { runner, options, progress }: ImportContext): Promise<ImportOutcome> {
    progress.phase('Lecture');
    const data = await readTabularFile(path, { encoding: options.encoding });
    const validator = new RowValidator();
    progress.phase('Validation', data.rows.length);
    const parsed = this.parserFor(data.header)(data, validator, progress);
    validator.refuseFileUnlessSkipping(options.skipBadRows, data.rows.length);

    progress.phase('Écriture');
    const notes: string[] = [];
    if (parsed.basins) {
      const created = await this.createMissingBasins(runner, parsed.basins);
      if (created) notes.push(`${created} bassin(s) créé(s) (absents de la table des bassins : importez le fichier des bassins pour leurs départements et régions)`);
    }
    const counts: MergeCounts = await bulkMerge(runner, { table: 'communes', key: ['insee_code'], columns: parsed.table.columns }, parsed.table.rows);
    return { rowsRead: data.rows.length, ...counts, rejected: validator.errors, notes };
  }

  /** The parser of the file's format, recognised from its header; a header close to none fails naming its missing columns. */
  private parserFor(header: string[]): (data: TabularData, validator: RowValidator, progress: ImportProgress) => Parsed {
    if (headerMatches(header, BASIN_COLUMNS)) return this.parseBasins.bind(this);
    if (headerMatches(header, COORDINATE_COLUMNS)) return this.parseCoordinates.bind(this);
    if (headerMatches(header, POSTCODE_COLUMNS)) return this.parsePostcodes.bind(this);
    resolveColumns(header, closestFormat(header));
    throw ImportFileError.at(1, 'format de fichier de communes non reconnu');
  }

  private parseBasins(data: TabularData, validator: RowValidator, progress: ImportProgress): Parsed {
    const c = resolveColumns(data.header, BASIN_COLUMNS);
    const rows: CopyValue[][] = [];
    const basins: NonNullable<Parsed['basins']> = new Map();
    for (const { line, cells } of data.rows) {
      progress.advance();
      const cell = (position: number) => (cells[position] ?? '').trim();
      const before = validator.errors.length;
      const insee = checkCode(validator, line, 'commune', 'code commune INSEE', cell(c.insee));
      const department = checkCode(validator, line, 'department', 'code département', cell(c.department));
      const region = checkCode(validator, line, 'region', 'code région', cell(c.region));
      const basinCode = checkCode(validator, line, 'basin', 'code bassin', cell(c.basinCode));
      const basinName = cell(c.basinName);
      if (!basinName) validator.reject(line, 'libellé du bassin manquant');
      if (validator.errors.length > before || !insee || !department || !region || !basinCode) continue;
      if (!validator.unique(insee, line, () => `commune ${insee}`)) continue;
      rows.push([insee, department, region, basinCode]);
      const basin = basins.get(basinCode) ?? { names: [], regions: [], departments: new Set<string>() };
      basin.names.push(basinName);
      basin.regions.push(region);
      basin.departments.add(department);
      basins.set(basinCode, basin);
    }
    return { table: { columns: ['insee_code', 'department_code', 'region_code', 'basin_code'], rows }, basins };
  }

  private parseCoordinates(data: TabularData, validator: RowValidator, progress: ImportProgress): Parsed {
    const c = resolveColumns(data.header, COORDINATE_COLUMNS);
    const rows: CopyValue[][] = [];
    for (const { line, cells } of data.rows) {
      progress.advance();
      const cell = (position: number) => (cells[position] ?? '').trim();
      const insee = checkCode(validator, line, 'commune', 'code commune INSEE', cell(c.insee));
      const latitude = coordinate(validator, line, 'latitude', cell(c.latitude), 90);
      const longitude = coordinate(validator, line, 'longitude', cell(c.longitude), 180);
      if (!insee || latitude === undefined || longitude === undefined) continue;
      if (validator.unique(insee, line, () => `commune ${insee}`)) rows.push([insee, latitude, longitude]);
    }
    return { table: { columns: ['insee_code', 'latitude', 'longitude'], rows } };
  }

  private parsePostcodes(data: TabularData, validator: RowValidator, progress: ImportProgress): Parsed {
    const c = resolveColumns(data.header, POSTCODE_COLUMNS);
    // La Poste repeats a commune once per postcode and delivery label: rows are grouped, not refused.
    const communes = new Map<string, { names: string[]; postcodes: Set<string> }>();
    for (const { line, cells } of data.rows) {
      progress.advance();
      const cell = (position: number) => (cells[position] ?? '').trim();
      const insee = checkCode(validator, line, 'commune', 'code commune INSEE', cell(c.insee));
      const postcode = checkCode(validator, line, 'postcode', 'code postal', cell(c.postcode));
      const name = cell(c.name);
      if (!name) validator.reject(line, 'nom de la commune manquant');
      if (!insee || !postcode || !name) continue;
      const commune = communes.get(insee) ?? { names: [], postcodes: new Set<string>() };
      commune.names.push(name);
      commune.postcodes.add(postcode);
      communes.set(insee, commune);
    }
    const rows: CopyValue[][] = [];
    for (const [insee, { names, postcodes }] of communes) {
      const name = communeName(names);
      rows.push([insee, name, nameKey(name), [...postcodes].sort()]);
    }
    return { table: { columns: ['insee_code', 'name', 'name_key', 'postcodes'], rows } };
  }

  /** Creates the basins the table lacks from the file's code and label; existing names are never overwritten. */
  private async createMissingBasins(runner: QueryRunner, basins: NonNullable<Parsed['basins']>): Promise<number> {
    const known = await this.repository.knownBasinCodes(runner, [...basins.keys()]);
    const missing = [...basins].filter(([code]) => !known.has(code));
    if (!missing.length) return 0;
    await this.repository.createBasins(
      runner,
      missing.map(([code, b]) => ({ code, name: mostFrequent(b.names), regionCode: mostFrequent(b.regions), departments: [...b.departments] })),
    );
    return missing.length;
  }
}

/**
 * The name of a commune La Poste lists under several names: its arrondissements are spelled
 * "MARSEILLE 07" beside "MARSEILLE", so the shortest name is the commune's own.
 */
export function communeName(names: readonly string[]): string {
  return [...names].sort((a, b) => a.length - b.length || a.localeCompare(b))[0];
}
