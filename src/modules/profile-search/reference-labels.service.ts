import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { ReferenceLabelsRepository } from './reference-labels.repository';

export interface ReferenceLabels {
  occupations: ReadonlyMap<string, string>;
  domains: ReadonlyMap<string, string>;
  grandDomains: ReadonlyMap<string, string>;
  basins: ReadonlyMap<string, string>;
  departments: ReadonlyMap<string, string>;
  regions: ReadonlyMap<string, string>;
  /** Region of each basin, for matching documents against needs. */
  basinRegions: ReadonlyMap<string, string | null>;
}

/** Reference data changes only with an import: labels are read at most every 10 minutes, not per search. */
const TTL_MS = 10 * 60 * 1000;

/** Labels of the codes facets and matches show (ROME, basins, departments, regions), cached in memory. */
@Injectable()
export class ReferenceLabelsService {
  private cached?: { at: number; labels: Promise<ReferenceLabels> };

  constructor(
    private readonly repository: ReferenceLabelsRepository,
    private readonly clock: Clock,
  ) {}

  get(): Promise<ReferenceLabels> {
    const now = this.clock.now().getTime();
    if (!this.cached || now - this.cached.at > TTL_MS) {
      const labels = this.repository.load();
      this.cached = { at: now, labels };
      // A failed load is not cached: the next call tries again.
      labels.catch(() => (this.cached = undefined));
    }
    return this.cached.labels;
  }
}
