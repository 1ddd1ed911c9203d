import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM } from '../../common/http/id-param';
import { Page } from '../../common/http/pagination';
import { Role } from '../users/user.entity';
import { ActivePartnerGuard } from './active-partner.guard';
import { CandidateProfilesService } from './candidate-profiles.service';
import {
  CandidateProfileDto,
  CandidateProfileSummaryDto,
  CandidateProfileTransitionDto,
  CreateCandidateProfileDto,
  ListCandidateProfilesQuery,
  PiiCheckDto,
  PublishCandidateProfileDto,
  RecordConsentDto,
  RevokeConsentDto,
  UpdateCandidateProfileDto,
} from './dto/candidate-profile.dto';
import { EraseCandidateProfileDto } from './dto/erase-candidate-profile.dto';

/** Internal view of anonymised profiles: partner staff write their organisation's, admins read all. Employers have their own view. */
@ApiTags('candidate-profiles')
@Controller('api/candidate-profiles')
@Roles(Role.Counsellor, Role.Coordinator, Role.Admin)
@UseGuards(ActivePartnerGuard)
export class CandidateProfilesController {
  constructor(private readonly profiles: CandidateProfilesService) {}

  @Get()
  @ApiOkResponse({ description: 'Profils de son organisation (tous pour un administrateur), les plus récemment modifiés d’abord' })
  list(@Query() query: ListCandidateProfilesQuery, @CurrentUser() user: AuthUser): Promise<Page<CandidateProfileSummaryDto>> {
    return this.profiles.list(user, query);
  }

  @Post()
  @Roles(Role.Counsellor, Role.Coordinator)
  @ApiCreatedResponse({ type: CandidateProfileDto, description: 'Profil créé en brouillon, avec son code pseudonyme' })
  create(@Body() dto: CreateCandidateProfileDto, @CurrentUser() user: AuthUser): Promise<CandidateProfileDto> {
    return this.profiles.create(user, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: CandidateProfileDto })
  get(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<CandidateProfileDto> {
    return this.profiles.get(user, id);
  }

  @Get(':id/pii-check')
  @ApiOkResponse({ type: PiiCheckDto, description: 'Passages du texte libre qui ressemblent à des données personnelles' })
  piiCheck(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<PiiCheckDto> {
    return this.profiles.piiCheck(user, id);
  }

  @Patch(':id')
  @Roles(Role.Counsellor, Role.Coordinator)
  @ApiOkResponse({ type: CandidateProfileDto })
  update(@Param('id', ID_PARAM) id: string, @Body() dto: UpdateCandidateProfileDto, @CurrentUser() user: AuthUser): Promise<CandidateProfileDto> {
    return this.profiles.update(user, id, dto);
  }

  @Post(':id/consents')
  @Roles(Role.Counsellor, Role.Coordinator)
  @ApiCreatedResponse({ type: CandidateProfileDto })
  recordConsent(@Param('id', ID_PARAM) id: string, @Body() dto: RecordConsentDto, @CurrentUser() user: AuthUser): Promise<CandidateProfileDto> {
    return this.profiles.recordConsent(user, id, dto);
  }

  @Post(':id/consents/revoke')
  @Roles(Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: CandidateProfileDto, description: 'Consentement révoqué ; un profil publié passe en pause' })
  revokeConsent(@Param('id', ID_PARAM) id: string, @Body() dto: RevokeConsentDto, @CurrentUser() user: AuthUser): Promise<CandidateProfileDto> {
    return this.profiles.revokeConsent(user, id, dto);
  }

  @Post(':id/publish')
  @Roles(Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: CandidateProfileDto })
  publish(@Param('id', ID_PARAM) id: string, @Body() dto: PublishCandidateProfileDto, @CurrentUser() user: AuthUser): Promise<CandidateProfileDto> {
    return this.profiles.publish(user, id, dto);
  }

  @Post(':id/pause')
  @Roles(Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: CandidateProfileDto })
  pause(@Param('id', ID_PARAM) id: string, @Body() _body: CandidateProfileTransitionDto, @CurrentUser() user: AuthUser): Promise<CandidateProfileDto> {
    return this.profiles.pause(user, id);
  }

  @Post(':id/resume')
  @Roles(Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: CandidateProfileDto })
  resume(@Param('id', ID_PARAM) id: string, @Body() dto: PublishCandidateProfileDto, @CurrentUser() user: AuthUser): Promise<CandidateProfileDto> {
    return this.profiles.resume(user, id, dto);
  }

  @Post(':id/placed')
  @Roles(Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: CandidateProfileDto })
  placed(@Param('id', ID_PARAM) id: string, @Body() _body: CandidateProfileTransitionDto, @CurrentUser() user: AuthUser): Promise<CandidateProfileDto> {
    return this.profiles.markPlaced(user, id);
  }

  @Post(':id/archive')
  @Roles(Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: CandidateProfileDto })
  archive(@Param('id', ID_PARAM) id: string, @Body() _body: CandidateProfileTransitionDto, @CurrentUser() user: AuthUser): Promise<CandidateProfileDto> {
    return this.profiles.archive(user, id);
  }

  @Post(':id/erase')
  @Roles(Role.Counsellor, Role.Coordinator)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Profil effacé partout (base, consentements, messages en attente) ; le journal d’audit garde son identifiant' })
  erase(@Param('id', ID_PARAM) id: string, @Body() dto: EraseCandidateProfileDto, @CurrentUser() user: AuthUser): Promise<void> {
    return this.profiles.erase(user, id, dto);
  }
}
