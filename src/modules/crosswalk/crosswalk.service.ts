import { Injectable } from '@nestjs/common';
import { CrosswalkException } from './crosswalk.exception';
import { CrosswalkRepository, LinkRow, LinkStatus, UnlinkedFapRow } from './crosswalk.repository';
import { FapRomeLinkDto, FapRomeSuggestionDto, FapRomeSuggestionsDto } from './dto/fap-rome-link.dto';
import { buildLabelIndex, LabelIndex, rankOccupations } from './label-similarity';

/** Active crosswalk link of a ROME code, as the basin-needs module reads it. */
export interface FapLinkOfRome {
  fapCode: string;
  fapLabel: string | null;
  source: string;
}

export interface UnlinkedFap extends UnlinkedFapRow {
  suggestions: FapRomeSuggestionDto[];
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
  constructor(private readonly repository: CrosswalkRepository) {}

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
    const [index, romeLabels] = await Promise.all([this.labelIndex(), this.repository.romeLabels()]);
    const decided = (await this.repository.decidedPairs(fapCode)).get(fapCode);
    return { fapCode, fapLabel: fapLabel.trim(), suggestions: this.rank(index, romeLabels, fapLabel, limit, decided) };
  }

  /** FAP codes of the BMO without an active link, each with its best suggestions, for the staff page. */
  async unlinked(limit: number): Promise<UnlinkedFap[]> {
    const rows = await this.repository.unlinkedFapCodes();
    if (!rows.length) return [];
    const [index, romeLabels, decided] = await Promise.all([this.labelIndex(), this.repository.romeLabels(), this.repository.decidedPairs()]);
    return rows.map((row) => ({
      ...row,
      fapLabel: row.fapLabel?.trim() ?? null,
      suggestions: row.fapLabel ? this.rank(index, romeLabels, row.fapLabel, limit, decided.get(row.fapCode)) : [],
    }));
  }

  /** Confirms a link as a staff decision (re-activating it if it had been rejected). */
  async confirm(fapCode: string, romeCode: string, userId: string): Promise<FapRomeLinkDto> {
    if (!(await this.repository.romeExists(romeCode))) throw CrosswalkException.unknownRome(romeCode);
    if (!(await this.repository.confirm(fapCode, romeCode, userId))) throw CrosswalkException.alreadyActive(fapCode, romeCode);
    return this.get(fapCode, romeCode);
  }

  /** Rejects a link: suggestions and later imports leave it out. */
  async reject(fapCode: string, romeCode: string, userId: string): Promise<FapRomeLinkDto> {
    if (!(await this.repository.romeExists(romeCode))) throw CrosswalkException.unknownRome(romeCode);
    if (!(await this.repository.reject(fapCode, romeCode, userId))) throw CrosswalkException.alreadyRejected(fapCode, romeCode);
    return this.get(fapCode, romeCode);
  }

  private async get(fapCode: string, romeCode: string): Promise<FapRomeLinkDto> {
    const row = await this.repository.link(fapCode, romeCode);
    if (!row) throw CrosswalkException.unknownRome(romeCode);
    return toDto(row);
  }

  private async labelIndex(): Promise<LabelIndex> {
    return buildLabelIndex(await this.repository.labelEntries());
  }

  private rank(index: LabelIndex, romeLabels: Map<string, string>, fapLabel: string, limit: number, decided?: Set<string>): FapRomeSuggestionDto[] {
    return rankOccupations(index, fapLabel, limit, decided).map((s) => ({ ...s, romeLabel: romeLabels.get(s.romeCode) ?? s.matchedLabel }));
  }
}

