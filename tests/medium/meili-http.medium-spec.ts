import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config';
import { MeiliHttp, MeiliHttpError } from '../../src/infra/search/meili-http';
import { SearchService, SearchUnavailableError } from '../../src/infra/search/search.service';
import { requireEnv, TEST_ENV } from '../setup/test-env';

jest.setTimeout(30_000);

/** A loopback server that answers each request with `handler` (or never, when it does not end the response). */
async function fakeServer(handler: http.RequestListener): Promise<{ url: string; requests: http.IncomingMessage[]; close: () => Promise<void> }> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('MeiliHttp, the searches’ transport (real Meilisearch and loopback servers)', () => {
  const meiliUrl = requireEnv(TEST_ENV.meiliUrl);
  const meiliKey = process.env[TEST_ENV.meiliKey] || undefined;
  const prefix = `t${randomBytes(4).toString('hex')}_`;
  const config = loadConfig({ NODE_ENV: 'test', MEILI_URL: meiliUrl, MEILI_MASTER_KEY: meiliKey, MEILI_INDEX_PREFIX: prefix });
  const search = new SearchService(config, [{ name: 'probe', primaryKey: 'code', settings: { searchableAttributes: ['label'], filterableAttributes: ['domain'] } }]);

  afterAll(async () => {
    await search.dropIndex(search.uid('probe'));
    search.onApplicationShutdown();
  });

  it('runs a multi-search against Meilisearch and returns each query’s answer in order', async () => {
    await search.upsert('probe', [
      { code: 'F1703', label: 'Maçonnerie', domain: 'F' },
      { code: 'F1606', label: 'Peinture en bâtiment', domain: 'F' },
      { code: 'N1103', label: 'Magasinage', domain: 'N' },
    ]);
    const [byText, byFilter] = await search.multiSearch<{ code: string }>('probe', [{ q: 'peinture' }, { q: '', filter: ['domain = F'], facets: ['domain'], limit: 0 }]);
    expect(byText.hits.map((h) => h.code)).toEqual(['F1606']);
    expect(byFilter.hits).toEqual([]);
    expect(byFilter.facetDistribution).toEqual({ domain: { F: 2 } });
  });

  it('turns an error answer into a MeiliHttpError with Meilisearch’s status and code', async () => {
    const transport = new MeiliHttp(meiliUrl, 'not-the-key');
    try {
      const failure = await transport.post('/multi-search', { queries: [] }, 2000).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(MeiliHttpError);
      expect((failure as MeiliHttpError).status).toBe(403);
      expect((failure as MeiliHttpError).code).toBe('invalid_api_key');
    } finally {
      transport.close();
    }
  });

  it('gives up at its deadline when the server does not answer, and the search reports the engine unavailable', async () => {
    const silent = await fakeServer(() => undefined);
    const hanging = new SearchService(loadConfig({ NODE_ENV: 'test', MEILI_URL: silent.url, MEILI_MASTER_KEY: 'k'.repeat(16) }), []);
    try {
      const started = Date.now();
      await expect(hanging.multiSearch('probe', [{ q: 'x' }], 300)).rejects.toBeInstanceOf(SearchUnavailableError);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(1500);
    } finally {
      hanging.onApplicationShutdown();
      await silent.close();
    }
  });

  it('sends the key, JSON and no Accept-Encoding, and reuses its connection', async () => {
    const sockets = new Set<unknown>();
    const server = await fakeServer((req, res) => {
      sockets.add(req.socket);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ results: [{ hits: [], query: 'x' }] }));
    });
    const transport = new MeiliHttp(server.url, 'secret-key');
    try {
      await transport.post('/multi-search', { queries: [{ q: 'x' }] }, 1000);
      await transport.post('/multi-search', { queries: [{ q: 'y' }] }, 1000);
      expect(server.requests).toHaveLength(2);
      const [first] = server.requests;
      expect(first.method).toBe('POST');
      expect(first.url).toBe('/multi-search');
      expect(first.headers.authorization).toBe('Bearer secret-key');
      expect(first.headers['content-type']).toBe('application/json');
      expect(first.headers['accept-encoding']).toBeUndefined();
      expect(sockets.size).toBe(1);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('rejects an answer that is not JSON instead of passing it on', async () => {
    const server = await fakeServer((_req, res) => res.end('<html>proxy error</html>'));
    const transport = new MeiliHttp(server.url, undefined);
    try {
      await expect(transport.post('/multi-search', {}, 1000)).rejects.toThrow(/not JSON/);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('keeps a path prefix of the configured URL (Meilisearch behind a reverse proxy)', async () => {
    const server = await fakeServer((_req, res) => res.end('{"results":[]}'));
    const transport = new MeiliHttp(`${server.url}/meili/`, undefined);
    try {
      await transport.post('/multi-search', {}, 1000);
      expect(server.requests[0].url).toBe('/meili/multi-search');
    } finally {
      transport.close();
      await server.close();
    }
  });
});
