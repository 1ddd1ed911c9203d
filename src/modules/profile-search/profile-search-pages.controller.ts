import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Clock } from '../../common/clock/clock';
import { DomainException, ValidationFailedException } from '../../common/http/problem';
import { ActiveEmployerReaderGuard } from '../candidates/employer-profiles.controller';
import { EmployerProfilesService } from '../candidates/employer-profiles.service';
import { EmployerProfileDto } from '../candidates/employer-view.mapper';
import { Role } from '../users/user.entity';
import { FormErrors, parseQueryOrThrow } from '../web/form';
import { FacetValueDto, MAX_QUERY_LENGTH, ProfileSearchHitDto, ProfileSearchQuery, ProfileSearchResultDto } from './dto/profile-search.dto';
import { highlightHtml } from './profile-search-request';
import { ProfileSearchService } from './profile-search.service';

const BASE = '/profils';
/** Values of a facet shown before "N autres": the most frequent, after the ticked ones. */
const FACET_TOP = 8;
/** Semesters offered in the release range, around today: one back (releases running late), eight ahead. */
const SEMESTERS_BACK = 1;
const SEMESTERS_AHEAD = 8;

/** List parameters of the query, each shown as a group of check boxes. */
type ListParam = 'rome' | 'domain' | 'grandDomain' | 'basin' | 'department' | 'region' | 'solution' | 'adjustmentKind' | 'licence' | 'language';

/** Filters shown as check boxes, in the order of the page, by query-string name. */
const CHECKBOX_FACETS: { param: ListParam; legend: string }[] = [
  { param: 'rome', legend: 'Métiers visés' },
  { param: 'domain', legend: 'Domaines professionnels' },
  { param: 'grandDomain', legend: 'Grands domaines' },
  { param: 'basin', legend: 'Bassins d’emploi' },
  { param: 'department', legend: 'Départements' },
  { param: 'region', legend: 'Régions' },
  { param: 'solution', legend: 'Solutions recherchées' },
  { param: 'adjustmentKind', legend: 'Aménagements de peine envisageables' },
  { param: 'licence', legend: 'Permis et habilitations' },
  { param: 'language', legend: 'Langues' },
];

/** Query-string parameters of the page that hold one value each. */
const SINGLE_PARAMS = ['q', 'releaseFrom', 'releaseTo', 'adjustment', 'certificationLevel', 'sort', 'page', 'pageSize'] as const;

const SORTS = [
  { value: 'relevance', label: 'Pertinence' },
  { value: 'release', label: 'Sortie la plus proche' },
  { value: 'match', label: 'Correspondance avec nos besoins', employersOnly: true },
];

const AGE_BAND_LABELS: Record<string, string> = { '56+': '56 ans et plus' };

type RawQuery = Record<string, unknown>;

interface FacetOption {
  id: string;
  value: string;
  label: string;
  count: number | null;
  /** False when the count is unknown (the search was refused): no "(0)" that would mislead. */
  counted: boolean;
  selected: boolean;
}

interface FacetGroup {
  param: string;
  legend: string;
  options: FacetOption[];
  /** Values not shown: the search box narrows to them. */
  more: number;
}

/** The page's text fields as typed, shown back whether the search ran or was refused. */
interface FormValues {
  q: string;
  releaseFrom: string;
  releaseTo: string;
  adjustment: string;
  certificationLevel: string;
  sort: string;
}

const single = (raw: RawQuery, key: string): string => {
  const value = raw[key];
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
};

/** A list parameter as typed: repeated or comma-separated, blanks dropped. */
const list = (raw: RawQuery, key: string): string[] =>
  (Array.isArray(raw[key]) ? (raw[key] as unknown[]) : [raw[key]])
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * HTML forms send every field, blank ones included: blanks are dropped so that "no semester chosen" is no
 * filter rather than an invalid semester. Only the page's own parameters are kept.
 */
function cleanQuery(raw: RawQuery): RawQuery {
  const clean: RawQuery = {};
  for (const key of SINGLE_PARAMS) {
    const value = single(raw, key).trim();
    if (value !== '') clean[key] = value;
  }
  for (const { param } of CHECKBOX_FACETS) {
    const values = list(raw, param);
    if (values.length) clean[param] = values;
  }
  return clean;
}

/** The query string of a validated search, defaults left out, for pagination and "clear" links. */
function queryString(query: ProfileSearchQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const { param } of CHECKBOX_FACETS) for (const value of query[param] ?? []) params.append(param, value);
  if (query.releaseFrom) params.set('releaseFrom', query.releaseFrom);
  if (query.releaseTo) params.set('releaseTo', query.releaseTo);
  if (query.adjustment !== undefined) params.set('adjustment', String(query.adjustment));
  if (query.certificationLevel !== undefined) params.set('certificationLevel', String(query.certificationLevel));
  if (query.sort !== 'relevance') params.set('sort', query.sort);
  if (query.pageSize !== new ProfileSearchQuery().pageSize) params.set('pageSize', String(query.pageSize));
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const semesterValue = (index: number) => `${Math.floor(index / 2)}-S${(index % 2) + 1}`;
const semesterLabel = (value: string) => {
  const [year, half] = value.split('-S');
  return `${half === '1' ? '1er' : '2e'} semestre ${year}`;
};

/** Facet values to show: the ticked ones first, then the most frequent, up to FACET_TOP. */
function topValues(values: FacetValueDto[]): { shown: FacetValueDto[]; more: number } {
  const selected = values.filter((v) => v.selected);
  const others = values.filter((v) => !v.selected);
  const room = Math.max(0, FACET_TOP - selected.length);
  return { shown: [...selected, ...others.slice(0, room)], more: Math.max(0, others.length - room) };
}

const option = (param: string, index: number, value: string, label: string, count: number | null, selected: boolean): FacetOption => ({
  id: `filtre-${param}-${index}`,
  value,
  label,
  count,
  counted: count !== null,
  selected,
});

/** One search result as a card shows it; only the `*Html` fields hold markup, already escaped by the search service. */
function cardOf(hit: ProfileSearchHitDto) {
  const { profile, highlight } = hit;
  const marked = new Map((highlight.occupations ?? []).map((html) => [html.replace(/<\/?mark>/g, ''), html]));
  return {
    code: profile.code,
    occupations: profile.targetOccupations.map((o) => ({ romeCode: o.romeCode, label: o.label, labelHtml: marked.get(highlightHtml(o.label)) })),
    basins: profile.targetBasins.map((b) => b.name).join(', '),
    releaseSemester: profile.releaseSemester,
    adjustment: adjustmentText(profile),
    solutions: profile.soughtSolutions.map((s) => s.label).join(', '),
    projectHtml: highlight.project,
    project: profile.project,
    skillsHtml: highlight.skills ?? [],
  };
}

function adjustmentText(profile: EmployerProfileDto): string {
  const { possible, kinds } = profile.sentenceAdjustment;
  if (!possible) return 'Non envisagé';
  return kinds.length ? `Envisageable : ${kinds.map((k) => k.label.toLocaleLowerCase('fr-FR')).join(', ')}` : 'Envisageable';
}

const yesNo = (value: boolean | null, yes: string, no: string) => (value === true ? yes : value === false ? no : null);

/**
 * Candidate search for employers (issue 5), as French pages over ProfileSearchService, and the employer view
 * of one profile. Readers are those of the API: members of an active employer organisation (a pending,
 * refused or suspended one is told why, 403) and coordinators or admins previewing what employers see.
 * Every page of results and every profile an employer opens is audited by the services.
 */
@ApiExcludeController()
@Controller('profils')
@Roles(Role.Employer, Role.Coordinator, Role.Admin)
@UseGuards(ActiveEmployerReaderGuard)
export class ProfileSearchPagesController {
  constructor(
    private readonly profiles: ProfileSearchService,
    private readonly employerProfiles: EmployerProfilesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async search(@CurrentUser() user: AuthUser, @Query() raw: RawQuery, @Res() res: Response): Promise<void> {
    const clean = cleanQuery(raw);
    let query: ProfileSearchQuery;
    try {
      query = parseQueryOrThrow(ProfileSearchQuery, clean);
    } catch (error) {
      return this.renderRefused(user, res, clean, error);
    }
    let result: ProfileSearchResultDto;
    try {
      result = await this.profiles.find(user, query);
    } catch (error) {
      if (error instanceof DomainException && error.status === 503) return this.renderUnavailable(user, res, clean, error);
      return this.renderRefused(user, res, clean, error);
    }
    const filtered = CHECKBOX_FACETS.some(({ param }) => query[param]?.length) || Boolean(query.releaseFrom || query.releaseTo) || query.adjustment !== undefined || query.certificationLevel !== undefined;
    res.render('pages/profile-search/search', {
      ...this.formContext(user, clean, result),
      searched: true,
      narrowed: filtered || Boolean(query.q),
      result,
      totalLabel: result.total === 0 ? 'Aucun profil trouvé' : result.total === 1 ? '1 profil trouvé' : `${result.total} profils trouvés`,
      cards: result.items.map(cardOf),
      filtered,
      searchedText: query.q,
      clearFiltersHref: `${BASE}${query.q ? `?q=${encodeURIComponent(query.q)}` : ''}`,
      firstPageHref: `${BASE}${queryString(query, 1)}`,
      previousHref: result.page > 1 ? `${BASE}${queryString(query, result.page - 1)}` : null,
      nextHref: result.page < result.totalPages ? `${BASE}${queryString(query, result.page + 1)}` : null,
    });
  }

  @Get(':code')
  async profile(@CurrentUser() user: AuthUser, @Param('code') code: string, @Res() res: Response): Promise<void> {
    const profile = await this.employerProfiles.get(user, code);
    res.render('pages/profile-search/profile', {
      title: `Profil ${profile.code}`,
      profile,
      staffPreview: user.role !== Role.Employer,
      ageBand: profile.ageBand ? (AGE_BAND_LABELS[profile.ageBand] ?? `${profile.ageBand} ans`) : null,
      adjustment: adjustmentText(profile),
      exitPermits: yesNo(profile.sentenceAdjustment.exitPermits, 'Possibles (entretien, immersion)', 'Non'),
      vehicle: yesNo(profile.mobility.hasVehicle, 'Oui', 'Non'),
      licences: profile.mobility.licences.map((licence) => licence.replace('_', ' ')).join(', '),
    });
  }

  /** A query the DTO or the service refuses (400): the form again, with the reasons in French. */
  private renderRefused(user: AuthUser, res: Response, clean: RawQuery, error: unknown): void {
    if (!(error instanceof DomainException) || error.status !== 400) throw error;
    const errors: FormErrors = {};
    for (const e of error.errors ?? []) errors[e.field] ??= e.message;
    res.status(400).render('pages/profile-search/search', {
      ...this.formContext(user, clean, null),
      errors: Object.keys(errors).length ? errors : undefined,
      // The DTO's messages speak for themselves; a refusal by the service says why in its detail.
      message: error instanceof ValidationFailedException && error.errors?.length ? undefined : error.detail,
    });
  }

  /** Meilisearch down or slow: a 503 page that says so and keeps the form, so the employer can try again. */
  private renderUnavailable(user: AuthUser, res: Response, clean: RawQuery, error: DomainException): void {
    for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
    res.status(503).render('pages/profile-search/search', {
      ...this.formContext(user, clean, null),
      title: 'Recherche de candidats indisponible',
      unavailable: error.detail,
    });
  }

  /** What the form needs: typed values, filters with their counts (or, after a refusal, the ticked values alone), semesters, sorts. */
  private formContext(user: AuthUser, clean: RawQuery, result: ProfileSearchResultDto | null) {
    const values: FormValues = {
      q: single(clean, 'q'),
      releaseFrom: single(clean, 'releaseFrom'),
      releaseTo: single(clean, 'releaseTo'),
      adjustment: single(clean, 'adjustment'),
      certificationLevel: single(clean, 'certificationLevel'),
      sort: single(clean, 'sort') || 'relevance',
    };
    const employer = user.role === Role.Employer;
    return {
      title: 'Candidats',
      staffPreview: !employer,
      values,
      maxQueryLength: MAX_QUERY_LENGTH,
      facetGroups: this.facetGroups(clean, result),
      adjustmentOptions: this.adjustmentOptions(values.adjustment, result),
      levelOptions: this.levelOptions(values.certificationLevel, result),
      releaseFromOptions: this.semesterOptions(values.releaseFrom),
      releaseToOptions: this.semesterOptions(values.releaseTo),
      sortOptions: SORTS.filter((s) => employer || !s.employersOnly).map((s) => ({ ...s, selected: s.value === values.sort })),
    };
  }

  private facetGroups(clean: RawQuery, result: ProfileSearchResultDto | null): FacetGroup[] {
    return CHECKBOX_FACETS.map(({ param, legend }) => {
      if (!result) {
        const ticked = list(clean, param);
        return { param, legend, options: ticked.map((value, i) => option(param, i, value, value, null, true)), more: 0 };
      }
      const { shown, more } = topValues(result.facets[param] ?? []);
      return { param, legend, options: shown.map((v, i) => option(param, i, v.value, v.label, v.count, v.selected)), more };
    }).filter((group) => group.options.length > 0);
  }

  private adjustmentOptions(current: string, result: ProfileSearchResultDto | null) {
    const counts = new Map((result?.facets.adjustment ?? []).map((v) => [v.value, v.count]));
    return [
      { id: 'adjustment-any', value: '', label: 'Indifférent', counted: false, count: 0, checked: current === '' },
      { id: 'adjustment-true', value: 'true', label: 'Envisageable', counted: result !== null, count: counts.get('true') ?? 0, checked: current === 'true' },
      { id: 'adjustment-false', value: 'false', label: 'Non envisagé', counted: result !== null, count: counts.get('false') ?? 0, checked: current === 'false' },
    ];
  }

  /** Certification levels present among the profiles (with their labels), and the chosen one even when absent. */
  private levelOptions(current: string, result: ProfileSearchResultDto | null) {
    const levels = new Map((result?.facets.certificationLevel ?? []).map((v) => [v.value, v.label]));
    if (current && !levels.has(current)) levels.set(current, `Niveau ${current}`);
    return [...levels.entries()]
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([value, label]) => ({ value, label: `${label} ou plus`, selected: value === current }));
  }

  /** Semesters around today, and the chosen one when it lies outside them. */
  private semesterOptions(current: string) {
    const now = this.clock.now();
    const today = now.getUTCFullYear() * 2 + (now.getUTCMonth() < 6 ? 0 : 1);
    const values: string[] = [];
    for (let i = today - SEMESTERS_BACK; i <= today + SEMESTERS_AHEAD; i++) values.push(semesterValue(i));
    const known = /^\d{4}-S[12]$/.test(current);
    if (current && !values.includes(current)) values.push(current);
    values.sort();
    return values.map((value) => ({ value, label: known || value !== current ? semesterLabel(value) : value, selected: value === current }));
  }
}
