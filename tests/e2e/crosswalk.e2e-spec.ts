import request from 'supertest';
import { Role } from '../../src/modules/users/user.entity';
import { createUser } from '../support/factories';
import { Agent, loginAgent } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(30_000);

/** Minimal reference rows: real labels, inserted by SQL so the test needs no import. */
async function seedReference(t: TestApp): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
  await q(`INSERT INTO rome_grand_domains (code, label) VALUES ('F', 'Construction, Bâtiment et Travaux Publics'), ('G', 'Hôtellerie-Restauration, Tourisme, Loisirs et Animation')`);
  await q(`INSERT INTO rome_professional_domains (code, label, grand_domain_code) VALUES ('F16', 'Second œuvre', 'F'), ('G18', 'Service en restauration', 'G')`);
  await q(`INSERT INTO rome_occupations (code, label, ogr_code, domain_code, rome3_code) VALUES
    ('F1606', 'Peintre en bâtiment', 1, 'F16', 'F1606'),
    ('F1610', 'Poseur / Poseuse de revêtements souples', 2, 'F16', 'F1609'),
    ('G1803', 'Serveur / Serveuse en restauration', 3, 'G18', 'G1803')`);
  await q(`INSERT INTO rome_appellations (ogr_code, label, short_label, rome_code, principal) VALUES
    (11, 'Peintre en bâtiment', 'Peintre en bâtiment', 'F1606', true),
    (12, 'Peintre décorateur / Peintre décoratrice en bâtiment', 'Peintre décorateur en bâtiment', 'F1606', false),
    (13, 'Serveur / Serveuse de restaurant', 'Serveur de restaurant', 'G1803', true)`);
  await q(`INSERT INTO fap_occupations (code, label) VALUES ('B2X36', 'Ouvriers en peinture en bâtiment'), ('S2X61', 'Serveurs de cafés restaurants')`);
  await q(`INSERT INTO basins (code, name) VALUES ('7513', 'BASSIN POITIERS')`);
  await q(`INSERT INTO basin_needs (year, basin_code, department_code, fap_code, projects, difficult_projects, seasonal_projects) VALUES
    (2024, '7513', '86', 'B2X36', 120, 90, 10), (2024, '7513', '86', 'S2X61', 300, 150, 200)`);
}

describe('FAP ↔ ROME crosswalk API and staff page', () => {
  let t: TestApp;
  let coordinator: { agent: Agent; csrf: string };
  let employer: { agent: Agent; csrf: string };

  beforeAll(async () => {
    t = await startTestApp();
    await seedReference(t);
    coordinator = await loginAgent(t.server, (await createUser(t.dataSource, { role: Role.Coordinator })).email);
    employer = await loginAgent(t.server, (await createUser(t.dataSource, { role: Role.Employer })).email);
  });
  afterAll(() => t.close());

  it('lets a coordinator confirm a suggestion and any signed-in user read the link; employers cannot decide', async () => {
    expect((await request(t.server).get('/api/fap-rome-links')).status).toBe(401);
    expect((await employer.agent.get('/api/fap-rome-links?fap=B2X36')).body).toEqual([]);

    const forbiddenSuggestions = await employer.agent.get('/api/fap-rome-links/suggestions?fap=B2X36');
    expect(forbiddenSuggestions.status).toBe(403);
    const suggestions = await coordinator.agent.get('/api/fap-rome-links/suggestions?fap=b2x36&limit=2');
    expect(suggestions.status).toBe(200);
    expect(suggestions.body).toMatchObject({ fapCode: 'B2X36', fapLabel: 'Ouvriers en peinture en bâtiment' });
    expect(suggestions.body.suggestions[0]).toMatchObject({ romeCode: 'F1606', romeLabel: 'Peintre en bâtiment', matchedLabel: 'Peintre en bâtiment' });

    const denied = await employer.agent.post('/api/fap-rome-links').set('x-csrf-token', employer.csrf).send({ fapCode: 'B2X36', romeCode: 'F1606' });
    expect(denied.status).toBe(403);
    const noToken = await coordinator.agent.post('/api/fap-rome-links').send({ fapCode: 'B2X36', romeCode: 'F1606' });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('csrf.invalid');

    const confirmed = await coordinator.agent.post('/api/fap-rome-links').set('x-csrf-token', coordinator.csrf).send({ fapCode: 'B2X36', romeCode: 'F1606' });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({ fapCode: 'B2X36', romeCode: 'F1606', source: 'staff', status: 'active', romeLabel: 'Peintre en bâtiment' });
    const [{ decided_by }] = await t.dataSource.query(`SELECT decided_by FROM fap_rome_links WHERE fap_code = 'B2X36' AND rome_code = 'F1606'`);
    expect(decided_by).toBe(confirmed.body.decidedBy);
    expect(decided_by).not.toBeNull();

    const again = await coordinator.agent.post('/api/fap-rome-links').set('x-csrf-token', coordinator.csrf).send({ fapCode: 'B2X36', romeCode: 'F1606' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('crosswalk.already_active');

    const read = await employer.agent.get('/api/fap-rome-links?rome=F1606');
    expect(read.body).toEqual([expect.objectContaining({ fapCode: 'B2X36', fapLabel: 'Ouvriers en peinture en bâtiment', source: 'staff' })]);
    // The confirmed pair is no longer suggested.
    const after = await coordinator.agent.get('/api/fap-rome-links/suggestions?fap=B2X36');
    expect(after.body.suggestions.map((s: { romeCode: string }) => s.romeCode)).not.toContain('F1606');
  });

  it('answers 404 for an unknown ROME or FAP code and 400 for malformed codes', async () => {
    const unknown = await coordinator.agent.post('/api/fap-rome-links').set('x-csrf-token', coordinator.csrf).send({ fapCode: 'B2X36', romeCode: 'F9999' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('crosswalk.unknown_rome');
    expect((await coordinator.agent.get('/api/fap-rome-links/suggestions?fap=Z9Z99')).body.code).toBe('crosswalk.unknown_fap');
    const malformed = await coordinator.agent.post('/api/fap-rome-links').set('x-csrf-token', coordinator.csrf).send({ fapCode: 'B2', romeCode: 'peintre' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['fapCode', 'romeCode']);
    expect((await employer.agent.get('/api/fap-rome-links?fap=xx')).status).toBe(400);
  });

  it('refuses a decision on a FAP code unknown to the BMO nomenclature, over the API and the page', async () => {
    const typo = await coordinator.agent.post('/api/fap-rome-links').set('x-csrf-token', coordinator.csrf).send({ fapCode: 'B2Z04', romeCode: 'F1606' });
    expect(typo.status).toBe(404);
    expect(typo.body.code).toBe('crosswalk.unknown_fap');
    const rejectTypo = await coordinator.agent.post('/api/fap-rome-links/reject').set('x-csrf-token', coordinator.csrf).send({ fapCode: 'B2Z04', romeCode: 'F1606' });
    expect(rejectTypo.body.code).toBe('crosswalk.unknown_fap');
    const form = await coordinator.agent.post('/coordination/correspondances/confirmer').type('form').send({ _csrf: coordinator.csrf, fapCode: 'B2Z04', romeCode: 'F1606' });
    expect(form.headers.location).toBe('/coordination/correspondances?erreur=fap-inconnu');
    expect(await t.dataSource.query(`SELECT 1 FROM fap_rome_links WHERE fap_code = 'B2Z04'`)).toEqual([]);
    const page = await coordinator.agent.get(form.headers.location);
    expect(page.text).toContain('Ce code FAP n’est pas connu');
    expect(page.text).toContain('<title>Erreur — Correspondances FAP ↔ ROME · Passerelle</title>');
  });

  it('rejects a pair: it stays rejected, is listed as such and is not suggested again', async () => {
    const rejected = await coordinator.agent.post('/api/fap-rome-links/reject').set('x-csrf-token', coordinator.csrf).send({ fapCode: 'S2X61', romeCode: 'F1610' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', source: 'staff' });
    expect((await employer.agent.post('/api/fap-rome-links/reject').set('x-csrf-token', employer.csrf).send({ fapCode: 'S2X61', romeCode: 'F1610' })).status).toBe(403);
    expect((await employer.agent.get('/api/fap-rome-links?fap=S2X61&status=active')).body).toEqual([]);
    expect((await employer.agent.get('/api/fap-rome-links?fap=S2X61&status=rejected')).body).toHaveLength(1);
  });

  it('shows the staff page with unlinked BMO families, their suggestions, and confirms through a form', async () => {
    expect((await employer.agent.get('/coordination/correspondances')).status).toBe(403);
    const page = await coordinator.agent.get('/coordination/correspondances');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Familles FAP sans correspondance (1)');
    expect(page.text).toContain('S2X61');
    expect(page.text).toContain('G1803');
    expect(page.text).toContain('Serveur / Serveuse en restauration');
    expect(page.text).toMatch(/<td>Équipe<\/td>/);
    // Each Confirmer / Écarter form, rendered inside the loops, carries the session's CSRF token.
    const tokens = [...page.text.matchAll(/<form method="post" action="\/coordination\/correspondances\/[a-z]+"[^>]*>\s*<input type="hidden" name="_csrf" value="([^"]*)"/g)].map((m) => m[1]);
    // Confirmer and Écarter for the suggestion, Écarter for the active B2X36 ↔ F1606 link.
    expect(tokens).toEqual([coordinator.csrf, coordinator.csrf, coordinator.csrf]);

    const withoutToken = await coordinator.agent.post('/coordination/correspondances/confirmer').type('form').send({ fapCode: 'S2X61', romeCode: 'G1803' });
    expect(withoutToken.status).toBe(403);

    const form = await coordinator.agent
      .post('/coordination/correspondances/confirmer')
      .type('form')
      .send({ _csrf: coordinator.csrf, fapCode: 'S2X61', romeCode: 'G1803', returnTo: '/coordination/correspondances?q=serveur' });
    expect(form.status).toBe(303);
    expect(form.headers.location).toBe('/coordination/correspondances?q=serveur&info=correspondance-confirmee');
    const twice = await coordinator.agent.post('/coordination/correspondances/confirmer').type('form').send({ _csrf: coordinator.csrf, fapCode: 'S2X61', romeCode: 'G1803' });
    expect(twice.headers.location).toBe('/coordination/correspondances?erreur=correspondance-deja-active');
    const error = await coordinator.agent.get(twice.headers.location);
    expect(error.text).toContain('<title>Erreur — Correspondances FAP ↔ ROME · Passerelle</title>');
    expect(error.text).toMatch(/class="alert alert-error"[^>]*>\s*<p>Cette correspondance était déjà active.<\/p>/);

    // A success is shown as information, not as an error.
    const done = await coordinator.agent.get(form.headers.location);
    expect(done.text).toContain('<title>Correspondances FAP ↔ ROME · Passerelle</title>');
    expect(done.text).not.toContain('Erreur —');
    expect(done.text).toMatch(/class="alert alert-info"[^>]*><p>La correspondance est confirmée.<\/p>/);
    expect(done.text).not.toContain('alert-error');
    const unfiltered = await coordinator.agent.get('/coordination/correspondances');
    expect(unfiltered.text).toContain('Toutes les familles FAP connues ont au moins une correspondance ROME active.');
    const filtered = await coordinator.agent.get('/coordination/correspondances?q=peinture');
    expect(filtered.text).toContain('B2X36');
    expect(filtered.text).not.toContain('G1803');
  });

  it('removes a wrong active link from the page with « Écarter »', async () => {
    await t.dataSource.query(`INSERT INTO fap_rome_links (fap_code, rome_code, source, status) VALUES ('S2X61', 'F1606', 'dares', 'active')`);
    const page = await coordinator.agent.get('/coordination/correspondances?q=s2x61');
    const row = page.text.match(/<tr data-link="S2X61-F1606">[\s\S]*?<\/tr>/)?.[0] ?? '';
    expect(row).toContain('action="/coordination/correspondances/ecarter"');
    expect(row).toContain(`name="_csrf" value="${coordinator.csrf}"`);
    expect(row).toContain('aria-label="Écarter S2X61 ↔ F1606"');

    const withoutToken = await coordinator.agent.post('/coordination/correspondances/ecarter').type('form').send({ fapCode: 'S2X61', romeCode: 'F1606' });
    expect(withoutToken.status).toBe(403);
    const removed = await coordinator.agent
      .post('/coordination/correspondances/ecarter')
      .type('form')
      .send({ _csrf: coordinator.csrf, fapCode: 'S2X61', romeCode: 'F1606', returnTo: '/coordination/correspondances?q=s2x61' });
    expect(removed.headers.location).toBe('/coordination/correspondances?q=s2x61&info=correspondance-ecartee');
    const [link] = await t.dataSource.query(`SELECT status, source FROM fap_rome_links WHERE fap_code = 'S2X61' AND rome_code = 'F1606'`);
    expect(link).toEqual({ status: 'rejected', source: 'dares' });
    const after = await coordinator.agent.get(removed.headers.location);
    expect(after.text).not.toContain('data-link="S2X61-F1606"');
    expect(after.text).toContain('La correspondance est écartée');
    expect(after.text).not.toContain('Erreur —');
  });

  it('pages the FAP families without a link, 20 a page, keeping the filter and the page in the links and forms', async () => {
    const codes = Array.from({ length: 25 }, (_, i) => `Z0Z${String(i).padStart(2, '0')}`);
    await t.dataSource.query(`INSERT INTO fap_occupations (code, label) SELECT code, 'Serveurs fictifs ' || code FROM unnest($1::text[]) AS code`, [codes]);
    try {
      const rowsOf = (html: string) => [...html.matchAll(/<tr data-fap="([^"]+)">/g)].map((m) => m[1]);
      // Attribute values as the browser reads them (Handlebars escapes "=" and "&").
      const decoded = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
      const first = await coordinator.agent.get('/coordination/correspondances?q=fictifs');
      expect(first.text).toContain('Familles FAP sans correspondance (25)');
      expect(rowsOf(first.text)).toEqual(codes.slice(0, 20));
      expect(first.text).toContain('Page 1 sur 2');
      expect(decoded(first.text)).toContain('href="/coordination/correspondances?q=fictifs&page=2" rel="next"');
      expect(decoded(first.text)).not.toContain('rel="prev"');

      const second = await coordinator.agent.get('/coordination/correspondances?q=fictifs&page=2');
      expect(rowsOf(second.text)).toEqual(codes.slice(20));
      expect(decoded(second.text)).toContain('href="/coordination/correspondances?q=fictifs" rel="prev"');
      // A decision taken on page 2 comes back to page 2.
      expect(decoded(second.text)).toContain('name="returnTo" value="/coordination/correspondances?q=fictifs&page=2"');
      expect(rowsOf((await coordinator.agent.get('/coordination/correspondances?q=fictifs&page=9')).text)).toEqual(codes.slice(20));
      expect((await coordinator.agent.get('/coordination/correspondances?page=zero')).status).toBe(400);

      // Every other family has an active link by now: without a filter, the same 25 on two pages.
      const all = await coordinator.agent.get('/coordination/correspondances');
      expect(rowsOf(all.text)).toHaveLength(20);
      expect(all.text).toContain('Familles FAP sans correspondance (25)');
    } finally {
      await t.dataSource.query(`DELETE FROM fap_occupations WHERE code = ANY($1::text[])`, [codes]);
    }
  });
});
