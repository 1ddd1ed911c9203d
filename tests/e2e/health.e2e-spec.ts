import request from 'supertest';
import { launchMeilisearch, LaunchedMeilisearch } from '../../src/dev/meilisearch-launcher';
import { SessionService } from '../../src/modules/auth/session.service';
import { OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { Role } from '../../src/modules/users/user.entity';
import { createOrganisation, createUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

describe('health, readiness and API docs', () => {
  describe('with every dependency up, then Meilisearch stopped', () => {
    let meili: LaunchedMeilisearch;
    let t: TestApp;

    beforeAll(async () => {
      // A Meilisearch of this file's own, so stopping it does not disturb other test files.
      meili = await launchMeilisearch();
      t = await startTestApp({ env: { MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey } });
    });
    afterAll(async () => {
      await t.close();
      await meili.stop();
    });

    it('reports ready with each dependency up', async () => {
      const res = await request(t.server).get('/api/ready');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ready', checks: { postgres: 'up', redis: 'up', meilisearch: 'up' } });
    });

    it('serves the OpenAPI document with the auth and organisation routes', async () => {
      const res = await request(t.server).get('/api/docs/openapi.json');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/signup', '/api/auth/login', '/api/organisations/{id}/approve', '/api/ready']));
      expect((await request(t.server).get('/api/docs')).status).toBe(200);
    });

    it('answers unknown API routes with a problem document and pages with a French 404', async () => {
      const api = await request(t.server).get('/api/nothing-here');
      expect(api.status).toBe(404);
      expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(api.body).toMatchObject({ code: 'http.not_found', status: 404 });
      const page = await request(t.server).get('/nulle-part');
      expect(page.status).toBe(404);
      expect(page.text).toContain('Page introuvable');
    });

    it('hides the demo mailbox outside demo mode', async () => {
      expect((await request(t.server).get('/dev/mails')).status).toBe(404);
    });

    it('reports Meilisearch down with a 503 in about the probe timeout, while health stays 200', async () => {
      await meili.stop();
      const started = Date.now();
      const res = await request(t.server).get('/api/ready');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'unavailable', checks: { postgres: 'up', redis: 'up', meilisearch: 'down' } });
      expect((await request(t.server).get('/api/health')).status).toBe(200);
      // Pages that do not need search keep working.
      expect((await request(t.server).get('/connexion')).status).toBe(200);
    });
  });

  describe('with Redis unreachable', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    });
    afterAll(() => t.close());

    it('reports Redis down with a 503', async () => {
      const res = await request(t.server).get('/api/ready');
      expect(res.status).toBe(503);
      expect(res.body.checks).toEqual({ postgres: 'up', redis: 'down', meilisearch: 'up' });
    });

    it('still serves signed-in users: sessions live in PostgreSQL, Redis only carries queues and throttling', async () => {
      const user = await createUser(t.dataSource, { role: Role.Counsellor, organisationId: (await createOrganisation(t.dataSource, { kind: OrganisationKind.MissionLocale, status: OrganisationStatus.Active })).id });
      const sid = await t.app.get(SessionService).create(user.id);
      const res = await request(t.server).get('/api/auth/me').set('Cookie', `psl_sid=${sid}`);
      expect(res.status).toBe(200);
      expect(res.body.email).toBe(user.email);
      // Signing in needs the throttling counts: refused with a clear 503, never a 500 or a login without throttling.
      const started = Date.now();
      const login = await request(t.server).post('/api/auth/login').send({ email: user.email, password: 'peu importe' });
      expect(login.status).toBe(503);
      expect(login.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(login.body.code).toBe('session.unavailable');
      expect(Date.now() - started).toBeLessThan(5000);
      // An unknown session is still no session: 401, not a 503.
      expect((await request(t.server).get('/api/auth/me').set('Cookie', 'psl_sid=abcdefghijklmnopqrstuvwxyz')).status).toBe(401);
    });
  });
});
