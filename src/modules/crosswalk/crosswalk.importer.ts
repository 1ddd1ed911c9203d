import { Injectable } from '@nestjs/common';
import { collapseSpaces } from '../../common/text/fold';
import { ImportFileError } from '../../infra/import/import-errors';
import { ColumnSpec, normalizeHeader, readTabularFile, resolveColumns } from '../../infra/import/tabular-file';
import { TabularRow } from '../../infra/import/csv-reader';
import { checkCode, ImportContext, Importer, ImportKind, ImportOutcome, RowValidator } from '../imports/importer';
import { ImporterRegistry } from '../imports/importer-registry';
import { CrosswalkRepository, LinkKey } from './crosswalk.repository';

/** Dares' "Table de passage ROME → FAP 2021": ROME v3 code × qualification → detailed FAP 2021 code (A0X41a). */
const DARES_COLUMNS = {
  rome: ['rome', 'code_rome', 'rome_v3', 'code_rome_v3'],
  fap: ['fap_2021', 'code_fap_2021', 'fap2021', 'code_fap'],
} satisfies ColumnSpec<string>;

/** Passerelle's curated list: one checked link per line, with both labels so a reader can verify it; an optional comment column is for readers only. */
const CURATED_COLUMNS = {
  fapCode: ['fap_code'],
  fapLabel: ['fap_label'],
  romeCode: ['rome_code'],
  romeLabel: ['rome_label'],
} satisfies ColumnSpec<string>;

/** A Dares FAP code is the 5-character FAP228 code, optionally followed by the lowercase letter of the FAP341 level. */
const DARES_FAP = /^([A-Z][0-9A-Z][A-Z][0-9]{2})[a-z]?$/;

type Format = 'dares' | 'curated';

type Link = LinkKey;

/** The first ten keys of a list, for a note. */
const sample = (keys: string[]) => `${keys.slice(0, 10).join(', ')}${keys.length > 10 ? '…' : ''}`;

/** Labels are compared as written, except for surrounding and repeated white space (non-breaking included). */
export function sameLabel(a: string, b: string): boolean {
  const tidy = (s: string) => collapseSpaces(s.normalize('NFC'));
  return tidy(a) === tidy(b);
}

/** The file's format from its header; a header that fits neither fails the file, naming what is expected. */
export function detectFormat(header: string[]): Format {
  const names = new Set(header.map(normalizeHeader));
  const has = (aliases: readonly string[]) => aliases.some((a) => names.has(a));
  if (has(CURATED_COLUMNS.fapCode) || has(CURATED_COLUMNS.romeCode)) return 'curated';
  if (has(DARES_COLUMNS.fap) || has(DARES_COLUMNS.rome)) return 'dares';
  throw ImportFileError.at(
    1,
    `format de correspondance FAP ↔ ROME non reconnu (colonnes trouvées : ${header.join(', ') || 'aucune'}) : attendu la table de passage Dares ` +
      `(rome, intitule_rome, qualification, fap_2021, intitule_fap) ou la liste vérifiée (fap_code, fap_label, rome_code, rome_label, comment)`,
  );
}

/**
 * Imports the FAP 2021 ↔ ROME crosswalk, from Dares' official passage table (ROME v3 codes, mapped to
 * the ROME 4 fiches that descend from them) or from Passerelle's curated list (labels checked against
 * the referentials). Links a person rejected or confirmed are left as they decided. A file is the whole
 * list of its source: the active links of that source it no longer lists are removed, unless rows were
 * skipped (a skipped row may be the one that listed them).
 */
@Injectable()
export class CrosswalkImporter implements Importer {
  readonly kind = ImportKind.Crosswalk;

  constructor(
    registry: ImporterRegistry,
    private readonly repository: CrosswalkRepository,
  ) {
    registry.register(this);
  }

  async importFile(path: string, context: ImportContext): Promise<ImportOutcome> {
    const { header, rows } = await readTabularFile(path, { encoding: context.options.encoding });
    const format = detectFormat(header);
    const romeLabels = await this.repository.romeLabels(context.runner);
    if (!romeLabels.size) {
      throw ImportFileError.at(0, 'référentiel ROME absent : importez d’abord les métiers ROME (import rome …) avant la correspondance FAP ↔ ROME');
    }
    const validator = new RowValidator();
    const notes: string[] = [];
    context.progress.phase('Validation', rows.length);
    const links =
      format === 'dares'
        ? await this.validateDares(header, rows, validator, context, notes)
        : await this.validateCurated(header, rows, validator, context, romeLabels, notes);
    validator.refuseFileUnlessSkipping(context.options.skipBadRows, rows.length);

    context.progress.phase('Écriture');
    const decided = await this.repository.staffDecisions(context.runner);
    const keyOf = (link: Link) => `${link.fapCode}|${link.romeCode}`;
    const rejected = links.filter((l) => decided.rejected.has(keyOf(l)));
    const confirmed = links.filter((l) => decided.confirmed.has(keyOf(l)));
    const writable = links.filter((l) => !decided.rejected.has(keyOf(l)) && !decided.confirmed.has(keyOf(l)));
    if (rejected.length) notes.push(`${rejected.length} lien(s) écarté(s) par l’équipe laissé(s) écarté(s) : ${sample(rejected.map(keyOf))}`);
    if (confirmed.length) notes.push(`${confirmed.length} lien(s) déjà confirmé(s) par l’équipe laissé(s) tels quels`);

    const counts = await this.repository.mergeLinks(context.runner, format, writable);
    if (validator.errors.length) {
      notes.push('ligne(s) ignorée(s) : les correspondances absentes du fichier ne sont pas retirées (réimportez le fichier corrigé pour les retirer)');
    } else {
      const removed = await this.repository.removeUnlisted(context.runner, format, links);
      if (removed.length) notes.push(`${removed.length} correspondance(s) retirée(s), absente(s) du fichier : ${sample(removed)}`);
    }
    return {
      rowsRead: rows.length,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: counts.unchanged + rejected.length + confirmed.length,
      rejected: validator.errors,
      notes,
    };
  }

  /** One link per (FAP228, ROME 4) pair: the qualifications of the same pair collapse into one. */
  private async validateDares(header: string[], rows: TabularRow[], validator: RowValidator, context: ImportContext, notes: string[]): Promise<Link[]> {
    const columns = resolveColumns(header, DARES_COLUMNS);
    const descendants = await this.repository.rome4ByRome3(context.runner);
    const links = new Map<string, Link>();
    for (const { line, cells } of rows) {
      context.progress.advance();
      const rome3 = checkCode(validator, line, 'rome', 'code ROME', (cells[columns.rome] ?? '').trim());
      const fapValue = (cells[columns.fap] ?? '').trim();
      const fap = DARES_FAP.exec(fapValue)?.[1];
      if (!fap) validator.reject(line, `code FAP 2021 invalide « ${fapValue} » (attendu : code FAP 2021 à 5 ou 6 caractères, ex. A0X41a)`);
      if (!rome3 || !fap) continue;
      const rome4 = descendants.get(rome3);
      if (!rome4) {
        validator.reject(line, `code ROME v3 « ${rome3} » sans fiche ROME 4.0 correspondante dans le référentiel importé`);
        continue;
      }
      for (const romeCode of rome4) {
        const key = `${fap}|${romeCode}`;
        if (!links.has(key)) links.set(key, { fapCode: fap, romeCode });
      }
    }
    notes.push(`${links.size} lien(s) FAP ↔ ROME 4.0 tiré(s) de ${rows.length} ligne(s) de la table Dares (qualifications regroupées)`);
    return [...links.values()];
  }

  private async validateCurated(
    header: string[],
    rows: TabularRow[],
    validator: RowValidator,
    context: ImportContext,
    romeLabels: Map<string, string>,
    notes: string[],
  ): Promise<Link[]> {
    const columns = resolveColumns(header, CURATED_COLUMNS);
    const fapLabels = await this.repository.fapLabels(context.runner);
    const links: Link[] = [];
    const unverifiedFap = new Set<string>();
    for (const { line, cells } of rows) {
      context.progress.advance();
      const cell = (position: number) => (cells[position] ?? '').trim();
      const fapCode = checkCode(validator, line, 'fap', 'code FAP', cell(columns.fapCode));
      const romeCode = checkCode(validator, line, 'rome', 'code ROME', cell(columns.romeCode));
      if (!fapCode || !romeCode) continue;
      if (!validator.unique(`${fapCode}|${romeCode}`, line, `lien ${fapCode} ↔ ${romeCode}`)) continue;
      let valid = true;
      const romeLabel = romeLabels.get(romeCode);
      if (romeLabel === undefined) {
        validator.reject(line, `code ROME inconnu du référentiel : ${romeCode}`);
        valid = false;
      } else if (!sameLabel(cell(columns.romeLabel), romeLabel)) {
        validator.reject(line, `libellé ROME « ${cell(columns.romeLabel)} » différent du référentiel pour ${romeCode} : « ${romeLabel} »`);
        valid = false;
      }
      const fapLabel = fapLabels.get(fapCode);
      if (fapLabel === undefined) unverifiedFap.add(fapCode);
      else if (!sameLabel(cell(columns.fapLabel), fapLabel)) {
        validator.reject(line, `libellé FAP « ${cell(columns.fapLabel)} » différent de la nomenclature pour ${fapCode} : « ${fapLabel.trim()} »`);
        valid = false;
      }
      if (valid) links.push({ fapCode, romeCode });
    }
    if (unverifiedFap.size) {
      notes.push(`${unverifiedFap.size} code(s) FAP absent(s) des métiers BMO importés : libellé FAP non vérifié (importez le BMO pour le contrôler)`);
    }
    return links;
  }
}
