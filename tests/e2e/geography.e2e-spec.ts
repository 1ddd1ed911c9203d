import request from 'supertest';
import { ImportKind } from '../../src/modules/imports/importer';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { sharedData } from '../support/reference-files';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/** Geography API and the /bassins page, anonymous, on the real reference files imported once. */
describe('geography API and basin lookup page', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const runner = t.app.get(ImportRunner);
    await runner.run(ImportKind.Basins, sharedData('bmo', 'bassins_emploi_bmo_2024.csv'));
    for (const file of ['communes_bassin_emploi.csv', 'communes_coordonnees_2025.csv', 'communes_codes_postaux.csv']) {
      await runner.run(ImportKind.Communes, sharedData('geo', file));
    }
    await runner.run(ImportKind.Establishments, sharedData('prisons', 'etablissements_penitentiaires_enrichis.csv'));
  });
  afterAll(() => t.close());

  const expectProblem = (res: request.Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code });
  };

  describe('GET /api/communes', () => {
    it('finds Poitiers by its name, the exact name first, with its basin', async () => {
      const res = await request(t.server).get('/api/communes').query({ q: 'poitiers' });
      expect(res.status).toBe(200);
      expect(res.body.items[0]).toEqual({
        inseeCode: '86194',
        name: 'POITIERS',
        postcodes: ['86000'],
        departmentCode: '86',
        latitude: expect.any(Number),
        longitude: expect.any(Number),
        basin: { code: '7513', name: 'POITIERS' },
      });
    });

    it('finds the communes of a postcode', async () => {
      const res = await request(t.server).get('/api/communes').query({ q: '86000' });
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { inseeCode: string }) => c.inseeCode)).toEqual(['86194']);
    });

    it('finds Vivonne without accents or case, and Baie-Mahault with its hyphen', async () => {
      const vivonne = await request(t.server).get('/api/communes').query({ q: 'vivonne' });
      expect(vivonne.body.items).toEqual([expect.objectContaining({ inseeCode: '86293', postcodes: ['86370'], basin: { code: '7513', name: 'POITIERS' } })]);
      const baie = await request(t.server).get('/api/communes').query({ q: 'Baie-Mahault' });
      expect(baie.body.items[0]).toMatchObject({ inseeCode: '97103', basin: { code: '105', name: 'BASSIN CENTRE' } });
      const accented = await request(t.server).get('/api/communes').query({ q: 'Châtellerault' });
      expect(accented.body.items[0]).toMatchObject({ inseeCode: '86066', name: 'CHATELLERAULT' });
    });

    it('finds a commune by its INSEE code and returns at most 20 communes', async () => {
      const insee = await request(t.server).get('/api/communes').query({ q: '86293' });
      expect(insee.body.items.map((c: { inseeCode: string }) => c.inseeCode)).toEqual(['86293']);
      const many = await request(t.server).get('/api/communes').query({ q: 'saint' });
      expect(many.body.items).toHaveLength(20);
    });

    it('answers an unmatched name with an empty list', async () => {
      const res = await request(t.server).get('/api/communes').query({ q: 'Xyzzyville' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [] });
    });

    it('requires q of 2 to 80 characters', async () => {
      expectProblem(await request(t.server).get('/api/communes'), 400, 'validation.failed');
      const short = await request(t.server).get('/api/communes').query({ q: 'p' });
      expectProblem(short, 400, 'validation.failed');
      expect(short.body.errors).toEqual([{ field: 'q', message: 'Saisissez entre 2 et 80 caractères : un nom de commune ou un code postal.' }]);
      expectProblem(await request(t.server).get('/api/communes').query({ q: 'x'.repeat(81) }), 400, 'validation.failed');
      expectProblem(await request(t.server).get('/api/communes?q=a&q=b'), 400, 'validation.failed');
    });
  });

  describe('GET /api/basins', () => {
    it('pages the basins by name and filters them by name, department and region', async () => {
      const page = await request(t.server).get('/api/basins').query({ pageSize: 5 });
      expect(page.status).toBe(200);
      // 406 basins of BMO 2024, plus 501 (Saint-Pierre-et-Miquelon) created from the commune map.
      expect(page.body).toMatchObject({ page: 1, pageSize: 5, total: 407, totalPages: 82 });
      const byName = await request(t.server).get('/api/basins').query({ q: 'poitiers' });
      expect(byName.body.items).toEqual([{ code: '7513', name: 'POITIERS', regionCode: '75', regionName: 'Nouvelle-Aquitaine', departments: [{ code: '86', name: 'Vienne' }] }]);
      const vienne = await request(t.server).get('/api/basins').query({ department: '86' });
      expect(vienne.body.items.map((b: { code: string }) => b.code).sort()).toEqual(expect.arrayContaining(['7513']));
      expect(vienne.body.items.every((b: { departments: { code: string }[] }) => b.departments.some((d) => d.code === '86'))).toBe(true);
      const guadeloupe = await request(t.server).get('/api/basins').query({ region: '01', pageSize: 100 });
      expect(guadeloupe.body.items.every((b: { regionCode: string }) => b.regionCode === '01')).toBe(true);
      expect(guadeloupe.body.total).toBeGreaterThan(3);
    });

    it('finds the basins the survey names with ST by their abbreviation or in full', async () => {
      const codes = async (q: string) => (await request(t.server).get('/api/basins').query({ q })).body.items.map((b: { code: string }) => b.code);
      expect(await codes('st girons')).toEqual(['7613']);
      expect(await codes('Saint-Girons')).toEqual(['7613']);
      expect(await codes('st yrieix')).toEqual(['7548']);
    });

    it('refuses malformed filters', async () => {
      expectProblem(await request(t.server).get('/api/basins').query({ department: '860' }), 400, 'validation.failed');
      expectProblem(await request(t.server).get('/api/basins').query({ pageSize: 1000 }), 400, 'validation.failed');
      expectProblem(await request(t.server).get('/api/basins').query({ q: 'x'.repeat(81) }), 400, 'validation.failed');
      expect((await request(t.server).get('/api/basins').query({ q: '' })).body.total).toBe(407);
    });
  });

  describe('GET /api/basins/:code', () => {
    it('gives the basin detail with its establishments', async () => {
      const res = await request(t.server).get('/api/basins/7513');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ code: '7513', name: 'POITIERS', regionCode: '75', departments: [{ code: '86', name: 'Vienne' }] });
      expect(res.body.communeCount).toBeGreaterThan(50);
      expect(res.body.establishments).toContainEqual(expect.objectContaining({ code: 'CP POITIERS VIVONNE', typeLabel: 'Centre pénitentiaire', capacity: 644 }));
    });

    it('answers 404 for an unknown basin and 400 for a malformed code', async () => {
      const unknown = await request(t.server).get('/api/basins/9999');
      expectProblem(unknown, 404, 'basin.not_found');
      expect(unknown.body.detail).toBe("Aucun bassin d'emploi ne porte le code 9999.");
      expectProblem(await request(t.server).get('/api/basins/75x3'), 400, 'validation.failed');
    });
  });

  describe('GET /api/establishments', () => {
    it('lists the establishments of a basin or a department', async () => {
      const basin = await request(t.server).get('/api/establishments').query({ basin: '7513' });
      expect(basin.status).toBe(200);
      expect(basin.body.items).toContainEqual(
        expect.objectContaining({ code: 'CP POITIERS VIVONNE', type: 'centre_penitentiaire', basin: { code: '7513', name: 'POITIERS' }, communeCode: '86293', detainees: 930 }),
      );
      const guadeloupe = await request(t.server).get('/api/establishments').query({ department: '971' });
      expect(guadeloupe.body.items.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining(['CP BAIE MAHAULT', 'MA BASSE TERRE']));
      expectProblem(await request(t.server).get('/api/establishments').query({ basin: 'abc' }), 400, 'validation.failed');
    });
  });

  describe('/bassins page', () => {
    it('lists the basins by region without a query', async () => {
      const res = await request(t.server).get('/bassins');
      expect(res.status).toBe(200);
      expect(res.text).toContain('Commune ou code postal');
      expect(res.text).toContain('Nouvelle-Aquitaine');
      expect(res.text).toContain('href="/bassins/7513"');
    });

    it('shows the communes of a postcode with a link to their basin', async () => {
      const res = await request(t.server).get('/bassins').query({ q: '86370' });
      expect(res.status).toBe(200);
      expect(res.text).toContain('VIVONNE');
      expect(res.text).toMatch(/<a href="\/bassins\/7513">POITIERS<\/a>/);
    });

    it('says so when no commune matches, and explains a too short query', async () => {
      const none = await request(t.server).get('/bassins').query({ q: 'Xyzzyville' });
      expect(none.status).toBe(200);
      expect(none.text).toContain('Aucune commune ne correspond à « Xyzzyville »');
      const short = await request(t.server).get('/bassins').query({ q: 'x' });
      expect(short.status).toBe(400);
      expect(short.text).toContain('Saisissez entre 2 et 80 caractères');
    });
  });
});
