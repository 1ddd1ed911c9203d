import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Clock } from '../../common/clock/clock';
import { ID_PARAM } from '../../common/http/id-param';
import { DomainException, FieldError, ValidationFailedException } from '../../common/http/problem';
import { CSRF_FIELD } from '../auth/session.middleware';
import { parisDate } from '../employer-needs/employer-need-rules';
import { NEED_SOLUTION_LABELS, NeedSolution } from '../employer-needs/employer-need';
import { Role } from '../users/user.entity';
import { infoMessage } from '../web/flash';
import { FormErrors, parseForm, parseQueryOrThrow } from '../web/form';
import { ActivePartnerGuard } from './active-partner.guard';
import {
  AGE_BANDS,
  CANDIDATE_PROFILE_STATUS_LABELS,
  CandidateProfileStatus,
  LICENCES,
  MAX_EXPERIENCES,
  MAX_OVERRIDE_JUSTIFICATION,
  MAX_TRAINING_LEVEL,
  MAX_TRAININGS,
  MIN_OVERRIDE_JUSTIFICATION,
  MIN_TRAINING_LEVEL,
  SENTENCE_ADJUSTMENT_LABELS,
  SentenceAdjustment,
  TrainingStatus,
} from './candidate-profile';
import { nextStatus, ProfileFreeText, ProfilePiiFinding } from './candidate-profile-rules';
import { CandidateProfilesService } from './candidate-profiles.service';
import {
  CandidateProfileDto,
  CandidateProfileFieldsDto,
  ListCandidateProfilesQuery,
  PublishCandidateProfileDto,
  RecordConsentDto,
  RevokeConsentDto,
  UpdateCandidateProfileDto,
} from './dto/candidate-profile.dto';

const BASE = '/conseil/profils';
const PAGE_SIZE = 20;
const STYLES = ['/static/css/candidates.css'];
/** Blank rows offered under the filled ones, so a counsellor can add an experience or a training without script. */
const BLANK_ROWS = 1;
const MIN_ROWS = 2;
/** Characters of context shown around a flagged passage. */
const CONTEXT = 40;

const TRAINING_STATUS_LABELS: Record<TrainingStatus, string> = {
  [TrainingStatus.Obtained]: 'Obtenue',
  [TrainingStatus.InProgress]: 'En cours',
};
const LEVEL_LABELS: Record<number, string> = {
  3: '3 — CAP, BEP',
  4: '4 — Bac, BP',
  5: '5 — Bac +2 (BTS, DUT)',
  6: '6 — Bac +3 (licence, BUT)',
  7: '7 — Bac +5 (master)',
  8: '8 — Doctorat',
};

/** The editor as the form shows it: every value a string, lists one per line or separated by commas. */
interface EditorValues {
  establishmentCode: string;
  ageBand: string;
  releaseFrom: string;
  releaseUntil: string;
  adjustments: string[];
  soughtSolutions: string[];
  exitPermits: string;
  targetRomeCodes: string;
  targetBasinCodes: string;
  licences: string[];
  hasVehicle: string;
  maxCommuteMinutes: string;
  languages: string;
  skills: string;
  experiences: { romeCode: string; sector: string; months: string }[];
  trainings: { title: string; level: string; status: string; inDetention: boolean }[];
  project: string;
  availability: string;
  avoidDepartments: string;
  avoidRomeCodes: string;
}

/** Single-valued form fields, named as the API names its fields so that validation errors land on them. */
const SINGLE_FIELDS = [
  'establishmentCode',
  'ageBand',
  'releaseFrom',
  'releaseUntil',
  'exitPermits',
  'targetRomeCodes',
  'targetBasinCodes',
  'mobility.hasVehicle',
  'mobility.maxCommuteMinutes',
  'languages',
  'skills',
  'project',
  'availability',
  'constraints.avoidDepartments',
  'constraints.avoidRomeCodes',
  'action',
  '_csrf',
];
const LIST_FIELDS = ['adjustments', 'soughtSolutions', 'mobility.licences'];
const EXPERIENCE_FIELD = /^experiences\.(\d{1,2})\.(romeCode|sector|months)$/;
const TRAINING_FIELD = /^trainings\.(\d{1,2})\.(title|level|status|inDetention)$/;

type FormBody = Record<string, unknown>;

/**
 * A form may only carry the editor's fields, each once (a check box group may repeat): anything else,
 * such as `status` or `ownerOrganisationId`, is a tampered request and changes nothing.
 */
function checkEditorBody(body: unknown): FormBody {
  const raw: FormBody = typeof body === 'object' && body !== null ? (body as FormBody) : {};
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const row = EXPERIENCE_FIELD.exec(key) ?? TRAINING_FIELD.exec(key);
    const max = key.startsWith('experiences.') ? MAX_EXPERIENCES : MAX_TRAININGS;
    const known = SINGLE_FIELDS.includes(key) || LIST_FIELDS.includes(key) || (row !== null && Number(row[1]) < max);
    if (!known) errors.push({ field: key, message: 'Champ non autorisé.' });
    else if (typeof value !== 'string' && !(LIST_FIELDS.includes(key) && Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      errors.push({ field: key, message: 'Ce champ ne peut être envoyé qu’une fois.' });
    }
  }
  if (errors.length) throw new ValidationFailedException(errors);
  return raw;
}

const text = (body: FormBody, key: string): string => (typeof body[key] === 'string' ? (body[key] as string) : '');
const list = (body: FormBody, key: string): string[] => {
  const value = body[key];
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
};
const lines = (value: string) => value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
const codes = (value: string) => value.split(/[\s,;]+/).filter(Boolean);
const yesNo = (value: string): boolean | null | string => (value === 'oui' ? true : value === 'non' ? false : value === '' ? null : value);
const yesNoText = (value: boolean | null) => (value === true ? 'oui' : value === false ? 'non' : '');
/** Whole numbers become numbers; anything else is passed on for the DTO to refuse with its own message. */
const integer = (value: string): number | string | null => {
  const trimmed = value.trim();
  return trimmed === '' ? null : /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : trimmed;
};

/** Rows of a repeated group, in form order, blank rows dropped so that validation indices match the re-rendered rows. */
function rows(body: FormBody, pattern: RegExp): Record<string, string>[] {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(body)) {
    const match = pattern.exec(key);
    if (!match || typeof value !== 'string') continue;
    const index = Number(match[1]);
    byIndex.set(index, { ...byIndex.get(index), [match[2]]: value });
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

function valuesFromBody(body: FormBody): EditorValues {
  return {
    establishmentCode: text(body, 'establishmentCode'),
    ageBand: text(body, 'ageBand'),
    releaseFrom: text(body, 'releaseFrom'),
    releaseUntil: text(body, 'releaseUntil'),
    adjustments: list(body, 'adjustments'),
    soughtSolutions: list(body, 'soughtSolutions'),
    exitPermits: text(body, 'exitPermits'),
    targetRomeCodes: text(body, 'targetRomeCodes'),
    targetBasinCodes: text(body, 'targetBasinCodes'),
    licences: list(body, 'mobility.licences'),
    hasVehicle: text(body, 'mobility.hasVehicle'),
    maxCommuteMinutes: text(body, 'mobility.maxCommuteMinutes'),
    languages: lines(text(body, 'languages')).join('\n'),
    skills: lines(text(body, 'skills')).join('\n'),
    experiences: rows(body, EXPERIENCE_FIELD)
      .map((row) => ({ romeCode: row.romeCode ?? '', sector: row.sector ?? '', months: row.months ?? '' }))
      .filter((row) => `${row.romeCode}${row.sector}${row.months}`.trim() !== ''),
    trainings: rows(body, TRAINING_FIELD)
      .map((row) => ({ title: row.title ?? '', level: row.level ?? '', status: row.status ?? TrainingStatus.Obtained, inDetention: row.inDetention === 'on' }))
      // The status always has a value: a row counts once its title, level or detention box is filled.
      .filter((row) => `${row.title}${row.level}`.trim() !== '' || row.inDetention),
    project: text(body, 'project'),
    availability: text(body, 'availability'),
    avoidDepartments: text(body, 'constraints.avoidDepartments'),
    avoidRomeCodes: text(body, 'constraints.avoidRomeCodes'),
  };
}

function valuesFromProfile(profile: CandidateProfileDto): EditorValues {
  return {
    establishmentCode: profile.establishmentCode ?? '',
    ageBand: profile.ageBand ?? '',
    releaseFrom: profile.releaseFrom ?? '',
    releaseUntil: profile.releaseUntil ?? '',
    adjustments: profile.adjustments,
    soughtSolutions: profile.soughtSolutions,
    exitPermits: yesNoText(profile.exitPermits),
    targetRomeCodes: profile.targetRomeCodes.join(', '),
    targetBasinCodes: profile.targetBasinCodes.join(', '),
    licences: profile.mobility.licences,
    hasVehicle: yesNoText(profile.mobility.hasVehicle),
    maxCommuteMinutes: profile.mobility.maxCommuteMinutes === null ? '' : String(profile.mobility.maxCommuteMinutes),
    languages: profile.languages.join('\n'),
    skills: profile.skills.join('\n'),
    experiences: profile.experiences.map((e) => ({ romeCode: e.romeCode ?? '', sector: e.sector, months: String(e.months) })),
    trainings: profile.trainings.map((t) => ({ title: t.title, level: t.level === null ? '' : String(t.level), status: t.status, inDetention: t.inDetention })),
    project: profile.project ?? '',
    availability: profile.availability ?? '',
    avoidDepartments: profile.constraints.avoidDepartments.join(', '),
    avoidRomeCodes: profile.constraints.avoidRomeCodes.join(', '),
  };
}

const EMPTY_VALUES: EditorValues = valuesFromBody({});

/** The API's JSON shape of the form, validated by the same DTO as the API. */
function apiFields(values: EditorValues): Record<string, unknown> {
  return {
    establishmentCode: values.establishmentCode,
    ageBand: values.ageBand || null,
    releaseFrom: values.releaseFrom || null,
    releaseUntil: values.releaseUntil || null,
    adjustments: values.adjustments,
    soughtSolutions: values.soughtSolutions,
    exitPermits: yesNo(values.exitPermits),
    targetRomeCodes: codes(values.targetRomeCodes),
    targetBasinCodes: codes(values.targetBasinCodes),
    mobility: { licences: values.licences, hasVehicle: yesNo(values.hasVehicle), maxCommuteMinutes: integer(values.maxCommuteMinutes) },
    languages: lines(values.languages),
    skills: lines(values.skills),
    experiences: values.experiences.map((e) => ({ romeCode: e.romeCode.trim() || null, sector: e.sector, months: integer(e.months) })),
    trainings: values.trainings.map((t) => ({ title: t.title, level: integer(t.level), status: t.status, inDetention: t.inDetention })),
    project: values.project,
    availability: values.availability,
    constraints: { avoidDepartments: codes(values.avoidDepartments), avoidRomeCodes: codes(values.avoidRomeCodes) },
  };
}

const freeTextOf = (dto: CandidateProfileFieldsDto | CandidateProfileDto): ProfileFreeText => ({
  project: dto.project ?? null,
  availability: dto.availability ?? null,
  skills: dto.skills ?? [],
  experiences: dto.experiences ?? [],
  trainings: dto.trainings ?? [],
});

interface ShownFinding {
  label: string;
  before: string;
  match: string;
  after: string;
  reason: string;
}

/** Where a finding goes in the form: the field id it is shown under, and how the summary names it. */
function placeOf(field: string): { id: string; label: string; line?: number } {
  const [name, index, sub] = field.split('.');
  const n = Number(index) + 1;
  if (name === 'skills') return { id: 'skills', label: `Compétences, ligne ${n}`, line: n };
  if (name === 'experiences') return { id: `experiences.${index}.${sub}`, label: `Expérience ${n}, secteur` };
  if (name === 'trainings') return { id: `trainings.${index}.${sub}`, label: `Formation ${n}, intitulé` };
  return { id: field, label: name === 'project' ? 'Projet professionnel' : 'Disponibilités' };
}

function textAt(source: ProfileFreeText, field: string): string | null {
  const [name, index, sub] = field.split('.');
  const i = Number(index);
  if (name === 'project') return source.project;
  if (name === 'availability') return source.availability;
  if (name === 'skills') return source.skills[i] ?? null;
  if (name === 'experiences' && sub === 'sector') return source.experiences[i]?.sector ?? null;
  if (name === 'trainings' && sub === 'title') return source.trainings[i]?.title ?? null;
  return null;
}

/** Findings grouped by the field they are shown under, each with its passage in context. */
function placeFindings(findings: ProfilePiiFinding[], source: ProfileFreeText) {
  const byField: Record<string, ShownFinding[]> = {};
  const summary: (ShownFinding & { href: string })[] = [];
  for (const finding of findings) {
    const place = placeOf(finding.field);
    const full = textAt(source, finding.field);
    const found = full !== null && full.slice(finding.start, finding.end) === finding.excerpt;
    const from = found ? Math.max(0, finding.start - CONTEXT) : 0;
    const to = found ? Math.min(full.length, finding.end + CONTEXT) : 0;
    const shown: ShownFinding = {
      label: place.line ? `Ligne ${place.line}` : '',
      before: found ? `${from > 0 ? '…' : ''}${full.slice(from, finding.start)}` : '',
      match: finding.excerpt,
      after: found ? `${full.slice(finding.end, to)}${to < full.length ? '…' : ''}` : '',
      reason: finding.message,
    };
    (byField[place.id] ??= []).push(shown);
    summary.push({ ...shown, label: place.label, href: `#${place.id}` });
  }
  return { byField, summary };
}

const frenchDate = (date: string | null) => (date ? date.split('-').reverse().join('/') : '');

function releaseWindow(from: string | null, until: string | null): string {
  if (from && until) return `du ${frenchDate(from)} au ${frenchDate(until)}`;
  if (from) return `à partir du ${frenchDate(from)}`;
  return '';
}

const options = (choices: { value: string; label: string }[], current: string | string[]) =>
  choices.map((c) => ({ ...c, selected: Array.isArray(current) ? current.includes(c.value) : c.value === current }));

const YES_NO = [
  { value: '', label: 'Non renseigné' },
  { value: 'oui', label: 'Oui' },
  { value: 'non', label: 'Non' },
];

interface EditorState {
  status?: number;
  /** What the counsellor typed, shown back instead of the stored profile. */
  values?: EditorValues;
  errors?: FormErrors;
  message?: string;
  info?: string;
  /** Findings on the typed text, with that text; without them the stored profile's findings are shown. */
  checked?: { findings: ProfilePiiFinding[]; source: ProfileFreeText };
  overrideJustification?: string;
  givenOn?: string;
}

function byField(errors: readonly FieldError[] | undefined): FormErrors {
  const out: FormErrors = {};
  for (const e of errors ?? []) out[e.field] ??= e.message;
  return out;
}

const PII_FOUND = 'candidate_profile.pii_found';

/** Forms without a field to fill in (a button, maybe a hidden one): anything unexpected is a tampered request, answered on the error page. */
function formOrThrow<T extends object>(dto: new () => T, body: unknown): T {
  const form = parseForm(dto, body);
  if (!form.ok) throw new ValidationFailedException(Object.entries(form.errors).map(([field, message]) => ({ field, message })));
  return form.value;
}

/** A transition form carries nothing but its CSRF token (class-validator cannot check a DTO without fields). */
function checkNoFields(body: unknown): void {
  const keys = typeof body === 'object' && body !== null ? Object.keys(body).filter((key) => key !== CSRF_FIELD) : [];
  if (keys.length) throw new ValidationFailedException(keys.map((field) => ({ field, message: 'Champ non autorisé.' })));
}

/** Refusals a form can explain next to its fields; anything else (403, 404, 5xx) goes to the error page. */
function refusal(error: unknown): DomainException {
  if (error instanceof DomainException && [400, 409, 422].includes(error.status)) return error;
  throw error;
}

/**
 * Counsellor pages: the caseload of the organisation's profiles and the profile editor, with the PII
 * guard's findings shown inline and the consent recorded on the same page. Everything goes through
 * CandidateProfilesService, as the JSON API does; the pages only translate forms and render answers.
 */
@ApiExcludeController()
@Controller('conseil/profils')
@Roles(Role.Counsellor, Role.Coordinator)
@UseGuards(ActivePartnerGuard)
export class CandidatePagesController {
  constructor(
    private readonly profiles: CandidateProfilesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async caseload(
    @CurrentUser() user: AuthUser,
    @Query('statut') status: unknown,
    @Query('rome') rome: unknown,
    @Query('bassin') basin: unknown,
    @Query('page') page: unknown,
    @Query('info') info: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const given = (value: unknown) => (value === '' ? undefined : value);
    const query = parseQueryOrThrow(ListCandidateProfilesQuery, {
      status: given(status),
      rome: given(rome),
      basin: given(basin),
      page: given(page) ?? '1',
      pageSize: String(PAGE_SIZE),
    });
    const result = await this.profiles.list(user, query);
    const filters = (statusValue: string | undefined, pageNumber?: number) => {
      const params = new URLSearchParams();
      if (statusValue) params.set('statut', statusValue);
      if (query.rome) params.set('rome', query.rome);
      if (query.basin) params.set('bassin', query.basin);
      if (pageNumber && pageNumber > 1) params.set('page', String(pageNumber));
      const qs = params.toString();
      return qs ? `${BASE}?${qs}` : BASE;
    };
    const tabs = [
      { label: 'Tous', href: filters(undefined), current: !query.status },
      ...Object.values(CandidateProfileStatus).map((s) => ({ label: CANDIDATE_PROFILE_STATUS_LABELS[s], href: filters(s), current: query.status === s })),
    ];
    res.render('pages/candidates/caseload', {
      title: 'Profils de candidats',
      styles: STYLES,
      info: infoMessage(info),
      tabs,
      status: query.status,
      rome: query.rome ?? '',
      basin: query.basin ?? '',
      filtered: Boolean(query.status || query.rome || query.basin),
      result,
      programmeView: user.role === Role.Coordinator,
      rows: result.items.map((item) => ({
        ...item,
        own: item.ownerOrganisationId === user.organisationId,
        occupations: item.targetRomeCodes.join(', '),
        basins: item.targetBasinCodes.join(', '),
        release: releaseWindow(item.releaseFrom, item.releaseUntil),
      })),
      previousHref: result.page > 1 ? filters(query.status, result.page - 1) : null,
      nextHref: result.page < result.totalPages ? filters(query.status, result.page + 1) : null,
    });
  }

  @Get('nouveau')
  async newProfile(@CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    await this.renderEditor(res, user, null, {});
  }

  @Post()
  async create(@CurrentUser() user: AuthUser, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const raw = checkEditorBody(body);
    const values = valuesFromBody(raw);
    const form = parseForm(CandidateProfileFieldsDto, apiFields(values));
    if (!form.ok) return this.renderEditor(res, user, null, { status: 400, values, errors: form.errors });
    if (raw.action === 'verifier') return this.renderChecked(res, user, null, values, form.value);
    let id: string;
    try {
      id = (await this.profiles.create(user, form.value)).id;
    } catch (error) {
      const refused = refusal(error);
      return this.renderEditor(res, user, null, { status: refused.status, values, errors: byField(refused.errors), message: refused.errors?.length ? undefined : refused.detail });
    }
    res.redirect(303, `${BASE}/${id}?info=profil-cree`);
  }

  @Get(':id')
  async edit(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    await this.renderEditor(res, user, await this.profiles.get(user, id), { info: infoMessage(info) });
  }

  @Post(':id')
  async update(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.profiles.assertEditable(user, id);
    const profile = await this.profiles.get(user, id);
    const raw = checkEditorBody(body);
    const values = valuesFromBody(raw);
    const form = parseForm(UpdateCandidateProfileDto, apiFields(values));
    if (!form.ok) return this.renderEditor(res, user, profile, { status: 400, values, errors: form.errors });
    if (raw.action === 'verifier') return this.renderChecked(res, user, profile, values, form.value);
    try {
      await this.profiles.update(user, id, form.value);
    } catch (error) {
      const refused = refusal(error);
      if (refused.code === PII_FOUND) {
        const findings = (refused.errors ?? []) as ProfilePiiFinding[];
        return this.renderEditor(res, user, profile, { status: refused.status, values, message: refused.detail, checked: { findings, source: freeTextOf(form.value) } });
      }
      return this.renderEditor(res, user, profile, { status: refused.status, values, errors: byField(refused.errors), message: refused.detail });
    }
    res.redirect(303, `${BASE}/${id}?info=profil-enregistre`);
  }

  @Post(':id/publier')
  publish(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.publishOrResume(user, id, body, res, 'publish');
  }

  @Post(':id/reprendre')
  resume(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.publishOrResume(user, id, body, res, 'resume');
  }

  @Post(':id/pause')
  pause(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    checkNoFields(body);
    return this.transition(user, id, res, () => this.profiles.pause(user, id), 'profil-en-pause');
  }

  @Post(':id/placer')
  placed(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    checkNoFields(body);
    return this.transition(user, id, res, () => this.profiles.markPlaced(user, id), 'profil-place');
  }

  @Post(':id/archiver')
  archive(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    checkNoFields(body);
    return this.transition(user, id, res, () => this.profiles.archive(user, id), 'profil-archive');
  }

  @Post(':id/consentement')
  async recordConsent(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.profiles.assertEditable(user, id);
    const form = parseForm(RecordConsentDto, body);
    const givenOn = typeof (body as FormBody | undefined)?.givenOn === 'string' ? ((body as FormBody).givenOn as string) : '';
    if (!form.ok) return this.renderEditor(res, user, await this.profiles.get(user, id), { status: 400, errors: form.errors, givenOn });
    try {
      await this.profiles.recordConsent(user, id, form.value);
    } catch (error) {
      const refused = refusal(error);
      return this.renderEditor(res, user, await this.profiles.get(user, id), { status: refused.status, errors: byField(refused.errors), message: refused.errors?.length ? undefined : refused.detail, givenOn });
    }
    res.redirect(303, `${BASE}/${id}?info=consentement-enregistre`);
  }

  @Post(':id/consentement/revoquer')
  revokeConsent(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const dto = formOrThrow(RevokeConsentDto, body);
    return this.transition(user, id, res, () => this.profiles.revokeConsent(user, id, dto), 'consentement-revoque');
  }

  private async publishOrResume(user: AuthUser, id: string, body: unknown, res: Response, action: 'publish' | 'resume'): Promise<void> {
    const raw: FormBody = typeof body === 'object' && body !== null ? { ...(body as FormBody) } : {};
    // An empty box means no override, not a justification too short.
    if (typeof raw.overrideJustification === 'string' && raw.overrideJustification.trim() === '') delete raw.overrideJustification;
    const overrideJustification = typeof raw.overrideJustification === 'string' ? raw.overrideJustification : '';
    const form = parseForm(PublishCandidateProfileDto, raw);
    if (!form.ok) return this.renderEditor(res, user, await this.profiles.get(user, id), { status: 400, errors: form.errors, overrideJustification });
    try {
      await (action === 'publish' ? this.profiles.publish(user, id, form.value) : this.profiles.resume(user, id, form.value));
    } catch (error) {
      const refused = refusal(error);
      // The PII refusal's findings are the stored profile's, which the editor shows by itself.
      const errors = refused.code === PII_FOUND ? {} : byField(refused.errors);
      return this.renderEditor(res, user, await this.profiles.get(user, id), { status: refused.status, errors, message: refused.detail, overrideJustification });
    }
    res.redirect(303, `${BASE}/${id}?info=${action === 'publish' ? 'profil-publie' : 'profil-repris'}`);
  }

  private async transition(user: AuthUser, id: string, res: Response, run: () => Promise<unknown>, info: string): Promise<void> {
    try {
      await run();
    } catch (error) {
      const refused = refusal(error);
      return this.renderEditor(res, user, await this.profiles.get(user, id), { status: refused.status, errors: byField(refused.errors), message: refused.detail });
    }
    res.redirect(303, `${BASE}/${id}?info=${info}`);
  }

  /** "Vérifier les données personnelles": the guard runs on the typed text, and nothing is saved. */
  private async renderChecked(res: Response, user: AuthUser, profile: CandidateProfileDto | null, values: EditorValues, dto: CandidateProfileFieldsDto): Promise<void> {
    const { findings } = await this.profiles.piiCheckFields(user, dto);
    const count = findings.length;
    const info =
      count === 0
        ? 'Aucune donnée personnelle repérée dans le texte. Rien n’est encore enregistré : pensez à enregistrer.'
        : `${count === 1 ? 'Un passage ressemble' : `${count} passages ressemblent`} à des données personnelles : ils sont signalés sous leur champ. Rien n’est encore enregistré.`;
    await this.renderEditor(res, user, profile, { values, info, checked: { findings: findings as ProfilePiiFinding[], source: freeTextOf(dto) } });
  }

  private async renderEditor(res: Response, user: AuthUser, profile: CandidateProfileDto | null, state: EditorState): Promise<void> {
    const values = state.values ?? (profile ? valuesFromProfile(profile) : EMPTY_VALUES);
    // Stored findings are shown only next to the stored text: their offsets would not match typed text.
    const checked = state.checked ?? (profile && profile.editable && !state.values ? { findings: (await this.profiles.piiCheck(user, profile.id)).findings as ProfilePiiFinding[], source: freeTextOf(profile) } : null);
    const pii = checked ? placeFindings(checked.findings, checked.source) : { byField: {}, summary: [] };
    const errors = state.errors ?? {};
    const status = profile?.status ?? CandidateProfileStatus.Draft;
    // Another organisation's profile (a programme coordinator, an admin) is shown read only, without actions.
    const readOnly = profile !== null && !profile.editable;
    const can = (action: Parameters<typeof nextStatus>[1]) => profile !== null && !readOnly && nextStatus(status, action) !== null;
    const editable = !readOnly && status !== CandidateProfileStatus.Placed && status !== CandidateProfileStatus.Archived;
    const padded = <T>(items: T[], max: number, blank: T): (T & { index: number })[] => {
      const count = Math.min(max, Math.max(items.length + BLANK_ROWS, MIN_ROWS));
      return Array.from({ length: count }, (_, index) => ({ ...(items[index] ?? blank), index }));
    };
    const rowErrors = (group: string, index: number, keys: string[]) => Object.fromEntries(keys.map((k) => [k, errors[`${group}.${index}.${k}`]]));
    res.status(state.status ?? 200).render('pages/candidates/profile-editor', {
      title: profile ? `Profil ${profile.code}` : 'Nouveau profil',
      styles: STYLES,
      profile,
      action: profile ? `${BASE}/${profile.id}` : BASE,
      editable,
      readOnly,
      info: state.info,
      message: state.message,
      errors: state.errors,
      fieldErrors: errors,
      values,
      pii: pii.byField,
      piiSummary: pii.summary,
      ageBands: options([{ value: '', label: 'Non renseignée' }, ...AGE_BANDS.map((b) => ({ value: b, label: `${b} ans` }))], values.ageBand),
      adjustments: options(Object.values(SentenceAdjustment).map((a) => ({ value: a, label: SENTENCE_ADJUSTMENT_LABELS[a] })), values.adjustments),
      soughtSolutions: options(Object.values(NeedSolution).map((s) => ({ value: s, label: NEED_SOLUTION_LABELS[s] })), values.soughtSolutions),
      exitPermits: options(YES_NO, values.exitPermits),
      licences: options(LICENCES.map((l) => ({ value: l, label: l.replace('_', ' ') })), values.licences),
      hasVehicle: options(YES_NO, values.hasVehicle),
      experiences: padded(values.experiences, MAX_EXPERIENCES, { romeCode: '', sector: '', months: '' }).map((row) => ({
        ...row,
        number: row.index + 1,
        ids: { romeCode: `experiences.${row.index}.romeCode`, sector: `experiences.${row.index}.sector`, months: `experiences.${row.index}.months` },
        errors: rowErrors('experiences', row.index, ['romeCode', 'sector', 'months']),
        pii: pii.byField[`experiences.${row.index}.sector`],
      })),
      trainings: padded(values.trainings, MAX_TRAININGS, { title: '', level: '', status: TrainingStatus.Obtained, inDetention: false }).map((row) => ({
        ...row,
        number: row.index + 1,
        ids: { title: `trainings.${row.index}.title` },
        levels: options([{ value: '', label: 'Non renseigné' }, ...Array.from({ length: MAX_TRAINING_LEVEL - MIN_TRAINING_LEVEL + 1 }, (_, i) => ({ value: String(MIN_TRAINING_LEVEL + i), label: LEVEL_LABELS[MIN_TRAINING_LEVEL + i] }))], row.level),
        statuses: options(Object.values(TrainingStatus).map((s) => ({ value: s, label: TRAINING_STATUS_LABELS[s] })), row.status),
        errors: rowErrors('trainings', row.index, ['title', 'level', 'status', 'inDetention']),
        pii: pii.byField[`trainings.${row.index}.title`],
      })),
      canPublish: can('publish'),
      canResume: can('resume'),
      canPause: can('pause'),
      canPlace: can('placed'),
      canArchive: can('archive'),
      // The override is offered for the stored text only: that is what publishing checks.
      hasFindings: pii.summary.length > 0 && !state.values && !readOnly,
      overrideJustification: state.overrideJustification ?? '',
      minJustification: MIN_OVERRIDE_JUSTIFICATION,
      maxJustification: MAX_OVERRIDE_JUSTIFICATION,
      releaseWindow: profile ? releaseWindow(profile.releaseFrom, profile.releaseUntil) : '',
      activeConsent: profile?.activeConsent ? { ...profile.activeConsent, givenOnText: frenchDate(profile.activeConsent.givenOn) } : null,
      pastConsents: (profile?.consents ?? []).filter((c) => c.revokedAt !== null).map((c) => ({ ...c, givenOnText: frenchDate(c.givenOn) })),
      canRecordConsent: profile !== null && !readOnly && status !== CandidateProfileStatus.Archived && !profile.activeConsent,
      givenOn: state.givenOn ?? parisDate(this.clock.now()),
      today: parisDate(this.clock.now()),
      piiOverride: profile?.piiOverride ?? null,
    });
  }
}
