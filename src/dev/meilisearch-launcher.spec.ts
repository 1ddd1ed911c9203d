import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './free-port';
import { findMeilisearchBinary, launchMeilisearch, waitForMeilisearch, type LaunchedMeilisearch } from './meilisearch-launcher';

jest.setTimeout(30_000);

async function statusOf(url: string, init?: RequestInit): Promise<number> {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return response.status;
}

describe('meilisearch launcher', () => {
  const launched: LaunchedMeilisearch[] = [];

  afterEach(async () => {
    await Promise.all(launched.splice(0).map((meili) => meili.stop()));
  });

  it('finds the binary shipped by the optional dependency', () => {
    expect(findMeilisearchBinary()).toMatch(/@gaubee\/meilisearch-linux-amd64\/meilisearch$/);
  });

  it('launches a protected instance and removes everything on stop', async () => {
    const meili = await launchMeilisearch();
    launched.push(meili);

    expect(meili.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(meili.masterKey).toMatch(/^[0-9a-f]{64}$/);
    expect(meili.dataDir.startsWith(join(tmpdir(), 'passerelle-meili-'))).toBe(true);
    expect(meili.pid).toBeGreaterThan(0);

    expect(await statusOf(`${meili.url}/health`)).toBe(200);
    expect([401, 403]).toContain(await statusOf(`${meili.url}/indexes`));
    expect(await statusOf(`${meili.url}/indexes`, { headers: { Authorization: 'Bearer wrong-key' } })).toBe(403);
    expect(await statusOf(`${meili.url}/indexes`, { headers: { Authorization: `Bearer ${meili.masterKey}` } })).toBe(200);
    await expect(waitForMeilisearch(meili.url, 1_000)).resolves.toBeUndefined();

    await Promise.all([meili.stop(), meili.stop()]);
    await expect(fetch(`${meili.url}/health`)).rejects.toThrow();
    expect(existsSync(meili.dataDir)).toBe(false);
    expect(() => process.kill(meili.pid, 0)).toThrow();
  });

  it('keeps a caller-provided data dir and writes output to the log file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'passerelle-meili-spec-'));
    try {
      const logFile = join(dir, 'meili.log');
      const meili = await launchMeilisearch({ dataDir: join(dir, 'data'), masterKey: 'a-fixed-test-master-key', logFile });
      launched.push(meili);
      expect(meili.masterKey).toBe('a-fixed-test-master-key');
      await meili.stop();

      expect(existsSync(join(dir, 'data', 'data.ms'))).toBe(true);
      expect(await readFile(logFile, 'utf8')).toContain('Server listening on');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports the process output when Meilisearch cannot start', async () => {
    const first = await launchMeilisearch();
    launched.push(first);
    const port = Number(new URL(first.url).port);

    // Whether the clash is noticed through the exit or through the foreign key check is a race.
    await expect(launchMeilisearch({ port })).rejects.toThrow(
      /Could not start Meilisearch .*(exited with code \d+ before becoming healthy|another server answers there)/,
    );
    expect(await statusOf(`${first.url}/health`)).toBe(200);
  });

  it('times out when nothing answers', async () => {
    const url = `http://127.0.0.1:${await findFreePort()}`;
    await expect(waitForMeilisearch(url, 300)).rejects.toThrow(
      new RegExp(`Meilisearch at ${url} was not healthy after 300 ms \\(.*ECONNREFUSED`),
    );
  });
});
