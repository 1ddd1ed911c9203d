import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM } from '../../common/http/id-param';
import { Page } from '../../common/http/pagination';
import { Role } from '../users/user.entity';
import { ActiveEmployerGuard } from './active-employer.guard';
import { CreateEmployerNeedDto, EmployerNeedDto, EmployerNeedTransitionDto, ListEmployerNeedsQuery, UpdateEmployerNeedDto } from './dto/employer-need.dto';
import { EmployerNeedsService } from './employer-needs.service';
import { NeedConfirmationService } from './need-confirmation.service';

@ApiTags('employer-needs')
@Controller('api/employer-needs')
@Roles(Role.Employer, Role.Coordinator, Role.Admin)
@UseGuards(ActiveEmployerGuard)
export class EmployerNeedsController {
  constructor(
    private readonly needs: EmployerNeedsService,
    private readonly confirmation: NeedConfirmationService,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Besoins de recrutement (ceux de son organisation pour un employeur), les plus récemment modifiés d’abord' })
  list(@Query() query: ListEmployerNeedsQuery, @CurrentUser() user: AuthUser): Promise<Page<EmployerNeedDto>> {
    return this.needs.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: EmployerNeedDto })
  get(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<EmployerNeedDto> {
    return this.needs.get(user, id);
  }

  @Post()
  @Roles(Role.Employer)
  @ApiCreatedResponse({ type: EmployerNeedDto, description: 'Besoin créé en brouillon' })
  create(@Body() dto: CreateEmployerNeedDto, @CurrentUser() user: AuthUser): Promise<EmployerNeedDto> {
    return this.needs.create(user, dto);
  }

  @Patch(':id')
  @Roles(Role.Employer)
  @ApiOkResponse({ type: EmployerNeedDto })
  update(@Param('id', ID_PARAM) id: string, @Body() dto: UpdateEmployerNeedDto, @CurrentUser() user: AuthUser): Promise<EmployerNeedDto> {
    return this.needs.update(user, id, dto);
  }

  @Post(':id/publish')
  @Roles(Role.Employer)
  @HttpCode(200)
  @ApiOkResponse({ type: EmployerNeedDto })
  publish(@Param('id', ID_PARAM) id: string, @Body() _body: EmployerNeedTransitionDto, @CurrentUser() user: AuthUser): Promise<EmployerNeedDto> {
    return this.needs.publish(user, id);
  }

  @Post(':id/close')
  @Roles(Role.Employer)
  @HttpCode(200)
  @ApiOkResponse({ type: EmployerNeedDto })
  close(@Param('id', ID_PARAM) id: string, @Body() _body: EmployerNeedTransitionDto, @CurrentUser() user: AuthUser): Promise<EmployerNeedDto> {
    return this.needs.close(user, id);
  }

  @Post(':id/confirm')
  @Roles(Role.Employer)
  @HttpCode(200)
  @ApiOkResponse({ type: EmployerNeedDto, description: 'Besoin publié confirmé comme toujours d’actualité : sa date de mise à jour repart de maintenant' })
  confirm(@Param('id', ID_PARAM) id: string, @Body() _body: EmployerNeedTransitionDto, @CurrentUser() user: AuthUser): Promise<EmployerNeedDto> {
    return this.confirmation.confirm(user, id);
  }
}
