import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Clock } from '../../common/clock/clock';
import { ID_PARAM } from '../../common/http/id-param';
import { DomainException, ValidationFailedException } from '../../common/http/problem';
import { EmployerProfilesService } from '../candidates/employer-profiles.service';
import { parisDate } from '../employer-needs/employer-need-rules';
import { Role } from '../users/user.entity';
import { CSRF_FIELD } from '../auth/session.middleware';
import { FormErrors, FormResult, parseForm, parseQueryOrThrow } from '../web/form';
import {
  AcceptIntroductionDto,
  CreateIntroductionProposalDto,
  CreateIntroductionRequestDto,
  DeclineIntroductionDto,
  IntroductionDto,
  IntroductionStage,
  ListIntroductionsQuery,
  PlanMeetingDto,
  RecordOutcomeDto,
  WithdrawIntroductionDto,
} from './dto/introduction.dto';
import {
  DECLINE_REASON_LABELS,
  DECLINE_REASONS_BY_SIDE,
  HIRE_CONTRACT_LABELS,
  HireContractType,
  INTRODUCTION_SOLUTIONS,
  introductionSolutionLabel,
  IntroductionOutcome,
  MAX_AVAILABILITY_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_PROPOSAL_MESSAGE_LENGTH,
  NO_FOLLOW_UP_LABELS,
  NoFollowUpReason,
  OUTCOME_LABELS,
} from './introduction';
import { ActiveIntroductionMemberGuard } from './introduction-access';
import { IntroductionsService } from './introductions.service';
import { PublishedNeedOption } from './introductions.repository';

const EMPLOYER_BASE = '/organisation/mises-en-relation';
const PARTNER_BASE = '/conseil/mises-en-relation';
const PAGE_SIZE = 20;

/** Messages shown after a redirect, as ?info=<code>. */
const INFO_MESSAGES: Record<string, string> = {
  'demande-envoyee': 'Votre demande de rencontre est envoyée au conseiller qui accompagne la personne. Vous serez prévenu par e-mail de sa réponse.',
  'proposition-envoyee': 'La proposition est envoyée à l’organisation employeuse. Vous serez prévenu par e-mail de sa réponse.',
  'demande-acceptee': 'La demande est acceptée, avec l’accord de la personne. L’employeur en est prévenu ; faites la mise en relation quand elle est prête.',
  'proposition-acceptee': 'Vous avez accepté la proposition : le conseiller et vous avez reçu par e-mail le contact de l’autre et les prochaines étapes.',
  'mise-en-relation-faite': 'La mise en relation est faite : l’employeur et vous avez reçu par e-mail le contact de l’autre et les prochaines étapes.',
  declinee: 'La mise en relation est déclinée ; l’autre partie en est prévenue par e-mail.',
  retiree: 'La mise en relation est retirée ; l’autre partie en est prévenue par e-mail.',
  'rencontre-enregistree': 'La date de la rencontre est enregistrée.',
  'issue-enregistree': 'L’issue de la mise en relation est enregistrée. Merci pour ce suivi.',
};

const infoMessage = (code: unknown) => (typeof code === 'string' && Object.hasOwn(INFO_MESSAGES, code) ? INFO_MESSAGES[code] : undefined);

const STAGE_TABS: { stage: IntroductionStage | undefined; label: string }[] = [
  { stage: 'to_answer', label: 'À traiter' },
  { stage: 'open', label: 'En cours' },
  { stage: 'closed', label: 'Terminées' },
  { stage: undefined, label: 'Toutes' },
];

const frenchDate = (date: string | null) => (date ? date.split('-').reverse().join('/') : null);

type FormBody = Record<string, unknown>;
const bodyOf = (body: unknown): FormBody => (typeof body === 'object' && body !== null ? { ...(body as FormBody) } : {});
const text = (body: FormBody, key: string): string => (typeof body[key] === 'string' ? (body[key] as string) : '');
/** Select boxes send '' for "none": the API's null. */
const blankToNull = (body: FormBody, ...keys: string[]) => {
  for (const key of keys) if (body[key] === '') body[key] = null;
  return body;
};

/** HTML check boxes send "on" (or the value given) when ticked and nothing otherwise. */
function checkbox(value: unknown): unknown {
  return value === 'on' || value === 'true' ? true : value === undefined || value === '' ? undefined : value;
}

/** The ids a proposal form is opened for (from the matching page): checked before anything is read. */
class ProposalQuery {
  @IsUUID('4', { message: 'Identifiant de profil invalide.' }) profileId!: string;
  @IsUUID('4', { message: 'Identifiant d’organisation invalide.' }) organisationId!: string;
}

/** Forms that carry nothing but the CSRF token: anything else is refused by name, like the API's empty DTOs. */
function noFields(body: unknown): FormResult<object> {
  const extra = Object.keys(bodyOf(body)).filter((key) => key !== CSRF_FIELD);
  return extra.length ? { ok: false, errors: Object.fromEntries(extra.map((key) => [key, 'Champ non autorisé.'])), values: {} } : { ok: true, value: {} };
}

/** A refused change becomes page errors (inline per field, or a message); what a form cannot show (403, 404, 5xx) goes to the error page. */
function refusalOf(error: unknown): { status: number; errors: FormErrors; message?: string } {
  if (!(error instanceof DomainException) || ![400, 409, 422].includes(error.status)) throw error;
  const errors: FormErrors = {};
  for (const e of error.errors ?? []) errors[e.field] ??= e.message;
  return { status: error.status, errors, message: error instanceof ValidationFailedException && error.errors?.length ? undefined : error.detail };
}

const needLabel = (need: PublishedNeedOption) => `${need.label}${need.communeName ? ` – ${need.communeName}` : ''}`;
const needOptions = (needs: PublishedNeedOption[], selected: string) => [
  { value: '', label: 'Aucun besoin en particulier', selected: selected === '' },
  ...needs.map((n) => ({ value: n.id, label: needLabel(n), selected: n.id === selected })),
];
const solutionOptions = (selected: string) => INTRODUCTION_SOLUTIONS.map((value) => ({ value, label: introductionSolutionLabel(value), checked: value === selected }));
const options = <T extends string>(labels: Record<T, string>, values: readonly T[], selected: string, blank?: string) => [
  ...(blank !== undefined ? [{ value: '', label: blank, selected: selected === '' }] : []),
  ...values.map((value) => ({ value, label: labels[value], selected: value === selected })),
];

/** Query of a list page: its stage tab (or status) and page; the API's validation applies. */
function listQuery(stage: unknown, page: unknown): ListIntroductionsQuery {
  const given = (value: unknown) => (value === '' ? undefined : value);
  return parseQueryOrThrow(ListIntroductionsQuery, { stage: given(stage), page: given(page) ?? '1', pageSize: String(PAGE_SIZE) });
}

/** A list page's model; `allStage` is the query value of the "Toutes" tab when no stage means something else. */
async function listModel(service: IntroductionsService, user: AuthUser, base: string, query: ListIntroductionsQuery, allStage?: string) {
  const result = await service.list(user, query);
  const href = (stage: IntroductionStage | undefined, page = 1) => {
    const params = new URLSearchParams();
    const value = stage ?? allStage;
    if (value) params.set('stage', value);
    if (page > 1) params.set('page', String(page));
    const qs = params.toString();
    return qs ? `${base}?${qs}` : base;
  };
  return {
    result,
    rows: result.items.map((item) => ({ ...item, href: `${base}/${item.id}`, occupationLabels: item.occupations.map((o) => o.label).join(', '), meetingOnText: frenchDate(item.meetingOn), closesOnText: frenchDate(item.closesOn) })),
    tabs: STAGE_TABS.map((tab) => ({ label: tab.label, href: href(tab.stage), current: tab.stage === query.stage })),
    stage: query.stage,
    previousHref: result.page > 1 ? href(query.stage, result.page - 1) : null,
    nextHref: result.page < result.totalPages ? href(query.stage, result.page + 1) : null,
  };
}

/** The history and the answer, as both detail pages show them. */
function detailModel(introduction: IntroductionDto) {
  return {
    introduction: {
      ...introduction,
      occupationLabels: introduction.occupations.map((o) => `${o.label} (${o.romeCode})`).join(', '),
      meetingOnText: frenchDate(introduction.meetingOn),
      closesOnText: frenchDate(introduction.closesOn),
      agreedOnText: frenchDate(introduction.candidateAgreement?.agreedOn ?? null),
    },
    history: introduction.history.map((event) => ({ ...event, meetingOnText: frenchDate(event.meetingOn) })),
    can: Object.fromEntries(introduction.allowedActions.map((action) => [action, true])),
  };
}

/** Members of an active employer organisation: their requests, proposals received, and the "Je souhaite rencontrer" form. */
@ApiExcludeController()
@Controller('organisation/mises-en-relation')
@Roles(Role.Employer)
@UseGuards(ActiveIntroductionMemberGuard)
export class EmployerIntroductionPagesController {
  constructor(
    private readonly introductions: IntroductionsService,
    private readonly profiles: EmployerProfilesService,
  ) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query('stage') stage: unknown, @Query('page') page: unknown, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    const query = listQuery(stage, page);
    res.render('pages/introductions/employer-list', {
      title: 'Mes demandes de rencontre',
      info: infoMessage(info),
      ...(await listModel(this.introductions, user, EMPLOYER_BASE, query)),
    });
  }

  /** Reached from a profile page; without a profile, the employer first chooses one in the search. */
  @Get('nouvelle')
  async form(@CurrentUser() user: AuthUser, @Query('profil') code: unknown, @Res() res: Response): Promise<void> {
    if (typeof code !== 'string' || code.trim() === '') return res.redirect(303, '/profils');
    await this.renderForm(res, user, code.trim().toUpperCase(), {});
  }

  @Post()
  async create(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const raw = blankToNull(bodyOf(body), 'needId', 'availability');
    const values = { needId: text(raw, 'needId'), solution: text(raw, 'solution'), message: text(raw, 'message'), availability: text(raw, 'availability') };
    const code = text(raw, 'profileCode').trim().toUpperCase();
    const form = parseForm(CreateIntroductionRequestDto, raw);
    if (!form.ok) return this.renderForm(res, user, code, { status: 400, errors: form.errors, values });
    try {
      const created = await this.introductions.request(user, form.value);
      res.redirect(303, `${EMPLOYER_BASE}/${created.id}?info=demande-envoyee`);
    } catch (error) {
      const refused = refusalOf(error);
      await this.renderForm(res, user, code, { ...refused, values });
    }
  }

  @Get(':id')
  async detail(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    await this.renderDetail(res, await this.introductions.get(user, id), { info: infoMessage(info) });
  }

  @Post(':id/accepter')
  accept(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.submit(user, id, res, AcceptIntroductionDto, body, (dto) => this.introductions.accept(user, id, dto), 'proposition-acceptee');
  }

  @Post(':id/decliner')
  decline(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.submit(user, id, res, DeclineIntroductionDto, blankToNull(bodyOf(body), 'note'), (dto) => this.introductions.decline(user, id, dto), 'declinee');
  }

  @Post(':id/retirer')
  withdraw(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.submit(user, id, res, WithdrawIntroductionDto, blankToNull(bodyOf(body), 'note'), (dto) => this.introductions.withdraw(user, id, dto), 'retiree');
  }

  private async submit<T extends object>(
    user: AuthUser,
    id: string,
    res: Response,
    dto: new () => T,
    body: unknown,
    run: (value: T) => Promise<unknown>,
    info: string,
  ): Promise<void> {
    const form = parseForm(dto, body);
    if (!form.ok) return this.renderDetail(res, await this.introductions.get(user, id), { status: 400, errors: form.errors });
    try {
      await run(form.value);
    } catch (error) {
      return this.renderDetail(res, await this.introductions.get(user, id), refusalOf(error));
    }
    res.redirect(303, `${EMPLOYER_BASE}/${id}?info=${info}`);
  }

  private async renderForm(res: Response, user: AuthUser, code: string, state: { status?: number; errors?: FormErrors; message?: string; values?: Record<string, string> }): Promise<void> {
    // Without a profile there is no form to show again: the error page names the field.
    if (code === '') throw new ValidationFailedException([{ field: 'profileCode', message: 'Choisissez d’abord le profil à rencontrer.' }]);
    // The form names a published profile: an unknown or unpublished code is the profile page's 404.
    const profile = await this.profiles.get(user, code);
    const allowance = await this.introductions.allowance(user);
    const values = state.values ?? { needId: '', solution: '', message: '', availability: '' };
    res.status(state.status ?? 200).render('pages/introductions/employer-form', {
      title: `Je souhaite rencontrer ${profile.code}`,
      profile: { code: profile.code, occupations: profile.targetOccupations.map((o) => `${o.label} (${o.romeCode})`).join(', ') },
      blocked: allowance.blocked,
      values,
      needOptions: needOptions(await this.introductions.ownNeedOptions(user), values.needId ?? ''),
      solutionOptions: solutionOptions(values.solution ?? ''),
      maxMessage: MAX_MESSAGE_LENGTH,
      maxAvailability: MAX_AVAILABILITY_LENGTH,
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
    });
  }

  private renderDetail(res: Response, introduction: IntroductionDto, state: { status?: number; errors?: FormErrors; message?: string; info?: string }): void {
    res.status(state.status ?? 200).render('pages/introductions/employer-detail', {
      title: `Mise en relation — profil ${introduction.profileCode}`,
      ...detailModel(introduction),
      declineReasons: options(DECLINE_REASON_LABELS, DECLINE_REASONS_BY_SIDE.employer, '', 'Choisir un motif…'),
      maxNote: MAX_NOTE_LENGTH,
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
      info: state.info,
    });
  }
}

/** Counsellors and coordinators of an active partner organisation: the inbox of their profiles' introductions, and proposals. */
@ApiExcludeController()
@Controller('conseil/mises-en-relation')
@Roles(Role.Counsellor, Role.Coordinator)
@UseGuards(ActiveIntroductionMemberGuard)
export class PartnerIntroductionPagesController {
  constructor(
    private readonly introductions: IntroductionsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async inbox(@CurrentUser() user: AuthUser, @Query('stage') stage: unknown, @Query('page') page: unknown, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    // The inbox opens on what waits for the counsellor.
    const query = listQuery(stage === undefined ? 'to_answer' : stage === 'toutes' ? '' : stage, page);
    // "Toutes" needs a value of its own here, since no stage means "À traiter".
    const model = await listModel(this.introductions, user, PARTNER_BASE, query, 'toutes');
    res.render('pages/introductions/partner-inbox', {
      title: 'Mises en relation',
      info: infoMessage(info),
      ...model,
      toAnswer: query.stage === 'to_answer',
    });
  }

  @Get('proposer')
  async proposalForm(@CurrentUser() user: AuthUser, @Query('profil') profileId: unknown, @Query('organisation') organisationId: unknown, @Query('besoin') needId: unknown, @Res() res: Response): Promise<void> {
    const ids = parseQueryOrThrow(ProposalQuery, { profileId, organisationId });
    await this.renderProposal(res, user, ids.profileId, ids.organisationId, { values: { needId: typeof needId === 'string' ? needId : '' } });
  }

  @Post('propositions')
  async propose(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const raw = blankToNull(bodyOf(body), 'needId', 'message');
    const values = { needId: text(raw, 'needId'), solution: text(raw, 'solution'), message: text(raw, 'message'), candidateAgreedOn: text(raw, 'candidateAgreedOn'), candidateAgreed: text(raw, 'candidateAgreed') };
    raw.candidateAgreed = checkbox(raw.candidateAgreed);
    const ids = parseQueryOrThrow(ProposalQuery, { profileId: raw.profileId, organisationId: raw.organisationId });
    const form = parseForm(CreateIntroductionProposalDto, raw);
    if (!form.ok) return this.renderProposal(res, user, ids.profileId, ids.organisationId, { status: 400, errors: form.errors, values });
    try {
      const created = await this.introductions.propose(user, form.value);
      res.redirect(303, `${PARTNER_BASE}/${created.id}?info=proposition-envoyee`);
    } catch (error) {
      await this.renderProposal(res, user, ids.profileId, ids.organisationId, { ...refusalOf(error), values });
    }
  }

  @Get(':id')
  async detail(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    this.renderDetail(res, await this.introductions.get(user, id), { info: infoMessage(info) });
  }

  @Post(':id/accepter')
  accept(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const raw = bodyOf(body);
    raw.candidateAgreed = checkbox(raw.candidateAgreed);
    if (raw.candidateAgreedOn === '') delete raw.candidateAgreedOn;
    return this.submit(user, id, res, AcceptIntroductionDto, raw, (dto) => this.introductions.accept(user, id, dto), 'demande-acceptee');
  }

  @Post(':id/decliner')
  decline(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.submit(user, id, res, DeclineIntroductionDto, blankToNull(bodyOf(body), 'note'), (dto) => this.introductions.decline(user, id, dto), 'declinee');
  }

  @Post(':id/mise-en-relation')
  introduce(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.submit(user, id, res, null, body, () => this.introductions.introduce(user, id), 'mise-en-relation-faite');
  }

  @Post(':id/rencontre')
  planMeeting(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.submit(user, id, res, PlanMeetingDto, blankToNull(bodyOf(body), 'note'), (dto) => this.introductions.planMeeting(user, id, dto), 'rencontre-enregistree');
  }

  @Post(':id/issue')
  recordOutcome(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const raw = blankToNull(bodyOf(body), 'contractType', 'reason', 'note');
    return this.submit(user, id, res, RecordOutcomeDto, raw, (dto) => this.introductions.recordOutcome(user, id, dto), 'issue-enregistree');
  }

  @Post(':id/retirer')
  withdraw(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.submit(user, id, res, WithdrawIntroductionDto, blankToNull(bodyOf(body), 'note'), (dto) => this.introductions.withdraw(user, id, dto), 'retiree');
  }

  /** `dto` null: the form carries no field. */
  private async submit<T extends object>(user: AuthUser, id: string, res: Response, dto: (new () => T) | null, body: unknown, run: (value: T) => Promise<unknown>, info: string): Promise<void> {
    // Read first: another organisation's introduction is a 404 whatever the form holds.
    const before = await this.introductions.get(user, id);
    const form = dto ? parseForm(dto, body) : (noFields(body) as FormResult<T>);
    if (!form.ok) return this.renderDetail(res, before, { status: 400, errors: form.errors, values: bodyOf(body) });
    try {
      await run(form.value);
    } catch (error) {
      return this.renderDetail(res, await this.introductions.get(user, id), { ...refusalOf(error), values: bodyOf(body) });
    }
    res.redirect(303, `${PARTNER_BASE}/${id}?info=${info}`);
  }

  private async renderProposal(
    res: Response,
    user: AuthUser,
    profileId: string,
    organisationId: string,
    state: { status?: number; errors?: FormErrors; message?: string; values?: Record<string, string> },
  ): Promise<void> {
    const context = await this.introductions.proposalContext(user, profileId, organisationId);
    const values = { needId: '', solution: '', message: '', candidateAgreedOn: parisDate(this.clock.now()), candidateAgreed: '', ...state.values };
    res.status(state.status ?? 200).render('pages/introductions/proposal-form', {
      title: `Proposer le profil ${context.profile.code}`,
      context: { ...context, occupations: context.profile.occupations.map((o) => `${o.label} (${o.romeCode})`).join(', ') },
      values,
      agreedChecked: values.candidateAgreed === 'true' || values.candidateAgreed === 'on',
      needOptions: needOptions(context.needs, values.needId),
      solutionOptions: solutionOptions(values.solution),
      maxMessage: MAX_PROPOSAL_MESSAGE_LENGTH,
      today: parisDate(this.clock.now()),
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
    });
  }

  private renderDetail(res: Response, introduction: IntroductionDto, state: { status?: number; errors?: FormErrors; message?: string; info?: string; values?: FormBody }): void {
    const typed = (key: string) => (typeof state.values?.[key] === 'string' ? (state.values[key] as string) : '');
    const today = parisDate(this.clock.now());
    res.status(state.status ?? 200).render('pages/introductions/partner-detail', {
      title: `Mise en relation — profil ${introduction.profileCode}`,
      ...detailModel(introduction),
      today,
      agreedOn: typed('candidateAgreedOn') || today,
      meetingOn: typed('meetingOn') || introduction.meetingOn || '',
      declineReasons: options(DECLINE_REASON_LABELS, DECLINE_REASONS_BY_SIDE.partner, typed('reason'), 'Choisir un motif…'),
      outcomes: options(OUTCOME_LABELS, Object.values(IntroductionOutcome), typed('outcome'), 'Choisir une issue…'),
      contractTypes: options(HIRE_CONTRACT_LABELS, Object.values(HireContractType), typed('contractType'), 'Sans objet'),
      noFollowUpReasons: options(NO_FOLLOW_UP_LABELS, Object.values(NoFollowUpReason), typed('reason'), 'Sans objet'),
      maxNote: MAX_NOTE_LENGTH,
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
      info: state.info,
    });
  }
}

