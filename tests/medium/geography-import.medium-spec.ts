import { ImportFileError } from '../../src/infra/import/import-errors';
import { ImportKind } from '../../src/modules/imports/importer';
import { BasinListQuery } from '../../src/modules/geography/dto/geography.dto';
import { GeographyService } from '../../src/modules/geography/geography.service';
import { ImportHarness, startImportHarness } from '../support/import-harness';
import { importFixture, sharedData } from '../support/reference-files';

jest.setTimeout(120_000);

const BASIN_LIST = sharedData('bmo', 'bassins_emploi_bmo_2024.csv');
const COMMUNE_BASINS = sharedData('geo', 'communes_bassin_emploi.csv');
const COMMUNE_POINTS = sharedData('geo', 'communes_coordonnees_2025.csv');
const COMMUNE_POSTCODES = sharedData('geo', 'communes_codes_postaux.csv');
const ESTABLISHMENTS = sharedData('prisons', 'etablissements_penitentiaires_enrichis.csv');

/** The import's error, which must be an ImportFileError. */
async function importError(promise: Promise<unknown>): Promise<ImportFileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  return error as ImportFileError;
}

describe('geography importers on the real files', () => {
  let h: ImportHarness;
  const count = async (sql: string, params: unknown[] = []) => Number((await h.dataSource.query(sql, params))[0].count);

  beforeAll(async () => {
    h = await startImportHarness();
  });
  afterAll(() => h.close());

  it('imports the 406 basins and their 433 department links, then changes nothing on re-import', async () => {
    const first = await h.importFile(ImportKind.Basins, BASIN_LIST);
    expect(first).toMatchObject({ rowsRead: 433, inserted: 406, updated: 0, unchanged: 0, rejected: [] });
    expect(await count('SELECT count(*) FROM basins')).toBe(406);
    expect(await count('SELECT count(*) FROM basin_departments')).toBe(433);
    const [poitiers] = await h.dataSource.query(`SELECT name, region_code, region_name FROM basins WHERE code = '7513'`);
    expect(poitiers).toEqual({ name: 'POITIERS', region_code: '75', region_name: 'Nouvelle-Aquitaine' });
    const islands = await h.dataSource.query(`SELECT department_code FROM basin_departments WHERE basin_code = '104' ORDER BY 1`);
    expect(islands.map((r: { department_code: string }) => r.department_code)).toEqual(['971', '978']);

    const again = await h.importFile(ImportKind.Basins, BASIN_LIST);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 406 });
    expect(again.notes.join(' ')).toContain('0 créé(s), 0 mis à jour, 433 inchangé(s)');
  });

  it('imports the three commune files in sequence, each writing only its own columns', async () => {
    const basins = await h.importFile(ImportKind.Communes, COMMUNE_BASINS);
    expect(basins).toMatchObject({ rowsRead: 37498, inserted: 37498, rejected: [] });
    // 501 (Saint-Pierre-et-Miquelon) is in the commune map but not in BMO 2024; 102 keeps its BMO name.
    expect(basins.notes).toEqual([expect.stringMatching(/^1 bassin\(s\) créé\(s\)/)]);
    expect(await h.dataSource.query(`SELECT code, name, region_code FROM basins WHERE code IN ('501', '102') ORDER BY code`)).toEqual([
      { code: '102', name: 'BASSIN GRANDE-TERRE', region_code: '01' },
      { code: '501', name: 'SAINT PIERRE ET MIQUELON', region_code: expect.any(String) },
    ]);

    const points = await h.importFile(ImportKind.Communes, COMMUNE_POINTS);
    expect(points).toMatchObject({ rowsRead: 34888, rejected: [] });
    expect(points.inserted + points.updated).toBe(34888);
    const postcodes = await h.importFile(ImportKind.Communes, COMMUNE_POSTCODES);
    expect(postcodes).toMatchObject({ rowsRead: 44356, rejected: [] });
    expect(postcodes.inserted + postcodes.updated).toBe(34965);

    const communes = await h.dataSource.query(
      `SELECT insee_code, name, name_key, department_code, region_code, basin_code, latitude::float AS latitude, longitude::float AS longitude, postcodes
         FROM communes WHERE insee_code IN ('86293', '97103', '13055') ORDER BY insee_code`,
    );
    expect(communes).toEqual([
      expect.objectContaining({ insee_code: '13055', name: 'MARSEILLE', basin_code: expect.any(String) }),
      { insee_code: '86293', name: 'VIVONNE', name_key: 'VIVONNE', department_code: '86', region_code: '75', basin_code: '7513', latitude: 46.412175, longitude: 0.256758, postcodes: ['86370'] },
      expect.objectContaining({ insee_code: '97103', name: 'BAIE MAHAULT', name_key: 'BAIE MAHAULT', department_code: '971', basin_code: '105', postcodes: ['97122', '97139'] }),
    ]);
    expect(communes[0].postcodes).toHaveLength(17);
    expect(communes[2].latitude).toBeCloseTo(16.27, 1);
  });

  it('changes nothing when the commune files are imported again, in another order', async () => {
    for (const file of [COMMUNE_POSTCODES, COMMUNE_BASINS, COMMUNE_POINTS]) {
      const again = await h.importFile(ImportKind.Communes, file);
      expect(again).toMatchObject({ inserted: 0, updated: 0, notes: [] });
    }
  });

  it('imports the 186 establishments with their type and basin, then changes nothing on re-import', async () => {
    const first = await h.importFile(ImportKind.Establishments, ESTABLISHMENTS);
    expect(first).toMatchObject({ rowsRead: 186, inserted: 186, rejected: [] });
    const [vivonne] = await h.dataSource.query(`SELECT * FROM establishments WHERE code = 'CP POITIERS VIVONNE'`);
    expect(vivonne).toMatchObject({
      name: 'Centre pénitentiaire de Poitiers-Vivonne',
      type: 'centre_penitentiaire',
      commune_code: '86293',
      basin_code: '7513',
      capacity: 644,
      detainees: 930,
      interregional_direction: 'Direction Interrégionale de Bordeaux',
    });
    // An empty nom_annuaire falls back to the code; no BMO basin overseas in the Pacific.
    expect(await count(`SELECT count(*) FROM establishments WHERE name = code`)).toBe(16);
    expect(await count(`SELECT count(*) FROM establishments WHERE basin_code IS NULL`)).toBe(7);

    expect(await h.importFile(ImportKind.Establishments, ESTABLISHMENTS)).toMatchObject({ inserted: 0, updated: 0, unchanged: 186 });
  });

  it('serves the basin detail the basin page needs', async () => {
    const basin = await h.context.get(GeographyService).getBasin('7513');
    expect(basin).toMatchObject({ code: '7513', name: 'POITIERS', regionCode: '75', regionName: 'Nouvelle-Aquitaine', departments: [{ code: '86', name: 'Vienne' }] });
    expect(basin.communeCount).toBeGreaterThan(50);
    expect(basin.establishments).toContainEqual({
      code: 'CP POITIERS VIVONNE',
      name: 'Centre pénitentiaire de Poitiers-Vivonne',
      type: 'centre_penitentiaire',
      typeLabel: 'Centre pénitentiaire',
      communeName: 'VIVONNE',
      capacity: 644,
    });
  });
});

describe('basins from a BMO survey file', () => {
  let h: ImportHarness;
  beforeAll(async () => {
    h = await startImportHarness();
  });
  afterAll(() => h.close());

  it('takes the distinct basin × department pairs of the survey CSV', async () => {
    const report = await h.importFile(ImportKind.Basins, sharedData('bmo', 'bmo_2024_4regions.csv'));
    expect(report.rowsRead).toBe(13017);
    expect(report.rejected).toEqual([]);
    const [{ basins, links }] = await h.dataSource.query(
      `SELECT (SELECT count(*)::int FROM basins) AS basins, (SELECT count(*)::int FROM basin_departments) AS links`,
    );
    expect(report.inserted).toBe(basins);
    // The same basins as the derived list gives for these four regions.
    const list = await h.importFile(ImportKind.Basins, sharedData('bmo', 'bassins_emploi_bmo_2024.csv'));
    const [{ inRegions }] = await h.dataSource.query(`SELECT count(*)::int AS "inRegions" FROM basins WHERE region_code IN ('75', '01', '28', '32')`);
    expect(inRegions).toBe(basins);
    expect(list.unchanged).toBe(basins);
    expect(links).toBeGreaterThan(basins - 1);
  });

  it('reads the official xlsx', async () => {
    const report = await h.importFile(ImportKind.Basins, sharedData('bmo', 'official', 'Base_open_data_BMO_2024.xlsx'));
    expect(report).toMatchObject({ rowsRead: 53443, inserted: 0, updated: 0, unchanged: 406, rejected: [] });
  });
});

describe('basin names', () => {
  let h: ImportHarness;
  const names = async () => h.dataSource.query(`SELECT code, name FROM basins ORDER BY code`);
  const searchBasins = async (q: string) => {
    const page = await h.context.get(GeographyService).listBasins(Object.assign(new BasinListQuery(), { q }));
    return page.items.map((b) => b.code);
  };

  beforeAll(async () => {
    h = await startImportHarness();
  });
  afterAll(() => h.close());

  it('keeps the BMO survey spelling when the basin list names a basin the same but for case and accents', async () => {
    await h.importFile(ImportKind.Bmo, importFixture('geography', 'bmo-mixed-case.csv'));
    const list = await h.importFile(ImportKind.Basins, importFixture('geography', 'basins-upper-case.csv'));
    expect(list).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await names()).toEqual([
      { code: '7513', name: 'Poitiers' },
      { code: '7514', name: 'Châtellerault' },
    ]);
    const survey = await h.importFile(ImportKind.Bmo, importFixture('geography', 'bmo-mixed-case.csv'));
    expect(survey.notes).toContainEqual(expect.stringContaining('0 renommé(s)'));
  });

  it('still renames a basin the list really names differently', async () => {
    const report = await h.importFile(ImportKind.Basins, importFixture('geography', 'basins-ligature.csv'));
    expect(report).toMatchObject({ inserted: 2, updated: 0, unchanged: 1 });
    const renamed = await h.importFile(ImportKind.Basins, importFixture('geography', 'basins-renamed.csv'));
    expect(renamed).toMatchObject({ updated: 1, unchanged: 0 });
    expect(await names()).toContainEqual({ code: '7548', name: 'SAINT-YRIEIX-LA-PERCHE' });
    expect(await names()).toContainEqual({ code: '7513', name: 'Poitiers' });
  });

  it('finds basins by name the way communes are found: ligatures folded, ST read as SAINT', async () => {
    expect(await searchBasins('oeuvre')).toEqual(['9901']);
    expect(await searchBasins('cœur')).toEqual(['9901']);
    expect(await searchBasins('st yrieix')).toEqual(['7548']);
    expect(await searchBasins('Saint-Yrieix')).toEqual(['7548']);
    expect(await searchBasins('chatel')).toEqual(['7514']);
    expect(await searchBasins('euvre')).toEqual([]);
  });

  it('pages the name matches in name order with their total', async () => {
    const service = h.context.get(GeographyService);
    const first = await service.listBasins(Object.assign(new BasinListQuery(), { pageSize: 2 }));
    expect(first).toMatchObject({ total: 4, totalPages: 2 });
    const second = await service.listBasins(Object.assign(new BasinListQuery(), { pageSize: 2, page: 2 }));
    expect([...first.items, ...second.items].map((b) => b.name)).toEqual(['Châtellerault', "CŒUR D'ŒUVRE", 'Poitiers', 'SAINT-YRIEIX-LA-PERCHE']);
    const c = await service.listBasins(Object.assign(new BasinListQuery(), { q: 'c', region: '75', pageSize: 1, page: 2 }));
    expect(c).toMatchObject({ total: 2, totalPages: 2, items: [{ code: '9901' }] });
    expect(await service.listBasins(Object.assign(new BasinListQuery(), { q: 'c', region: '11' }))).toMatchObject({ total: 0, items: [] });
    const vienne = await service.listBasins(Object.assign(new BasinListQuery(), { q: 'saint', department: '87' }));
    expect(vienne).toMatchObject({ total: 1, items: [{ code: '7548', departments: [{ code: '87', name: 'Haute-Vienne' }] }] });
  });
});

describe('geography importers on broken files', () => {
  let h: ImportHarness;
  beforeAll(async () => {
    h = await startImportHarness();
  });
  afterAll(() => h.close());

  it('names the missing column at line 1', async () => {
    const error = await importError(h.importFile(ImportKind.Basins, importFixture('geography', 'basins-missing-column.csv')));
    expect(error.errors).toEqual([{ line: 1, message: expect.stringMatching(/^colonne\(s\) manquante\(s\) : nom_bassin \(colonnes trouvées/) }]);
  });

  it('names the missing basin column of a BMO survey the way the BMO import does', async () => {
    const error = await importError(h.importFile(ImportKind.Basins, importFixture('geography', 'basins-bmo-missing-name.csv')));
    expect(error.errors).toEqual([{ line: 1, message: expect.stringMatching(/^colonne\(s\) manquante\(s\) : NOMBE<aa> \(nom du bassin\) \(colonnes trouvées/) }]);
  });

  it('refuses a basin named twice, citing both lines, and writes nothing', async () => {
    const error = await importError(h.importFile(ImportKind.Basins, importFixture('geography', 'basins-two-names.csv')));
    expect(error.errors).toEqual([{ line: 4, message: 'bassin 7513 nommé « POITIERS SUD » alors que la ligne 2 le nomme « POITIERS »' }]);
    expect(await h.dataSource.query('SELECT code FROM basins')).toEqual([]);
  });

  it('imports the other rows with skipBadRows and reports the rejected one', async () => {
    const report = await h.importFile(ImportKind.Basins, importFixture('geography', 'basins-two-names.csv'), { skipBadRows: true });
    expect(report).toMatchObject({ inserted: 2, rejected: [{ line: 4 }] });
    expect(await h.dataSource.query('SELECT basin_code, department_code FROM basin_departments ORDER BY 1, 2')).toEqual([
      { basin_code: '7513', department_code: '86' },
      { basin_code: '7514', department_code: '86' },
    ]);
  });

  it('drops the department links a new zoning no longer lists for the basins of the file', async () => {
    const report = await h.importFile(ImportKind.Basins, importFixture('geography', 'basins-zoning-change.csv'));
    expect(report.notes).toContain('1 lien(s) bassin × département absent(s) du fichier supprimé(s)');
    expect(await h.dataSource.query('SELECT basin_code, department_code FROM basin_departments ORDER BY 1, 2')).toEqual([
      { basin_code: '7513', department_code: '79' },
      { basin_code: '7514', department_code: '86' },
    ]);
  });

  it('recognises the closest commune format and names its missing column', async () => {
    const error = await importError(h.importFile(ImportKind.Communes, importFixture('geography', 'communes-missing-column.csv')));
    expect(error.errors).toEqual([{ line: 1, message: 'colonne(s) manquante(s) : longitude (colonnes trouvées : code_commune_insee, latitude)' }]);
  });

  it('refuses a malformed INSEE code with its line', async () => {
    const error = await importError(h.importFile(ImportKind.Communes, importFixture('geography', 'communes-bad-insee.csv')));
    expect(error.errors).toEqual([{ line: 3, message: 'code commune INSEE invalide « 8629 » (attendu : 5 caractères, ex. 86194 ou 2A004)' }]);
    expect(await h.dataSource.query('SELECT insee_code FROM communes')).toEqual([]);
  });

  it('refuses a commune listed twice in the coordinates file', async () => {
    const error = await importError(h.importFile(ImportKind.Communes, importFixture('geography', 'communes-duplicate.csv')));
    expect(error.errors).toEqual([{ line: 4, message: 'commune 86194 en double (déjà présent ligne 2)' }]);
  });

  it('refuses a file that is not UTF-8 and reads it with the encoding the user names', async () => {
    const file = importFixture('geography', 'communes-windows-1252.csv');
    const error = await importError(h.importFile(ImportKind.Communes, file));
    expect(error.errors).toEqual([{ line: 4, message: expect.stringMatching(/^encodage invalide.*--encoding windows-1252/) }]);
    await h.importFile(ImportKind.Communes, file, { encoding: 'windows-1252' });
    expect(await h.dataSource.query(`SELECT name, name_key FROM communes WHERE insee_code = '27375'`)).toEqual([
      { name: 'SAINT AUBIN LÉPINAY', name_key: 'SAINT AUBIN LEPINAY' },
    ]);
  });

  it('refuses an unknown establishment type, listing the known ones', async () => {
    const error = await importError(h.importFile(ImportKind.Establishments, importFixture('geography', 'establishments-unknown-type.csv')));
    expect(error.errors).toEqual([{ line: 3, message: expect.stringMatching(/^type d'établissement inconnu « Prison » \(attendu : Maison d'arrêt, Centre de détention/) }]);
  });

  it('refuses an establishment in an unknown basin, suggesting the basin import', async () => {
    const file = importFixture('geography', 'establishments-unknown-basin.csv');
    const error = await importError(h.importFile(ImportKind.Establishments, file));
    expect(error.errors).toEqual([{ line: 3, message: expect.stringContaining('bassin 9999 inconnu : importez d\'abord les bassins (import basins)') }]);
    expect(await h.dataSource.query('SELECT code FROM establishments')).toEqual([]);

    const report = await h.importFile(ImportKind.Establishments, file, { skipBadRows: true });
    expect(report).toMatchObject({ inserted: 1, rejected: [{ line: 3 }] });
    expect(await h.dataSource.query('SELECT code, basin_code, capacity FROM establishments')).toEqual([{ code: 'CP POITIERS VIVONNE', basin_code: '7513', capacity: 644 }]);
  });
});
