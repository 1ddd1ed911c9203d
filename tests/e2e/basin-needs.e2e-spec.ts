import request from 'supertest';
import { ImportKind } from '../../src/modules/imports/importer';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { importFixture } from '../support/reference-files';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(30_000);

describe('basin needs: API and pages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(ImportRunner).run(ImportKind.Bmo, importFixture('bmo', 'small.csv'));
    // Two ROME occupations, only one of them linked to a FAP family of the survey.
    await t.dataSource.query(`INSERT INTO rome_grand_domains (code, label) VALUES ('F', 'Construction, Bâtiment et Travaux publics')`);
    await t.dataSource.query(`INSERT INTO rome_professional_domains (code, label, grand_domain_code) VALUES ('F16', 'Second oeuvre', 'F'), ('F17', 'Travaux et gros oeuvre', 'F')`);
    await t.dataSource.query(
      `INSERT INTO rome_occupations (code, label, ogr_code, domain_code) VALUES ('F1606', 'Peintre en bâtiment', 1, 'F16'), ('F1703', 'Maçon / Maçonne', 2, 'F17')`,
    );
    await t.dataSource.query(`INSERT INTO fap_rome_links (fap_code, rome_code, source) VALUES ('B2Z40', 'F1606', 'curated')`);
  });
  afterAll(() => t.close());

  describe('GET /api/basins/:code/needs', () => {
    it('lists the most-needed occupations of the latest survey, with shares and tension', async () => {
      const res = await request(t.server).get('/api/basins/7513/needs').expect(200);
      expect(res.body).toMatchObject({ basin: { code: '7513', name: 'POITIERS' }, year: 2024, years: [2024], total: 3, page: 1 });
      expect(res.body.items.map((i: { fapCode: string }) => i.fapCode)).toEqual(['B2Z40', 'S1X20', 'B2Z41']);
      expect(res.body.items[0]).toEqual({
        fapCode: 'B2Z40',
        fapLabel: 'Peintres en bâtiment (fictif)',
        familyLabel: 'Ouvriers de la construction et du bâtiment',
        projects: 120,
        difficultProjects: 90,
        seasonalProjects: 10,
        partial: false,
        shareDifficult: 0.75,
        shareSeasonal: 0.0833,
        tension: 0.7308,
        tensionLevel: 'strong',
        tensionLabel: 'Forte',
      });
    });

    it('ranks by tension, where 3 difficult out of 3 stays below 90 out of 120', async () => {
      const res = await request(t.server).get('/api/basins/7513/needs?sort=tension').expect(200);
      expect(res.body.items.map((i: { fapCode: string; tension: number }) => [i.fapCode, i.tension])).toEqual([
        ['B2Z40', 0.7308],
        ['B2Z41', 0.6154],
        ['S1X20', 0.34],
      ]);
    });

    it('sums the departments of a basin and flags secret figures instead of counting them as zero', async () => {
      const res = await request(t.server).get('/api/basins/7514/needs').expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ fapCode: 'S1X20', projects: 8, difficultProjects: 2, seasonalProjects: null, partial: true, shareDifficult: 0.25, shareSeasonal: null }),
        expect.objectContaining({ fapCode: 'B2Z40', projects: null, difficultProjects: null, partial: true, tension: null, tensionLevel: 'unknown' }),
      ]);
    });

    it('paginates', async () => {
      const res = await request(t.server).get('/api/basins/7513/needs?pageSize=2&page=2').expect(200);
      expect(res.body).toMatchObject({ page: 2, pageSize: 2, total: 3, totalPages: 2 });
      expect(res.body.items).toHaveLength(1);
    });

    it('reads the tension of a handful of projects as no tension by itself', async () => {
      // 0 difficult out of 1 project in a basin of its own.
      await t.dataSource.query(`INSERT INTO basins (code, name) VALUES ('9001', 'PETIT BASSIN')`);
      await t.dataSource.query(`INSERT INTO basin_needs (year, basin_code, department_code, fap_code, projects, difficult_projects, seasonal_projects) VALUES (2024, '9001', '86', 'B2Z40', 1, 0, 0), (2024, '9001', '86', 'S1X20', 0, 0, 0)`);
      const res = await request(t.server).get('/api/basins/9001/needs').expect(200);
      expect(res.body.items.map((i: { fapCode: string; tension: number | null; tensionLevel: string }) => [i.fapCode, i.tension, i.tensionLevel])).toEqual([
        ['B2Z40', 0.4545, 'low'],
        ['S1X20', null, 'not_reported'],
      ]);
    });

    it('keeps the total past the last page, so an empty page is not mistaken for a basin without data', async () => {
      const res = await request(t.server).get('/api/basins/7513/needs?page=50').expect(200);
      expect(res.body).toMatchObject({ page: 50, total: 3, totalPages: 1, items: [] });
    });

    it.each([
      ['/api/basins/9999/needs', 404, 'basin.not_found'],
      ['/api/basins/75A3/needs', 400, 'validation.failed'],
      ['/api/basins/7513/needs?sort=alpha', 400, 'validation.failed'],
      ['/api/basins/7513/needs?year=20x4', 400, 'validation.failed'],
      ['/api/basins/7513/needs?year=2023', 404, 'basin_needs.year_not_found'],
      ['/api/basins/7513/needs?pageSize=1000', 400, 'validation.failed'],
    ])('GET %s → %i %s as problem+json', async (url, status, code) => {
      const res = await request(t.server).get(url).expect(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code });
    });
  });

  describe('GET /api/basins/:code/needs/:rome', () => {
    it('gives the needs of the FAP families linked to the ROME code', async () => {
      const res = await request(t.server).get('/api/basins/7513/needs/f1606').expect(200);
      expect(res.body).toMatchObject({
        occupation: { code: 'F1606', label: 'Peintre en bâtiment' },
        crosswalk: 'linked',
        links: [{ fapCode: 'B2Z40', source: 'curated' }],
        items: [{ fapCode: 'B2Z40', projects: 120, reported: true }],
      });
    });

    it('says there is no link rather than guessing one', async () => {
      const res = await request(t.server).get('/api/basins/7513/needs/F1703').expect(200);
      expect(res.body).toMatchObject({ crosswalk: 'missing', links: [], items: [] });
      expect(res.body.message).toContain('Aucune correspondance FAP ↔ ROME');
    });

    it('tells a linked family without projects in the basin apart from a secret figure', async () => {
      await t.dataSource.query(`INSERT INTO fap_rome_links (fap_code, rome_code, source) VALUES ('S1X21', 'F1703', 'staff')`);
      const res = await request(t.server).get('/api/basins/7513/needs/F1703').expect(200);
      expect(res.body).toMatchObject({
        crosswalk: 'linked',
        items: [{ fapCode: 'S1X21', reported: false, projects: null, difficultProjects: null, tension: null, tensionLevel: 'not_reported', tensionLabel: 'Aucun projet recensé' }],
      });
      expect(res.body.message).toContain('Aucun projet de recrutement recensé');
    });

    it.each([
      ['/api/basins/7513/needs/Z9999', 404, 'occupation.not_found'],
      ['/api/basins/7513/needs/F16', 400, 'validation.failed'],
    ])('GET %s → %i', async (url, status, code) => {
      const res = await request(t.server).get(url).expect(status);
      expect(res.body).toMatchObject({ status, code });
    });
  });

  describe('pages', () => {
    it('shows the basin page with both rankings and the explanation of secret figures', async () => {
      const res = await request(t.server).get('/bassins/7513').expect(200);
      expect(res.text).toContain("Bassin d'emploi POITIERS");
      expect(res.text).toContain('Métiers les plus recherchés');
      expect(res.text).toContain('Métiers les plus difficiles à pourvoir');
      expect(res.text).toContain('Peintres en bâtiment (fictif)');
      expect(res.text).toMatch(/<strong>163<\/strong> projets de recrutement/);
      // 105 difficult out of the 163 projects whose two figures are known.
      expect(res.text).toMatch(/<strong>64\s%<\/strong> jugés difficiles/u);
    });

    it('shows secret figures as such on the page', async () => {
      const res = await request(t.server).get('/bassins/7514').expect(200);
      expect(res.text).toContain('title="Valeur couverte par le secret statistique">secret</abbr>');
    });

    it('sends the ROME form to the occupation page, which says when no link exists', async () => {
      const redirect = await request(t.server).get('/bassins/7513/metiers?rome=f1606').expect(303);
      expect(redirect.headers.location).toBe('/bassins/7513/metiers/F1606');
      const linked = await request(t.server).get('/bassins/7513/metiers/F1606').expect(200);
      expect(linked.text).toContain('Peintres en bâtiment (fictif)');
      await t.dataSource.query(`DELETE FROM fap_rome_links WHERE rome_code = 'F1703'`);
      const missing = await request(t.server).get('/bassins/7513/metiers/F1703').expect(200);
      expect(missing.text).toContain('Aucune correspondance FAP ↔ ROME');
    });

    it('answers an unknown basin with a French 404 page', async () => {
      const res = await request(t.server).get('/bassins/9999').expect(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    });
  });
});
