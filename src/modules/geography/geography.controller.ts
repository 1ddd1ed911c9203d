import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators';
import { Page } from '../../common/http/pagination';
import { BASIN_CODE_PARAM } from '../../common/http/code-params';
import {
  BasinDetailDto,
  BasinListQuery,
  BasinPageDto,
  BasinSummaryDto,
  CommuneListDto,
  CommuneSearchQuery,
  EstablishmentListDto,
  EstablishmentListQuery,
} from './dto/geography.dto';
import { GeographyService } from './geography.service';

/** Employment basins, communes and prisons: open reference data, readable without an account. */
@ApiTags('geography')
@Public()
@Controller('api')
export class GeographyController {
  constructor(private readonly geography: GeographyService) {}

  @Get('communes')
  @ApiOkResponse({ type: CommuneListDto, description: 'Communes par début de nom, code postal ou code INSEE, avec leur bassin' })
  async communes(@Query() query: CommuneSearchQuery): Promise<CommuneListDto> {
    return { items: await this.geography.findCommunes(query.q) };
  }

  @Get('basins')
  @ApiOkResponse({ type: BasinPageDto, description: 'Bassins d’emploi par nom' })
  basins(@Query() query: BasinListQuery): Promise<Page<BasinSummaryDto>> {
    return this.geography.listBasins(query);
  }

  @Get('basins/:code')
  @ApiOkResponse({ type: BasinDetailDto })
  basin(@Param('code', BASIN_CODE_PARAM) code: string): Promise<BasinDetailDto> {
    return this.geography.getBasin(code);
  }

  @Get('establishments')
  @ApiOkResponse({ type: EstablishmentListDto, description: 'Établissements pénitentiaires par nom' })
  async establishments(@Query() query: EstablishmentListQuery): Promise<EstablishmentListDto> {
    return { items: await this.geography.listEstablishments(query) };
  }
}
