import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Meilisearch, MultiSearchQuery, RecordAny, SearchParams, SearchResponse } from 'meilisearch';
import { AppConfig } from '../../config/app-config';
import { MeiliHttp } from './meili-http';
import { SEARCH_APPLY_SETTINGS_ON_BOOT, SEARCH_INDEX_DEFINITIONS, SearchIndexDefinition } from './search-index';

const TASK_TIMEOUT_MS = 60_000;
/** A search without a deadline of its own gives up after this. */
const REQUEST_TIMEOUT_MS = 5000;

/** Meilisearch is unreachable or answered an error: callers turn this into a 503. */
export class SearchUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`search engine unavailable: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'SearchUnavailableError';
  }
}

/**
 * The only Meilisearch adapter. Index settings are applied at boot and awaited before the first
 * document write, so documents are never indexed under default settings.
 */
@Injectable()
export class SearchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SearchService.name);
  private readonly client: Meilisearch;
  /** Searches (the hot path) go through their own keep-alive transport; see MeiliHttp. */
  private readonly reads: MeiliHttp;
  private readonly definitions = new Map<string, SearchIndexDefinition>();
  private settingsApplied?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    @Inject(SEARCH_INDEX_DEFINITIONS) definitions: SearchIndexDefinition[],
    @Optional() @Inject(SEARCH_APPLY_SETTINGS_ON_BOOT) private readonly applyOnBoot: boolean = true,
  ) {
    this.client = new Meilisearch({ host: config.MEILI_URL, apiKey: config.MEILI_MASTER_KEY, timeout: REQUEST_TIMEOUT_MS });
    this.reads = new MeiliHttp(config.MEILI_URL, config.MEILI_MASTER_KEY);
    for (const d of definitions) this.definitions.set(d.name, d);
  }

  onApplicationShutdown(): void {
    this.reads.close();
  }

  uid(name: string): string {
    return `${this.config.MEILI_INDEX_PREFIX}${name}`;
  }

  onApplicationBootstrap(): void {
    if (!this.applyOnBoot) return;
    // Boot must not fail because the derived index is away: readiness reports it, and writes retry.
    this.ensureSettings().catch((error) => this.logger.warn({ msg: 'search settings not applied yet', error: (error as Error).message }));
  }

  /** Creates the indexes and applies their settings once; retried on the next call after a failure. */
  ensureSettings(): Promise<void> {
    if (!this.settingsApplied) {
      this.settingsApplied = this.applySettings().catch((error) => {
        this.settingsApplied = undefined;
        throw new SearchUnavailableError(error);
      });
    }
    return this.settingsApplied;
  }

  async isHealthy(): Promise<boolean> {
    try {
      await this.client.health();
      // health() answers without a key; a wrong key would only show on the first real call.
      await this.client.getVersion();
      return true;
    } catch {
      return false;
    }
  }

  async upsert<T extends RecordAny>(name: string, documents: T[]): Promise<void> {
    await this.ensureSettings();
    await this.wrap(async () => {
      const task = await this.client.index(this.uid(name)).addDocuments(documents, { primaryKey: this.definition(name).primaryKey }).waitTask({ timeout: TASK_TIMEOUT_MS });
      // A rejected batch must not pass for written: a reindex would then delete the previous documents.
      if (task.status !== 'succeeded') throw new Error(`documents not written to ${this.uid(name)}: ${task.error?.message ?? task.status}`);
    });
  }

  async remove(name: string, ids: string[]): Promise<void> {
    await this.ensureSettings();
    await this.wrap(() => this.client.index(this.uid(name)).deleteDocuments(ids).waitTask({ timeout: TASK_TIMEOUT_MS }));
  }

  /** Deletes the documents matching a filter (on filterable attributes), e.g. those of an older reindex run. */
  async removeWhere(name: string, filter: string): Promise<void> {
    await this.ensureSettings();
    await this.wrap(async () => {
      const task = await this.client.index(this.uid(name)).deleteDocuments({ filter }).waitTask({ timeout: TASK_TIMEOUT_MS });
      if (task.status !== 'succeeded') throw new Error(`deletion in ${this.uid(name)} failed: ${task.error?.message ?? task.status}`);
    });
  }

  /** With `timeoutMs`, a search Meilisearch does not answer in time fails (as unavailable) instead of hanging. */
  async search<T extends RecordAny>(name: string, query: string, params: SearchParams = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<SearchResponse<T>> {
    return this.wrap(() => this.reads.post<SearchResponse<T>>(`/indexes/${encodeURIComponent(this.uid(name))}/search`, { ...params, q: query }, timeoutMs));
  }

  /** Several searches of one index in one round trip (e.g. the results and the facets of a disjunctive filter). */
  async multiSearch<T extends RecordAny>(name: string, queries: Omit<MultiSearchQuery, 'indexUid'>[], timeoutMs = REQUEST_TIMEOUT_MS): Promise<SearchResponse<T>[]> {
    const indexUid = this.uid(name);
    const response = await this.wrap(() => this.reads.post<{ results: SearchResponse<T>[] }>('/multi-search', { queries: queries.map((q) => ({ ...q, indexUid })) }, timeoutMs));
    return response.results;
  }

  /**
   * A fresh index with the settings of `name`, under a uid of its own: a rebuild fills it, then `swapIn`
   * puts it in place of the live one in one atomic step, so searches never see a half-built index.
   */
  async createShadowIndex(name: string, suffix: string): Promise<string> {
    const definition = this.definition(name);
    const uid = `${this.uid(name)}__${suffix}`;
    await this.wrap(async () => {
      await this.client.deleteIndexIfExists(uid);
      await this.client.createIndex(uid, { primaryKey: definition.primaryKey }).waitTask({ timeout: TASK_TIMEOUT_MS });
      const task = await this.client.index(uid).updateSettings(definition.settings).waitTask({ timeout: TASK_TIMEOUT_MS });
      if (task.status !== 'succeeded') throw new Error(`settings of ${uid} not applied: ${task.error?.message ?? task.status}`);
    });
    return uid;
  }

  /** Writes documents to an index given by uid (a shadow index), waiting until they are searchable. */
  async upsertInto<T extends RecordAny>(uid: string, primaryKey: string, documents: T[]): Promise<void> {
    await this.wrap(async () => {
      const task = await this.client.index(uid).addDocuments(documents, { primaryKey }).waitTask({ timeout: TASK_TIMEOUT_MS });
      if (task.status !== 'succeeded') throw new Error(`documents not written to ${uid}: ${task.error?.message ?? task.status}`);
    });
  }

  /** Swaps a shadow index in place of the live index `name`, then deletes the old one (now under the shadow uid). */
  async swapIn(name: string, shadowUid: string): Promise<void> {
    await this.ensureSettings();
    await this.wrap(async () => {
      const task = await this.client.swapIndexes([{ indexes: [this.uid(name), shadowUid], rename: false }]).waitTask({ timeout: TASK_TIMEOUT_MS });
      if (task.status !== 'succeeded') throw new Error(`swap of ${shadowUid} into ${this.uid(name)} failed: ${task.error?.message ?? task.status}`);
      await this.client.deleteIndex(shadowUid).waitTask({ timeout: TASK_TIMEOUT_MS });
    });
  }

  async dropIndex(uid: string): Promise<void> {
    await this.wrap(() => this.client.deleteIndexIfExists(uid));
  }

  /** Every document of the index, `fields` only, page by page. */
  async *scan<T extends RecordAny>(name: string, fields: Extract<keyof T, string>[], pageSize = 1000): AsyncGenerator<T[]> {
    await this.ensureSettings();
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.wrap(() => this.client.index<T>(this.uid(name)).getDocuments({ fields, offset, limit: pageSize }));
      if (page.results.length) yield page.results;
      if (page.results.length < pageSize) return;
    }
  }

  async count(name: string): Promise<number> {
    await this.ensureSettings();
    return this.wrap(async () => (await this.client.index(this.uid(name)).getStats()).numberOfDocuments);
  }

  async getSettings(name: string) {
    return this.wrap(() => this.client.index(this.uid(name)).getSettings());
  }

  private definition(name: string): SearchIndexDefinition {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`unknown search index ${name}`);
    return definition;
  }

  private async applySettings(): Promise<void> {
    for (const definition of this.definitions.values()) {
      const uid = this.uid(definition.name);
      const exists = await this.client.getIndex(uid).then(
        () => true,
        (error: { cause?: { code?: string } }) => {
          if (error?.cause?.code === 'index_not_found') return false;
          throw error;
        },
      );
      if (!exists) await this.client.createIndex(uid, { primaryKey: definition.primaryKey }).waitTask({ timeout: TASK_TIMEOUT_MS });
      const task = await this.client.index(uid).updateSettings(definition.settings).waitTask({ timeout: TASK_TIMEOUT_MS });
      if (task.status !== 'succeeded') throw new Error(`settings of ${uid} not applied: ${task.error?.message ?? task.status}`);
      this.logger.log({ msg: 'search index ready', index: uid });
    }
  }

  private async wrap<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new SearchUnavailableError(error);
    }
  }
}
