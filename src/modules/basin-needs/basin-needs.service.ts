import { Injectable } from '@nestjs/common';
import { toPage } from '../../common/http/pagination';
import { CrosswalkService } from '../crosswalk/crosswalk.service';
import { OccupationsService } from '../occupations/occupations.service';
import { BasinNeedRow, BasinNeedsRepository } from './basin-needs.repository';
import { BasinNeedsException } from './basin-needs.exception';
import { BasinNeedDto, BasinNeedsForRomeDto, BasinNeedsPageDto, BasinNeedsQuery, OccupationNeedDto } from './dto/basin-needs.dto';
import { TENSION_LABELS, tensionLevel } from './tension';

function toDto(row: BasinNeedRow): BasinNeedDto {
  const level = tensionLevel(row.tension);
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

  /** Totals shown at the top of the basin page. */
  async totals(basinCode: string, year: number) {
    return this.repository.totals(basinCode, year);
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
      return { ...toDto({ fapCode: link.fapCode, fapLabel: link.fapLabel, familyLabel: null, projects: 0, difficultProjects: 0, seasonalProjects: 0, partial: false, shareDifficult: null, shareSeasonal: null, tension: null }), reported: false };
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
