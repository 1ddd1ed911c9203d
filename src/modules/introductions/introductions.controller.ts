import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM } from '../../common/http/id-param';
import { Page } from '../../common/http/pagination';
import { Role } from '../users/user.entity';
import {
  AcceptIntroductionDto,
  CreateIntroductionProposalDto,
  CreateIntroductionRequestDto,
  DeclineIntroductionDto,
  IntroductionDto,
  IntroductionSummaryDto,
  IntroductionTransitionDto,
  ListIntroductionsQuery,
  PlanMeetingDto,
  RecordOutcomeDto,
  WithdrawIntroductionDto,
} from './dto/introduction.dto';
import { ActiveIntroductionMemberGuard } from './introduction-access';
import { IntroductionsService } from './introductions.service';

/**
 * Introductions (mises en relation). Employers of an active employer organisation see their organisation's;
 * counsellors and coordinators of an active partner organisation see those of the profiles it owns. Each move is
 * a POST on the introduction; who may make it is the state machine's (introduction-rules.ts).
 */
@ApiTags('introductions')
@Controller('api/introductions')
@Roles(Role.Employer, Role.Counsellor, Role.Coordinator)
@UseGuards(ActiveIntroductionMemberGuard)
export class IntroductionsController {
  constructor(private readonly introductions: IntroductionsService) {}

  @Get()
  @ApiOkResponse({ description: 'Mises en relation de son organisation (côté employeur ou côté partenaire), les plus récemment modifiées d’abord' })
  list(@Query() query: ListIntroductionsQuery, @CurrentUser() user: AuthUser): Promise<Page<IntroductionSummaryDto>> {
    return this.introductions.list(user, query);
  }

  @Post()
  @Roles(Role.Employer)
  @ApiCreatedResponse({ type: IntroductionDto, description: 'Demande de rencontre envoyée au conseiller du profil' })
  request(@Body() dto: CreateIntroductionRequestDto, @CurrentUser() user: AuthUser): Promise<IntroductionDto> {
    return this.introductions.request(user, dto);
  }

  @Post('proposals')
  @Roles(Role.Counsellor, Role.Coordinator)
  @ApiCreatedResponse({ type: IntroductionDto, description: 'Profil proposé à une organisation employeuse, avec l’accord de la personne' })
  propose(@Body() dto: CreateIntroductionProposalDto, @CurrentUser() user: AuthUser): Promise<IntroductionDto> {
    return this.introductions.propose(user, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: IntroductionDto })
  get(@Param('id', ID_PARAM) id: string, @CurrentUser() user: AuthUser): Promise<IntroductionDto> {
    return this.introductions.get(user, id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: IntroductionDto, description: 'Le conseiller accepte une demande (accord de la personne requis) ; l’employeur accepte une proposition' })
  accept(@Param('id', ID_PARAM) id: string, @Body() dto: AcceptIntroductionDto, @CurrentUser() user: AuthUser): Promise<IntroductionDto> {
    return this.introductions.accept(user, id, dto);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOkResponse({ type: IntroductionDto, description: 'Le destinataire décline, avec un motif de la liste' })
  decline(@Param('id', ID_PARAM) id: string, @Body() dto: DeclineIntroductionDto, @CurrentUser() user: AuthUser): Promise<IntroductionDto> {
    return this.introductions.decline(user, id, dto);
  }

  @Post(':id/introduce')
  @Roles(Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: IntroductionDto, description: 'Mise en relation faite : chaque côté reçoit le contact professionnel de l’autre' })
  introduce(@Param('id', ID_PARAM) id: string, @Body() _body: IntroductionTransitionDto, @CurrentUser() user: AuthUser): Promise<IntroductionDto> {
    return this.introductions.introduce(user, id);
  }

  @Post(':id/meeting')
  @Roles(Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: IntroductionDto, description: 'Rencontre prévue (ou reprogrammée) à une date' })
  planMeeting(@Param('id', ID_PARAM) id: string, @Body() dto: PlanMeetingDto, @CurrentUser() user: AuthUser): Promise<IntroductionDto> {
    return this.introductions.planMeeting(user, id, dto);
  }

  @Post(':id/outcome')
  @Roles(Role.Counsellor, Role.Coordinator)
  @HttpCode(200)
  @ApiOkResponse({ type: IntroductionDto, description: 'Issue de la mise en relation (embauche et type de contrat, formation…, ou pas de suite et pourquoi)' })
  recordOutcome(@Param('id', ID_PARAM) id: string, @Body() dto: RecordOutcomeDto, @CurrentUser() user: AuthUser): Promise<IntroductionDto> {
    return this.introductions.recordOutcome(user, id, dto);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: IntroductionDto, description: 'L’auteur retire sa demande (employeur) ou sa proposition (conseiller)' })
  withdraw(@Param('id', ID_PARAM) id: string, @Body() dto: WithdrawIntroductionDto, @CurrentUser() user: AuthUser): Promise<IntroductionDto> {
    return this.introductions.withdraw(user, id, dto);
  }
}
