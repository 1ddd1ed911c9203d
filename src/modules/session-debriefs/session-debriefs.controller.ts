import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { idParam } from '../../common/http/id-param';
import { Page } from '../../common/http/pagination';
import { Role } from '../users/user.entity';
import {
  AcceptProposalDto,
  AttendanceDto,
  DebriefInterviewDto,
  DebriefSummaryDto,
  DebriefTransitionDto,
  DeclineProposalDto,
  GrandOralDto,
  GrandOralNotesDto,
  GrandOralOrderDto,
  ListInterviewsQuery,
  ListProposalsQuery,
  PassageNoteDto,
  ProposalDto,
  RecordInterviewOutcomeDto,
  SaveAssessmentDto,
  SessionStatisticsDto,
} from './dto/session-debrief.dto';
import { SessionDebriefsService } from './session-debriefs.service';

const SESSION_PARAM = idParam('sessionId');
const INTERVIEW_PARAM = idParam('sessionInterviewId');
const PROPOSAL_PARAM = idParam('proposalId');

/**
 * The debrief of a recruitment session: the organiser's coordinators see everything; employers of a participating
 * organisation see and assess their binôme's interviews; counsellors follow the proposals for their profiles.
 * Anyone else gets a 404.
 */
@ApiTags('recruitment-sessions')
@Controller('api/recruitment-sessions/:sessionId/debrief')
export class SessionDebriefsController {
  constructor(private readonly debriefs: SessionDebriefsService) {}

  @Get()
  @Roles(Role.Coordinator, Role.Employer)
  @ApiOkResponse({ type: DebriefSummaryDto })
  summary(@Param('sessionId', SESSION_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<DebriefSummaryDto> {
    return this.debriefs.summary(user, id);
  }

  @Get('interviews')
  @Roles(Role.Coordinator, Role.Employer)
  @ApiOkResponse({ description: 'Entretiens visibles (tous pour la coordination, ceux de son binôme pour un employeur), par tour, avec leur évaluation' })
  interviews(@Param('sessionId', SESSION_PARAM) id: string, @Query() query: ListInterviewsQuery, @CurrentUser() user: AuthUser): Promise<Page<DebriefInterviewDto>> {
    return this.debriefs.interviews(user, id, query);
  }

  @Put('interviews/:sessionInterviewId/outcome')
  @Roles(Role.Coordinator, Role.Employer)
  @ApiOkResponse({ type: DebriefInterviewDto, description: 'Entretien noté tenu ou candidat absent' })
  recordOutcome(
    @Param('sessionId', SESSION_PARAM) id: string,
    @Param('sessionInterviewId', INTERVIEW_PARAM) interviewId: string,
    @Body() dto: RecordInterviewOutcomeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<DebriefInterviewDto> {
    return this.debriefs.recordOutcome(user, id, interviewId, dto);
  }

  @Put('interviews/:sessionInterviewId/assessment')
  @Roles(Role.Employer)
  @ApiOkResponse({ type: DebriefInterviewDto, description: 'Évaluation du binôme enregistrée avec ses propositions ; un texte signalé par le garde-fou des données personnelles est refusé (422)' })
  saveAssessment(
    @Param('sessionId', SESSION_PARAM) id: string,
    @Param('sessionInterviewId', INTERVIEW_PARAM) interviewId: string,
    @Body() dto: SaveAssessmentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<DebriefInterviewDto> {
    return this.debriefs.saveAssessment(user, id, interviewId, dto);
  }

  @Get('proposals')
  @Roles(Role.Coordinator, Role.Counsellor)
  @ApiOkResponse({ description: 'Propositions de la session (celles des profils de son organisation pour un conseiller), celles à discuter d’abord' })
  proposals(@Param('sessionId', SESSION_PARAM) id: string, @Query() query: ListProposalsQuery, @CurrentUser() user: AuthUser): Promise<Page<ProposalDto>> {
    return this.debriefs.proposals(user, id, query);
  }

  @Post('proposals/:proposalId/accept')
  @Roles(Role.Coordinator, Role.Counsellor)
  @HttpCode(200)
  @ApiOkResponse({ type: ProposalDto, description: 'Acceptée avec l’accord de la personne : la mise en relation ou le parrainage créé est lié' })
  accept(
    @Param('sessionId', SESSION_PARAM) id: string,
    @Param('proposalId', PROPOSAL_PARAM) proposalId: string,
    @Body() dto: AcceptProposalDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ProposalDto> {
    return this.debriefs.acceptProposal(user, id, proposalId, dto);
  }

  @Post('proposals/:proposalId/decline')
  @Roles(Role.Coordinator, Role.Counsellor)
  @HttpCode(200)
  @ApiOkResponse({ type: ProposalDto })
  decline(
    @Param('sessionId', SESSION_PARAM) id: string,
    @Param('proposalId', PROPOSAL_PARAM) proposalId: string,
    @Body() dto: DeclineProposalDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ProposalDto> {
    return this.debriefs.declineProposal(user, id, proposalId, dto);
  }

  @Post('close')
  @Roles(Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: DebriefSummaryDto, description: 'Débriefing clos : les évaluations ne sont plus modifiables' })
  close(@Param('sessionId', SESSION_PARAM) id: string, @Body() _body: DebriefTransitionDto, @CurrentUser() user: AuthUser): Promise<DebriefSummaryDto> {
    return this.debriefs.setClosed(user, id, true);
  }

  @Post('reopen')
  @Roles(Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: DebriefSummaryDto })
  reopen(@Param('sessionId', SESSION_PARAM) id: string, @Body() _body: DebriefTransitionDto, @CurrentUser() user: AuthUser): Promise<DebriefSummaryDto> {
    return this.debriefs.setClosed(user, id, false);
  }
}

/** The Grand Oral of a recruitment session, and its statistics: the organiser's coordinators only (404 for others). */
@ApiTags('recruitment-sessions')
@Controller('api/recruitment-sessions/:sessionId')
@Roles(Role.Coordinator)
export class GrandOralController {
  constructor(private readonly debriefs: SessionDebriefsService) {}

  @Get('grand-oral')
  @ApiOkResponse({ type: GrandOralDto })
  get(@Param('sessionId', SESSION_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<GrandOralDto> {
    return this.debriefs.grandOral(user, id);
  }

  @Post('grand-oral/order/generate')
  @HttpCode(200)
  @ApiOkResponse({ type: GrandOralDto, description: 'Ordre de passage dans l’ordre de la cohorte ; un ordre existant est gardé, les nouveaux candidats ajoutés à la fin' })
  generate(@Param('sessionId', SESSION_PARAM) id: string, @Body() _body: DebriefTransitionDto, @CurrentUser() user: AuthUser): Promise<GrandOralDto> {
    return this.debriefs.generateOrder(user, id);
  }

  @Put('grand-oral/order')
  @ApiOkResponse({ type: GrandOralDto })
  reorder(@Param('sessionId', SESSION_PARAM) id: string, @Body() dto: GrandOralOrderDto, @CurrentUser() user: AuthUser): Promise<GrandOralDto> {
    return this.debriefs.reorder(user, id, dto);
  }

  @Put('grand-oral/passages/:sessionCandidateId')
  @ApiOkResponse({ type: GrandOralDto, description: 'Note du passage ; un texte signalé par le garde-fou des données personnelles est refusé (422)' })
  note(
    @Param('sessionId', SESSION_PARAM) id: string,
    @Param('sessionCandidateId', idParam('sessionCandidateId')) sessionCandidateId: string,
    @Body() dto: PassageNoteDto,
    @CurrentUser() user: AuthUser,
  ): Promise<GrandOralDto> {
    return this.debriefs.setPassageNote(user, id, sessionCandidateId, dto);
  }

  @Put('grand-oral/attendance/:sessionParticipantId')
  @ApiOkResponse({ type: GrandOralDto, description: 'Présence d’une organisation participante, désignée par sa participation (participantId)' })
  attendance(
    @Param('sessionId', SESSION_PARAM) id: string,
    @Param('sessionParticipantId', idParam('sessionParticipantId')) participantId: string,
    @Body() dto: AttendanceDto,
    @CurrentUser() user: AuthUser,
  ): Promise<GrandOralDto> {
    return this.debriefs.setAttendance(user, id, participantId, dto.present);
  }

  @Put('grand-oral/notes')
  @ApiOkResponse({ type: GrandOralDto })
  notes(@Param('sessionId', SESSION_PARAM) id: string, @Body() dto: GrandOralNotesDto, @CurrentUser() user: AuthUser): Promise<GrandOralDto> {
    return this.debriefs.setNotes(user, id, dto);
  }

  @Get('statistics')
  @ApiOkResponse({ type: SessionStatisticsDto })
  statistics(@Param('sessionId', SESSION_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<SessionStatisticsDto> {
    return this.debriefs.statistics(user, id);
  }
}
