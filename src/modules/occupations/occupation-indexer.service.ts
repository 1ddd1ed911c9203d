import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { SearchService } from '../../infra/search/search.service';
import { OccupationDocument, OCCUPATION_INDEX } from './occupation-search-index';
import { OccupationsRepository, SearchTitleRow } from './occupations.repository';

const BATCH_SIZE = 5000;

/** Stable document id of a title: the appellation's OGR code, or the occupation code for its label. */
export function toOccupationDocument(row: SearchTitleRow, generation: number): OccupationDocument {
  return {
    id: row.ogr_code === null ? `rome-${row.code}` : `ogr-${row.ogr_code}`,
    code: row.code,
    label: row.label,
    title: row.title,
    domainCode: row.domain_code,
    domainLabel: row.domain_label,
    weight: row.ogr_code === null ? 0 : row.principal ? 1 : row.rarely_used ? 3 : 2,
    titleLength: row.title.length,
    generation,
  };
}

/** Rebuilds the occupation index (derived data) from the ROME tables. */
@Injectable()
export class OccupationIndexer {
  private readonly logger = new Logger(OccupationIndexer.name);

  constructor(
    private readonly repository: OccupationsRepository,
    private readonly search: SearchService,
    private readonly clock: Clock,
  ) {}

  /**
   * Upserts every title stamped with this run's generation, then deletes the documents of older runs:
   * searches never see an empty index. The generation is a time, so that of two overlapping runs the
   * later one's documents survive the earlier one's clean-up.
   */
  async reindexAll(): Promise<number> {
    const generation = this.clock.now().getTime();
    const rows = await this.repository.searchTitles();
    for (let start = 0; start < rows.length; start += BATCH_SIZE) {
      await this.search.upsert(
        OCCUPATION_INDEX,
        rows.slice(start, start + BATCH_SIZE).map((row) => toOccupationDocument(row, generation)),
      );
    }
    await this.search.removeWhere(OCCUPATION_INDEX, `generation < ${generation}`);
    this.logger.log({ msg: 'occupation index rebuilt', documents: rows.length });
    return rows.length;
  }
}
