import { Injectable } from '@nestjs/common';
import { CrosswalkException } from './crosswalk.exception';
import { CrosswalkRepository, LinkRow, LinkStatus, UnlinkedFapRow } from './crosswalk.repository';
import { FapRomeLinkDto, FapRomeSuggestionDto, FapRomeSuggestionsDto } from './dto/fap-rome-link.dto';
import { buildLabelIndex, foldText, LabelIndex, rankOccupations } from './label-similarity';

/** Active crosswalk link of a ROME code, as the basin-needs module reads it. */
export interface FapLinkOfRome {
  fapCode: string;
  fapLabel: string | null;
  source: string;
}

export interface UnlinkedFap extends UnlinkedFapRow {
  suggestions: FapRomeSuggestionDto[];
}

/** One page of the FAP codes without an active link, with the count of all that match the filter. */
export interface UnlinkedPage {
  items: UnlinkedFap[];
  total: number;
  page: number;
  totalPages: number;
}

/** The ROME labels indexed for suggestions, built from the rows of one labels fingerprint. */
interface LabelMaterial {
  index: LabelIndex;
  romeLabels: Map<string, string>;
}

const toDto = (row: LinkRow): FapRomeLinkDto => ({
  fapCode: row.fapCode,
  fapLabel: row.fapLabel?.trim() ?? null,
  romeCode: row.romeCode,
  romeLabel: row.romeLabel,
  source: row.source,
  status: row.status,
  decidedBy: row.decidedBy,
  updatedAt: new Date(row.updatedAt).toISOString(),
});

/**
 * The FAP 2021 ↔ ROME crosswalk: links imported from Dares or the curated list, suggestions from label
 * similarity, and the staff decisions that confirm or reject them.
 */
@Injectable()
export class CrosswalkService {
  /**
   * Indexing the ~13k ROME labels and appellations takes most of a second of CPU: it is kept per labels
   * fingerprint, so a ROME import (new counts or updated_at) rebuilds it on the next read, in every
   * process. The promise is cached so that concurrent requests share one build.
   */
  private labels?: { fingerprint: string; material: Promise<LabelMaterial> };

  constructor(private readonly repository: CrosswalkRepository) {}

  /** Active links whose codes or labels contain the filter (accents ignored), at most `limit`, and their count. */
  async activeLinks(filter: string, limit: number): Promise<{ links: FapRomeLinkDto[]; total: number }> {
    const { rows, total } = await this.repository.activeLinks(foldText(filter), limit);
    return { links: rows.map(toDto), total };
  }

  async list(filter: { fapCode?: string; romeCode?: string; status?: LinkStatus }): Promise<FapRomeLinkDto[]> {
    return (await this.repository.links(filter)).map(toDto);
  }

  /**
   * FAP codes linked to a ROME code by an active link. An empty array means the crosswalk has no link
   * for it: callers must say so, never fall back on a guess.
   */
  fapCodesForRome(romeCode: string): Promise<FapLinkOfRome[]> {
    return this.repository.fapCodesForRome(romeCode).then((rows) => rows.map((r) => ({ ...r, fapLabel: r.fapLabel?.trim() ?? null })));
  }

  /** ROME occupations whose label or appellation is closest to the FAP label, minus the pairs already decided. */
  async suggest(fapCode: string, limit: number): Promise<FapRomeSuggestionsDto> {
    const fapLabel = await this.repository.fapLabel(fapCode);
    if (fapLabel === null) throw CrosswalkException.unknownFap(fapCode);
    const [labels, decided] = await Promise.all([this.labelMaterial(), this.repository.decidedPairs([fapCode])]);
    return { fapCode, fapLabel: fapLabel.trim(), suggestions: this.rank(labels, fapLabel, limit, decided.get(fapCode)) };
  }

  /**
   * One page of the BMO's FAP codes without an active link whose code or label contains the filter
   * (accents ignored), each with its best suggestions: only the page shown is ranked. A page past the
   * end shows the last one.
   */
  async unlinked(options: { filter: string; page: number; pageSize: number; suggestions: number }): Promise<UnlinkedPage> {
    const search = foldText(options.filter);
    const first = await this.repository.unlinkedFapCodes(search, options.pageSize, (options.page - 1) * options.pageSize);
    const totalPages = Math.max(1, Math.ceil(first.total / options.pageSize));
    const page = Math.min(options.page, totalPages);
    const { rows, total } = page === options.page ? first : await this.repository.unlinkedFapCodes(search, options.pageSize, (page - 1) * options.pageSize);
    if (!rows.length) return { items: [], total, page, totalPages };
    const [labels, decided] = await Promise.all([this.labelMaterial(), this.repository.decidedPairs(rows.map((r) => r.fapCode))]);
    const items = rows.map((row) => ({
      ...row,
      fapLabel: row.fapLabel?.trim() ?? null,
      suggestions: row.fapLabel ? this.rank(labels, row.fapLabel, options.suggestions, decided.get(row.fapCode)) : [],
    }));
    return { items, total, page, totalPages };
  }

  /** Confirms a link as a staff decision (re-activating it if it had been rejected); both codes must be known. */
  async confirm(fapCode: string, romeCode: string, userId: string): Promise<FapRomeLinkDto> {
    if ((await this.repository.fapLabel(fapCode)) === null) throw CrosswalkException.unknownFap(fapCode);
    if (!(await this.repository.romeExists(romeCode))) throw CrosswalkException.unknownRome(romeCode);
    if (!(await this.repository.confirm(fapCode, romeCode, userId))) throw CrosswalkException.alreadyActive(fapCode, romeCode);
    return this.get(fapCode, romeCode);
  }

  /**
   * Rejects a link: suggestions and later imports leave it out. The FAP code must be known, unless the
   * link exists (a Dares link imported before the BMO can still be removed).
   */
  async reject(fapCode: string, romeCode: string, userId: string): Promise<FapRomeLinkDto> {
    if ((await this.repository.fapLabel(fapCode)) === null && !(await this.repository.link(fapCode, romeCode))) throw CrosswalkException.unknownFap(fapCode);
    if (!(await this.repository.romeExists(romeCode))) throw CrosswalkException.unknownRome(romeCode);
    if (!(await this.repository.reject(fapCode, romeCode, userId))) throw CrosswalkException.alreadyRejected(fapCode, romeCode);
    return this.get(fapCode, romeCode);
  }

  private async get(fapCode: string, romeCode: string): Promise<FapRomeLinkDto> {
    const row = await this.repository.link(fapCode, romeCode);
    if (!row) throw CrosswalkException.unknownRome(romeCode);
    return toDto(row);
  }

  private async labelMaterial(): Promise<LabelMaterial> {
    const fingerprint = await this.repository.labelsFingerprint();
    if (this.labels?.fingerprint !== fingerprint) {
      const material = Promise.all([this.repository.labelEntries(), this.repository.romeLabels()]).then(([entries, romeLabels]) => ({
        index: buildLabelIndex(entries),
        romeLabels,
      }));
      // A failed build is not kept: the next read tries again.
      material.catch(() => {
        if (this.labels?.material === material) this.labels = undefined;
      });
      this.labels = { fingerprint, material };
    }
    return this.labels.material;
  }

  private rank({ index, romeLabels }: LabelMaterial, fapLabel: string, limit: number, decided?: Set<string>): FapRomeSuggestionDto[] {
    return rankOccupations(index, fapLabel, limit, decided).map((s) => ({ ...s, romeLabel: romeLabels.get(s.romeCode) ?? s.matchedLabel }));
  }
}

