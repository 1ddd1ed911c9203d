import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ImportFileError } from '../../src/infra/import/import-errors';
import { readTabularFile } from '../../src/infra/import/tabular-file';
import { ImportKind } from '../../src/modules/imports/importer';
import { CrosswalkRepository } from '../../src/modules/crosswalk/crosswalk.repository';
import { CrosswalkService } from '../../src/modules/crosswalk/crosswalk.service';
import { foldText } from '../../src/modules/crosswalk/label-similarity';
import { daresWorkbook } from '../fixtures/import/crosswalk/dares-workbook';
import { ImportHarness, startImportHarness } from '../support/import-harness';
import { importFixture, sharedData } from '../support/reference-files';

jest.setTimeout(60_000);

const fixture = (name: string) => importFixture('crosswalk', name);
const CURATED_FILE = join(__dirname, '..', '..', 'data', 'crosswalk', 'fap-rome-curated.csv');

/** The ROME 4 fiches the hand-written files use, with their real labels and ROME 3 parents. */
const SEEDED_ROME = ['F1606', 'G1602', 'G1606', 'G1609', 'N1101', 'N1103', 'N1110', 'H2913'];
const SEEDED_FAP = ['B2X36', 'S1X20', 'S1X40', 'J0X32', 'J0X33', 'J0X34', 'D1X33'];

async function referenceRows(path: string, key: string): Promise<Map<string, Record<string, string>>> {
  const { header, rows } = await readTabularFile(path);
  const result = new Map<string, Record<string, string>>();
  for (const { cells } of rows) {
    const record = Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    if (!result.has(record[key])) result.set(record[key], record);
  }
  return result;
}

/** A few ROME rows inserted by SQL: the Dares and broken-file tests need no full ROME import. */
async function seedRome(ds: DataSource, codes: string[]): Promise<void> {
  const rome = await referenceRows(sharedData('rome_v4', 'unix_referentiel_code_rome_v458_utf8.csv'), 'code_rome');
  for (const code of codes) {
    const row = rome.get(code)!;
    await ds.query(`INSERT INTO rome_grand_domains (code, label) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [code.slice(0, 1), `Domaine ${code.slice(0, 1)}`]);
    await ds.query(`INSERT INTO rome_professional_domains (code, label, grand_domain_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      code.slice(0, 3),
      `Domaine ${code.slice(0, 3)}`,
      code.slice(0, 1),
    ]);
    await ds.query(`INSERT INTO rome_occupations (code, label, ogr_code, domain_code, rome3_code) VALUES ($1, $2, $3, $4, $5)`, [
      code,
      row.libelle_rome,
      Number(row.code_ogr),
      code.slice(0, 3),
      row.code_rome_parent || null,
    ]);
  }
}

async function seedFap(ds: DataSource, codes: string[]): Promise<void> {
  const fap = await referenceRows(sharedData('bmo', 'fap2021_nomenclature.csv'), 'Code_FAP228');
  for (const [code, row] of fap) {
    if (!codes.includes(code)) continue;
    await ds.query(`INSERT INTO fap_occupations (code, label) VALUES ($1, $2)`, [code, row['Intitulé_FAP228']]);
  }
}

async function links(ds: DataSource): Promise<string[]> {
  const rows: { fap: string; rome: string; source: string; status: string }[] = await ds.query(
    `SELECT fap_code AS fap, rome_code AS rome, source, status FROM fap_rome_links ORDER BY fap_code, rome_code`,
  );
  return rows.map((r) => `${r.fap}|${r.rome}|${r.source}|${r.status}`);
}

async function importError(promise: Promise<unknown>): Promise<ImportFileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ImportFileError)) throw new Error(`expected an ImportFileError, got ${String(error)}`);
  return error;
}

const DARES_LINKS = [
  'B2X36|F1606|dares|active',
  'D1X33|H2913|dares|active',
  'J0X33|N1103|dares|active',
  'J0X33|N1110|dares|active',
  'J0X34|N1103|dares|active',
  'J0X34|N1110|dares|active',
  'S1X20|G1602|dares|active',
  'S1X20|G1606|dares|active',
  'S1X20|G1609|dares|active',
  'S1X40|G1602|dares|active',
  'S1X40|G1606|dares|active',
  'S1X40|G1609|dares|active',
];

describe('crosswalk importer on hand-written files', () => {
  let h: ImportHarness;
  let tmp: string;

  beforeAll(async () => {
    h = await startImportHarness();
    tmp = mkdtempSync(join(tmpdir(), 'crosswalk-'));
  });
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await h.close();
  });

  it('refuses any crosswalk before the ROME referential is imported, with a clear message', async () => {
    const error = await importError(h.importFile(ImportKind.Crosswalk, fixture('curated-small.csv')));
    expect(error.message).toContain('importez d’abord les métiers ROME');
    expect(await links(h.dataSource)).toEqual([]);
  });

  describe('with the ROME rows in place', () => {
    beforeAll(async () => {
      await seedRome(h.dataSource, SEEDED_ROME);
      await seedFap(h.dataSource, SEEDED_FAP);
    });
    beforeEach(() => h.dataSource.query(`DELETE FROM fap_rome_links`));

    it('maps Dares ROME v3 codes to their ROME 4 descendants and collapses the qualifications', async () => {
      const report = await h.importFile(ImportKind.Crosswalk, fixture('dares-table.csv'));
      expect(report).toMatchObject({ rowsRead: 8, inserted: 12, updated: 0, unchanged: 0, rejected: [] });
      expect(await links(h.dataSource)).toEqual(DARES_LINKS);

      const again = await h.importFile(ImportKind.Crosswalk, fixture('dares-table.csv'));
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 12 });
    });

    it('reads the same table from an xlsx workbook whose data sheet is not the first one', async () => {
      const { header, rows } = await readTabularFile(fixture('dares-table.csv'));
      const path = join(tmp, 'Dares_FAP2021_Table_passage_ROME.xlsx');
      writeFileSync(path, daresWorkbook([header, ...rows.map((r) => r.cells)]));
      const report = await h.importFile(ImportKind.Crosswalk, path);
      expect(report).toMatchObject({ rowsRead: 8, inserted: 12, rejected: [] });
      expect(await links(h.dataSource)).toEqual(DARES_LINKS);
    });

    it('names the missing column of a Dares file', async () => {
      const error = await importError(h.importFile(ImportKind.Crosswalk, fixture('dares-missing-column.csv')));
      expect(error.errors).toEqual([{ line: 1, message: expect.stringContaining('colonne(s) manquante(s) : fap_2021') }]);
    });

    it('refuses a file of neither format', async () => {
      const error = await importError(h.importFile(ImportKind.Crosswalk, fixture('unknown-format.csv')));
      expect(error.errors[0]).toMatchObject({ line: 1, message: expect.stringContaining('format de correspondance FAP ↔ ROME non reconnu') });
    });

    it('reports bad Dares rows with their line, writes nothing, or only the good rows when asked', async () => {
      const error = await importError(h.importFile(ImportKind.Crosswalk, fixture('dares-bad-rows.csv')));
      expect(error.errors).toEqual([
        { line: 3, message: 'code FAP 2021 invalide « B2X3 » (attendu : code FAP 2021 à 5 ou 6 caractères, ex. A0X41a)' },
        { line: 4, message: 'code ROME v3 « M1805 » sans fiche ROME 4.0 correspondante dans le référentiel importé' },
        { line: 5, message: expect.stringContaining('code ROME invalide « F16 »') },
      ]);
      expect(await links(h.dataSource)).toEqual([]);

      const skipped = await h.importFile(ImportKind.Crosswalk, fixture('dares-bad-rows.csv'), { skipBadRows: true });
      expect(skipped).toMatchObject({ inserted: 1 });
      expect(skipped.rejected.map((e) => e.line)).toEqual([3, 4, 5]);
      expect(await links(h.dataSource)).toEqual(['B2X36|F1606|dares|active']);
    });

    it('checks each curated link against the ROME and FAP labels, showing both when they differ', async () => {
      const error = await importError(h.importFile(ImportKind.Crosswalk, fixture('curated-bad-rows.csv')));
      expect(error.errors).toEqual([
        { line: 2, message: 'libellé ROME « Peinture en bâtiment » différent du référentiel pour F1606 : « Peintre en bâtiment »' },
        { line: 3, message: expect.stringContaining('code FAP invalide « B2X3 »') },
        { line: 4, message: 'code ROME inconnu du référentiel : F9999' },
        { line: 5, message: 'libellé FAP « Serveurs » différent de la nomenclature pour S1X40 : « Cuisiniers »' },
        { line: 7, message: 'lien J0X32 ↔ N1101 en double (déjà présent ligne 6)' },
      ]);
      expect(await links(h.dataSource)).toEqual([]);
    });

    it('names the missing columns of a curated file', async () => {
      const error = await importError(h.importFile(ImportKind.Crosswalk, fixture('curated-missing-column.csv')));
      expect(error.errors).toEqual([{ line: 1, message: expect.stringContaining('colonne(s) manquante(s) : fap_label') }]);
    });

    it('never re-activates a link that staff rejected, nor overwrites one staff confirmed', async () => {
      expect(await h.importFile(ImportKind.Crosswalk, fixture('curated-small.csv'))).toMatchObject({ inserted: 3, rejected: [] });
      await h.dataSource.query(`UPDATE fap_rome_links SET status = 'rejected' WHERE fap_code = 'B2X36' AND rome_code = 'F1606'`);
      await h.dataSource.query(`UPDATE fap_rome_links SET source = 'staff' WHERE fap_code = 'S1X40' AND rome_code = 'G1609'`);

      const report = await h.importFile(ImportKind.Crosswalk, fixture('curated-small.csv'));
      expect(report).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
      expect(report.notes.join('\n')).toContain('1 lien(s) écarté(s) par l’équipe laissé(s) écarté(s) : B2X36|F1606');
      const dares = await h.importFile(ImportKind.Crosswalk, fixture('dares-table.csv'));
      expect(dares.inserted).toBe(10);
      expect(await links(h.dataSource)).toEqual(
        expect.arrayContaining(['B2X36|F1606|curated|rejected', 'S1X40|G1609|staff|active', 'J0X32|N1101|curated|active', 'S1X40|G1602|dares|active']),
      );

      const crosswalk = h.context.get(CrosswalkService);
      expect(await crosswalk.fapCodesForRome('F1606')).toEqual([]);
      expect(await crosswalk.fapCodesForRome('N1101')).toEqual([
        { fapCode: 'J0X32', fapLabel: 'Conducteurs d’engins légers de déplacement de charges, cariste', source: 'curated' },
      ]);
    });

    it('removes on re-import the active links of the same source that the file dropped, never staff decisions nor rejected links', async () => {
      await h.importFile(ImportKind.Crosswalk, fixture('curated-small.csv'));
      await h.dataSource.query(`UPDATE fap_rome_links SET status = 'rejected' WHERE fap_code = 'B2X36' AND rome_code = 'F1606'`);
      await h.dataSource.query(`INSERT INTO fap_rome_links (fap_code, rome_code, source, status) VALUES ('S1X20', 'G1602', 'staff', 'active'), ('J0X33', 'N1103', 'dares', 'active')`);

      // The reduced list keeps only S1X40 ↔ G1609: the curated J0X32 ↔ N1101 goes; the rejected, staff and Dares links stay.
      const reduced = await h.importFile(ImportKind.Crosswalk, fixture('curated-reduced.csv'));
      expect(reduced.notes).toContain('1 correspondance(s) retirée(s), absente(s) du fichier : J0X32|N1101');
      expect(await links(h.dataSource)).toEqual([
        'B2X36|F1606|curated|rejected',
        'J0X33|N1103|dares|active',
        'S1X20|G1602|staff|active',
        'S1X40|G1609|curated|active',
      ]);

      // Rows skipped: a skipped row may be the one that listed a link, so nothing is removed.
      const skipped = await h.importFile(ImportKind.Crosswalk, fixture('curated-bad-rows.csv'), { skipBadRows: true });
      expect(skipped.rejected.length).toBeGreaterThan(0);
      expect(skipped.notes.join('\n')).toContain('les correspondances absentes du fichier ne sont pas retirées');
      expect(await links(h.dataSource)).toEqual(expect.arrayContaining(['S1X40|G1609|curated|active', 'J0X32|N1101|curated|active']));

      // A Dares file only removes Dares links.
      await h.importFile(ImportKind.Crosswalk, fixture('dares-table.csv'));
      const dares = await h.importFile(ImportKind.Crosswalk, fixture('dares-reduced.csv'));
      expect(dares.notes).toContain('1 correspondance(s) retirée(s), absente(s) du fichier : D1X33|H2913');
      const after = await links(h.dataSource);
      expect(after.filter((l) => l.startsWith('D1X33'))).toEqual([]);
      expect(after).toEqual(expect.arrayContaining(['J0X32|N1101|curated|active', 'S1X20|G1602|staff|active', 'B2X36|F1606|curated|rejected', 'J0X33|N1103|dares|active']));
    });
  });
});

describe('curated crosswalk file against the real ROME and BMO imports', () => {
  let h: ImportHarness;

  beforeAll(async () => {
    h = await startImportHarness();
    await h.importFile(ImportKind.Rome, sharedData('rome_v4'));
    // The BMO import fills fap_occupations with the survey's own labels: the curated FAP labels are checked against them.
    await h.importFile(ImportKind.Bmo, sharedData('bmo', 'bmo_2024_4regions.csv'));
  });
  afterAll(() => h.close());

  it('imports every curated link with both labels checked, then changes nothing on re-import', async () => {
    const [{ count }] = await h.dataSource.query(`SELECT count(*)::int AS count FROM fap_occupations`);
    expect(count).toBeGreaterThan(150);
    const { rows } = await readTabularFile(CURATED_FILE);
    const report = await h.importFile(ImportKind.Crosswalk, CURATED_FILE);
    expect(report).toMatchObject({ rowsRead: rows.length, inserted: rows.length, updated: 0, rejected: [] });
    expect(report.notes).toEqual([]);
    expect(await h.importFile(ImportKind.Crosswalk, CURATED_FILE)).toMatchObject({ inserted: 0, updated: 0, unchanged: rows.length });
  });

  it('suggests ROME occupations for an unlinked FAP family from the real labels and appellations', async () => {
    const crosswalk = h.context.get(CrosswalkService);
    const roofers = await crosswalk.suggest('B1X34', 5);
    expect(roofers.fapLabel).toBe('Couvreurs');
    expect(roofers.suggestions[0]).toMatchObject({ romeCode: 'F1619', romeLabel: 'Couvreur / Couvreuse' });
    expect(roofers.suggestions[0].score).toBeGreaterThan(0.5);

    // Linked pairs are not suggested again; the FAP of painters still gets the other painting fiches.
    const painters = await crosswalk.suggest('B2X36', 5);
    expect(painters.suggestions.map((s) => s.romeCode)).not.toContain('F1606');
    expect(painters.suggestions.length).toBeGreaterThan(0);

    // The staff page's list: BMO families without a link, the biggest needs first, each with suggestions.
    const unlinked = await crosswalk.unlinked({ filter: 'couvreurs', page: 1, pageSize: 20, suggestions: 3 });
    expect(unlinked.items.map((u) => u.fapCode)).toEqual(['B1X34']);
    expect(unlinked.items[0].suggestions[0].romeCode).toBe('F1619');
  });

  it('pages the unlinked FAP codes, filters them in SQL ignoring accents, and ranks only the page shown', async () => {
    const crosswalk = h.context.get(CrosswalkService);
    const entries = jest.spyOn(h.context.get(CrosswalkRepository), 'labelEntries');
    try {
      const first = await crosswalk.unlinked({ filter: '', page: 1, pageSize: 20, suggestions: 3 });
      expect(first.items).toHaveLength(20);
      expect(first.total).toBeGreaterThan(100);
      expect(first.totalPages).toBe(Math.ceil(first.total / 20));
      expect(first.items.map((u) => u.fapCode)).not.toContain('B2X36');
      for (let i = 1; i < first.items.length; i++) expect(first.items[i].projects ?? 0).toBeLessThanOrEqual(first.items[i - 1].projects ?? 0);
      const second = await crosswalk.unlinked({ filter: '', page: 2, pageSize: 20, suggestions: 3 });
      expect(second.page).toBe(2);
      expect(second.items.some((u) => first.items.some((f) => f.fapCode === u.fapCode))).toBe(false);
      const last = await crosswalk.unlinked({ filter: '', page: 999, pageSize: 20, suggestions: 3 });
      expect(last.page).toBe(first.totalPages);
      expect(last.items.length).toBeGreaterThan(0);

      // "batiment" finds the labels written "bâtiment"; the count is of the filtered list.
      const filtered = await crosswalk.unlinked({ filter: 'BATIMENT', page: 1, pageSize: 20, suggestions: 3 });
      expect(filtered.total).toBeGreaterThan(0);
      expect(filtered.total).toBeLessThan(first.total);
      for (const item of filtered.items) expect(foldText(item.fapLabel ?? '')).toContain('batiment');
      expect(filtered.items.some((u) => u.fapLabel?.includes('bâtiment'))).toBe(true);

      // The label index was built at most once for all these pages (an earlier test may have built it).
      expect(entries.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      entries.mockRestore();
    }
  });

  it('rebuilds the cached label index once the ROME appellations change', async () => {
    const crosswalk = h.context.get(CrosswalkService);
    const before = await crosswalk.suggest('B1X34', 5);
    expect(before.suggestions.map((s) => s.romeCode)).not.toContain('A1101');
    const entries = jest.spyOn(h.context.get(CrosswalkRepository), 'labelEntries');
    try {
      expect((await crosswalk.suggest('B1X34', 5)).suggestions).toEqual(before.suggestions);
      expect(entries).not.toHaveBeenCalled();
      await h.dataSource.query(
        `INSERT INTO rome_appellations (ogr_code, label, short_label, rome_code, principal) VALUES (99999901, 'Couvreurs', 'Couvreurs', 'A1101', false)`,
      );
      const after = await crosswalk.suggest('B1X34', 5);
      expect(after.suggestions.map((s) => s.romeCode)).toContain('A1101');
      await crosswalk.suggest('B1X34', 5);
      expect(entries).toHaveBeenCalledTimes(1);
    } finally {
      entries.mockRestore();
      await h.dataSource.query(`DELETE FROM rome_appellations WHERE ogr_code = 99999901`);
    }
  });
});
