import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { BASIN_CODE_PARAM, ROME_CODE_PARAM } from '../../common/http/code-params';
import { ValidationFailedException } from '../../common/http/problem';
import { toFieldErrors } from '../../common/http/validation';
import { GeographyService } from '../geography/geography.service';
import { BasinNeedsService } from './basin-needs.service';
import { BasinNeedDto, BasinNeedsQuery } from './dto/basin-needs.dto';
import { TENSION_THRESHOLDS } from './tension';

const TOP = 10;
const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
const NUMBER = new Intl.NumberFormat('fr-FR');
// One decimal, so that a tension just under a threshold (0.5998) does not read as the threshold (60 %).
const TENSION = new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A need as the page shows it: secret figures spelled out, shares as percentages. */
function forView(need: BasinNeedDto) {
  const count = (value: number | null) => (value === null ? null : NUMBER.format(value));
  return {
    ...need,
    projectsText: count(need.projects),
    difficultText: need.shareDifficult === null ? null : PERCENT.format(need.shareDifficult),
    seasonalText: need.shareSeasonal === null ? null : PERCENT.format(need.shareSeasonal),
    tensionText: need.tension === null ? null : TENSION.format(need.tension),
  };
}

function parseQuery<T extends object>(type: new () => T, raw: Record<string, unknown>): T {
  const query = plainToInstance(type, raw);
  const errors = validateSync(query, { whitelist: true });
  if (errors.length) throw new ValidationFailedException(toFieldErrors(errors));
  return query;
}

/** /bassins/:code — a basin's most-needed and hardest-to-fill occupations; /bassins/:code/metiers/:rome — its needs for one ROME code. */
@ApiExcludeController()
@Public()
@Controller('bassins/:code')
export class BasinNeedsPagesController {
  constructor(
    private readonly needs: BasinNeedsService,
    private readonly geography: GeographyService,
  ) {}

  @Get()
  async basin(@Param('code', BASIN_CODE_PARAM) code: string, @Query('annee') year: unknown, @Res() res: Response): Promise<void> {
    const top = (sort: string) => parseQuery(BasinNeedsQuery, { year, sort, pageSize: String(TOP) });
    const basin = await this.geography.getBasin(code);
    const [mostNeeded, hardest] = await Promise.all([this.needs.list(code, top('projects')), this.needs.list(code, top('tension'))]);
    const totals = mostNeeded.year === null ? null : await this.needs.totals(code, mostNeeded.year);
    res.render('pages/basin-needs/basin', {
      title: `Bassin d'emploi ${basin.name} (${basin.code})`,
      basin,
      year: mostNeeded.year,
      years: mostNeeded.years.map((y) => ({ value: y, current: y === mostNeeded.year })),
      totals: totals && {
        projects: NUMBER.format(totals.projects),
        shareDifficult: totals.projects ? PERCENT.format(totals.difficultProjects / totals.projects) : null,
        occupations: totals.occupations,
        secretCells: totals.secretCells,
      },
      mostNeeded: mostNeeded.items.map(forView),
      hardest: hardest.items.map(forView),
      total: mostNeeded.total,
      thresholds: { strong: PERCENT.format(TENSION_THRESHOLDS.strong), moderate: PERCENT.format(TENSION_THRESHOLDS.moderate) },
    });
  }

  @Get('besoins')
  async all(@Param('code', BASIN_CODE_PARAM) code: string, @Query() raw: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const query = parseQuery(BasinNeedsQuery, { year: raw.annee, sort: raw.tri ?? 'projects', page: raw.page ?? '1', pageSize: '50' });
    const result = await this.needs.list(code, query);
    const link = (page: number) => `/bassins/${code}/besoins?tri=${query.sort}&page=${page}${result.year ? `&annee=${result.year}` : ''}`;
    res.render('pages/basin-needs/all', {
      title: `Tous les métiers — bassin ${result.basin.name}`,
      basin: result.basin,
      year: result.year,
      sort: query.sort,
      byTension: query.sort === 'tension',
      items: result.items.map(forView),
      page: result.page,
      totalPages: result.totalPages,
      total: result.total,
      previous: result.page > 1 ? link(result.page - 1) : null,
      next: result.page < result.totalPages ? link(result.page + 1) : null,
    });
  }

  /** The form of the basin page asks for a ROME code: send it to its canonical address. */
  @Get('metiers')
  occupationForm(@Param('code', BASIN_CODE_PARAM) code: string, @Query('rome') rome: unknown, @Res() res: Response): void {
    const value = typeof rome === 'string' ? rome.trim().toUpperCase() : '';
    res.redirect(303, `/bassins/${code}/metiers/${encodeURIComponent(value || '-')}`);
  }

  @Get('metiers/:rome')
  async occupation(@Param('code', BASIN_CODE_PARAM) code: string, @Param('rome', ROME_CODE_PARAM) rome: string, @Query('annee') year: unknown, @Res() res: Response): Promise<void> {
    const query = parseQuery(BasinNeedsQuery, { year });
    const result = await this.needs.forOccupation(code, rome, query.year);
    const { message: summary, ...rest } = result;
    res.render('pages/basin-needs/occupation', {
      title: `${result.occupation.label} — bassin ${result.basin.name}`,
      ...rest,
      summary,
      missing: result.crosswalk === 'missing',
      items: result.items.map((item) => ({ ...forView(item), reported: item.reported })),
    });
  }
}
