import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators';
import { BASIN_CODE_PARAM, ROME_CODE_PARAM } from '../../common/http/code-params';
import { BasinNeedsService } from './basin-needs.service';
import { BasinNeedsForRomeDto, BasinNeedsForRomeQuery, BasinNeedsPageDto, BasinNeedsQuery } from './dto/basin-needs.dto';

/** BMO needs of a basin: open data, readable without an account. */
@ApiTags('basin-needs')
@Public()
@Controller('api/basins/:code/needs')
export class BasinNeedsController {
  constructor(private readonly needs: BasinNeedsService) {}

  @Get()
  @ApiOkResponse({ type: BasinNeedsPageDto, description: 'Métiers du bassin, les plus recherchés (sort=projects) ou les plus difficiles à pourvoir (sort=tension)' })
  list(@Param('code', BASIN_CODE_PARAM) code: string, @Query() query: BasinNeedsQuery): Promise<BasinNeedsPageDto> {
    return this.needs.list(code, query);
  }

  @Get(':rome')
  @ApiOkResponse({ type: BasinNeedsForRomeDto, description: 'Besoins du bassin pour un code ROME, via la correspondance FAP ↔ ROME' })
  forOccupation(@Param('code', BASIN_CODE_PARAM) code: string, @Param('rome', ROME_CODE_PARAM) rome: string, @Query() query: BasinNeedsForRomeQuery): Promise<BasinNeedsForRomeDto> {
    return this.needs.forOccupation(code, rome, query.year);
  }
}
