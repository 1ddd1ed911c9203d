import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM, idParam } from '../../common/http/id-param';
import { Page } from '../../common/http/pagination';
import { Role } from '../users/user.entity';
import {
  CreateSponsorshipDto,
  EndSponsorshipDto,
  ListSponsorshipsQuery,
  RecordCheckInDto,
  RetentionDto,
  SponsorshipDto,
  SponsorshipSummaryDto,
  SponsorshipTransitionDto,
} from './dto/sponsorship.dto';
import { SponsorshipMemberGuard } from './sponsorship-access';
import { SponsorshipsService } from './sponsorships.service';

/**
 * Sponsorships (parrainages). Employers see their organisation's (owners) or their own (members); counsellors see
 * those of the profiles their organisation owns and engage them; coordinators and admins read all of them and the
 * retention figures. Changes are POSTs on the sponsorship, by those who follow it.
 */
@ApiTags('sponsorships')
@Controller('api/sponsorships')
@Roles(Role.Employer, Role.Counsellor, Role.Coordinator, Role.Admin)
@UseGuards(SponsorshipMemberGuard)
export class SponsorshipsController {
  constructor(private readonly sponsorships: SponsorshipsService) {}

  @Get()
  @ApiOkResponse({ description: 'Parrainages visibles de la personne connectée, ceux en cours d’abord, puis par date de début décroissante' })
  list(@Query() query: ListSponsorshipsQuery, @CurrentUser() user: AuthUser): Promise<Page<SponsorshipSummaryDto>> {
    return this.sponsorships.list(user, query);
  }

  @Post()
  @Roles(Role.Counsellor, Role.Coordinator)
  @ApiCreatedResponse({ type: SponsorshipDto, description: 'Parrainage engagé avec l’accord de la personne ; ses quatre points de suivi sont planifiés' })
  create(@Body() dto: CreateSponsorshipDto, @CurrentUser() user: AuthUser): Promise<SponsorshipDto> {
    return this.sponsorships.create(user, dto);
  }

  @Get('retention')
  @Roles(Role.Coordinator, Role.Admin)
  @ApiOkResponse({ type: RetentionDto, description: 'Part des parrainages toujours en cours à 6 mois, par organisation employeuse' })
  retention(): Promise<RetentionDto> {
    return this.sponsorships.retention();
  }

  @Get(':id')
  @ApiOkResponse({ type: SponsorshipDto })
  get(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<SponsorshipDto> {
    return this.sponsorships.get(user, id);
  }

  @Post(':id/pause')
  @Roles(Role.Employer, Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: SponsorshipDto, description: 'Mis en pause : plus de rappel tant qu’il l’est' })
  pause(@Param('id', ID_PARAM) id: string, @Body() _body: SponsorshipTransitionDto, @CurrentUser() user: AuthUser): Promise<SponsorshipDto> {
    return this.sponsorships.pause(user, id);
  }

  @Post(':id/resume')
  @Roles(Role.Employer, Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: SponsorshipDto, description: 'Repris ; les rappels des points échus pendant la pause ne sont pas envoyés' })
  resume(@Param('id', ID_PARAM) id: string, @Body() _body: SponsorshipTransitionDto, @CurrentUser() user: AuthUser): Promise<SponsorshipDto> {
    return this.sponsorships.resume(user, id);
  }

  @Post(':id/end')
  @Roles(Role.Employer, Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: SponsorshipDto, description: 'Terminé avec un motif de la liste ; les points de suivi restants sont annulés' })
  end(@Param('id', ID_PARAM) id: string, @Body() dto: EndSponsorshipDto, @CurrentUser() user: AuthUser): Promise<SponsorshipDto> {
    return this.sponsorships.end(user, id, dto);
  }

  @Post(':id/check-ins/:checkInId')
  @Roles(Role.Employer, Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: SponsorshipDto, description: 'Point de suivi enregistré ; une note ou une prochaine étape signalée par le garde-fou des données personnelles est refusée (422)' })
  recordCheckIn(
    @Param('id', ID_PARAM) id: string,
    @Param('checkInId', idParam('checkInId')) checkInId: string,
    @Body() dto: RecordCheckInDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SponsorshipDto> {
    return this.sponsorships.recordCheckIn(user, id, checkInId, dto);
  }
}
