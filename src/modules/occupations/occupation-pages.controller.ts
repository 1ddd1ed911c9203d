import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { parseForm } from '../web/form';
import { OccupationSearchQuery } from './dto/occupation.dto';
import { OccupationsException } from './occupations.exception';
import { ROME_CODE_PARAM } from './occupations.controller';
import { OccupationsService } from './occupations.service';

const PAGE_RESULTS = 20;

/** Page assets, linked from the layout's head. */
const SEARCH_ASSETS = { styles: ['/static/css/occupations.css'], scripts: ['/static/js/occupations.js'] };

/** /metiers: find a ROME occupation by its title or code, and read its fiche. Works without JavaScript. */
@ApiExcludeController()
@Public()
@Controller('metiers')
export class OccupationPagesController {
  constructor(private readonly occupations: OccupationsService) {}

  @Get()
  async search(@Query('q') q: unknown, @Res() res: Response): Promise<void> {
    const title = 'Métiers (ROME)';
    const text = typeof q === 'string' ? q : '';
    if (text === '') {
      res.render('pages/occupations/occupation-search', { ...SEARCH_ASSETS, title, notLoaded: await this.occupations.isReferentialEmpty() });
      return;
    }
    const form = parseForm(OccupationSearchQuery, { q: text });
    if (!form.ok) {
      res.status(400).render('pages/occupations/occupation-search', { ...SEARCH_ASSETS, title, errors: { q: form.errors.q }, q: text });
      return;
    }
    try {
      const results = await this.occupations.suggest(form.value.q, PAGE_RESULTS);
      res.render('pages/occupations/occupation-search', { ...SEARCH_ASSETS, title: `${title} — « ${form.value.q} »`, q: form.value.q, searched: true, results });
    } catch (error) {
      if (!(error instanceof OccupationsException) || error.status !== 503) throw error;
      res.status(503).render('pages/occupations/occupation-search', { ...SEARCH_ASSETS, title, q: form.value.q, unavailable: true });
    }
  }

  @Get(':code')
  async detail(@Param('code', ROME_CODE_PARAM) code: string, @Res() res: Response): Promise<void> {
    const occupation = await this.occupations.getDetail(code);
    res.render('pages/occupations/occupation-detail', { styles: SEARCH_ASSETS.styles, title: `${occupation.code} — ${occupation.label}`, occupation });
  }
}
