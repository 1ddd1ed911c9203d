import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM, idParam } from '../../common/http/id-param';
import { DomainException, ValidationFailedException } from '../../common/http/problem';
import { CSRF_FIELD } from '../auth/session.middleware';
import { Role } from '../users/user.entity';
import { FormErrors, parseForm, parseQueryOrThrow } from '../web/form';
import { Attendance, AttendeeStatus, DEFAULT_DEADLINE_DAYS, ID_DOCUMENT_LABELS, IdDocumentType, MAX_ATTENDEES_PER_ORGANISATION } from './awareness-day';
import { AwarenessMemberGuard } from './awareness-day-access';
import { hoursText, parisLongDate } from './awareness-day-rules';
import { AwarenessDayException } from './awareness-day.exception';
import { AwarenessDaysService } from './awareness-days.service';
import { AttendanceDto, AwarenessDayDto, AwarenessDaySummaryDto, CreateAwarenessDayDto, ListAwarenessDaysQuery, RegisterAttendeesDto, UpdateAwarenessDayDto } from './dto/awareness-day.dto';

const EMPLOYER_BASE = '/organisation/demi-journees';
const COORDINATION_BASE = '/coordination/demi-journees';
const PAGE_SIZE = 20;
const ATTENDEE_PARAM = idParam('attendeeId');

const INFO_MESSAGES: Record<string, string> = {
  inscription: 'L’inscription est enregistrée. Un e-mail de confirmation vous est envoyé (sans les données d’identité).',
  annulation: 'La participation est annulée. Si une personne attendait, sa place lui est attribuée.',
  creee: 'La demi-journée est créée et visible des employeurs.',
  modifiee: 'La demi-journée est modifiée.',
  'demi-journee-annulee': 'La demi-journée est annulée ; les organisations inscrites sont prévenues par e-mail.',
  presence: 'La présence est notée.',
};
const infoMessage = (code: unknown) => (typeof code === 'string' && Object.hasOwn(INFO_MESSAGES, code) ? INFO_MESSAGES[code] : undefined);

const frenchDate = (date: string | null) => (date ? date.split('-').reverse().join('/') : '');
type FormBody = Record<string, unknown>;
const bodyOf = (body: unknown): FormBody => (typeof body === 'object' && body !== null ? { ...(body as FormBody) } : {});
const text = (body: FormBody, key: string): string => (typeof body[key] === 'string' ? (body[key] as string) : '');

/** A refused change becomes page errors; what a form cannot show (403, 404, 5xx) goes to the error page. */
function refusalOf(error: unknown): { status: number; errors: FormErrors; message?: string } {
  if (!(error instanceof DomainException) || ![400, 409, 422].includes(error.status)) throw error;
  const errors: FormErrors = {};
  for (const e of error.errors ?? []) errors[e.field] ??= e.message;
  return { status: error.status, errors, message: error instanceof ValidationFailedException && error.errors?.length ? undefined : error.detail };
}

function pageQuery(page: unknown, pageSize = PAGE_SIZE): ListAwarenessDaysQuery {
  return parseQueryOrThrow(ListAwarenessDaysQuery, { page: page === undefined || page === '' ? '1' : page, pageSize: String(pageSize) });
}

/** A day as the pages write it: long date, hours, deadline in the French way. */
function shown(day: AwarenessDaySummaryDto, base: string) {
  return {
    ...day,
    href: `${base}/${day.id}`,
    dateText: parisLongDate(new Date(day.startsAt)),
    hoursText: hoursText(new Date(day.startsAt), new Date(day.endsAt)),
    deadlineText: frenchDate(day.deadline),
    cancelled: day.status === 'cancelled',
  };
}

function pager(base: string, page: { page: number; totalPages: number }) {
  return {
    previousHref: page.page > 1 ? `${base}?page=${page.page - 1}` : null,
    nextHref: page.page < page.totalPages ? `${base}?page=${page.page + 1}` : null,
  };
}

const documentOptions = (selected: string) => [
  { value: '', label: 'Choisir…', selected: selected === '' },
  ...Object.values(IdDocumentType).map((value) => ({ value, label: ID_DOCUMENT_LABELS[value], selected: value === selected })),
];

/** The rows of the registration form (fullName_1, birthDate_1...): blank rows are left out. */
function attendeeRows(raw: FormBody) {
  const rows = [];
  for (let n = 1; n <= MAX_ATTENDEES_PER_ORGANISATION; n++) {
    const row = { fullName: text(raw, `fullName_${n}`), birthDate: text(raw, `birthDate_${n}`), documentType: text(raw, `documentType_${n}`), documentNumber: text(raw, `documentNumber_${n}`) };
    rows.push({ n, row, filled: Object.values(row).some((v) => v.trim() !== '') });
  }
  return rows;
}

/** « Demi-journées » of employers: the upcoming ones near them, their registrations, registering and cancelling. */
@ApiExcludeController()
@Controller('organisation/demi-journees')
@Roles(Role.Employer)
@UseGuards(AwarenessMemberGuard)
export class EmployerAwarenessDayPagesController {
  constructor(private readonly days: AwarenessDaysService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query('page') page: unknown, @Res() res: Response): Promise<void> {
    const upcoming = await this.days.list(user, pageQuery(page));
    const mine = await this.days.registrations(user, pageQuery(1, 50));
    res.render('pages/awareness-day-employer-list', {
      title: 'Demi-journées de sensibilisation',
      upcoming,
      upcomingRows: upcoming.items.map((d) => shown(d, EMPLOYER_BASE)),
      mineRows: mine.items.map((d) => shown(d, EMPLOYER_BASE)),
      ...pager(EMPLOYER_BASE, upcoming),
    });
  }

  @Get(':id')
  async detail(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    this.renderDetail(res, await this.days.get(user, id), { info: infoMessage(info) });
  }

  @Post(':id/inscription')
  async register(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const day = await this.days.get(user, id);
    const raw = bodyOf(body);
    const rows = attendeeRows(raw);
    const extra = Object.keys(raw).filter((key) => key !== CSRF_FIELD && !/^(fullName|birthDate|documentType|documentNumber)_[1-9]$/.test(key));
    if (extra.length) return this.renderDetail(res, day, { status: 400, values: raw, errors: Object.fromEntries(extra.map((k) => [k, 'Champ non autorisé.'])) });
    const filled = rows.filter((r) => r.filled);
    const toField = (field: string) => {
      const match = /^attendees\.(\d+)\.(\w+)$/.exec(field);
      return match && filled[Number(match[1])] ? `${match[2]}_${filled[Number(match[1])].n}` : field === 'attendees' ? 'fullName_1' : field;
    };
    const form = parseForm(RegisterAttendeesDto, { attendees: filled.map((r) => r.row) });
    if (!form.ok) return this.renderDetail(res, day, { status: 400, values: raw, errors: Object.fromEntries(Object.entries(form.errors).map(([k, v]) => [toField(k), v])) });
    try {
      await this.days.register(user, id, form.value);
    } catch (error) {
      const refusal = refusalOf(error);
      return this.renderDetail(res, await this.days.get(user, id), { ...refusal, values: raw, errors: Object.fromEntries(Object.entries(refusal.errors).map(([k, v]) => [toField(k), v])) });
    }
    res.redirect(303, `${EMPLOYER_BASE}/${id}?info=inscription`);
  }

  @Post(':id/participants/:attendeeId/annulation')
  async cancel(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Param('attendeeId', ATTENDEE_PARAM) attendeeId: string, @Res() res: Response): Promise<void> {
    try {
      await this.days.cancelAttendee(user, id, attendeeId);
    } catch (error) {
      return this.renderDetail(res, await this.days.get(user, id), refusalOf(error));
    }
    res.redirect(303, `${EMPLOYER_BASE}/${id}?info=annulation`);
  }

  @Get(':id/attestations/:attendeeId')
  async certificate(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Param('attendeeId', ATTENDEE_PARAM) attendeeId: string, @Res() res: Response): Promise<void> {
    await renderCertificate(this.days, user, id, attendeeId, EMPLOYER_BASE, res);
  }

  private renderDetail(res: Response, day: AwarenessDayDto, state: { status?: number; errors?: FormErrors; message?: string; info?: string; values?: FormBody }): void {
    const values = state.values ?? {};
    const rows = attendeeRows(values)
      .slice(0, Math.max(1, day.ownRemaining))
      .map(({ n, row }) => ({
        n,
        ...row,
        documentTypes: documentOptions(row.documentType),
        errors: { fullName: state.errors?.[`fullName_${n}`], birthDate: state.errors?.[`birthDate_${n}`], documentType: state.errors?.[`documentType_${n}`], documentNumber: state.errors?.[`documentNumber_${n}`] },
      }));
    const attendees = (day.ownRegistration?.attendees ?? []).map((a) => ({
      ...a,
      cancellable: a.status !== AttendeeStatus.Cancelled && new Date(day.startsAt) > new Date(),
      waiting: a.status === AttendeeStatus.Waitlisted,
      present: a.attendance === Attendance.Present,
    }));
    res.status(state.status ?? 200).render('pages/awareness-day-employer-detail', {
      title: `Demi-journée — ${day.title}`,
      base: EMPLOYER_BASE,
      day: shown(day, EMPLOYER_BASE),
      details: day,
      attendees,
      canRegister: day.registrationOpen && day.ownRemaining > 0,
      rows,
      max: MAX_ATTENDEES_PER_ORGANISATION,
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
      info: state.info,
    });
  }
}

async function renderCertificate(days: AwarenessDaysService, user: AuthUser, id: string, attendeeId: string, base: string, res: Response): Promise<void> {
  const certificate = await days.certificate(user, id, attendeeId);
  res.render('pages/awareness-day-certificate', {
    title: `Attestation de participation — ${certificate.fullName}`,
    base,
    day: shown(certificate.day, base),
    fullName: certificate.fullName,
    organisationName: certificate.organisationName,
    issuedOn: parisLongDate(new Date()),
  });
}

/** The coordinator's form fields, as typed. */
const FORM_FIELDS = ['establishmentCode', 'programmeId', 'title', 'date', 'startTime', 'endTime', 'capacity', 'deadline', 'programmeText', 'whatToBring', 'forbiddenItems', 'meetingPoint'] as const;

/** The form as the DTOs read it: the capacity a number, blank optional fields none. */
function formBody(raw: FormBody, forUpdate: boolean): FormBody {
  const out: FormBody = {};
  for (const [key, value] of Object.entries(raw)) if (key !== CSRF_FIELD) out[key] = value;
  if (typeof out.capacity === 'string' && /^\d{1,6}$/.test(out.capacity)) out.capacity = Number(out.capacity);
  if (out.deadline === '') out.deadline = null;
  if (out.programmeId === '') out.programmeId = null;
  if (forUpdate) delete out.establishmentCode;
  return out;
}

/** « Demi-journées » of the coordination: creating, changing and cancelling them, the security office's list, attendance. */
@ApiExcludeController()
@Controller('coordination/demi-journees')
@Roles(Role.Coordinator, Role.Admin)
@UseGuards(AwarenessMemberGuard)
export class CoordinationAwarenessDayPagesController {
  constructor(private readonly days: AwarenessDaysService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query('page') page: unknown, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    const result = await this.days.list(user, pageQuery(page));
    res.render('pages/awareness-day-coordination-list', {
      title: 'Demi-journées de sensibilisation',
      result,
      rows: result.items.map((d) => shown(d, COORDINATION_BASE)),
      canCreate: user.role === Role.Coordinator,
      info: infoMessage(info),
      ...pager(COORDINATION_BASE, result),
    });
  }

  @Get('nouvelle')
  async newForm(@CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    if (user.role !== Role.Coordinator) throw AwarenessDayException.coordinatorsOnly();
    await this.renderForm(user, res, { values: { startTime: '09:00', endTime: '12:30', capacity: '15' } });
  }

  @Post()
  async create(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    if (user.role !== Role.Coordinator) throw AwarenessDayException.coordinatorsOnly();
    const raw = bodyOf(body);
    const values = Object.fromEntries(FORM_FIELDS.map((key) => [key, text(raw, key)]));
    const form = parseForm(CreateAwarenessDayDto, formBody(raw, false));
    if (!form.ok) return this.renderForm(user, res, { status: 400, errors: form.errors, values });
    try {
      const created = await this.days.create(user, form.value);
      res.redirect(303, `${COORDINATION_BASE}/${created.id}?info=creee`);
    } catch (error) {
      await this.renderForm(user, res, { ...refusalOf(error), values });
    }
  }

  @Get(':id')
  async detail(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    this.renderDetail(res, await this.days.get(user, id), { info: infoMessage(info) });
  }

  @Get(':id/modifier')
  async editForm(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    const day = await this.days.get(user, id);
    if (!day.organiser) throw AwarenessDayException.organiserOnly();
    await this.renderForm(user, res, { day, values: this.valuesOf(day) });
  }

  @Post(':id')
  async update(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const day = await this.days.get(user, id);
    if (!day.organiser) throw AwarenessDayException.organiserOnly();
    const raw = bodyOf(body);
    const values = Object.fromEntries(FORM_FIELDS.map((key) => [key, text(raw, key)]));
    const form = parseForm(UpdateAwarenessDayDto, formBody(raw, true));
    if (!form.ok) return this.renderForm(user, res, { day, status: 400, errors: form.errors, values });
    try {
      await this.days.update(user, id, form.value);
    } catch (error) {
      return this.renderForm(user, res, { day, ...refusalOf(error), values });
    }
    res.redirect(303, `${COORDINATION_BASE}/${id}?info=modifiee`);
  }

  @Post(':id/annulation')
  async cancel(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    try {
      await this.days.cancel(user, id);
    } catch (error) {
      return this.renderDetail(res, await this.days.get(user, id), refusalOf(error));
    }
    res.redirect(303, `${COORDINATION_BASE}/${id}?info=demi-journee-annulee`);
  }

  /** The coordination cancels one attendee (a no-show announced by phone): the first waiting one is promoted. */
  @Post(':id/participants/:attendeeId/annulation')
  async cancelAttendee(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Param('attendeeId', ATTENDEE_PARAM) attendeeId: string, @Res() res: Response): Promise<void> {
    try {
      await this.days.cancelAttendee(user, id, attendeeId);
    } catch (error) {
      return this.renderDetail(res, await this.days.get(user, id), refusalOf(error));
    }
    res.redirect(303, `${COORDINATION_BASE}/${id}?info=annulation`);
  }

  /** The printable list for the security office (identities: organiser only, audited). */
  @Get(':id/liste')
  async identityList(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    const list = await this.days.identityList(user, id, 'print');
    const day = await this.days.get(user, id);
    const kept = list.entries
      .filter((e) => !e.identityErased)
      .map((e) => ({ ...e, birthDateText: frenchDate(e.birthDate), documentNumberText: e.documentNumberUnreadable ? 'illisible' : e.documentNumber }));
    // Identity data: never kept by a browser or proxy cache.
    res.set('Cache-Control', 'no-store').render('pages/awareness-day-identity-list', {
      title: `Liste des participants — ${day.title}`,
      base: COORDINATION_BASE,
      day: shown(day, COORDINATION_BASE),
      // Like the CSV: erased identities are left out, only their number is told.
      confirmed: kept.filter((e) => e.status === AttendeeStatus.Confirmed),
      waiting: kept.filter((e) => e.status === AttendeeStatus.Waitlisted),
      erasedCount: list.entries.length - kept.length,
      printedAt: new Date(),
    });
  }

  @Get(':id/export.csv')
  async exportCsv(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    const file = await this.days.exportCsv(user, id);
    res.set('Cache-Control', 'no-store').type('text/csv; charset=utf-8').attachment(file.filename).send(file.content);
  }

  @Get(':id/presences')
  async checkIn(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    await this.renderCheckIn(res, user, id, { info: infoMessage(info) });
  }

  @Post(':id/presences/:attendeeId')
  async recordAttendance(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Param('attendeeId', ATTENDEE_PARAM) attendeeId: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(AttendanceDto, body);
    if (!form.ok) return this.renderCheckIn(res, user, id, { status: 400, errors: form.errors });
    try {
      await this.days.recordAttendance(user, id, attendeeId, form.value);
    } catch (error) {
      return this.renderCheckIn(res, user, id, refusalOf(error));
    }
    res.redirect(303, `${COORDINATION_BASE}/${id}/presences?info=presence#participant-${attendeeId}`);
  }

  @Get(':id/attestations/:attendeeId')
  async certificate(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Param('attendeeId', ATTENDEE_PARAM) attendeeId: string, @Res() res: Response): Promise<void> {
    await renderCertificate(this.days, user, id, attendeeId, COORDINATION_BASE, res);
  }

  private valuesOf(day: AwarenessDayDto): Record<string, string> {
    return {
      establishmentCode: day.establishmentCode,
      programmeId: day.programmeId ?? '',
      title: day.title,
      date: day.date,
      startTime: day.startTime,
      endTime: day.endTime,
      capacity: String(day.capacity),
      deadline: day.deadline,
      programmeText: day.programmeText ?? '',
      whatToBring: day.whatToBring ?? '',
      forbiddenItems: day.forbiddenItems ?? '',
      meetingPoint: day.meetingPoint ?? '',
    };
  }

  private async renderForm(user: AuthUser, res: Response, state: { day?: AwarenessDayDto; status?: number; errors?: FormErrors; message?: string; values: Record<string, string> }): Promise<void> {
    const establishments = await this.days.establishments();
    const selected = state.values.establishmentCode ?? '';
    const programmes = await this.days.programmeChoices(user);
    // The half-day's programme stays offered even if the organisation has left it since.
    if (state.day?.programmeId && !programmes.some((p) => p.id === state.day!.programmeId)) programmes.push({ id: state.day.programmeId, name: state.day.programmeName ?? 'Programme' });
    const programme = state.values.programmeId ?? '';
    res.status(state.status ?? 200).render('pages/awareness-day-form', {
      title: state.day ? `Modifier — ${state.day.title}` : 'Nouvelle demi-journée',
      action: state.day ? `${COORDINATION_BASE}/${state.day.id}` : COORDINATION_BASE,
      editing: Boolean(state.day),
      day: state.day,
      base: COORDINATION_BASE,
      values: state.values,
      establishments: [{ code: '', label: 'Choisir un établissement…', selected: selected === '' }, ...establishments.map((e) => ({ code: e.code, label: e.communeName ? `${e.name} (${e.communeName})` : e.name, selected: e.code === selected }))],
      programmes: [{ id: '', label: 'Aucun programme', selected: programme === '' }, ...programmes.map((p) => ({ id: p.id, label: p.name, selected: p.id === programme }))],
      defaultDeadlineDays: DEFAULT_DEADLINE_DAYS,
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
    });
  }

  private renderDetail(res: Response, day: AwarenessDayDto, state: { status?: number; errors?: FormErrors; message?: string; info?: string }): void {
    const started = new Date(day.startsAt) <= new Date();
    res.status(state.status ?? 200).render('pages/awareness-day-coordination-detail', {
      title: `Demi-journée — ${day.title}`,
      base: COORDINATION_BASE,
      day: shown(day, COORDINATION_BASE),
      details: day,
      registrations: day.registrations.map((r) => ({
        ...r,
        attendees: r.attendees.map((a) => ({ ...a, present: a.attendance === Attendance.Present, cancellable: day.organiser && !started && a.status !== AttendeeStatus.Cancelled })),
      })),
      canChange: day.organiser && day.status === 'published' && !started,
      erasureText: day.identityErasureAt ? parisLongDate(new Date(day.identityErasureAt)) : null,
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
      info: state.info,
    });
  }

  private async renderCheckIn(res: Response, user: AuthUser, id: string, state: { status?: number; errors?: FormErrors; message?: string; info?: string }): Promise<void> {
    const list = await this.days.identityList(user, id, 'checkin');
    const day = await this.days.get(user, id);
    res.set('Cache-Control', 'no-store').status(state.status ?? 200).render('pages/awareness-day-checkin', {
      title: `Présences — ${day.title}`,
      base: COORDINATION_BASE,
      day: shown(day, COORDINATION_BASE),
      attendees: list.entries
        .filter((e) => e.status === AttendeeStatus.Confirmed)
        .map((e) => ({ ...e, present: e.attendance === Attendance.Present, absent: e.attendance === Attendance.Absent, certificate: e.attendance === Attendance.Present && e.fullName !== null })),
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
      info: state.info,
    });
  }
}
