import { Injectable } from '@nestjs/common';
import { toPage } from '../../common/http/pagination';
import { CrosswalkService } from '../crosswalk/crosswalk.service';
import { OccupationsService } from '../occupations/occupations.service';
import { BasinNeedRow, BasinNeedsRepository } from './basin-needs.repository';
import { BasinNeedsException } from './basin-needs.exception';
import { BasinNeedDto, BasinNeedsForRomeDto, BasinNeedsPageDto, BasinNeedsQuery, OccupationNeedDto } from './dto/basin-needs.dto';
import { TENSION_LABELS, tensionLevel } from './tension';

export interface BasinNeedsOverview {
  basin: { code: string; name: string };
  year: number | null;
  years: number[];
  totals: { projects: number; shareDifficult: number | null; occupations: number; secretCells: number } | null;
  mostNeeded: BasinNeedDto[];
  hardest: BasinNeedDto[];
  /** How many occupations the basin has for the year. */
  total: number;
}

function toDto(row: BasinNeedRow): BasinNeedDto {
  // Zero projects is a known figure, not a secret: there is simply no tension to read.
  const level = row.projects === 0 ? 'not_reported' : tensionLevel(row.tension);
  return { ...row, tensionLevel: level, tensionLabel: TENSION_LABELS[level] };
}

/** Recruitment needs of a basin from the BMO survey, and their link to ROME occupations. */
@Injectable()
export class BasinNeedsService {
  constructor(
    private readonly repository: BasinNeedsRepository,
    private readonly occupations: OccupationsService,
    private readonly crosswalk: CrosswalkService,
  ) {}

  /** The basin's occupations by recruitment projects or by tension, for one survey year (latest by default). */
  async list(basinCode: string, query: BasinNeedsQuery): Promise<BasinNeedsPageDto> {
    const { basin, year, years } = await this.resolve(basinCode, query.year);
    if (year === null) return { basin, year, years, ...toPage([], 0, query) };
    const { rows, total } = await this.repository.list(basin.code, year, query.sort, query.pageSize, query.offset);
    return { basin, year, years, ...toPage(rows.map(toDto), total, query) };
  }

  /** What the basin page shows: totals and the top occupations by volume and by tension, for one year. */
  async overview(basinCode: string, requestedYear: number | undefined, top: number): Promise<BasinNeedsOverview> {
    const { basin, year, years } = await this.resolve(basinCode, requestedYear);
    if (year === null) return { basin, year, years, totals: null, mostNeeded: [], hardest: [], total: 0 };
    const [mostNeeded, hardest, totals] = await Promise.all([
      this.repository.list(basin.code, year, 'projects', top, 0),
      this.repository.list(basin.code, year, 'tension', top, 0),
      this.repository.totals(basin.code, year),
    ]);
    return { basin, year, years, totals, mostNeeded: mostNeeded.rows.map(toDto), hardest: hardest.rows.map(toDto), total: mostNeeded.total };
  }

  /**
   * Needs of a basin for one ROME occupation, through the FAP ↔ ROME crosswalk. Without a link the
   * answer says so ("missing") and lists nothing: BMO figures are never attributed by guess.
   */
  async forOccupation(basinCode: string, romeCode: string, requestedYear?: number): Promise<BasinNeedsForRomeDto> {
    const { basin, year } = await this.resolve(basinCode, requestedYear);
    const occupation = (await this.occupations.findByCodes([romeCode])).get(romeCode);
    if (!occupation) throw BasinNeedsException.unknownOccupation(romeCode);
    const links = await this.crosswalk.fapCodesForRome(romeCode);
    const base = { basin, year, occupation: { code: occupation.code, label: occupation.label }, links };
    if (!links.length) {
      return {
        ...base,
        crosswalk: 'missing',
        items: [],
        message: `Aucune correspondance FAP ↔ ROME n'est établie pour ${occupation.code} : les besoins du bassin ne peuvent pas être rapprochés de ce métier. Un coordinateur peut la confirmer dans « Correspondances FAP ↔ ROME ».`,
      };
    }
    const rows = year === null ? [] : await this.repository.forFapCodes(basin.code, year, links.map((l) => l.fapCode));
    const byFap = new Map(rows.map((r) => [r.fapCode, r]));
    const items: OccupationNeedDto[] = links.map((link) => {
      const row = byFap.get(link.fapCode);
      if (row) return { ...toDto(row), reported: true };
      // Absent from the survey is not secret: no figure, and a level that says so.
      return {
        fapCode: link.fapCode,
        fapLabel: link.fapLabel,
        familyLabel: null,
        projects: null,
        difficultProjects: null,
        seasonalProjects: null,
        partial: false,
        shareDifficult: null,
        shareSeasonal: null,
        tension: null,
        tensionLevel: 'not_reported',
        tensionLabel: TENSION_LABELS.not_reported,
        reported: false,
      };
    });
    const reported = items.filter((i) => i.reported).length;
    return {
      ...base,
      crosswalk: 'linked',
      items,
      message:
        year === null
          ? `Aucune donnée BMO n'est chargée pour le bassin ${basin.name}.`
          : reported
            ? `${reported} famille(s) professionnelle(s) FAP correspondent à ce métier dans l'enquête BMO ${year}.`
            : `Aucun projet de recrutement recensé en ${year} dans ce bassin pour les familles FAP de ce métier.`,
    };
  }

  private async resolve(basinCode: string, requestedYear?: number) {
    const basin = await this.repository.basinExists(basinCode);
    if (!basin) throw BasinNeedsException.unknownBasin(basinCode);
    const years = await this.repository.years(basin.code);
    if (requestedYear !== undefined && !years.includes(requestedYear)) throw BasinNeedsException.unknownYear(basin.code, requestedYear);
    return { basin, years, year: requestedYear ?? years[0] ?? null };
  }
}
