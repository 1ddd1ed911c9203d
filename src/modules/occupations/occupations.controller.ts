import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators';
import { romeCodeParam } from '../../common/http/code-params';
import { OccupationDetailDto, OccupationSearchQuery, OccupationSuggestionListDto } from './dto/occupation.dto';
import { OccupationsService } from './occupations.service';

/** Route `:code` of an occupation: a ROME code (case-insensitive), or a 400 naming the field. */
export const ROME_CODE_PARAM = romeCodeParam('code');

/** ROME 4.0 occupations: open reference data, readable without an account. */
@ApiTags('occupations')
@Public()
@Controller('api/occupations')
export class OccupationsController {
  constructor(private readonly occupations: OccupationsService) {}

  @Get()
  @ApiOkResponse({ type: OccupationSuggestionListDto, description: 'Autocomplétion sur les libellés et appellations ROME (accents et fautes de frappe tolérés)' })
  @ApiServiceUnavailableResponse({ description: 'Moteur de recherche indisponible' })
  async search(@Query() query: OccupationSearchQuery): Promise<OccupationSuggestionListDto> {
    return { items: await this.occupations.suggest(query.q, query.limit) };
  }

  @Get(':code')
  @ApiOkResponse({ type: OccupationDetailDto })
  detail(@Param('code', ROME_CODE_PARAM) code: string): Promise<OccupationDetailDto> {
    return this.occupations.getDetail(code);
  }
}
