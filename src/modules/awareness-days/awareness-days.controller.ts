import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM, idParam } from '../../common/http/id-param';
import { Page } from '../../common/http/pagination';
import { Role } from '../users/user.entity';
import { AwarenessMemberGuard } from './awareness-day-access';
import { AwarenessDaysService } from './awareness-days.service';
import {
  AttendanceDto,
  AwarenessDayDto,
  AwarenessDaySummaryDto,
  CreateAwarenessDayDto,
  EmptyBodyDto,
  IdentityListDto,
  ListAwarenessDaysQuery,
  RegisterAttendeesDto,
  UpdateAwarenessDayDto,
} from './dto/awareness-day.dto';

const ATTENDEE_PARAM = idParam('attendeeId');

/**
 * Awareness half-days. Employers of active employer organisations see the upcoming ones (nearest first) and
 * register named attendees; the organiser organisation's coordinators create and change them, read the
 * identities (audited), export them and record attendance; admins read the half-days and their counts only.
 */
@ApiTags('awareness-days')
@Controller('api/awareness-days')
@Roles(Role.Employer, Role.Coordinator, Role.Admin)
@UseGuards(AwarenessMemberGuard)
export class AwarenessDaysController {
  constructor(private readonly days: AwarenessDaysService) {}

  @Get()
  @ApiOkResponse({ description: 'Employeurs : demi-journées à venir, les plus proches de leur bassin d’abord ; coordination : celles de son organisation ; admins : toutes' })
  list(@Query() query: ListAwarenessDaysQuery, @CurrentUser() user: AuthUser): Promise<Page<AwarenessDaySummaryDto>> {
    return this.days.list(user, query);
  }

  @Get('registrations')
  @Roles(Role.Employer)
  @ApiOkResponse({ description: 'Les demi-journées auxquelles votre organisation a inscrit des participants' })
  registrations(@Query() query: ListAwarenessDaysQuery, @CurrentUser() user: AuthUser): Promise<Page<AwarenessDaySummaryDto>> {
    return this.days.registrations(user, query);
  }

  @Post()
  @Roles(Role.Coordinator)
  @ApiCreatedResponse({ type: AwarenessDayDto, description: 'Demi-journée créée ; date limite d’inscription par défaut : 15 jours avant' })
  create(@Body() dto: CreateAwarenessDayDto, @CurrentUser() user: AuthUser): Promise<AwarenessDayDto> {
    return this.days.create(user, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: AwarenessDayDto })
  get(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<AwarenessDayDto> {
    return this.days.get(user, id);
  }

  @Patch(':id')
  @Roles(Role.Coordinator)
  @ApiOkResponse({ type: AwarenessDayDto, description: 'Modifiée ; augmenter la capacité confirme les premiers en liste d’attente' })
  update(@Param('id', ID_PARAM) id: string, @Body() dto: UpdateAwarenessDayDto, @CurrentUser() user: AuthUser): Promise<AwarenessDayDto> {
    return this.days.update(user, id, dto);
  }

  @Post(':id/cancel')
  @Roles(Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: AwarenessDayDto, description: 'Annulée ; chaque organisation inscrite est prévenue par e-mail' })
  cancel(@Param('id', ID_PARAM) id: string, @Body() _body: EmptyBodyDto, @CurrentUser() user: AuthUser): Promise<AwarenessDayDto> {
    return this.days.cancel(user, id);
  }

  @Post(':id/registrations')
  @Roles(Role.Employer)
  @HttpCode(200)
  @ApiOkResponse({ type: AwarenessDayDto, description: 'Participants inscrits, confirmés tant qu’il reste des places, sinon en liste d’attente ; 409 après la date limite' })
  register(@Param('id', ID_PARAM) id: string, @Body() dto: RegisterAttendeesDto, @CurrentUser() user: AuthUser): Promise<AwarenessDayDto> {
    return this.days.register(user, id, dto);
  }

  @Get(':id/attendees')
  @Roles(Role.Coordinator)
  @ApiOkResponse({ type: IdentityListDto, description: 'Liste nominative pour le service de sécurité (coordination organisatrice seulement, chaque lecture est tracée)' })
  attendees(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<IdentityListDto> {
    return this.days.identityList(user, id, 'api');
  }

  @Get(':id/export.csv')
  @Roles(Role.Coordinator)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Export CSV (UTF-8 avec BOM, séparateur « ; ») pour le service de sécurité' })
  async exportCsv(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const file = await this.days.exportCsv(user, id);
    // Identity data: never kept by a browser or proxy cache.
    res.set('Cache-Control', 'no-store').type('text/csv; charset=utf-8').attachment(file.filename).send(file.content);
  }

  @Post(':id/attendees/:attendeeId/cancel')
  @Roles(Role.Employer, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: AwarenessDayDto, description: 'Participation annulée (possible après la date limite) ; la place va au premier en liste d’attente' })
  cancelAttendee(
    @Param('id', ID_PARAM) id: string,
    @Param('attendeeId', ATTENDEE_PARAM) attendeeId: string,
    @Body() _body: EmptyBodyDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AwarenessDayDto> {
    return this.days.cancelAttendee(user, id, attendeeId);
  }

  @Post(':id/attendees/:attendeeId/attendance')
  @Roles(Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: AwarenessDayDto, description: 'Présence notée, à partir du jour de la demi-journée' })
  attendance(@Param('id', ID_PARAM) id: string, @Param('attendeeId', ATTENDEE_PARAM) attendeeId: string, @Body() dto: AttendanceDto, @CurrentUser() user: AuthUser): Promise<AwarenessDayDto> {
    return this.days.recordAttendance(user, id, attendeeId, dto);
  }
}
