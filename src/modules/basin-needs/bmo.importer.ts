import { Injectable } from '@nestjs/common';
import { bulkMerge, CopyLine, copyLine, CopyValue, removeMissing } from '../../infra/import/bulk-merge';
import { TabularRow } from '../../infra/import/csv-reader';
import { openTabularFile } from '../../infra/import/tabular-file';
import { ImporterRegistry } from '../imports/importer-registry';
import { bmoColumns, chooseBmoSheet } from './bmo-format';
import { checkCode, CODE_FORMATS, Importer, ImportContext, ImportKind, ImportOutcome, RowValidator } from '../imports/importer';

const SECRET = '*';
const WHOLE_NUMBER = /^[0-9]+(?:\.0+)?$/;
const YEAR = /^(20[0-9]{2}|2100)$/;
/** Figures are stored as PostgreSQL integers. */
const MAX_FIGURE = 2_147_483_647;

/** A BMO figure: a whole number, or "*" for a value the survey keeps secret (stored as NULL, never 0). */
function figure(validator: RowValidator, line: number, label: string, raw: string, text: (raw: string) => string): number | null | undefined {
  const value = trim(raw);
  if (value === SECRET) return null;
  if (WHOLE_NUMBER.test(value)) {
    const number = Number.parseInt(value, 10);
    if (number <= MAX_FIGURE) return number;
    validator.reject(line, `${label} hors limites « ${value} » (au plus ${MAX_FIGURE})`);
    return undefined;
  }
  validator.reject(line, value === '' ? `${label} manquant (attendu : un nombre entier ou * pour une valeur secrète)` : `${label} invalide « ${text(value)} » (attendu : un nombre entier ou * pour une valeur secrète)`);
  return undefined;
}

interface NamedCode {
  /** The label as read (one character per byte), compared with the next rows' labels. */
  raw: string;
  name: string;
  line: number;
}

/**
 * France Travail's BMO survey (official xlsx or its CSV export): one row per year × basin × department ×
 * FAP 2021 occupation, with recruitment projects, difficult ones and seasonal ones. The basins,
 * their departments and the FAP labels of the file are written in the same transaction.
 */
@Injectable()
export class BmoImporter implements Importer {
  readonly kind = ImportKind.Bmo;

  constructor(registry: ImporterRegistry) {
    registry.register(this);
  }

  async importFile(path: string, { runner, options, progress }: ImportContext): Promise<ImportOutcome> {
    progress.phase('Lecture');
    const file = await openTabularFile(path, { encoding: options.encoding, chooseSheet: chooseBmoSheet, bytewise: true });
    const columns = bmoColumns(file.header);
    // Rows stream from the parser through validation into COPY, so PostgreSQL ingests while Node checks
    // and no row outlives its turn. A bad row is not sent; if any is found (and not skipped) the error
    // below rolls the whole transaction back.
    const { year, rows } = peekSurveyYear(file.rows, columns.year);
    const survey = new BmoRows(columns, year, file.decodeCell);
    progress.phase('Validation', file.sizeHint);
    const needsSpec = {
      table: 'basin_needs',
      key: ['year', 'basin_code', 'department_code', 'fap_code'],
      columns: ['year', 'basin_code', 'department_code', 'fap_code', 'projects', 'difficult_projects', 'seasonal_projects'],
      scope: { column: 'year', values: year === undefined ? [] : [year] },
    };
    const needs = await bulkMerge(runner, needsSpec, survey.validRows(rows, progress));
    survey.validator.refuseFileUnlessSkipping(options.skipBadRows, survey.rowsRead);
    // A BMO file is a whole survey year: rows of that year it no longer has go, unless rows were skipped
    // (a skipped row is not a row the survey dropped).
    const removed = survey.validator.errors.length ? 0 : await removeMissing(runner, needsSpec);

    progress.phase('Écriture');
    const basins = await bulkMerge(
      runner,
      { table: 'basins', key: ['code'], columns: ['code', 'name', 'region_code', 'region_name'] },
      [...survey.basins].map(([code, b]) => [code, b.name, b.regionCode, b.regionName]),
    );
    await bulkMerge(
      runner,
      { table: 'basin_departments', key: ['basin_code', 'department_code'], columns: ['basin_code', 'department_code', 'department_name'] },
      [...survey.basinDepartments.values()],
    );
    const faps = await bulkMerge(
      runner,
      { table: 'fap_occupations', key: ['code'], columns: ['code', 'label', 'family_code', 'family_label'] },
      [...survey.faps].map(([code, f]) => [code, f.name, f.familyCode, f.familyLabel]),
    );

    const notes = [
      `année de l'enquête : ${year ?? 'inconnue'}`,
      `valeurs secrètes (*) conservées comme inconnues : ${survey.secretCells}`,
      ...(removed ? [`${removed} ligne(s) de l'enquête ${year} absente(s) du fichier supprimée(s)`] : []),
      `bassins : ${basins.inserted} créé(s), ${basins.updated} renommé(s)`,
      `métiers FAP : ${faps.inserted} créé(s), ${faps.updated} mis à jour`,
    ];
    return { rowsRead: survey.rowsRead, inserted: needs.inserted, updated: needs.updated, unchanged: needs.unchanged, rejected: survey.validator.errors, notes };
  }
}

/**
 * Validates the rows of one BMO file and gathers its basins and FAP labels on the way. Cells arrive
 * one character per byte (see decodeBytewise): codes and figures are ASCII, and only the labels kept —
 * and values quoted in error messages — are decoded.
 */
class BmoRows {
  readonly validator = new RowValidator();
  rowsRead = 0;
  /** Line of each (basin, department) per FAP code: small-integer keys, cheap for the national file. */
  private readonly lines = new Map<string, Map<number, number>>();
  readonly basins = new Map<string, NamedCode & { regionCode: string; regionName: string }>();
  readonly basinDepartments = new Map<string, CopyValue[]>();
  readonly faps = new Map<string, NamedCode & { familyCode: string; familyLabel: string }>();
  secretCells = 0;

  constructor(
    private readonly c: ReturnType<typeof bmoColumns>,
    private readonly surveyYear: number | undefined,
    private readonly text: (raw: string) => string,
  ) {}

  private code(line: number, kind: Parameters<typeof checkCode>[2], label: string, raw: string): string | undefined {
    return CODE_FORMATS[kind].pattern.test(raw) ? raw : checkCode(this.validator, line, kind, label, this.text(raw));
  }

  *validRows(rows: Iterable<TabularRow>, progress: ImportContext['progress']): Generator<CopyLine> {
    const { c, validator, text } = this;
    let fapLines: Map<number, number> | undefined;
    let fapLinesCode = '';
    for (const { line, cells } of rows) {
      if (++this.rowsRead % 1000 === 0) progress.advance(1000);
      const errorsBefore = validator.errors.length;

      const yearText = trim(cells[c.year]);
      if (!YEAR.test(yearText)) validator.reject(line, `année invalide « ${text(yearText)} » (attendu : 4 chiffres, ex. 2024)`);
      else if (Number(yearText) !== this.surveyYear) validator.reject(line, `année ${yearText} différente de celle du fichier (${this.surveyYear}) : un fichier BMO couvre une seule enquête`);
      const fapCode = this.code(line, 'fap', 'code métier BMO', trim(cells[c.fapCode]));
      const basinCode = this.code(line, 'basin', 'code bassin', trim(cells[c.basinCode]));
      const departmentCode = this.code(line, 'department', 'code département', trim(cells[c.departmentCode]));
      const regionCode = this.code(line, 'region', 'code région', trim(cells[c.regionCode]));
      const fapLabel = trim(cells[c.fapLabel]);
      const basinName = trim(cells[c.basinName]);
      if (!fapLabel) validator.reject(line, 'nom du métier BMO manquant');
      if (!basinName) validator.reject(line, 'nom du bassin manquant');
      const projects = figure(validator, line, 'nombre de projets (met)', cells[c.projects] ?? '', text);
      const difficult = figure(validator, line, 'projets difficiles (xmet)', cells[c.difficult] ?? '', text);
      const seasonal = figure(validator, line, 'projets saisonniers (smet)', cells[c.seasonal] ?? '', text);
      if (typeof projects === 'number' && typeof difficult === 'number' && difficult > projects) {
        validator.reject(line, `projets difficiles (${difficult}) supérieurs au nombre de projets (${projects})`);
      }
      if (typeof projects === 'number' && typeof seasonal === 'number' && seasonal > projects) {
        validator.reject(line, `projets saisonniers (${seasonal}) supérieurs au nombre de projets (${projects})`);
      }
      if (validator.errors.length > errorsBefore) continue;

      // The year is the same on every row, so (FAP, basin, department) is the key. Rows come grouped by
      // FAP code in the official files, so the per-FAP map is looked up once per group.
      if (fapCode !== fapLinesCode) {
        fapLinesCode = fapCode!;
        fapLines = this.lines.get(fapCode!);
        if (!fapLines) this.lines.set(fapCode!, (fapLines = new Map()));
      }
      const place = parseInt(basinCode!, 10) * 1000 + departmentNumber(departmentCode!);
      const firstLine = fapLines!.get(place);
      if (firstLine !== undefined) {
        validator.reject(line, `ligne en double pour le bassin ${basinCode}, le département ${departmentCode} et le métier ${fapCode} (déjà présente ligne ${firstLine})`);
        continue;
      }
      fapLines!.set(place, line);
      const basin = this.basins.get(basinCode!);
      if (basin && basin.raw !== basinName) {
        validator.reject(line, `bassin ${basinCode} nommé « ${text(basinName)} » alors qu'il s'appelle « ${basin.name} » ligne ${basin.line}`);
        continue;
      }
      const fap = this.faps.get(fapCode!);
      if (fap && fap.raw !== fapLabel) {
        validator.reject(line, `métier ${fapCode} nommé « ${text(fapLabel)} » alors qu'il s'appelle « ${fap.name} » ligne ${fap.line}`);
        continue;
      }
      if (!basin) this.basins.set(basinCode!, { raw: basinName, name: text(basinName), line, regionCode: regionCode!, regionName: text(trim(cells[c.regionName])) });
      if (!fap) this.faps.set(fapCode!, { raw: fapLabel, name: text(fapLabel), line, familyCode: text(trim(cells[c.familyCode])), familyLabel: text(trim(cells[c.familyLabel])) });
      const departmentKey = basinCode + '|' + departmentCode;
      if (!this.basinDepartments.has(departmentKey)) this.basinDepartments.set(departmentKey, [basinCode!, departmentCode!, text(trim(cells[c.departmentName])) || null]);
      this.secretCells += (projects === null ? 1 : 0) + (difficult === null ? 1 : 0) + (seasonal === null ? 1 : 0);
      // Codes are validated ASCII patterns and figures integers or null: nothing to escape.
      yield copyLine([this.surveyYear!, basinCode!, departmentCode!, fapCode!, projects!, difficult!, seasonal!]);
    }
    progress.advance(this.rowsRead % 1000);
  }
}

/** Trims a cell, without allocating in the usual case of a cell with no surrounding space. */
function trim(cell: string | undefined): string {
  if (cell === undefined) return '';
  return cell.length && (cell.charCodeAt(0) <= 32 || cell.charCodeAt(cell.length - 1) <= 32) ? cell.trim() : cell;
}

/** The survey year: that of the first row with a well-formed year; the rows read to find it are replayed. */
function peekSurveyYear(rows: Iterable<TabularRow>, yearColumn: number): { year: number | undefined; rows: Iterable<TabularRow> } {
  const iterator = rows[Symbol.iterator]();
  const seen: TabularRow[] = [];
  let year: number | undefined;
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    seen.push(next.value);
    const text = (next.value.cells[yearColumn] ?? '').trim();
    if (YEAR.test(text)) {
      year = Number(text);
      break;
    }
  }
  return {
    year,
    rows: (function* () {
      yield* seen;
      for (let next = iterator.next(); !next.done; next = iterator.next()) yield next.value;
    })(),
  };
}

/** A department code as a number below 1000: 2A and 2B (Corsica) become 200 and 201, which no real code uses. */
function departmentNumber(code: string): number {
  return code === '2A' ? 200 : code === '2B' ? 201 : parseInt(code, 10);
}
