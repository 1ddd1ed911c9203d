import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { SearchService } from '../../infra/search/search.service';
import { ImportProgress } from '../imports/importer';
import { SILENT_PROGRESS } from '../imports/progress-bar';
import { CandidateProfilesRepository, EmployerProfileSourceRow } from '../candidates/candidate-profiles.repository';
import { toEmployerView } from '../candidates/employer-view.mapper';
import { ProfileDocument, ProfileDocumentReference, toProfileDocument } from './profile-document';
import { ProfileIndexPayload } from './profile-index-outbox';
import { ProfileIndexRepository } from './profile-index.repository';
import { ProfileReferenceRepository } from './profile-reference.repository';
import { PROFILE_INDEX, PROFILE_SEARCH_INDEX } from './profile-search-index';

/** Documents per write during a rebuild: Meilisearch indexes large batches much faster than single documents. */
export const REINDEX_BATCH = 1000;
/**
 * The catch-up after a swap re-applies profiles changed since the rebuild started, minus this margin: a change
 * stamped just before the start (by another process's clock) may commit after its batch was read. Re-applying
 * a profile is harmless, so the margin errs on the wide side.
 */
const CATCH_UP_MARGIN_MS = 60_000;

export interface ReindexOutcome {
  documents: number;
  /** Profiles changed while the rebuild ran, applied again after the swap. */
  caughtUp: number;
  /** Documents of profiles no longer visible found after the swap, and deleted. */
  staleRemoved: number;
  durationMs: number;
}

export interface IndexCheckReport {
  databaseCount: number;
  indexCount: number;
  /** Visible profiles without a document. */
  missing: string[];
  /** Documents of profiles employers may no longer see (or that no longer exist). */
  stale: string[];
  /** Documents older than their profile's last change. */
  outdated: string[];
  repaired: boolean;
}

const versionOf = (row: EmployerProfileSourceRow) => new Date(row.updatedAt).getTime();

/**
 * Keeps the Meilisearch profile index in line with PostgreSQL, the source of truth (issue 5, DESIGN.md §4):
 * one profile at a time from the outbox (`apply`), a whole rebuild swapped in without downtime (`reindex`),
 * and a comparison that can repair (`check`). Documents are built by `toEmployerView` and
 * `toProfileDocument` only.
 */
@Injectable()
export class ProfileIndexService {
  private readonly logger = new Logger(ProfileIndexService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly indexRows: ProfileIndexRepository,
    private readonly profiles: CandidateProfilesRepository,
    private readonly reference: ProfileReferenceRepository,
    private readonly search: SearchService,
    private readonly clock: Clock,
  ) {}

  /** Documents of the given rows; `reference` defaults to what those rows need. */
  async documents(rows: EmployerProfileSourceRow[], reference?: ProfileDocumentReference): Promise<ProfileDocument[]> {
    if (rows.length === 0) return [];
    const refs =
      reference ?? (await this.reference.load([...new Set(rows.flatMap((r) => r.targetRomeCodes))], [...new Set(rows.flatMap((r) => r.targetBasinCodes))]));
    return rows.map((row) => toProfileDocument(toEmployerView(row), versionOf(row), refs));
  }

  /**
   * Applies one outbox order: the profile's state as it is now goes to the index (its document if employers may
   * see it, no document otherwise). Writes for one profile are serialised by an advisory lock held until
   * Meilisearch has applied the write, so a slow job can never overwrite a newer state with an older one.
   */
  async apply(payload: ProfileIndexPayload): Promise<'upserted' | 'removed'> {
    return this.tx.run(async (manager) => {
      if ('code' in payload) {
        await this.indexRows.lockCode(payload.code, manager);
        await this.search.remove(PROFILE_INDEX, [payload.code]);
        return 'removed';
      }
      const code = await this.indexRows.codeOf(payload.profileId, manager);
      // The profile is gone: its erasure queued the removal of its document by code.
      if (!code) return 'removed';
      await this.indexRows.lockCode(code, manager);
      const row = await this.profiles.findPublishedById(payload.profileId, manager);
      if (!row) {
        await this.search.remove(PROFILE_INDEX, [code]);
        return 'removed';
      }
      await this.search.upsert(PROFILE_INDEX, await this.documents([row]));
      return 'upserted';
    });
  }

  /**
   * Rebuilds the index into a shadow index, batch by batch, swaps it in (searches see the old index until then,
   * the new one after), then catches up with the profiles changed during the rebuild and deletes documents of
   * profiles that stopped being visible meanwhile.
   */
  async reindex(progress: ImportProgress = SILENT_PROGRESS): Promise<ReindexOutcome> {
    const started = new Date(this.clock.now().getTime() - CATCH_UP_MARGIN_MS);
    const startedMs = Date.now();
    const shadow = await this.search.createShadowIndex(PROFILE_INDEX, `rebuild_${startedMs}`);
    try {
      const total = (await this.profiles.publishedVersions()).length;
      const reference = await this.reference.load();
      progress.phase('Indexation', total);
      let documents = 0;
      let after: string | null = null;
      // The next batch is read and built while Meilisearch indexes the previous one; one batch in flight at most.
      let inFlight: Promise<void> | null = null;
      for (;;) {
        const rows = await this.profiles.publishedAfter(after, REINDEX_BATCH);
        if (rows.length === 0) break;
        const batch = await this.documents(rows, reference);
        if (inFlight) await inFlight;
        inFlight = this.search.upsertInto(shadow, PROFILE_SEARCH_INDEX.primaryKey, batch).then(() => progress.advance(batch.length));
        // A rejected write is awaited (and thrown) at the next turn or below; keep Node from reporting it unhandled meanwhile.
        inFlight.catch(() => undefined);
        documents += rows.length;
        after = rows[rows.length - 1].code;
        if (rows.length < REINDEX_BATCH) break;
      }
      if (inFlight) await inFlight;
      progress.phase('Bascule');
      await this.search.swapIn(PROFILE_INDEX, shadow);
      progress.phase('Rattrapage');
      const changed = await this.profiles.changedSince(started);
      for (const { id } of changed) await this.apply({ profileId: id });
      const { stale } = await this.compare();
      if (stale.length) await this.search.remove(PROFILE_INDEX, stale);
      const outcome = { documents, caughtUp: changed.length, staleRemoved: stale.length, durationMs: Date.now() - startedMs };
      this.logger.log({ msg: 'profile index rebuilt', ...outcome });
      return outcome;
    } catch (error) {
      await this.search.dropIndex(shadow).catch(() => undefined);
      throw error;
    }
  }

  /** Compares the database and the index; with `repair`, writes the missing and outdated documents and deletes the stale ones. */
  async check(repair = false): Promise<IndexCheckReport> {
    const { databaseCount, indexCount, missing, stale, outdated } = await this.compare();
    if (repair) {
      const toWrite = [...missing, ...outdated];
      for (let i = 0; i < toWrite.length; i += REINDEX_BATCH) {
        const rows = await this.profiles.publishedByCodes(toWrite.slice(i, i + REINDEX_BATCH));
        await this.search.upsert(PROFILE_INDEX, await this.documents(rows));
      }
      if (stale.length) await this.search.remove(PROFILE_INDEX, stale);
      this.logger.log({ msg: 'profile index repaired', missing: missing.length, stale: stale.length, outdated: outdated.length });
    }
    return { databaseCount, indexCount, missing, stale, outdated, repaired: repair };
  }

  private async compare(): Promise<Omit<IndexCheckReport, 'repaired'>> {
    const expected = new Map((await this.profiles.publishedVersions()).map((p) => [p.code, p.version]));
    const seen = new Set<string>();
    const stale: string[] = [];
    const outdated: string[] = [];
    for await (const page of this.search.scan<Pick<ProfileDocument, 'code' | 'version'>>(PROFILE_INDEX, ['code', 'version'])) {
      for (const doc of page) {
        seen.add(doc.code);
        const version = expected.get(doc.code);
        if (version === undefined) stale.push(doc.code);
        else if (doc.version !== version) outdated.push(doc.code);
      }
    }
    const missing = [...expected.keys()].filter((code) => !seen.has(code));
    return { databaseCount: expected.size, indexCount: seen.size, missing, stale, outdated };
  }

}
