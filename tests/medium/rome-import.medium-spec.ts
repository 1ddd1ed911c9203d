import { Clock } from '../../src/common/clock/clock';
import { loadConfig } from '../../src/config/app-config';
import { ImportFileError } from '../../src/infra/import/import-errors';
import { APP_SEARCH_INDEXES } from '../../src/infra/search/search-indexes';
import { SearchService } from '../../src/infra/search/search.service';
import { ImporterRegistry } from '../../src/modules/imports/importer-registry';
import { OccupationIndexer } from '../../src/modules/occupations/occupation-indexer.service';
import { OCCUPATION_INDEX } from '../../src/modules/occupations/occupation-search-index';
import { OccupationsRepository } from '../../src/modules/occupations/occupations.repository';
import { RomeImporter } from '../../src/modules/occupations/rome.importer';
import { ImportKind } from '../../src/modules/imports/importer';
import { OccupationsService } from '../../src/modules/occupations/occupations.service';
import { ImportHarness, startImportHarness } from '../support/import-harness';
import { importFixture, sharedData } from '../support/reference-files';

jest.setTimeout(120_000);

const realExport = () => sharedData('rome_v4', 'unix_referentiel_code_rome_v458_utf8.csv');

async function importError(harness: ImportHarness, fixture: string, options = {}): Promise<ImportFileError> {
  const error = await harness.importFile(ImportKind.Rome, importFixture('rome', fixture), options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  return error as ImportFileError;
}

const messages = (error: ImportFileError) => error.errors.map((e) => e.message);

describe('ROME 4.0 importer on the real export', () => {
  let harness: ImportHarness;
  beforeAll(async () => {
    harness = await startImportHarness();
  });
  afterAll(() => harness.close());

  it('loads the five files, then a re-import changes nothing; the index answers the autocomplete', async () => {
    const started = Date.now();
    const first = await harness.importFile(ImportKind.Rome, realExport());
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(first.rejected).toEqual([]);
    expect(first.rowsRead).toBe(14 + 110 + 1056 + 1056 + 12107);
    expect(first).toMatchObject({ inserted: 14 + 110 + 1056 + 12107, updated: 0, unchanged: 0 });
    expect(first.notes).toEqual(
      expect.arrayContaining([
        'grands domaines : 14 créé(s), 0 mis à jour, 0 inchangé(s)',
        'domaines professionnels : 110 créé(s), 0 mis à jour, 0 inchangé(s)',
        'fiches ROME : 1056 créé(s), 0 mis à jour, 0 inchangé(s)',
        'appellations : 12107 créé(s), 0 mis à jour, 0 inchangé(s)',
        'index de recherche des métiers reconstruit : 13163 document(s)',
      ]),
    );

    const db = harness.dataSource;
    const [counts] = await db.query(`SELECT (SELECT count(*)::int FROM rome_grand_domains) AS gd, (SELECT count(*)::int FROM rome_professional_domains) AS dp,
      (SELECT count(*)::int FROM rome_occupations) AS oc, (SELECT count(*)::int FROM rome_appellations) AS ap,
      (SELECT count(*)::int FROM rome_appellations WHERE principal) AS principal, (SELECT count(*)::int FROM rome_appellations WHERE rarely_used) AS rare`);
    expect(counts).toEqual({ gd: 14, dp: 110, oc: 1056, ap: 12107, principal: 1056, rare: 56 });
    expect(await db.query(`SELECT * FROM rome_professional_domains WHERE code = 'A11'`)).toEqual([
      expect.objectContaining({ code: 'A11', label: 'Engins agricoles et forestiers', grand_domain_code: 'A' }),
    ]);
    expect(await db.query(`SELECT code, label, ogr_code, domain_code, rome3_code, ecological_transition, digital_transition, regulated, executive FROM rome_occupations WHERE code IN ('A1102', 'F1606') ORDER BY code`)).toEqual([
      {
        code: 'A1102',
        label: "Conducteur / Conductrice d'engins d'exploitation forestière",
        ogr_code: 403950,
        domain_code: 'A11',
        rome3_code: 'A1101',
        ecological_transition: 'Emploi stratégique pour la Transition écologique',
        digital_transition: null,
        regulated: null,
        executive: null,
      },
      expect.objectContaining({ code: 'F1606', label: 'Peintre en bâtiment', domain_code: 'F16', rome3_code: 'F1606', ecological_transition: 'Emploi Blanc' }),
    ]);
    const [flags] = await db.query(`SELECT count(*) FILTER (WHERE executive)::int AS cadre, count(*) FILTER (WHERE executive = false)::int AS non_cadre, count(*) FILTER (WHERE executive IS NULL)::int AS unknown FROM rome_occupations`);
    expect(flags).toEqual({ cadre: 220, non_cadre: 403, unknown: 433 });
    expect(await db.query(`SELECT ogr_code, label, short_label, rome_code, principal, rarely_used FROM rome_appellations WHERE ogr_code IN (17619, 10202, 12483) ORDER BY ogr_code`)).toEqual([
      {
        ogr_code: 10202,
        label: 'Accastilleur-monteur / Accastilleuse-monteuse électronique de marine',
        short_label: 'Accastilleur(se)-monteur(se) électronique de marine',
        rome_code: 'I1601',
        principal: false,
        rarely_used: false,
      },
      { ogr_code: 12483, label: "Chef d'équipe peinture", short_label: "Chef d'équipe peinture", rome_code: 'F1206', principal: false, rarely_used: false },
      { ogr_code: 17619, label: 'Peintre en bâtiment', short_label: 'Peintre en bâtiment', rome_code: 'F1606', principal: true, rarely_used: false },
    ]);

    const [{ stamp }] = await db.query(`SELECT max(updated_at) AS stamp FROM rome_appellations`);
    // The folder itself, as well as any of its files (the first import), names the export.
    const again = await harness.importFile(ImportKind.Rome, sharedData('rome_v4'));
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 14 + 110 + 1056 + 12107, rejected: [] });
    const [{ stamp: after }] = await db.query(`SELECT max(updated_at) AS stamp FROM rome_appellations`);
    expect(after).toEqual(stamp);

    const occupations = harness.context.get(OccupationsService);
    const top = async (q: string) => (await occupations.suggest(q, 5)).map((s) => s.code);
    const [painter] = await occupations.suggest('peintre batiment', 10);
    expect(painter).toEqual({ code: 'F1606', label: 'Peintre en bâtiment', matchedTitle: 'Peintre en bâtiment', domain: { code: 'F16', label: expect.any(String) } });
    expect((await top('F1606'))[0]).toBe('F1606');
    expect((await top('peintre batimant'))[0]).toBe('F1606');
    // Each occupation appears once, under its best-matching title.
    const painters = await occupations.suggest('peintre', 20);
    expect(new Set(painters.map((s) => s.code)).size).toBe(painters.length);

    const expectations: [string, string][] = [
      ['boulanger', 'D1102'],
      ['cariste', 'N1101'],
      ['aide soignant', 'J1501'],
      ['plombier', 'F1603'],
      ['soudeur', 'H2913'],
      ['maçon', 'F1703'],
      ['macon', 'F1703'],
      ['conducteur poids lourd', 'N4101'],
      ['chauffeur poids lourd', 'N4101'],
      ['cuisinier', 'G1609'],
      ['aide a domicile', 'K1304'],
    ];
    for (const [q, code] of expectations) expect([q, (await top(q))[0]]).toEqual([q, code]);

    expect(await occupations.findByCodes(['F1606', 'Z9999', 'nope'])).toEqual(new Map([['F1606', { code: 'F1606', label: 'Peintre en bâtiment' }]]));
  });
});

describe('ROME 4.0 importer on broken exports', () => {
  let harness: ImportHarness;
  beforeAll(async () => {
    harness = await startImportHarness();
  });
  afterAll(() => harness.close());

  it('names the missing file of the export', async () => {
    const error = await importError(harness, 'missing-file/unix_grand_domaine_v458_utf8.csv');
    expect(messages(error)).toEqual([expect.stringMatching(/^fichier\(s\) de l'export ROME manquant\(s\) dans .*missing-file : unix_cr_gd_dp_\*\.csv$/)]);
  });

  it('reports a bad ROME code with its file and line, and what depends on it', async () => {
    const error = await importError(harness, 'bad-code/unix_grand_domaine_v458_utf8.csv');
    expect(messages(error)).toEqual([
      'unix_referentiel_code_rome_v458_utf8.csv ligne 3 : code ROME invalide « F17 » (attendu : une lettre majuscule et 4 chiffres, ex. F1606)',
      'unix_referentiel_appellation_v458_utf8.csv ligne 4 : code ROME F1703 inconnu (absent de unix_referentiel_code_rome_v458_utf8.csv)',
    ]);
    expect(error.rowsRead).toBe(2 + 3 + 3 + 3 + 5);
    const [{ count }] = await harness.dataSource.query(`SELECT count(*)::int FROM rome_grand_domains`);
    expect(count).toBe(0);
  });

  it('checks grand domain and professional domain codes against their formats', async () => {
    const error = await importError(harness, 'bad-domain-codes');
    expect(messages(error)).toEqual([
      'unix_grand_domaine_v458_utf8.csv ligne 4 : code grand domaine invalide « ZZ » (attendu : une lettre majuscule, ex. F)',
      'unix_domaine_professionnel_v458_utf8.csv ligne 5 : code domaine professionnel invalide « Z1 » (attendu : une lettre majuscule et 2 chiffres, ex. F16)',
    ]);
  });

  it('refuses an appellation of an unknown ROME code', async () => {
    const error = await importError(harness, 'unknown-rome/unix_referentiel_appellation_v458_utf8.csv');
    expect(messages(error)).toEqual(['unix_referentiel_appellation_v458_utf8.csv ligne 7 : code ROME Z9999 inconnu (absent de unix_referentiel_code_rome_v458_utf8.csv)']);
  });

  it('refuses a duplicated appellation code', async () => {
    const error = await importError(harness, 'duplicate-ogr/unix_referentiel_appellation_v458_utf8.csv');
    expect(messages(error)).toEqual(['unix_referentiel_appellation_v458_utf8.csv ligne 7 : code OGR 17618 en double (déjà présent ligne 3)']);
  });

  it('refuses an occupation filed under a domain other than its first 3 characters', async () => {
    const error = await importError(harness, 'domain-mismatch/unix_cr_gd_dp_v458_utf8.csv');
    expect(messages(error)[0]).toBe(
      'unix_cr_gd_dp_v458_utf8.csv ligne 3 : code ROME F1703 rattaché au domaine F16 : un code ROME appartient au domaine de ses 3 premiers caractères (F17)',
    );
  });

  it('refuses a Windows-1252 export unless told its encoding', async () => {
    const error = await importError(harness, 'windows-1252/unix_cr_gd_dp_v458_utf8.csv');
    expect(messages(error)).toEqual([expect.stringMatching(/^unix_grand_domaine_v458_utf8\.csv ligne 2 : encodage invalide : ce fichier n'est pas en UTF-8/)]);

    const report = await harness.importFile(ImportKind.Rome, importFixture('rome', 'windows-1252', 'unix_cr_gd_dp_v458_utf8.csv'), { encoding: 'windows-1252' });
    expect(report).toMatchObject({ inserted: 2 + 3 + 3 + 5, rejected: [] });
    const [domain] = await harness.dataSource.query(`SELECT label FROM rome_grand_domains WHERE code = 'F'`);
    expect(domain.label).toBe('Construction, Bâtiment et Travaux publics');
  });

  it('with --skip-bad-rows, imports the valid rows and reports the others (and the rows depending on them)', async () => {
    await harness.dataSource.query(`TRUNCATE rome_grand_domains, rome_professional_domains, rome_occupations, rome_appellations CASCADE`);
    const report = await harness.importFile(ImportKind.Rome, importFixture('rome', 'bad-rows', 'unix_referentiel_code_rome_v458_utf8.csv'), { skipBadRows: true });
    expect(report.rejected.map((e) => e.message)).toEqual([
      'unix_referentiel_code_rome_v458_utf8.csv ligne 4 : code OGR invalide « abc » (attendu : un entier positif, ex. 6)',
      'unix_referentiel_appellation_v458_utf8.csv ligne 5 : code ROME N1101 inconnu (absent de unix_referentiel_code_rome_v458_utf8.csv)',
      'unix_referentiel_appellation_v458_utf8.csv ligne 6 : code ROME N1101 inconnu (absent de unix_referentiel_code_rome_v458_utf8.csv)',
      'unix_referentiel_appellation_v458_utf8.csv ligne 7 : code ROME Z9999 inconnu (absent de unix_referentiel_code_rome_v458_utf8.csv)',
    ]);
    expect(report).toMatchObject({ inserted: 2 + 3 + 2 + 3, updated: 0 });
    const codes = await harness.dataSource.query(`SELECT code FROM rome_occupations ORDER BY code`);
    expect(codes.map((r: { code: string }) => r.code)).toEqual(['F1606', 'F1703']);

    // The full valid export then completes it without touching what is already there.
    const complete = await harness.importFile(ImportKind.Rome, importFixture('rome', 'valid', 'unix_grand_domaine_v458_utf8.csv'));
    expect(complete).toMatchObject({ inserted: 1 + 2, updated: 0, unchanged: 2 + 3 + 2 + 3, rejected: [] });
  });

  it('rebuilds the index from the database and drops the documents of older runs', async () => {
    await harness.search.upsert(OCCUPATION_INDEX, [{ id: 'rome-X0000', code: 'X0000', label: 'Fiche retirée', title: 'Fiche retirée', domainCode: 'X00', domainLabel: '—', weight: 0, titleLength: 13, generation: 1 }]);
    expect((await harness.search.search(OCCUPATION_INDEX, 'fiche retiree')).hits).toHaveLength(1);
    const count = await harness.context.get(OccupationIndexer).reindexAll();
    const [{ titles }] = await harness.dataSource.query(`SELECT (SELECT count(*) FROM rome_occupations) + (SELECT count(*) FROM rome_appellations) AS titles`);
    expect(count).toBe(Number(titles));
    expect((await harness.search.search(OCCUPATION_INDEX, 'fiche retiree')).hits).toEqual([]);
    expect((await harness.search.search(OCCUPATION_INDEX, 'cariste')).hits.map((h) => h.code)).toEqual(['N1101']);
  });

  it('keeps the import when Meilisearch is unreachable, and says how to rebuild the index', async () => {
    const down = new SearchService(loadConfig({ NODE_ENV: 'test', MEILI_URL: 'http://127.0.0.1:1' }), APP_SEARCH_INDEXES);
    const indexer = new OccupationIndexer(harness.context.get(OccupationsRepository), down, harness.context.get(Clock));
    const importer = new RomeImporter(new ImporterRegistry(), harness.context.get(OccupationsRepository), indexer);
    expect(await importer.afterCommit()).toEqual([
      "moteur de recherche injoignable : l'index des métiers n'est pas à jour, reconstruisez-le avec « reindex occupations » quand Meilisearch répond",
    ]);
  });
});

describe('ROME 4.0 importer on successive exports', () => {
  let harness: ImportHarness;
  beforeAll(async () => {
    harness = await startImportHarness();
  });
  afterAll(() => harness.close());

  it('records the same digest whether the folder or one of its files is named, as both load the five files', async () => {
    await harness.importFile(ImportKind.Rome, importFixture('rome', 'valid'));
    await harness.importFile(ImportKind.Rome, importFixture('rome', 'valid', 'unix_referentiel_code_rome_v458_utf8.csv'));
    const runs: { file_name: string; file_sha256: string }[] = await harness.dataSource.query(
      `SELECT file_name, file_sha256 FROM import_runs WHERE kind = 'rome' AND status = 'succeeded' ORDER BY file_name DESC`,
    );
    expect(runs).toEqual([
      { file_name: 'valid', file_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { file_name: 'unix_referentiel_code_rome_v458_utf8.csv', file_sha256: runs[0].file_sha256 },
    ]);
  });

  it('deletes the appellations a complete export no longer lists, and keeps its withdrawn occupations', async () => {
    const report = await harness.importFile(ImportKind.Rome, importFixture('rome', 'withdrawn'));
    expect(report.notes).toEqual(
      expect.arrayContaining(["2 appellation(s) absente(s) de l'export supprimée(s)", "1 fiche(s) ROME en base absente(s) de l'export, conservée(s)"]),
    );
    expect(await harness.dataSource.query(`SELECT ogr_code FROM rome_appellations WHERE rome_code = 'N1101'`)).toEqual([]);
    expect(await harness.dataSource.query(`SELECT code FROM rome_occupations WHERE code = 'N1101'`)).toEqual([{ code: 'N1101' }]);
  });
});
