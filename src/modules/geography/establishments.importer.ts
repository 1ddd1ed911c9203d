import { Injectable } from '@nestjs/common';
import { bulkMerge, CopyValue } from '../../infra/import/bulk-merge';
import { readTabularFile, resolveColumns } from '../../infra/import/tabular-file';
import { ImporterRegistry } from '../imports/importer-registry';
import { checkCode, Importer, ImportContext, ImportKind, ImportOutcome, RowValidator } from '../imports/importer';
import { ESTABLISHMENT_TYPE_CHOICES, establishmentTypeOf } from './establishment-type';
import { GeographyRepository } from './geography.repository';
import { coordinate, headCount } from './import-values';

/** prisons/etablissements_penitentiaires_enrichis.csv: one row per establishment. */
const ESTABLISHMENT_COLUMNS = {
  code: ['etablissement'],
  type: ['type'],
  name: ['nom_annuaire'],
  communeCode: ['code_commune_insee'],
  communeName: ['nom_commune'],
  department: ['code_departement'],
  region: ['code_region'],
  latitude: ['latitude_commune', 'latitude'],
  longitude: ['longitude_commune', 'longitude'],
  basin: ['code_bassin_bmo'],
  direction: ['direction_interregionale'],
  capacity: ['capacite_operationnelle_totale'],
  detainees: ['ecroues_detenus_total'],
};

const CODE_MAX_LENGTH = 80;

/**
 * Penitentiary establishments with their commune, basin and head counts. The basin must already be
 * known (import the basins, or the commune → basin file, first), so that every establishment leads
 * to a basin page.
 */
@Injectable()
export class EstablishmentsImporter implements Importer {
  readonly kind = ImportKind.Establishments;

  constructor(
    registry: ImporterRegistry,
    private readonly repository: GeographyRepository,
  ) {
    registry.register(this);
  }

  async importFile(path: string, { runner, options, progress }: ImportContext): Promise<ImportOutcome> {
    progress.phase('Lecture');
    const data = await readTabularFile(path, { encoding: options.encoding });
    const c = resolveColumns(data.header, ESTABLISHMENT_COLUMNS);
    const knownBasins = await this.repository.knownBasinCodes(runner);
    const validator = new RowValidator();
    const rows: CopyValue[][] = [];
    progress.phase('Validation', data.rows.length);

    for (const { line, cells } of data.rows) {
      progress.advance();
      const cell = (position: number) => (cells[position] ?? '').trim();
      const optionalCode = (kind: 'commune' | 'department' | 'region' | 'basin', label: string, position: number) =>
        cell(position) === '' ? null : checkCode(validator, line, kind, label, cell(position));
      const before = validator.errors.length;

      const code = cell(c.code);
      if (!code) validator.reject(line, 'établissement manquant (colonne etablissement)');
      else if (code.length > CODE_MAX_LENGTH) validator.reject(line, `établissement « ${code.slice(0, 40)}… » trop long (au plus ${CODE_MAX_LENGTH} caractères)`);
      const type = establishmentTypeOf(cell(c.type));
      if (!type) validator.reject(line, `type d'établissement inconnu « ${cell(c.type)} » (attendu : ${ESTABLISHMENT_TYPE_CHOICES.join(', ')})`);
      const communeCode = optionalCode('commune', 'code commune INSEE', c.communeCode);
      const department = optionalCode('department', 'code département', c.department);
      const region = optionalCode('region', 'code région', c.region);
      const basin = optionalCode('basin', 'code bassin', c.basin);
      if (basin && !knownBasins.has(basin)) {
        validator.reject(line, `bassin ${basin} inconnu : importez d'abord les bassins (import basins) ou les communes (import communes)`);
      }
      const hasPoint = cell(c.latitude) !== '' || cell(c.longitude) !== '';
      const latitude = hasPoint ? coordinate(validator, line, 'latitude', cell(c.latitude), 90) : null;
      const longitude = hasPoint ? coordinate(validator, line, 'longitude', cell(c.longitude), 180) : null;
      const capacity = headCount(validator, line, 'capacité opérationnelle', cell(c.capacity));
      const detainees = headCount(validator, line, 'nombre de personnes détenues', cell(c.detainees));
      if (validator.errors.length > before || !validator.unique(code, line, `établissement « ${code} »`)) continue;

      rows.push([
        code,
        cell(c.name) || code,
        type!,
        communeCode ?? null,
        cell(c.communeName) || null,
        department ?? null,
        region ?? null,
        basin ?? null,
        latitude ?? null,
        longitude ?? null,
        cell(c.direction) || null,
        capacity ?? null,
        detainees ?? null,
      ]);
    }
    validator.refuseFileUnlessSkipping(options.skipBadRows, data.rows.length);

    progress.phase('Écriture');
    const counts = await bulkMerge(
      runner,
      {
        table: 'establishments',
        key: ['code'],
        columns: [
          'code',
          'name',
          'type',
          'commune_code',
          'commune_name',
          'department_code',
          'region_code',
          'basin_code',
          'latitude',
          'longitude',
          'interregional_direction',
          'capacity',
          'detainees',
        ],
      },
      rows,
    );
    return { rowsRead: data.rows.length, ...counts, rejected: validator.errors, notes: [] };
  }
}
