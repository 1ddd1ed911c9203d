import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Clock } from '../../common/clock/clock';
import { ID_PARAM } from '../../common/http/id-param';
import { DomainException, ValidationFailedException } from '../../common/http/problem';
import { CSRF_FIELD } from '../auth/session.middleware';
import { parisDate } from '../employer-needs/employer-need-rules';
import { Role } from '../users/user.entity';
import { FormErrors, FormResult, parseForm, parseQueryOrThrow } from '../web/form';
import { CreateSponsorshipDto, EndSponsorshipDto, ListSponsorshipsQuery, RecordCheckInDto, SponsorshipDto, SponsorshipSummaryDto } from './dto/sponsorship.dto';
import {
  CHANNEL_LABELS,
  CheckInChannel,
  END_REASON_LABELS,
  MAX_NEXT_STEP_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_ONGOING_SPONSORSHIPS_PER_SPONSOR,
  RETENTION_MONTHS,
  SPONSORSHIP_STATUS_LABELS,
  SponsorshipEndReason,
  SponsorshipStatus,
} from './sponsorship';
import { SponsorshipMemberGuard } from './sponsorship-access';
import { addMonths, CheckInPiiFinding } from './sponsorship-rules';
import { SponsorshipException } from './sponsorship.exception';
import { SponsorshipsService } from './sponsorships.service';

const EMPLOYER_BASE = '/organisation/parrainages';
const PARTNER_BASE = '/conseil/parrainages';
const COORDINATION_BASE = '/coordination/parrainages';
const PAGE_SIZE = 20;
/** Characters of context shown around a PII finding. */
const CONTEXT = 30;

/** Messages shown after a redirect, as ?info=<code>. */
const INFO_MESSAGES: Record<string, string> = {
  'parrainage-cree': 'Le parrainage est engagé. Ses quatre points de suivi (J+7, 1 mois, 3 mois, 6 mois) sont planifiés ; le parrain ou la marraine recevra un rappel par e-mail à chaque échéance.',
  'point-enregistre': 'Le point de suivi est enregistré. Merci !',
  'parrainage-en-pause': 'Le parrainage est en pause : aucun rappel n’est envoyé tant qu’il l’est.',
  'parrainage-repris': 'Le parrainage a repris. Les rappels des points arrivés à échéance pendant la pause ne seront pas envoyés ; les points restent à noter.',
  'parrainage-termine': 'Le parrainage est terminé ; les points de suivi restants sont annulés.',
};

const infoMessage = (code: unknown) => (typeof code === 'string' && Object.hasOwn(INFO_MESSAGES, code) ? INFO_MESSAGES[code] : undefined);

const frenchDate = (date: string | null) => (date ? date.split('-').reverse().join('/') : null);

type FormBody = Record<string, unknown>;
const bodyOf = (body: unknown): FormBody => (typeof body === 'object' && body !== null ? { ...(body as FormBody) } : {});
const text = (body: FormBody, key: string): string => (typeof body[key] === 'string' ? (body[key] as string) : '');

/** HTML check boxes send their value when ticked and nothing otherwise. */
const checkbox = (value: unknown): unknown => (value === 'on' || value === 'true' ? true : value === undefined || value === '' ? undefined : value);

/** Forms that carry nothing but the CSRF token: anything else is refused by name, like the API's empty DTOs. */
function noFields(body: unknown): FormResult<object> {
  const extra = Object.keys(bodyOf(body)).filter((key) => key !== CSRF_FIELD);
  return extra.length ? { ok: false, errors: Object.fromEntries(extra.map((key) => [key, 'Champ non autorisé.'])), values: {} } : { ok: true, value: {} };
}

/** A refused change becomes page errors (inline per field, or a message); what a form cannot show (403, 404, 5xx) goes to the error page. */
function refusalOf(error: unknown): { status: number; errors: FormErrors; message?: string; findings?: CheckInPiiFinding[] } {
  if (!(error instanceof DomainException) || ![400, 409, 422].includes(error.status)) throw error;
  const errors: FormErrors = {};
  for (const e of error.errors ?? []) errors[e.field] ??= e.message;
  const findings = error.code === 'sponsorship.pii_found' ? (error.errors as CheckInPiiFinding[]) : undefined;
  return { status: error.status, errors, message: error instanceof ValidationFailedException && error.errors?.length ? undefined : error.detail, findings };
}

/** The passages the PII guard flagged in the typed text, with some context, as the profile editor shows them. */
function shownFindings(findings: CheckInPiiFinding[] | undefined, typed: FormBody): Record<string, { label: string; before: string; match: string; after: string; reason: string }[]> {
  const byField: Record<string, { label: string; before: string; match: string; after: string; reason: string }[]> = {};
  for (const finding of findings ?? []) {
    const full = text(typed, finding.field).trim();
    const found = full.slice(finding.start, finding.end) === finding.excerpt;
    const from = Math.max(0, finding.start - CONTEXT);
    const to = Math.min(full.length, finding.end + CONTEXT);
    (byField[finding.field] ??= []).push({
      label: '',
      before: found ? `${from > 0 ? '…' : ''}${full.slice(from, finding.start)}` : '',
      match: finding.excerpt,
      after: found ? `${full.slice(finding.end, to)}${to < full.length ? '…' : ''}` : '',
      reason: finding.message,
    });
  }
  return byField;
}

/** The ids a check-in form names. */
class CheckInTarget {
  @IsUUID('4', { message: 'Choisissez le point de suivi à noter.' }) checkInId!: string;
}

const options = <T extends string>(labels: Record<T, string>, values: readonly T[], selected: string, blank?: string) => [
  ...(blank !== undefined ? [{ value: '', label: blank, selected: selected === '' }] : []),
  ...values.map((value) => ({ value, label: labels[value], selected: value === selected })),
];

const STATUS_TABS: { status: SponsorshipStatus | undefined; label: string }[] = [
  { status: undefined, label: 'Tous' },
  ...Object.values(SponsorshipStatus).map((status) => ({ status, label: SPONSORSHIP_STATUS_LABELS[status] })),
];

function listQuery(status: unknown, page: unknown, extra: Record<string, unknown> = {}): ListSponsorshipsQuery {
  const given = (value: unknown) => (value === '' ? undefined : value);
  return parseQueryOrThrow(ListSponsorshipsQuery, { status: given(status), page: given(page) ?? '1', pageSize: String(PAGE_SIZE), ...extra });
}

/** Rows of a list, with their dates written the French way. */
function rowsOf(items: SponsorshipSummaryDto[], base: string | null) {
  return items.map((item) => ({
    ...item,
    href: base ? `${base}/${item.id}` : null,
    occupationLabels: item.occupations.map((o) => o.label).join(', '),
    startsOnText: frenchDate(item.startsOn),
    plannedEndOnText: frenchDate(item.plannedEndOn),
    endedOnText: frenchDate(item.endedOn),
    nextCheckInText: item.nextCheckIn && { ...item.nextCheckIn, dueOnText: frenchDate(item.nextCheckIn.dueOn) },
  }));
}

/** A list page's model: the status tabs, the page's rows and its pagination links. */
async function listModel(service: SponsorshipsService, user: AuthUser, base: string, query: ListSponsorshipsQuery, asPartner: boolean) {
  const result = await service.list(user, query, { asPartner });
  const href = (status: SponsorshipStatus | undefined, page = 1) => {
    const params = new URLSearchParams();
    if (status) params.set('statut', status);
    if (page > 1) params.set('page', String(page));
    const qs = params.toString();
    return qs ? `${base}?${qs}` : base;
  };
  const due = await service.list(user, listQuery(undefined, 1, { checkInDue: 'true', pageSize: '100' }), { asPartner });
  return {
    result,
    rows: rowsOf(result.items, base),
    dueRows: rowsOf(due.items, base),
    dueTotal: due.total,
    tabs: STATUS_TABS.map((tab) => ({ label: tab.label, href: href(tab.status), current: tab.status === query.status })),
    listLabel: query.status ? SPONSORSHIP_STATUS_LABELS[query.status] : 'Tous les parrainages',
    previousHref: result.page > 1 ? href(query.status, result.page - 1) : null,
    nextHref: result.page < result.totalPages ? href(query.status, result.page + 1) : null,
  };
}

interface DetailState {
  status?: number;
  errors?: FormErrors;
  message?: string;
  info?: string;
  findings?: CheckInPiiFinding[];
  /** The form that failed, as typed, and which one it was. */
  values?: FormBody;
  form?: 'check-in' | 'end';
}

/** The shared detail page of both sides; `base` is the side's path. */
function renderDetail(res: Response, base: string, sponsorship: SponsorshipDto, today: string, state: DetailState): void {
  const typed = (key: string) => text(state.values ?? {}, key);
  const can = Object.fromEntries(sponsorship.allowedActions.map((action) => [action, true]));
  const scheduled = sponsorship.checkIns.filter((c) => c.status === 'scheduled');
  const checkInValues = state.form === 'check-in' ? state.values ?? {} : {};
  const chosen = text(checkInValues, 'checkInId') || sponsorship.nextCheckIn?.id || '';
  res.status(state.status ?? 200).render('pages/sponsorships/detail', {
    title: `Parrainage — profil ${sponsorship.profileCode}`,
    base,
    listLabel: base === EMPLOYER_BASE ? 'Mes parrainages' : 'Parrainages',
    partnerSide: base === PARTNER_BASE,
    sponsorship: {
      ...sponsorship,
      occupationLabels: sponsorship.occupations.map((o) => `${o.label} (${o.romeCode})`).join(', '),
      startsOnText: frenchDate(sponsorship.startsOn),
      plannedEndOnText: frenchDate(sponsorship.plannedEndOn),
      endedOnText: frenchDate(sponsorship.endedOn),
      agreedOnText: frenchDate(sponsorship.candidateAgreement?.agreedOn ?? null),
    },
    checkIns: sponsorship.checkIns.map((c) => ({ ...c, dueOnText: frenchDate(c.dueOn), heldOnText: frenchDate(c.heldOn), due: c.status === 'scheduled' && c.dueOn <= today })),
    can,
    checkInOptions: scheduled.map((c) => ({ value: c.id, label: `${c.milestoneLabel} (échéance le ${frenchDate(c.dueOn)})`, selected: c.id === chosen })),
    channels: options(CHANNEL_LABELS, Object.values(CheckInChannel), text(checkInValues, 'channel'), 'Choisir…'),
    endReasons: options(END_REASON_LABELS, Object.values(SponsorshipEndReason), state.form === 'end' ? typed('reason') : '', 'Choisir un motif…'),
    checkIn: { heldOn: text(checkInValues, 'heldOn') || today, note: text(checkInValues, 'note'), nextStep: text(checkInValues, 'nextStep') },
    endedOn: (state.form === 'end' && typed('endedOn')) || today,
    today,
    pii: shownFindings(state.findings, checkInValues),
    maxNote: MAX_NOTE_LENGTH,
    maxNextStep: MAX_NEXT_STEP_LENGTH,
    errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
    message: state.message,
    info: state.info,
  });
}

/**
 * The moves both sides make on the detail page (check-in, pause, resume, end): check the user follows the sponsorship,
 * validate the form with the API's DTO, then redirect with a message or show the page again with the refusal.
 */
class SponsorshipMoves {
  constructor(
    private readonly sponsorships: SponsorshipsService,
    private readonly clock: Clock,
    private readonly base: string,
  ) {}

  private today(): string {
    return parisDate(this.clock.now());
  }

  async detail(user: AuthUser, id: string, info: unknown, res: Response): Promise<void> {
    renderDetail(res, this.base, await this.sponsorships.get(user, id), this.today(), { info: infoMessage(info) });
  }

  /** Read first: another organisation's sponsorship is a 404, and one read for the figures a 403, whatever the form holds. */
  private async followed(user: AuthUser, id: string): Promise<SponsorshipDto> {
    const sponsorship = await this.sponsorships.get(user, id);
    if (!sponsorship.follower) throw SponsorshipException.readOnly();
    return sponsorship;
  }

  async recordCheckIn(user: AuthUser, id: string, body: unknown, res: Response): Promise<void> {
    const before = await this.followed(user, id);
    const raw = bodyOf(body);
    const state = { values: raw, form: 'check-in' as const };
    let target: CheckInTarget;
    try {
      target = parseQueryOrThrow(CheckInTarget, { checkInId: raw.checkInId });
    } catch (error) {
      return renderDetail(res, this.base, before, this.today(), { ...state, ...refusalOf(error) });
    }
    const form = parseForm(RecordCheckInDto, raw, ['checkInId']);
    if (!form.ok) return renderDetail(res, this.base, before, this.today(), { ...state, status: 400, errors: form.errors });
    await this.run(user, id, res, state, () => this.sponsorships.recordCheckIn(user, id, target.checkInId, form.value), 'point-enregistre');
  }

  async transition(user: AuthUser, id: string, body: unknown, res: Response, action: 'pause' | 'resume'): Promise<void> {
    const before = await this.followed(user, id);
    const form = noFields(body);
    if (!form.ok) return renderDetail(res, this.base, before, this.today(), { status: 400, errors: form.errors });
    await this.run(
      user,
      id,
      res,
      {},
      () => (action === 'pause' ? this.sponsorships.pause(user, id) : this.sponsorships.resume(user, id)),
      action === 'pause' ? 'parrainage-en-pause' : 'parrainage-repris',
    );
  }

  async end(user: AuthUser, id: string, body: unknown, res: Response): Promise<void> {
    const before = await this.followed(user, id);
    const raw = bodyOf(body);
    if (raw.endedOn === '') delete raw.endedOn;
    const state = { values: bodyOf(body), form: 'end' as const };
    const form = parseForm(EndSponsorshipDto, raw);
    if (!form.ok) return renderDetail(res, this.base, before, this.today(), { ...state, status: 400, errors: form.errors });
    await this.run(user, id, res, state, () => this.sponsorships.end(user, id, form.value), 'parrainage-termine');
  }

  private async run(user: AuthUser, id: string, res: Response, state: DetailState, change: () => Promise<unknown>, info: string): Promise<void> {
    try {
      await change();
    } catch (error) {
      return renderDetail(res, this.base, await this.sponsorships.get(user, id), this.today(), { ...state, ...refusalOf(error) });
    }
    res.redirect(303, `${this.base}/${id}?info=${info}`);
  }
}

/**
 * The routes of one sponsorship, the same for its two sides (the sponsor's organisation and the counsellor's):
 * subclasses declare their list and forms first, so Nest registers `/nouveau` before `/:id`.
 */
abstract class SponsorshipRoutes {
  protected abstract readonly moves: SponsorshipMoves;

  @Get(':id')
  detail(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    return this.moves.detail(user, id, info, res);
  }

  @Post(':id/points')
  recordCheckIn(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.moves.recordCheckIn(user, id, body, res);
  }

  @Post(':id/pause')
  pause(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.moves.transition(user, id, body, res, 'pause');
  }

  @Post(':id/reprise')
  resume(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.moves.transition(user, id, body, res, 'resume');
  }

  @Post(':id/fin')
  end(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.moves.end(user, id, body, res);
  }
}

/** « Mes parrainages »: members of an active employer organisation follow their sponsorships (owners, the organisation's). */
@ApiExcludeController()
@Controller('organisation/parrainages')
@Roles(Role.Employer)
@UseGuards(SponsorshipMemberGuard)
export class EmployerSponsorshipPagesController extends SponsorshipRoutes {
  protected readonly moves: SponsorshipMoves;

  constructor(
    private readonly sponsorships: SponsorshipsService,
    clock: Clock,
  ) {
    super();
    this.moves = new SponsorshipMoves(sponsorships, clock, EMPLOYER_BASE);
  }

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query('statut') status: unknown, @Query('page') page: unknown, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    const query = listQuery(status, page);
    res.render('pages/sponsorships/employer-list', {
      title: 'Mes parrainages',
      info: infoMessage(info),
      ...(await listModel(this.sponsorships, user, EMPLOYER_BASE, query, false)),
    });
  }
}

/** Counsellors and coordinators of an active partner organisation: the sponsorships of their profiles, and engaging new ones. */
@ApiExcludeController()
@Controller('conseil/parrainages')
@Roles(Role.Counsellor, Role.Coordinator)
@UseGuards(SponsorshipMemberGuard)
export class PartnerSponsorshipPagesController extends SponsorshipRoutes {
  protected readonly moves: SponsorshipMoves;

  constructor(
    private readonly sponsorships: SponsorshipsService,
    private readonly clock: Clock,
  ) {
    super();
    this.moves = new SponsorshipMoves(sponsorships, clock, PARTNER_BASE);
  }

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query('statut') status: unknown, @Query('page') page: unknown, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    const query = listQuery(status, page);
    res.render('pages/sponsorships/partner-list', {
      title: 'Suivi des parrainages',
      info: infoMessage(info),
      ...(await listModel(this.sponsorships, user, PARTNER_BASE, query, true)),
    });
  }

  /** Opened from a profile or an introduction, which pass the code and the introduction's id. */
  @Get('nouveau')
  form(@Query('profil') code: unknown, @Query('mise-en-relation') introductionId: unknown, @Res() res: Response): void {
    this.renderForm(res, { values: { profileCode: typeof code === 'string' ? code.trim().toUpperCase() : '', introductionId: typeof introductionId === 'string' ? introductionId : '' } });
  }

  @Post()
  async create(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const raw = bodyOf(body);
    const values = Object.fromEntries(['profileCode', 'sponsorEmail', 'startsOn', 'plannedEndOn', 'candidateAgreedOn', 'candidateAgreed', 'introductionId'].map((key) => [key, text(raw, key)]));
    raw.candidateAgreed = checkbox(raw.candidateAgreed);
    if (raw.introductionId === '') delete raw.introductionId;
    const form = parseForm(CreateSponsorshipDto, raw);
    if (!form.ok) return this.renderForm(res, { status: 400, errors: form.errors, values });
    try {
      const created = await this.sponsorships.create(user, form.value);
      res.redirect(303, `${PARTNER_BASE}/${created.id}?info=parrainage-cree`);
    } catch (error) {
      this.renderForm(res, { ...refusalOf(error), values });
    }
  }

  private renderForm(res: Response, state: { status?: number; errors?: FormErrors; message?: string; values: Record<string, string> }): void {
    const today = parisDate(this.clock.now());
    const values = { startsOn: today, plannedEndOn: addMonths(today, 12), candidateAgreedOn: today, sponsorEmail: '', candidateAgreed: '', ...state.values };
    for (const key of ['startsOn', 'plannedEndOn', 'candidateAgreedOn'] as const) if (state.values[key] === '') values[key] = '';
    res.status(state.status ?? 200).render('pages/sponsorships/create-form', {
      title: 'Engager un parrainage',
      values,
      agreedChecked: values.candidateAgreed === 'true' || values.candidateAgreed === 'on',
      cap: MAX_ONGOING_SPONSORSHIPS_PER_SPONSOR,
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
    });
  }
}

/** Coordination: retention at M+6 per employer organisation, and every sponsorship, each readable on its own page. */
@ApiExcludeController()
@Controller('coordination/parrainages')
@Roles(Role.Coordinator, Role.Admin)
export class CoordinationSponsorshipPagesController {
  constructor(
    private readonly sponsorships: SponsorshipsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async overview(@CurrentUser() user: AuthUser, @Query('statut') status: unknown, @Query('page') page: unknown, @Res() res: Response): Promise<void> {
    const query = listQuery(status, page);
    const retention = await this.sponsorships.retention();
    const result = await this.sponsorships.list(user, query);
    const href = (value: SponsorshipStatus | undefined, n = 1) => {
      const params = new URLSearchParams();
      if (value) params.set('statut', value);
      if (n > 1) params.set('page', String(n));
      const qs = params.toString();
      return qs ? `${COORDINATION_BASE}?${qs}` : COORDINATION_BASE;
    };
    res.render('pages/sponsorships/retention', {
      title: 'Parrainages : maintien à 6 mois',
      retention: { ...retention, asOfText: frenchDate(retention.asOf) },
      retentionMonths: RETENTION_MONTHS,
      result,
      rows: rowsOf(result.items, COORDINATION_BASE),
      tabs: STATUS_TABS.map((tab) => ({ label: tab.label, href: href(tab.status), current: tab.status === query.status })),
      listLabel: query.status ? SPONSORSHIP_STATUS_LABELS[query.status] : 'Tous les parrainages',
      previousHref: result.page > 1 ? href(query.status, result.page - 1) : null,
      nextHref: result.page < result.totalPages ? href(query.status, result.page + 1) : null,
    });
  }

  /** One sponsorship, read only: its dates, status and check-ins (when and how each was held, whether a next step was noted; never the notes). */
  @Get(':id')
  async detail(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    const { sponsorship, introduction } = await this.sponsorships.getForCoordination(user, id);
    const today = parisDate(this.clock.now());
    res.render('pages/sponsorships/coordination-detail', {
      title: `Parrainage — profil ${sponsorship.profileCode}`,
      base: COORDINATION_BASE,
      sponsorship: {
        ...sponsorship,
        startsOnText: frenchDate(sponsorship.startsOn),
        plannedEndOnText: frenchDate(sponsorship.plannedEndOn),
        endedOnText: frenchDate(sponsorship.endedOn),
      },
      checkIns: sponsorship.checkIns.map((c) => ({ ...c, dueOnText: frenchDate(c.dueOn), heldOnText: frenchDate(c.heldOn), due: c.status === 'scheduled' && c.dueOn <= today })),
      introduction: introduction && { ...introduction, requestedOnText: frenchDate(introduction.requestedOn), meetingOnText: frenchDate(introduction.meetingOn) },
    });
  }
}
