import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Role } from '../users/user.entity';
import { CrosswalkService } from './crosswalk.service';
import { FapRomeDecisionDto, FapRomeLinkDto, FapRomeSuggestionsDto, ListFapRomeLinksQuery, SuggestionsQuery } from './dto/fap-rome-link.dto';

@ApiTags('fap-rome-links')
@Controller('api/fap-rome-links')
export class CrosswalkController {
  constructor(private readonly crosswalk: CrosswalkService) {}

  @Get()
  @ApiOkResponse({ type: [FapRomeLinkDto], description: 'Correspondances FAP 2021 ↔ ROME (actives et écartées)' })
  list(@Query() query: ListFapRomeLinksQuery): Promise<FapRomeLinkDto[]> {
    return this.crosswalk.list({ fapCode: query.fap, romeCode: query.rome, status: query.status });
  }

  @Get('suggestions')
  @Roles(Role.Coordinator, Role.Admin)
  @ApiOkResponse({ type: FapRomeSuggestionsDto, description: 'Métiers ROME aux libellés proches du libellé FAP, à confirmer' })
  suggestions(@Query() query: SuggestionsQuery): Promise<FapRomeSuggestionsDto> {
    return this.crosswalk.suggest(query.fap, query.limit);
  }

  @Post()
  @Roles(Role.Coordinator, Role.Admin)
  @ApiOkResponse({ type: FapRomeLinkDto })
  confirm(@Body() dto: FapRomeDecisionDto, @CurrentUser() user: AuthUser): Promise<FapRomeLinkDto> {
    return this.crosswalk.confirm(dto.fapCode, dto.romeCode, user.id);
  }

  @Post('reject')
  @HttpCode(200)
  @Roles(Role.Coordinator, Role.Admin)
  @ApiOkResponse({ type: FapRomeLinkDto })
  reject(@Body() dto: FapRomeDecisionDto, @CurrentUser() user: AuthUser): Promise<FapRomeLinkDto> {
    return this.crosswalk.reject(dto.fapCode, dto.romeCode, user.id);
  }
}
