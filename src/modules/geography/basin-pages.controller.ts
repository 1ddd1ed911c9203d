import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { parseForm } from '../web/form';
import { CommuneSearchQuery } from './dto/geography.dto';
import { COMMUNE_RESULT_LIMIT, GeographyService } from './geography.service';

/** Page assets, linked from the layout's head. */
const ASSETS = { styles: ['/static/css/geography.css'], scripts: ['/static/js/geography.js'] };

/** /bassins: find the basin of a commune or postcode, or browse the basins by region. Works without JavaScript. */
@ApiExcludeController()
@Public()
@Controller('bassins')
export class BasinPagesController {
  constructor(private readonly geography: GeographyService) {}

  @Get()
  async lookup(@Query('q') q: unknown, @Res() res: Response): Promise<void> {
    const title = "Bassins d'emploi";
    if (q === undefined || q === '') {
      res.render('pages/geography/basin-lookup', { ...ASSETS, title, regions: await this.geography.basinsByRegion() });
      return;
    }
    const form = parseForm(CommuneSearchQuery, { q: typeof q === 'string' ? q : '' });
    if (!form.ok) {
      res.status(400).render('pages/geography/basin-lookup', { ...ASSETS, title, errors: { q: form.errors.q }, q: typeof q === 'string' ? q : '' });
      return;
    }
    const communes = await this.geography.findCommunes(form.value.q);
    res.render('pages/geography/basin-lookup', { ...ASSETS, title: `${title} — « ${form.value.q} »`, q: form.value.q, searched: true, communes, truncated: communes.length === COMMUNE_RESULT_LIMIT });
  }
}
