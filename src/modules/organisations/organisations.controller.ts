import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM } from '../../common/http/id-param';
import { Page } from '../../common/http/pagination';
import { Role } from '../users/user.entity';
import {
  ApproveOrganisationDto,
  ListOrganisationsQuery,
  OrganisationDetailDto,
  OrganisationSummaryDto,
  RefuseOrganisationDto,
  ReinstateOrganisationDto,
  SuspendOrganisationDto,
} from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@Controller('api/organisations')
@Roles(Role.Coordinator, Role.Admin)
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOkResponse({ description: 'Organisations, les plus anciennes demandes d’abord' })
  list(@Query() query: ListOrganisationsQuery): Promise<Page<OrganisationSummaryDto>> {
    return this.organisations.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganisationDetailDto })
  get(@Param('id', ID_PARAM) id: string): Promise<OrganisationDetailDto> {
    return this.organisations.get(id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: OrganisationDetailDto })
  approve(@Param('id', ID_PARAM) id: string, @Body() _body: ApproveOrganisationDto, @CurrentUser() user: AuthUser): Promise<OrganisationDetailDto> {
    return this.organisations.approve(id, user.id);
  }

  @Post(':id/refuse')
  @HttpCode(200)
  @ApiOkResponse({ type: OrganisationDetailDto })
  refuse(@Param('id', ID_PARAM) id: string, @Body() dto: RefuseOrganisationDto, @CurrentUser() user: AuthUser): Promise<OrganisationDetailDto> {
    return this.organisations.refuse(id, user.id, dto.reason);
  }

  /** Blocks an active organisation's members (profiles, needs, introductions) until it is reinstated. */
  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOkResponse({ type: OrganisationDetailDto })
  suspend(@Param('id', ID_PARAM) id: string, @Body() dto: SuspendOrganisationDto, @CurrentUser() user: AuthUser): Promise<OrganisationDetailDto> {
    return this.organisations.suspend(id, user.id, dto.reason);
  }

  @Post(':id/reinstate')
  @HttpCode(200)
  @ApiOkResponse({ type: OrganisationDetailDto })
  reinstate(@Param('id', ID_PARAM) id: string, @Body() _body: ReinstateOrganisationDto, @CurrentUser() user: AuthUser): Promise<OrganisationDetailDto> {
    return this.organisations.reinstate(id, user.id);
  }
}
