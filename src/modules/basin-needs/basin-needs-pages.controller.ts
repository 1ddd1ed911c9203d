import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { BASIN_CODE_PARAM, ROME_CODE_PARAM } from '../../common/http/code-params';
import { GeographyService } from '../geography/geography.service';
import { parseQueryOrThrow } from '../web/form';
import { BasinNeedsService } from './basin-needs.service';
import { formatCount, formatShare, needForView, TENSION_THRESHOLD_TEXT } from './basin-needs.view';
import { BasinNeedsForRomeQuery, BasinNeedsQuery } from './dto/basin-needs.dto';

const TOP = 10;


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
    const query = parseQueryOrThrow(BasinNeedsForRomeQuery, { year });
    const [basin, overview] = await Promise.all([this.geography.getBasin(code), this.needs.overview(code, query.year, TOP)]);
    res.render('pages/basin-needs/basin', {
      title: `Bassin d'emploi ${basin.name} (${basin.code})`,
      basin,
      year: overview.year,
      years: overview.years.map((y) => ({ value: y, current: y === overview.year })),
      totals: overview.totals && {
        projects: formatCount(overview.totals.projects),
        shareDifficult: formatShare(overview.totals.shareDifficult),
        occupations: overview.totals.occupations,
        secretCells: overview.totals.secretCells,
      },
      mostNeeded: overview.mostNeeded.map(needForView),
      hardest: overview.hardest.map(needForView),
      total: overview.total,
      thresholds: TENSION_THRESHOLD_TEXT,
    });
  }

  @Get('besoins')
  async all(@Param('code', BASIN_CODE_PARAM) code: string, @Query() raw: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const query = parseQueryOrThrow(BasinNeedsQuery, { year: raw.annee, sort: raw.tri ?? 'projects', page: raw.page ?? '1', pageSize: '50' });
    const result = await this.needs.list(code, query);
    const link = (page: number) => `/bassins/${code}/besoins?tri=${query.sort}&page=${page}${result.year ? `&annee=${result.year}` : ''}`;
    res.render('pages/basin-needs/all', {
      title: `Tous les métiers — bassin ${result.basin.name}`,
      basin: result.basin,
      year: result.year,
      sort: query.sort,
      byTension: query.sort === 'tension',
      items: result.items.map(needForView),
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
    const query = parseQueryOrThrow(BasinNeedsForRomeQuery, { year });
    const result = await this.needs.forOccupation(code, rome, query.year);
    const { message: summary, ...rest } = result;
    res.render('pages/basin-needs/occupation', {
      title: `${result.occupation.label} — bassin ${result.basin.name}`,
      ...rest,
      summary,
      missing: result.crosswalk === 'missing',
      items: result.items.map(needForView),
    });
  }
}
