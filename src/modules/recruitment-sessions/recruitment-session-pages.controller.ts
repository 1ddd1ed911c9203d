import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM, idParam } from '../../common/http/id-param';
import { PageQuery } from '../../common/http/pagination';
import { DomainException } from '../../common/http/problem';
import { ActiveEmployerGuard } from '../employer-needs/active-employer.guard';
import { Role } from '../users/user.entity';
import { FormErrors, parseForm, parseQueryOrThrow } from '../web/form';
import {
  AddSessionCandidateDto,
  AddSessionOrganisationDto,
  ChangeSessionStatusDto,
  CreateRecruitmentSessionDto,
  MoveInterviewDto,
  SessionAvailabilityDto,
  SessionRoomDto,
  UpdateRecruitmentSessionDto,
} from './dto/recruitment-session.dto';
import { DEFAULT_MEETINGS, MAX_ROOM_NAME, MAX_TITLE } from './recruitment-session';
import { frenchLongDate, frenchTime } from './recruitment-session-rules';
import { OrganisationScheduleView, PlannerView } from './recruitment-session-view';
import { RecruitmentSessionsService } from './recruitment-sessions.service';

/** The two organisations of a binôme formed by hand, as the planner's form sends them. */
export class FormBinomePageDto {
  @IsUUID('4', { message: 'Choisissez la première organisation.' })
  firstOrganisationId!: string;

  @IsUUID('4', { message: 'Choisissez la seconde organisation.' })
  secondOrganisationId!: string;
}

/** The planner's move form: which interview, to which round and room. */
export class MoveInterviewPageDto extends MoveInterviewDto {
  @IsUUID('4', { message: 'Choisissez l’entretien à déplacer.' })
  interviewId!: string;
}

const BASE = '/coordination/sessions';
const EMPLOYER_BASE = '/organisation/sessions';

/** Messages shown after a redirect (?info=<code>). */
const INFO: Record<string, string> = {
  'session-creee': 'La session est créée. Ajoutez la cohorte, les organisations et les salles, puis formez les binômes.',
  'session-modifiee': 'La session est enregistrée. Si les horaires, la durée des entretiens ou la pause ont changé, le planning a été supprimé.',
  'statut-modifie': 'Le statut de la session est modifié.',
  'candidat-ajoute': 'Le candidat fait partie de la cohorte.',
  'candidat-retire': 'Le candidat est retiré de la cohorte, avec ses entretiens.',
  'organisation-ajoutee': 'L’organisation participe à la session.',
  'horaires-modifies': 'Les horaires de l’organisation sont enregistrés. Les entretiens hors de ces horaires sont signalés sur le planning.',
  'organisation-retiree': 'L’organisation est retirée ; son binôme est dissous et le planning supprimé.',
  'salle-ajoutee': 'La salle est ajoutée.',
  'salle-renommee': 'La salle est renommée.',
  'salle-retiree': 'La salle est retirée et le planning supprimé.',
  'binomes-suggeres': 'Les binômes sont suggérés (ceux formés à la main sont gardés). Le planning précédent est supprimé.',
  'binome-forme': 'Le binôme est formé et verrouillé. Le planning précédent est supprimé.',
  'binome-dissous': 'Le binôme est dissous. Le planning précédent est supprimé.',
  'planning-genere': 'Le planning est généré : chaque candidat rencontre le nombre de binômes voulu.',
  'planning-incomplet': 'Le planning est généré mais incomplet : voir les raisons ci-dessous.',
  'entretien-deplace': 'L’entretien est déplacé. Le planning a été vérifié de nouveau.',
  'plannings-envoyes': 'Chaque organisation reçoit son planning par e-mail.',
  'plannings-renvoyes': 'Les plannings sont envoyés de nouveau : les organisations sont prévenues qu’ils remplacent les précédents.',
  'plannings-envoyes-sauf-inactives':
    'Les plannings sont envoyés aux organisations actives. Celles qui ne le sont plus (listées ci-dessous, près de l’envoi) ne les reçoivent pas : elles ne peuvent pas les consulter.',
};

const infoOf = (code: unknown) => (typeof code === 'string' && Object.hasOwn(INFO, code) ? INFO[code] : undefined);

interface PageState {
  status?: number;
  errors?: FormErrors;
  message?: string;
  info?: string;
  values?: Record<string, string>;
}

/** A refusal the page can explain (bad input, conflict, unavailable choice); anything else goes to the error page. */
function refusal(error: unknown): { status: number; errors?: FormErrors; message: string } {
  if (!(error instanceof DomainException) || ![400, 409, 422].includes(error.status)) throw error;
  const errors: FormErrors = {};
  for (const e of error.errors ?? []) errors[e.field] ??= e.message;
  return { status: error.status, errors: Object.keys(errors).length ? errors : undefined, message: error.detail };
}

function stringValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body === 'object' && body !== null) for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v;
  return values;
}

const frenchDate = (date: string | null) => (date ? frenchLongDate(date) : null);

/** What the templates show of a session, with dates and times written out. */
function displayed(view: PlannerView) {
  return {
    ...view,
    interviewOnText: frenchLongDate(view.interviewOn),
    coachingOnText: frenchDate(view.coachingOn),
    grandOralOnText: frenchDate(view.grandOralOn),
    hoursText: `${frenchTime(view.dayStartsAt)} – ${frenchTime(view.dayEndsAt)}`,
  };
}

/** Coordinator pages: the list with the creation form, the planner, and the printable schedules. */
@ApiExcludeController()
@Controller('coordination/sessions')
@Roles(Role.Coordinator, Role.Admin)
export class CoordinationSessionPagesController {
  constructor(private readonly sessions: RecruitmentSessionsService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() raw: Record<string, unknown>, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    await this.renderList(user, res, parseQueryOrThrow(PageQuery, raw), { info: infoOf(info) });
  }

  @Post()
  @Roles(Role.Coordinator)
  async create(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(CreateRecruitmentSessionDto, body);
    if (!form.ok) return this.renderList(user, res, new PageQuery(), { status: 400, errors: form.errors, values: form.values });
    try {
      const session = await this.sessions.create(user, form.value);
      res.redirect(303, `${BASE}/${session.id}?info=session-creee`);
    } catch (error) {
      return this.renderList(user, res, new PageQuery(), { ...refusal(error), values: stringValues(body) });
    }
  }

  @Get(':id')
  async planner(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    await this.renderPlanner(user, res, id, { info: infoOf(info) });
  }

  @Post(':id/details')
  async update(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, body, UpdateRecruitmentSessionDto, (dto) => this.sessions.update(user, id, dto), 'session-modifiee', 'details');
  }

  @Post(':id/statut')
  async status(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, body, ChangeSessionStatusDto, (dto) => this.sessions.changeStatus(user, id, dto.status), 'statut-modifie');
  }

  @Post(':id/cohorte')
  async addCandidate(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, body, AddSessionCandidateDto, (dto) => this.sessions.addCandidate(user, id, dto), 'candidat-ajoute', 'cohorte');
  }

  @Post(':id/cohorte/:candidateId/retirer')
  async removeCandidate(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Param('candidateId', idParam('candidateId')) candidateId: string, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, {}, null, () => this.sessions.removeCandidate(user, id, candidateId), 'candidat-retire', 'cohorte');
  }

  @Post(':id/organisations')
  async addOrganisation(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, body, AddSessionOrganisationDto, (dto) => this.sessions.addOrganisation(user, id, dto), 'organisation-ajoutee', 'organisations');
  }

  @Post(':id/organisations/:participantId/horaires')
  async setAvailability(
    @CurrentUser() user: AuthUser,
    @Param('id', ID_PARAM) id: string,
    @Param('participantId', idParam('participantId')) participantId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(user, res, id, body, SessionAvailabilityDto, (dto) => this.sessions.setAvailability(user, id, participantId, dto), 'horaires-modifies', 'organisations');
  }

  @Post(':id/organisations/:participantId/retirer')
  async removeOrganisation(
    @CurrentUser() user: AuthUser,
    @Param('id', ID_PARAM) id: string,
    @Param('participantId', idParam('participantId')) participantId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(user, res, id, {}, null, () => this.sessions.removeOrganisation(user, id, participantId), 'organisation-retiree', 'organisations');
  }

  @Post(':id/salles')
  async addRoom(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, body, SessionRoomDto, (dto) => this.sessions.addRoom(user, id, dto.name), 'salle-ajoutee', 'salles');
  }

  @Post(':id/salles/:roomId/renommer')
  async renameRoom(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Param('roomId', idParam('roomId')) roomId: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, body, SessionRoomDto, (dto) => this.sessions.renameRoom(user, id, roomId, dto.name), 'salle-renommee', 'salles');
  }

  @Post(':id/salles/:roomId/retirer')
  async removeRoom(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Param('roomId', idParam('roomId')) roomId: string, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, {}, null, () => this.sessions.removeRoom(user, id, roomId), 'salle-retiree', 'salles');
  }

  @Post(':id/binomes/suggerer')
  async suggest(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, body, null, () => this.sessions.suggestBinomes(user, id), 'binomes-suggeres', 'binomes');
  }

  @Post(':id/binomes')
  async formBinome(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, body, FormBinomePageDto, (dto) => this.sessions.formBinome(user, id, [dto.firstOrganisationId, dto.secondOrganisationId]), 'binome-forme', 'binomes');
  }

  @Post(':id/binomes/:binomeId/dissoudre')
  async dissolveBinome(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Param('binomeId', idParam('binomeId')) binomeId: string, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, {}, null, () => this.sessions.dissolveBinome(user, id, binomeId), 'binome-dissous', 'binomes');
  }

  @Post(':id/planning/generer')
  async generate(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, body, null, async () => ((await this.sessions.generate(user, id)).complete ? 'planning-genere' : 'planning-incomplet'), null, 'planning');
  }

  @Post(':id/planning/deplacer')
  async move(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.act(user, res, id, body, MoveInterviewPageDto, (dto) => this.sessions.move(user, id, dto.interviewId, dto), 'entretien-deplace', 'planning');
  }

  @Post(':id/planning/envoyer')
  async send(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const sent = async () => {
      const outcome = await this.sessions.sendSchedules(user, id);
      return outcome.skipped ? 'plannings-envoyes-sauf-inactives' : outcome.resent ? 'plannings-renvoyes' : 'plannings-envoyes';
    };
    await this.act(user, res, id, body, null, sent, null, 'planning');
  }

  @Get(':id/impression/organisations')
  async printOrganisations(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    const { session, organisations } = await this.sessions.organisationSchedules(user, id);
    res.render('pages/recruitment-session-print-organisations', {
      title: `Plannings par organisation — ${session.title}`,
      session: displayed(session),
      organisations: organisations.map(withTimes),
    });
  }

  @Get(':id/impression/candidats')
  async printCandidates(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    const { session, candidates } = await this.sessions.candidateSchedules(user, id);
    res.render('pages/recruitment-session-print-candidates', {
      title: `Plannings par candidat — ${session.title}`,
      session: displayed(session),
      candidates: candidates.map((c) => ({ ...c, interviews: c.interviews.map((i) => ({ ...i, startsAtText: frenchTime(i.startsAt), endsAtText: frenchTime(i.endsAt) })) })),
    });
  }

  /**
   * A planner form: validated with the API's DTO, then the change, then a redirect with a message (the change may
   * choose it); a refusal shows the planner again with the reason.
   */
  private async act<T extends object>(
    user: AuthUser,
    res: Response,
    id: string,
    body: unknown,
    dto: (new () => T) | null,
    change: (value: T) => Promise<unknown>,
    info: string | null,
    anchor = '',
  ): Promise<void> {
    // Buttons without fields (removals, suggestion, generation, sending) carry only the CSRF token, checked upstream.
    const form = dto ? parseForm(dto, body) : { ok: true as const, value: {} as T };
    if (!form.ok) return this.renderPlanner(user, res, id, { status: 400, errors: form.errors, values: form.values });
    let chosen: unknown;
    try {
      chosen = await change(form.value);
    } catch (error) {
      return this.renderPlanner(user, res, id, { ...refusal(error), values: stringValues(body) });
    }
    res.redirect(303, `${BASE}/${id}?info=${info ?? String(chosen)}${anchor ? `#${anchor}` : ''}`);
  }

  private async renderList(user: AuthUser, res: Response, query: PageQuery, state: PageState): Promise<void> {
    const [result, choices] = await Promise.all([this.sessions.list(user, query), this.sessions.creationChoices(user)]);
    res.status(state.status ?? 200).render('pages/recruitment-session-list', {
      title: 'Sessions de recrutement',
      result: { ...result, items: result.items.map((s) => ({ ...s, interviewOnText: frenchLongDate(s.interviewOn) })) },
      canCreate: user.role === Role.Coordinator,
      programmes: choices.programmes.map((p) => ({ ...p, selected: p.id === state.values?.programmeId })),
      establishments: choices.establishments.map((e) => ({ ...e, selected: e.id === state.values?.establishmentCode })),
      values: { dayStartsAt: '09:00', dayEndsAt: '17:00', slotMinutes: '30', breakMinutes: '10', meetingsPerCandidate: String(DEFAULT_MEETINGS), ...state.values },
      maxTitle: MAX_TITLE,
      previousPage: result.page > 1 ? result.page - 1 : null,
      nextPage: result.page < result.totalPages ? result.page + 1 : null,
      errors: state.errors,
      message: state.message,
      info: state.info,
    });
  }

  private async renderPlanner(user: AuthUser, res: Response, id: string, state: PageState): Promise<void> {
    const view = await this.sessions.get(user, id);
    const [candidateChoices, organisationChoices] = view.closed ? [[], []] : await Promise.all([this.sessions.candidateChoices(user, id), this.sessions.organisationChoices(user, id)]);
    res.status(state.status ?? 200).render('pages/recruitment-session-planner', {
      title: view.title,
      session: displayed(view),
      candidateChoices,
      organisationChoices,
      roundOptions: view.rounds.map((r) => ({ value: r.round, label: `Créneau ${r.round + 1} (${frenchTime(r.startsAt)} – ${frenchTime(r.endsAt)})` })),
      // Interviews the debrief already speaks of stay put (the service refuses to move them).
      movable: view.interviews.filter((i) => !i.debriefed).map((i) => ({ id: i.id, label: `${i.candidateCode} avec ${i.binomeLabel} — créneau ${i.round + 1}, ${i.roomName}` })),
      inactiveOrganisations: view.organisations.filter((o) => !o.active),
      maxRoomName: MAX_ROOM_NAME,
      maxTitle: MAX_TITLE,
      details: {
        title: view.title,
        coachingOn: view.coachingOn ?? '',
        interviewOn: view.interviewOn,
        grandOralOn: view.grandOralOn ?? '',
        dayStartsAt: view.dayStartsAt,
        dayEndsAt: view.dayEndsAt,
        slotMinutes: String(view.slotMinutes),
        breakMinutes: String(view.breakMinutes),
        meetingsPerCandidate: String(view.meetingsPerCandidate),
        ...(state.values?.interviewOn !== undefined ? state.values : {}),
      },
      values: state.values ?? {},
      errors: state.errors,
      message: state.message,
      info: state.info,
    });
  }
}

const withTimes = (schedule: OrganisationScheduleView) => ({
  ...schedule,
  interviewOnText: frenchLongDate(schedule.interviewOn),
  hoursText: `${frenchTime(schedule.availableFrom)} – ${frenchTime(schedule.availableUntil)}`,
  interviews: schedule.interviews.map((i) => ({ ...i, startsAtText: frenchTime(i.startsAt), endsAtText: frenchTime(i.endsAt), occupationsText: i.occupations.join(', ') })),
});

/** Employer pages: the sessions my organisation takes part in, and my interview schedule (printable). */
@ApiExcludeController()
@Controller('organisation/sessions')
@Roles(Role.Employer)
@UseGuards(ActiveEmployerGuard)
export class EmployerSessionPagesController {
  constructor(private readonly sessions: RecruitmentSessionsService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() raw: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const query = parseQueryOrThrow(PageQuery, raw);
    const result = await this.sessions.list(user, query);
    res.render('pages/recruitment-session-employer-list', {
      title: 'Sessions de recrutement',
      base: EMPLOYER_BASE,
      result: { ...result, items: result.items.map((s) => ({ ...s, interviewOnText: frenchLongDate(s.interviewOn) })) },
      previousPage: result.page > 1 ? result.page - 1 : null,
      nextPage: result.page < result.totalPages ? result.page + 1 : null,
    });
  }

  @Get(':id')
  async schedule(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    const schedule = await this.sessions.mySchedule(user, id);
    res.render('pages/recruitment-session-employer-schedule', {
      title: `Mon planning — ${schedule.title}`,
      schedule: { ...withTimes(schedule), grandOralOnText: frenchDate(schedule.grandOralOn) },
    });
  }
}
