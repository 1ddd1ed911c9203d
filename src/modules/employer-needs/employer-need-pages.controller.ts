import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM } from '../../common/http/id-param';
import { DomainException } from '../../common/http/problem';
import { Role } from '../users/user.entity';
import { infoMessage } from '../web/flash';
import { FormErrors, parseForm, parseQueryOrThrow } from '../web/form';
import { CreateEmployerNeedDto, EmployerNeedDto, ListEmployerNeedsQuery, UpdateEmployerNeedDto } from './dto/employer-need.dto';
import { activeEmployerOrganisation } from './employer-access';
import {
  CONTRACT_TYPE_LABELS,
  ContractType,
  EMPLOYER_NEED_STATUS_LABELS,
  EmployerNeedStatus,
  MAX_POSITIONS,
  MAX_REQUIREMENTS_LENGTH,
  MIN_POSITIONS,
  NEED_SOLUTION_LABELS,
  NeedSolution,
} from './employer-need';
import { EmployerNeedException } from './employer-need.exception';
import { EmployerNeedsService } from './employer-needs.service';
import { NeedConfirmationService } from './need-confirmation.service';

const BASE = '/organisation/besoins';
const PAGE_SIZE = 20;
const STYLES = ['/static/css/employer-needs.css'];

/** The editor's fields as typed: strings, and the ticked solutions. */
interface EditorValues {
  romeCode: string;
  appellationCode: string;
  contractType: string;
  positions: string;
  communeCode: string;
  startFrom: string;
  startUntil: string;
  requirements: string;
  solutions: string[];
}

interface EditorState {
  status?: number;
  errors?: FormErrors;
  message?: string;
  info?: string;
  /** What the employer typed into the form that failed, shown back instead of the stored values. */
  values?: EditorValues;
}

const EMPTY_VALUES: EditorValues = {
  romeCode: '',
  appellationCode: '',
  contractType: '',
  positions: '1',
  communeCode: '',
  startFrom: '',
  startUntil: '',
  requirements: '',
  solutions: [],
};

const frenchDate = (date: string) => date.split('-').reverse().join('/');

const FRENCH_DAY = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });

/** The start window in words, as the list and the summary show it. */
function windowLabel(need: Pick<EmployerNeedDto, 'startFrom' | 'startUntil'>): string {
  if (need.startFrom && need.startUntil) return need.startFrom === need.startUntil ? `le ${frenchDate(need.startFrom)}` : `du ${frenchDate(need.startFrom)} au ${frenchDate(need.startUntil)}`;
  if (need.startFrom) return `à partir du ${frenchDate(need.startFrom)}`;
  return 'Non renseignée';
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function valuesFromBody(body: unknown): EditorValues {
  const raw: Record<string, unknown> = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const solutions = raw.solutions;
  return {
    romeCode: text(raw.romeCode),
    appellationCode: text(raw.appellationCode),
    contractType: text(raw.contractType),
    positions: text(raw.positions),
    communeCode: text(raw.communeCode),
    startFrom: text(raw.startFrom),
    startUntil: text(raw.startUntil),
    requirements: text(raw.requirements),
    solutions: Array.isArray(solutions) ? solutions.filter((s): s is string => typeof s === 'string') : typeof solutions === 'string' ? [solutions] : [],
  };
}

function valuesOf(need: EmployerNeedDto): EditorValues {
  return {
    romeCode: need.romeCode,
    appellationCode: need.appellationCode === null ? '' : String(need.appellationCode),
    contractType: need.contractType,
    positions: String(need.positions),
    communeCode: need.communeCode,
    startFrom: need.startFrom ?? '',
    startUntil: need.startUntil ?? '',
    requirements: need.requirements ?? '',
    solutions: need.solutions,
  };
}

/**
 * HTML forms send strings and omit unticked boxes: turn them into the API's JSON shape so that the very
 * same DTO validates them. Values that are not numbers stay strings, so the DTO names the field.
 * `keepSolutions` leaves the solutions out when none is ticked (a draft may have none yet).
 */
function apiShape(values: EditorValues, communeCode: string, keepSolutions: boolean, body: unknown): Record<string, unknown> {
  const appellation = values.appellationCode.trim();
  const positions = values.positions.trim();
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  // Fields the form does not have stay in the body, so that the DTO refuses them by name (status, organisationId…).
  const extra = Object.fromEntries(Object.entries(raw).filter(([key]) => !(key in values)));
  return {
    ...extra,
    romeCode: values.romeCode,
    appellationCode: appellation === '' ? null : /^\d{1,10}$/.test(appellation) ? Number(appellation) : appellation,
    contractType: values.contractType,
    positions: /^\d{1,6}$/.test(positions) ? Number(positions) : positions,
    communeCode,
    startFrom: values.startFrom.trim() || null,
    startUntil: values.startUntil.trim() || null,
    requirements: values.requirements,
    ...(values.solutions.length || !keepSolutions ? { solutions: values.solutions } : {}),
  };
}

/** A refused change becomes page errors (inline per field, or a message); what a form cannot show (403, 404, 5xx) goes to the error page. */
function formErrorsFrom(error: unknown): { status: number; errors: FormErrors; message?: string } {
  if (!(error instanceof DomainException) || (error.status !== 400 && error.status !== 409)) throw error;
  const errors: FormErrors = {};
  for (const e of error.errors ?? []) errors[e.field] ??= e.message;
  // A 409 explains itself (already published, closed, incomplete); a 400 is told by its fields.
  return { status: error.status, errors, message: error.status === 409 || !error.errors?.length ? error.detail : undefined };
}

/**
 * The needs editor of an employer organisation: list, creation, edition, publication and closing, through
 * EmployerNeedsService like the JSON API. Members of an organisation that is not active get an explanation
 * page instead of the forms; another organisation's need is a 404.
 */
@ApiExcludeController()
@Controller('organisation/besoins')
@Roles(Role.Employer)
export class EmployerNeedPagesController {
  constructor(
    private readonly needs: EmployerNeedsService,
    private readonly confirmation: NeedConfirmationService,
  ) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query('statut') status: unknown, @Query('page') page: unknown, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    if (this.explainedInactive(user, res)) return;
    const query = parseQueryOrThrow(ListEmployerNeedsQuery, { status: status === '' ? undefined : status, page: page ?? '1', pageSize: String(PAGE_SIZE) });
    const result = await this.needs.list(user, query);
    const tabs = await Promise.all(
      [undefined, ...Object.values(EmployerNeedStatus)].map(async (value) => ({
        value,
        label: value ? EMPLOYER_NEED_STATUS_LABELS[value] : 'Tous',
        count: (await this.needs.list(user, plainToInstance(ListEmployerNeedsQuery, { status: value, page: 1, pageSize: 1 }))).total,
        current: value === query.status,
      })),
    );
    res.render('pages/employer-needs/list', {
      title: 'Nos besoins de recrutement',
      styles: STYLES,
      result,
      rows: result.items.map((need) => ({ ...need, window: windowLabel(need) })),
      tabs,
      listLabel: query.status ? EMPLOYER_NEED_STATUS_LABELS[query.status] : 'Tous les besoins',
      status: query.status,
      previousPage: result.page > 1 ? result.page - 1 : null,
      nextPage: result.page < result.totalPages ? result.page + 1 : null,
      info: infoMessage(info),
    });
  }

  @Get('nouveau')
  create(@CurrentUser() user: AuthUser, @Res() res: Response): void {
    if (this.explainedInactive(user, res)) return;
    this.renderEditor(res, null, {});
  }

  @Post()
  async createSubmit(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    if (this.explainedInactive(user, res)) return;
    const values = valuesFromBody(body);
    const place = await this.resolveCommune(values.communeCode);
    const form = parseForm(CreateEmployerNeedDto, apiShape(values, place.code, true, body));
    const errors = { ...(form.ok ? {} : form.errors), ...place.errors };
    if (!form.ok || Object.keys(errors).length) return this.renderEditor(res, null, { status: 400, errors, values });
    try {
      const need = await this.needs.create(user, form.value);
      res.redirect(303, `${BASE}/${need.id}?info=besoin-cree`);
    } catch (error) {
      this.renderEditor(res, null, { ...formErrorsFrom(error), values });
    }
  }

  @Get(':id')
  async edit(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    if (this.explainedInactive(user, res)) return;
    this.renderEditor(res, await this.needs.get(user, id), { info: infoMessage(info) });
  }

  @Post(':id')
  async editSubmit(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    if (this.explainedInactive(user, res)) return;
    const need = await this.needs.get(user, id);
    const values = valuesFromBody(body);
    const place = await this.resolveCommune(values.communeCode);
    // No box ticked on a need that has solutions is an attempt to clear them, which the API refuses by name.
    const form = parseForm(UpdateEmployerNeedDto, apiShape(values, place.code, need.solutions.length === 0, body));
    const errors = { ...(form.ok ? {} : form.errors), ...place.errors };
    if (!form.ok || Object.keys(errors).length) return this.renderEditor(res, need, { status: 400, errors, values });
    try {
      await this.needs.update(user, id, form.value);
      res.redirect(303, `${BASE}/${id}?info=besoin-enregistre`);
    } catch (error) {
      this.renderEditor(res, need, { ...formErrorsFrom(error), values });
    }
  }

  @Post(':id/publier')
  publish(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    return this.transition(user, id, res, 'publish');
  }

  @Post(':id/clore')
  close(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    return this.transition(user, id, res, 'close');
  }

  /** "Toujours d’actualité": back to the need's page, which shows the new date of the last update. */
  @Post(':id/confirmer')
  async confirm(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    if (this.explainedInactive(user, res)) return;
    try {
      await this.confirmation.confirm(user, id);
    } catch (error) {
      const state = formErrorsFrom(error);
      return this.renderEditor(res, await this.needs.get(user, id), state);
    }
    res.redirect(303, `${BASE}/${id}?info=besoin-confirme`);
  }

  private async transition(user: AuthUser, id: string, res: Response, action: 'publish' | 'close'): Promise<void> {
    if (this.explainedInactive(user, res)) return;
    try {
      await (action === 'publish' ? this.needs.publish(user, id) : this.needs.close(user, id));
    } catch (error) {
      const state = formErrorsFrom(error);
      return this.renderEditor(res, await this.needs.get(user, id), state);
    }
    res.redirect(303, `${BASE}?info=${action === 'publish' ? 'besoin-publie' : 'besoin-clos'}`);
  }

  /**
   * Members of a pending, refused or suspended organisation (or of a partner organisation) get the reason
   * instead of the forms, with a 403 like the API.
   */
  private explainedInactive(user: AuthUser, res: Response): boolean {
    try {
      activeEmployerOrganisation(user);
      return false;
    } catch (error) {
      if (!(error instanceof EmployerNeedException)) throw error;
      res.status(error.status).render('pages/employer-needs/unavailable', { title: 'Nos besoins de recrutement', detail: error.detail });
      return true;
    }
  }

  /** Employers know their postcode better than the INSEE code: the service tells which commune it means. */
  private async resolveCommune(typed: string): Promise<{ code: string; errors: FormErrors }> {
    const { code, errors } = await this.needs.communeCodeFor(typed);
    return { code, errors: Object.fromEntries(errors.map((e) => [e.field, e.message])) };
  }

  private renderEditor(res: Response, need: EmployerNeedDto | null, state: EditorState): void {
    const values = state.values ?? (need ? valuesOf(need) : EMPTY_VALUES);
    const closed = need?.status === EmployerNeedStatus.Closed;
    const published = need?.status === EmployerNeedStatus.Published;
    const unpublishAt = need && this.confirmation.unpublicationDue(need);
    const { NEED_STALE_DAYS: staleDays, NEED_STALE_WARNING_DAYS: warningDays } = this.confirmation.policy;
    res.status(state.status ?? 200).render('pages/employer-needs/editor', {
      title: need ? `Besoin : ${need.romeLabel}` : 'Nouveau besoin de recrutement',
      styles: STYLES,
      need: need && { ...need, window: windowLabel(need) },
      action: need ? `${BASE}/${need.id}` : BASE,
      editable: !closed,
      canPublish: need?.status === EmployerNeedStatus.Draft,
      canClose: need !== null && !closed,
      confirmation: published && {
        staleDays,
        warningDays,
        // The date the sweep will unpublish it, written as in the warning e-mail.
        unpublishOn: unpublishAt ? FRENCH_DAY.format(unpublishAt) : null,
      },
      values,
      contractOptions: Object.values(ContractType).map((value) => ({ value, label: CONTRACT_TYPE_LABELS[value], selected: value === values.contractType })),
      solutionOptions: Object.values(NeedSolution).map((value) => ({ value, label: NEED_SOLUTION_LABELS[value], checked: values.solutions.includes(value) })),
      positionsHint: `Entre ${MIN_POSITIONS} et ${MAX_POSITIONS}.`,
      maxRequirements: MAX_REQUIREMENTS_LENGTH,
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
      info: state.info,
    });
  }
}
