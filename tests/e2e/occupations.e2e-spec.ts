import request from 'supertest';
import { ImportKind } from '../../src/modules/imports/importer';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { importFixture } from '../support/reference-files';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

describe('occupations API and pages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(ImportRunner).run(ImportKind.Rome, importFixture('rome', 'valid', 'unix_grand_domaine_v458_utf8.csv'));
  });
  afterAll(() => t.close());

  it('suggests occupations without an account, each once, accents and typos tolerated', async () => {
    const res = await request(t.server).get('/api/occupations').query({ q: 'peintre batimnt' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [{ code: 'F1606', label: 'Peintre en bâtiment', matchedTitle: 'Peintre en bâtiment', domain: { code: 'F16', label: 'Second oeuvre' } }],
    });
    const byCode = await request(t.server).get('/api/occupations').query({ q: 'N1101' });
    expect(byCode.body.items.map((i: { code: string }) => i.code)).toEqual(['N1101']);
    const synonym = await request(t.server).get('/api/occupations').query({ q: 'interieur', limit: '1' });
    expect(synonym.body.items).toEqual([expect.objectContaining({ code: 'F1606', matchedTitle: "Peintre d'intérieur" })]);
  });

  it.each([
    [{}, 'q'],
    [{ q: 'a' }, 'q'],
    [{ q: 'x'.repeat(101) }, 'q'],
    [{ q: 'peintre', limit: '0' }, 'limit'],
    [{ q: 'peintre', limit: '21' }, 'limit'],
    [{ q: 'peintre', limit: 'dix' }, 'limit'],
    [{ q: 'peintre', sort: 'code' }, 'sort'],
  ])('answers %j with a 400 problem naming %s', async (query, field) => {
    const res = await request(t.server).get('/api/occupations').query(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'validation.failed', status: 400 });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('returns the fiche of a ROME code with its appellations, principal first', async () => {
    const res = await request(t.server).get('/api/occupations/F1606');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: 'F1606',
      label: 'Peintre en bâtiment',
      ogrCode: 3,
      domain: { code: 'F16', label: 'Second oeuvre' },
      grandDomain: { code: 'F', label: 'Construction, Bâtiment et Travaux publics' },
      rome3Code: 'F1606',
      appellations: [
        { ogrCode: 17619, label: 'Peintre en bâtiment', shortLabel: 'Peintre en bâtiment', principal: true, rarelyUsed: false },
        { ogrCode: 17618, label: "Peintre d'intérieur", shortLabel: "Peintre d'intérieur", principal: false, rarelyUsed: false },
      ],
      flags: { ecologicalTransition: 'Emploi Blanc', digitalTransition: false, demographicTransition: null, regulated: null, executive: false },
    });
  });

  it('answers an unknown code with a 404 problem and a malformed one with a 400', async () => {
    const unknown = await request(t.server).get('/api/occupations/Z9999');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.body).toMatchObject({ code: 'occupation.not_found', detail: 'Aucune fiche ROME ne porte le code Z9999.' });
    const malformed = await request(t.server).get('/api/occupations/F16');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'validation.failed', errors: [{ field: 'code', message: expect.stringContaining('Code ROME invalide') }] });
  });

  it('renders the search page without JavaScript, its results and the fiche', async () => {
    const empty = await request(t.server).get('/metiers');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('role="listbox"');
    expect(empty.text).not.toContain('Aucune fiche ROME n');
    const results = await request(t.server).get('/metiers').query({ q: 'macon' });
    expect(results.status).toBe(200);
    expect(results.text).toContain('<a href="/metiers/F1703">Maçon / Maçonne</a>');
    const none = await request(t.server).get('/metiers').query({ q: 'astronaute' });
    expect(none.text).toContain('Aucun métier ne correspond à « astronaute »');
    const invalid = await request(t.server).get('/metiers').query({ q: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('aria-invalid="true"');
    const fiche = await request(t.server).get('/metiers/f1606');
    expect(fiche.status).toBe(200);
    expect(fiche.text).toContain("Peintre d&#x27;intérieur");
    expect((await request(t.server).get('/metiers/Z9999')).status).toBe(404);
  });
});

describe('occupations with the search engine down', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { MEILI_URL: 'http://127.0.0.1:1' } });
  });
  afterAll(() => t.close());

  it('says when no ROME export has been imported yet', async () => {
    const page = await request(t.server).get('/metiers');
    expect(page.status).toBe(200);
    expect(page.text).toContain("Aucune fiche ROME n'est encore chargée");
  });

  it('answers the autocomplete with a 503 problem and the page with a friendly message', async () => {
    const res = await request(t.server).get('/api/occupations').query({ q: 'peintre' });
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'occupation.search_unavailable', status: 503 });
    const page = await request(t.server).get('/metiers').query({ q: 'peintre' });
    expect(page.status).toBe(503);
    expect(page.text).toContain('La recherche de métiers est momentanément indisponible');
  });
});
