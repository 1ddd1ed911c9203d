import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config';
import { SearchIndexDefinition } from '../../src/infra/search/search-index';
import { SearchService, SearchUnavailableError } from '../../src/infra/search/search.service';
import { requireEnv, TEST_ENV } from '../setup/test-env';

jest.setTimeout(30_000);

const definition: SearchIndexDefinition = {
  name: 'occupations_probe',
  primaryKey: 'code',
  settings: {
    searchableAttributes: ['label', 'code'],
    filterableAttributes: ['domain'],
    sortableAttributes: ['code'],
    synonyms: { maçon: ['macon'] },
  },
};

describe('search adapter (real Meilisearch)', () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    MEILI_URL: requireEnv(TEST_ENV.meiliUrl),
    MEILI_MASTER_KEY: process.env[TEST_ENV.meiliKey] || undefined,
    MEILI_INDEX_PREFIX: `t${randomBytes(4).toString('hex')}_`,
  });
  const search = new SearchService(config, [definition]);

  it('applies the index settings before the first documents and then searches with them', async () => {
    await search.upsert('occupations_probe', [
      { code: 'F1703', label: 'Maçonnerie', domain: 'F' },
      { code: 'N1103', label: 'Magasinage et préparation de commandes', domain: 'N' },
      { code: 'F1606', label: 'Peinture en bâtiment', domain: 'F' },
    ]);
    const settings = await search.getSettings('occupations_probe');
    expect(settings.filterableAttributes).toEqual(['domain']);
    expect(settings.searchableAttributes).toEqual(['label', 'code']);
    expect(settings.synonyms).toMatchObject({ maçon: ['macon'] });

    const typo = await search.search<{ code: string }>('occupations_probe', 'peinture batiment');
    expect(typo.hits.map((h) => h.code)).toEqual(['F1606']);
    const filtered = await search.search<{ code: string }>('occupations_probe', '', { filter: 'domain = F', sort: ['code:asc'] });
    expect(filtered.hits.map((h) => h.code)).toEqual(['F1606', 'F1703']);

    await search.remove('occupations_probe', ['F1606']);
    expect((await search.search('occupations_probe', 'peinture')).hits).toEqual([]);
  });

  it('is healthy with the right key and unhealthy with a wrong one', async () => {
    expect(await search.isHealthy()).toBe(true);
    const wrongKey = new SearchService(loadConfig({ NODE_ENV: 'test', MEILI_URL: config.MEILI_URL, MEILI_MASTER_KEY: 'not-the-key' }), [definition]);
    expect(await wrongKey.isHealthy()).toBe(false);
  });

  it('reports an unreachable Meilisearch as SearchUnavailableError, and retries the settings on the next call', async () => {
    const down = new SearchService(loadConfig({ NODE_ENV: 'test', MEILI_URL: 'http://127.0.0.1:1' }), [definition]);
    expect(await down.isHealthy()).toBe(false);
    await expect(down.search('occupations_probe', 'x')).rejects.toBeInstanceOf(SearchUnavailableError);
    await expect(down.upsert('occupations_probe', [{ code: 'A1101' }])).rejects.toBeInstanceOf(SearchUnavailableError);
    await expect(down.ensureSettings()).rejects.toBeInstanceOf(SearchUnavailableError);
  });
});
