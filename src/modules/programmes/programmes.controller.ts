import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM, idParam } from '../../common/http/id-param';
import { Page, PageQuery } from '../../common/http/pagination';
import { Role } from '../users/user.entity';
import { CreateProgrammeDto, ProgrammeDetailDto, ProgrammeSummaryDto, UpdateProgrammeDto } from './dto/programme.dto';
import { ProgrammesService } from './programmes.service';

const ORGANISATION_ID_PARAM = idParam('organisationId');

/** Programmes: admins manage them; coordinators read those their organisation belongs to. */
@ApiTags('programmes')
@Controller('api/programmes')
@Roles(Role.Coordinator, Role.Admin)
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @ApiOkResponse({ description: 'Programmes par nom (ceux de son organisation pour un coordinateur)' })
  list(@Query() query: PageQuery, @CurrentUser() user: AuthUser): Promise<Page<ProgrammeSummaryDto>> {
    return this.programmes.list(user, query);
  }

  @Post()
  @Roles(Role.Admin)
  @ApiCreatedResponse({ type: ProgrammeDetailDto })
  create(@Body() dto: CreateProgrammeDto, @CurrentUser() user: AuthUser): Promise<ProgrammeDetailDto> {
    return this.programmes.create(user, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProgrammeDetailDto })
  get(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<ProgrammeDetailDto> {
    return this.programmes.get(user, id);
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: ProgrammeDetailDto })
  update(@Param('id', ID_PARAM) id: string, @Body() dto: UpdateProgrammeDto, @CurrentUser() user: AuthUser): Promise<ProgrammeDetailDto> {
    return this.programmes.update(user, id, dto);
  }

  @Put(':id/members/:organisationId')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: ProgrammeDetailDto, description: 'Organisation ajoutée (sans effet si elle l’était déjà)' })
  addMember(@Param('id', ID_PARAM) id: string, @Param('organisationId', ORGANISATION_ID_PARAM) organisationId: string, @CurrentUser() user: AuthUser): Promise<ProgrammeDetailDto> {
    return this.programmes.addMember(user, id, organisationId);
  }

  @Delete(':id/members/:organisationId')
  @Roles(Role.Admin)
  @ApiOkResponse({ type: ProgrammeDetailDto })
  removeMember(@Param('id', ID_PARAM) id: string, @Param('organisationId', ORGANISATION_ID_PARAM) organisationId: string, @CurrentUser() user: AuthUser): Promise<ProgrammeDetailDto> {
    return this.programmes.removeMember(user, id, organisationId);
  }
}
