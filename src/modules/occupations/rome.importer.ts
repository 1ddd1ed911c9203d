import { Injectable } from '@nestjs/common';
import { bulkMerge, CopyValue, MergeCounts } from '../../infra/import/bulk-merge';
import { TabularData } from '../../infra/import/csv-reader';
import { ImportFileError, RowError } from '../../infra/import/import-errors';
import { ColumnSpec, readTabularFile, resolveColumns } from '../../infra/import/tabular-file';
import { FileEncoding } from '../../infra/import/text-decoding';
import { SearchUnavailableError } from '../../infra/search/search.service';
import { ImporterRegistry } from '../imports/importer-registry';
import { checkCode, Importer, ImportContext, ImportKind, ImportOutcome, ImportProgress, RowValidator } from '../imports/importer';
import { OccupationIndexer } from './occupation-indexer.service';
import { OccupationsRepository } from './occupations.repository';
import { fileLabel, locateRomeFiles, RomeFileKey, RomeFiles } from './rome-files';

const OGR_CODE = /^[1-9][0-9]{0,8}$/;

const COLUMNS = {
  grandDomains: { code: ['code_grand_domaine'], label: ['libelle_grand_domaine'] },
  domains: { code: ['code_domaine_professionnel'], label: ['libelle_domaine_professionnel'] },
  // "professionel" is France Travail's spelling in this file.
  occupationDomains: { code: ['code_rome'], grandDomain: ['code_grand_domaine'], domain: ['code_domaine_professionel', 'code_domaine_professionnel'] },
  occupations: {
    code: ['code_rome'],
    label: ['libelle_rome'],
    ogr: ['code_ogr'],
    parent: ['code_rome_parent'],
    eco: ['transition_eco'],
    digital: ['transition_num'],
    demographic: ['transition_demo'],
    regulated: ['emploi_reglemente'],
    executive: ['emploi_cadre'],
  },
  appellations: {
    ogr: ['code_ogr'],
    label: ['libelle_appellation_long'],
    shortLabel: ['libelle_appellation_court'],
    code: ['code_rome'],
    classification: ['classification'],
    rarelyUsed: ['peu_usite'],
  },
} satisfies Record<RomeFileKey, ColumnSpec<string>>;

/** Parent tables first: each file is checked against the valid rows of the files before it. */
const FILE_ORDER: RomeFileKey[] = ['grandDomains', 'domains', 'occupationDomains', 'occupations', 'appellations'];

/** The export's O/N flags; an empty cell means France Travail has not tagged the occupation. */
export function parseFlag(value: string): boolean | null | undefined {
  if (value === 'O') return true;
  if (value === 'N') return false;
  if (value === '') return null;
  return undefined;
}

/** Errors of one file, located by its name since the import spans five files. */
export function locateErrors(file: string, errors: RowError[]): RowError[] {
  // Line 0 keeps the CLI from prefixing a line number that would not say which file it belongs to.
  return errors.map((e) => ({ line: 0, message: e.line > 0 ? `${file} ligne ${e.line} : ${e.message}` : `${file} : ${e.message}` }));
}

/** One file of the export being validated: its rows, its column positions and its errors. */
class RomeFile<K extends string> {
  readonly name: string;
  readonly validator = new RowValidator();

  constructor(
    path: string,
    readonly data: TabularData,
    readonly columns: Record<K, number>,
  ) {
    this.name = fileLabel(path);
  }

  /** Rows with a trimmed-cell accessor, advancing the progress bar. */
  *rows(progress: ImportProgress): Generator<{ line: number; cell: (field: K) => string }> {
    for (const { line, cells } of this.data.rows) {
      progress.advance();
      yield { line, cell: (field: K) => (cells[this.columns[field]] ?? '').trim() };
    }
  }
}

interface Validated {
  grandDomains: Map<string, CopyValue[]>;
  domains: Map<string, CopyValue[]>;
  occupations: Map<string, CopyValue[]>;
  appellations: CopyValue[][];
  errors: RowError[];
}

/**
 * France Travail's ROME 4.0 CSV export: grand domains, professional domains, occupations (fiches
 * emploi) and appellations, loaded together in the import's transaction. Argument: the export's
 * folder or any of its files.
 */
@Injectable()
export class RomeImporter implements Importer {
  readonly kind = ImportKind.Rome;

  constructor(
    registry: ImporterRegistry,
    private readonly occupations: OccupationsRepository,
    private readonly indexer: OccupationIndexer,
  ) {
    registry.register(this);
  }

  /** Whichever file of the export is named, the import loads all five: the run's digest covers them. */
  async inputFiles(path: string): Promise<string[]> {
    return Object.values(await locateRomeFiles(path));
  }

  async importFile(path: string, { runner, options, progress }: ImportContext): Promise<ImportOutcome> {
    progress.phase('Lecture');
    const paths = await locateRomeFiles(path);
    const files = await this.open(paths, options.encoding);
    const rowsRead = FILE_ORDER.reduce((total, key) => total + files[key].data.rows.length, 0);
    progress.phase('Validation', rowsRead);
    const valid = this.validate(files, progress);
    if (valid.errors.length && !options.skipBadRows) throw new ImportFileError(valid.errors, rowsRead);

    progress.phase('Écriture');
    const counts: [string, MergeCounts][] = [
      ['grands domaines', await bulkMerge(runner, { table: 'rome_grand_domains', key: ['code'], columns: ['code', 'label'] }, valid.grandDomains.values())],
      [
        'domaines professionnels',
        await bulkMerge(runner, { table: 'rome_professional_domains', key: ['code'], columns: ['code', 'label', 'grand_domain_code'] }, valid.domains.values()),
      ],
      [
        'fiches ROME',
        await bulkMerge(
          runner,
          {
            table: 'rome_occupations',
            key: ['code'],
            columns: ['code', 'label', 'ogr_code', 'domain_code', 'rome3_code', 'ecological_transition', 'digital_transition', 'demographic_transition', 'regulated', 'executive'],
          },
          valid.occupations.values(),
        ),
      ],
      [
        'appellations',
        await bulkMerge(
          runner,
          { table: 'rome_appellations', key: ['ogr_code'], columns: ['ogr_code', 'label', 'short_label', 'rome_code', 'principal', 'rarely_used'] },
          valid.appellations,
        ),
      ],
    ];
    const notes = counts.map(([table, c]) => `${table} : ${c.inserted} créé(s), ${c.updated} mis à jour, ${c.unchanged} inchangé(s)`);

    // The export is the whole referential: an appellation it no longer lists was withdrawn. Only a
    // complete file says so; with rejected rows, a missing appellation may just be a bad line.
    if (!valid.errors.length) {
      const withdrawn = await this.occupations.deleteAppellationsExcept(runner, valid.appellations.map((a) => a[0] as number));
      if (withdrawn) notes.push(`${withdrawn} appellation(s) absente(s) de l'export supprimée(s)`);
    }
    // Occupations are referenced by profiles, needs and the crosswalk: they are kept, but the user is told.
    const absent = await this.occupations.countOccupationsExcept(runner, [...valid.occupations.keys()]);
    if (absent) notes.push(`${absent} fiche(s) ROME en base absente(s) de l'export, conservée(s)`);

    const total = counts.reduce((sum, [, c]) => ({ inserted: sum.inserted + c.inserted, updated: sum.updated + c.updated, unchanged: sum.unchanged + c.unchanged }), {
      inserted: 0,
      updated: 0,
      unchanged: 0,
    });
    return { rowsRead, ...total, rejected: valid.errors, notes };
  }

  /** The search index is derived: the import stands even when Meilisearch is away. */
  async afterCommit(): Promise<string[]> {
    try {
      const count = await this.indexer.reindexAll();
      return [`index de recherche des métiers reconstruit : ${count} document(s)`];
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      return ["moteur de recherche injoignable : l'index des métiers n'est pas à jour, reconstruisez-le avec « reindex occupations » quand Meilisearch répond"];
    }
  }

  private async open(paths: RomeFiles, encoding: FileEncoding) {
    const open = async <K extends string>(key: RomeFileKey, spec: ColumnSpec<K>): Promise<RomeFile<K>> => {
      const name = fileLabel(paths[key]);
      try {
        const data = await readTabularFile(paths[key], { encoding });
        return new RomeFile(paths[key], data, resolveColumns(data.header, spec));
      } catch (error) {
        if (error instanceof ImportFileError) throw new ImportFileError(locateErrors(name, error.errors), error.rowsRead);
        throw error;
      }
    };
    return {
      grandDomains: await open('grandDomains', COLUMNS.grandDomains),
      domains: await open('domains', COLUMNS.domains),
      occupationDomains: await open('occupationDomains', COLUMNS.occupationDomains),
      occupations: await open('occupations', COLUMNS.occupations),
      appellations: await open('appellations', COLUMNS.appellations),
    };
  }

  private validate(files: Awaited<ReturnType<RomeImporter['open']>>, progress: ImportProgress): Validated {
    const grandDomains = new Map<string, CopyValue[]>();
    const gd = files.grandDomains;
    for (const { line, cell } of gd.rows(progress)) {
      const code = checkCode(gd.validator, line, 'grandDomain', 'code grand domaine', cell('code'));
      const label = cell('label');
      if (!label) gd.validator.reject(line, 'libellé du grand domaine manquant');
      if (code && label && gd.validator.unique(code, line, `grand domaine ${code}`)) grandDomains.set(code, [code, label]);
    }

    const domains = new Map<string, CopyValue[]>();
    const dp = files.domains;
    for (const { line, cell } of dp.rows(progress)) {
      const code = checkCode(dp.validator, line, 'professionalDomain', 'code domaine professionnel', cell('code'));
      const label = cell('label');
      if (!label) dp.validator.reject(line, 'libellé du domaine professionnel manquant');
      if (!code || !label) continue;
      if (!grandDomains.has(code[0])) {
        dp.validator.reject(line, `grand domaine « ${code[0]} » du domaine ${code} inconnu (absent de ${gd.name})`);
        continue;
      }
      if (dp.validator.unique(code, line, `domaine professionnel ${code}`)) domains.set(code, [code, label, code[0]]);
    }

    const domainOf = new Map<string, string>();
    const cr = files.occupationDomains;
    for (const { line, cell } of cr.rows(progress)) {
      const code = checkCode(cr.validator, line, 'rome', 'code ROME', cell('code'));
      const domain = checkCode(cr.validator, line, 'professionalDomain', 'code domaine professionnel', cell('domain'));
      if (!domain || !code) continue;
      if (!domains.has(domain)) {
        cr.validator.reject(line, `domaine professionnel « ${domain} » inconnu (absent de ${dp.name})`);
      } else if (code.slice(0, 3) !== domain) {
        cr.validator.reject(line, `code ROME ${code} rattaché au domaine ${domain} : un code ROME appartient au domaine de ses 3 premiers caractères (${code.slice(0, 3)})`);
      } else if (cell('grandDomain') !== domain[0]) {
        cr.validator.reject(line, `grand domaine « ${cell('grandDomain')} » incohérent avec le domaine ${domain}`);
      } else if (cr.validator.unique(code, line, `code ROME ${code}`)) {
        domainOf.set(code, domain);
      }
    }

    const occupations = new Map<string, CopyValue[]>();
    const oc = files.occupations;
    for (const { line, cell } of oc.rows(progress)) {
      const before = oc.validator.errors.length;
      const code = checkCode(oc.validator, line, 'rome', 'code ROME', cell('code'));
      const label = cell('label');
      if (!label) oc.validator.reject(line, 'libellé ROME manquant');
      const ogr = cell('ogr');
      if (!OGR_CODE.test(ogr)) oc.validator.reject(line, `code OGR invalide « ${ogr} » (attendu : un entier positif, ex. 6)`);
      const parent = cell('parent');
      const rome3Code = parent === '' ? null : checkCode(oc.validator, line, 'rome', 'code ROME parent', parent);
      const flags = (['digital', 'demographic', 'regulated', 'executive'] as const).map((field) => {
        const flag = parseFlag(cell(field));
        if (flag === undefined) oc.validator.reject(line, `${oc.data.header[oc.columns[field]]} invalide « ${cell(field)} » (attendu : O, N ou vide)`);
        return flag ?? null;
      });
      if (oc.validator.errors.length > before || !code) continue;
      const domain = domainOf.get(code);
      if (!domain) {
        oc.validator.reject(line, `code ROME ${code} sans domaine professionnel (absent de ${cr.name})`);
        continue;
      }
      if (oc.validator.unique(code, line, `code ROME ${code}`)) occupations.set(code, [code, label, Number(ogr), domain, rome3Code ?? null, cell('eco') || null, ...flags]);
    }

    const appellations: CopyValue[][] = [];
    const ap = files.appellations;
    for (const { line, cell } of ap.rows(progress)) {
      const before = ap.validator.errors.length;
      const ogr = cell('ogr');
      if (!OGR_CODE.test(ogr)) ap.validator.reject(line, `code OGR invalide « ${ogr} » (attendu : un entier positif, ex. 17619)`);
      const label = cell('label');
      if (!label) ap.validator.reject(line, "libellé de l'appellation manquant");
      const code = checkCode(ap.validator, line, 'rome', 'code ROME', cell('code'));
      if (code && !occupations.has(code)) ap.validator.reject(line, `code ROME ${code} inconnu (absent de ${oc.name})`);
      const classification = cell('classification');
      if (classification !== 'PRINCIPALE' && classification !== 'SYNONYME') {
        ap.validator.reject(line, `classification invalide « ${classification} » (attendu : PRINCIPALE ou SYNONYME)`);
      }
      const rarelyUsed = parseFlag(cell('rarelyUsed'));
      if (rarelyUsed === undefined) ap.validator.reject(line, `peu_usite invalide « ${cell('rarelyUsed')} » (attendu : O, N ou vide)`);
      if (ap.validator.errors.length > before) continue;
      if (!ap.validator.unique(ogr, line, `code OGR ${ogr}`)) continue;
      const principal = classification === 'PRINCIPALE';
      if (principal && !ap.validator.unique(`principal:${code}`, line, `appellation principale du code ROME ${code}`)) continue;
      // The short label is a display variant: the long one stands in when the export leaves it empty.
      appellations.push([Number(ogr), label, cell('shortLabel') || label, code!, principal, rarelyUsed === true]);
    }

    const errors = FILE_ORDER.flatMap((key) => locateErrors(files[key].name, files[key].validator.errors));
    return { grandDomains, domains, occupations, appellations, errors };
  }
}
