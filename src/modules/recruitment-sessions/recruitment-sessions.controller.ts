import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM, idParam } from '../../common/http/id-param';
import { Page, PageQuery } from '../../common/http/pagination';
import { ActiveEmployerGuard } from '../employer-needs/active-employer.guard';
import { Role } from '../users/user.entity';
import {
  AddSessionCandidateDto,
  AddSessionOrganisationDto,
  ChangeSessionStatusDto,
  CreateRecruitmentSessionDto,
  EmptyBodyDto,
  FormBinomeDto,
  MoveInterviewDto,
  SessionAvailabilityDto,
  SessionRoomDto,
  UpdateRecruitmentSessionDto,
} from './dto/recruitment-session.dto';
import { OrganisationScheduleView, PlannerView } from './recruitment-session-view';
import { GenerateOutcome, RecruitmentSessionsService, SendOutcome, SessionSummary, SuggestOutcome } from './recruitment-sessions.service';

const CANDIDATE_ID = idParam('candidateId');
const PARTICIPANT_ID = idParam('participantId');
const ROOM_ID = idParam('roomId');
const BINOME_ID = idParam('binomeId');
const INTERVIEW_ID = idParam('interviewId');

/**
 * Recruitment sessions. The coordinators of the organising organisation (and admins) plan them: cohort,
 * organisations, rooms, binômes, schedule; others get a 404. Employers list the sessions their organisation takes
 * part in and read their own schedule once it is sent.
 */
@ApiTags('recruitment-sessions')
@Controller('api/recruitment-sessions')
@Roles(Role.Coordinator, Role.Admin)
@UseGuards(ActiveEmployerGuard)
export class RecruitmentSessionsController {
  constructor(private readonly sessions: RecruitmentSessionsService) {}

  @Get()
  @Roles(Role.Coordinator, Role.Admin, Role.Employer)
  @ApiOkResponse({ description: 'Sessions de l’organisation du coordinateur (toutes pour un admin ; pour un employeur, celles où son organisation participe)' })
  list(@Query() query: PageQuery, @CurrentUser() user: AuthUser): Promise<Page<SessionSummary>> {
    return this.sessions.list(user, query);
  }

  @Post()
  @Roles(Role.Coordinator)
  @ApiCreatedResponse({ description: 'Session créée en préparation' })
  create(@Body() dto: CreateRecruitmentSessionDto, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.create(user, dto);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'Le planificateur : détails, cohorte, organisations, salles, binômes, planning et alertes' })
  get(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.get(user, id);
  }

  @Patch(':id')
  @ApiOkResponse({ description: 'Détails modifiés ; changer les horaires, la durée des entretiens ou la pause supprime le planning' })
  update(@Param('id', ID_PARAM) id: string, @Body() dto: UpdateRecruitmentSessionDto, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.update(user, id, dto);
  }

  @Post(':id/status')
  @HttpCode(200)
  changeStatus(@Param('id', ID_PARAM) id: string, @Body() dto: ChangeSessionStatusDto, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.changeStatus(user, id, dto.status);
  }

  @Post(':id/candidates')
  @HttpCode(200)
  addCandidate(@Param('id', ID_PARAM) id: string, @Body() dto: AddSessionCandidateDto, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.addCandidate(user, id, dto);
  }

  @Delete(':id/candidates/:candidateId')
  removeCandidate(@Param('id', ID_PARAM) id: string, @Param('candidateId', CANDIDATE_ID) candidateId: string, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.removeCandidate(user, id, candidateId);
  }

  @Post(':id/organisations')
  @HttpCode(200)
  addOrganisation(@Param('id', ID_PARAM) id: string, @Body() dto: AddSessionOrganisationDto, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.addOrganisation(user, id, dto);
  }

  @Put(':id/organisations/:participantId')
  setAvailability(
    @Param('id', ID_PARAM) id: string,
    @Param('participantId', PARTICIPANT_ID) participantId: string,
    @Body() dto: SessionAvailabilityDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PlannerView> {
    return this.sessions.setAvailability(user, id, participantId, dto);
  }

  @Delete(':id/organisations/:participantId')
  @ApiOkResponse({ description: 'Organisation retirée ; son binôme est dissous et le planning supprimé' })
  removeOrganisation(@Param('id', ID_PARAM) id: string, @Param('participantId', PARTICIPANT_ID) participantId: string, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.removeOrganisation(user, id, participantId);
  }

  @Post(':id/rooms')
  @HttpCode(200)
  addRoom(@Param('id', ID_PARAM) id: string, @Body() dto: SessionRoomDto, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.addRoom(user, id, dto.name);
  }

  @Patch(':id/rooms/:roomId')
  renameRoom(@Param('id', ID_PARAM) id: string, @Param('roomId', ROOM_ID) roomId: string, @Body() dto: SessionRoomDto, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.renameRoom(user, id, roomId, dto.name);
  }

  @Delete(':id/rooms/:roomId')
  @ApiOkResponse({ description: 'Salle retirée ; le planning est supprimé' })
  removeRoom(@Param('id', ID_PARAM) id: string, @Param('roomId', ROOM_ID) roomId: string, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.removeRoom(user, id, roomId);
  }

  @Post(':id/binomes/suggest')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Binômes suggérés (les binômes formés à la main sont gardés) ; le planning est supprimé' })
  suggest(@Param('id', ID_PARAM) id: string, @Body() _body: EmptyBodyDto, @CurrentUser() user: AuthUser): Promise<SuggestOutcome> {
    return this.sessions.suggestBinomes(user, id);
  }

  @Post(':id/binomes')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Binôme formé à la main (verrouillé) ; le planning est supprimé' })
  formBinome(@Param('id', ID_PARAM) id: string, @Body() dto: FormBinomeDto, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.formBinome(user, id, dto.organisationIds);
  }

  @Delete(':id/binomes/:binomeId')
  dissolveBinome(@Param('id', ID_PARAM) id: string, @Param('binomeId', BINOME_ID) binomeId: string, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.dissolveBinome(user, id, binomeId);
  }

  @Post(':id/schedule/generate')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Planning généré (remplace le précédent) ; incomplet, avec les raisons ; refusé (409) une fois le débriefing commencé' })
  generate(@Param('id', ID_PARAM) id: string, @Body() _body: EmptyBodyDto, @CurrentUser() user: AuthUser): Promise<GenerateOutcome> {
    return this.sessions.generate(user, id);
  }

  @Post(':id/interviews/:interviewId/move')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Entretien déplacé (échangé avec celui qui occupait la place) ; un double emploi ou un entretien déjà débriefé est refusé (409)' })
  move(@Param('id', ID_PARAM) id: string, @Param('interviewId', INTERVIEW_ID) interviewId: string, @Body() dto: MoveInterviewDto, @CurrentUser() user: AuthUser): Promise<PlannerView> {
    return this.sessions.move(user, id, interviewId, dto);
  }

  @Post(':id/schedule/send')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Chaque organisation active reçoit son planning par e-mail (les autres sont listées dans skippedOrganisations) ; un nouvel envoi remplace le précédent' })
  send(@Param('id', ID_PARAM) id: string, @Body() _body: EmptyBodyDto, @CurrentUser() user: AuthUser): Promise<SendOutcome> {
    return this.sessions.sendSchedules(user, id);
  }

  @Get(':id/my-schedule')
  @Roles(Role.Employer)
  @ApiOkResponse({ description: 'Le planning de mon organisation (codes des candidats et vue employeur seulement)' })
  mySchedule(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<OrganisationScheduleView> {
    return this.sessions.mySchedule(user, id);
  }
}
