import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { SearchService, SearchUnavailableError } from '../../infra/search/search.service';
import { AuditService } from '../audit/audit.service';
import { LICENCES, SENTENCE_ADJUSTMENT_LABELS, SentenceAdjustment } from '../candidates/candidate-profile';
import { activeEmployerReader, EmployerProfileException } from '../candidates/employer-profiles.service';
import { EMPLOYER_PROFILE_KEYS, EmployerProfileDto } from '../candidates/employer-view.mapper';
import { NEED_SOLUTION_LABELS, NeedSolution } from '../employer-needs/employer-need';
import { MatchingService } from '../matching/matching.service';
import { Role } from '../users/user.entity';
import { FacetValueDto, ProfileSearchHitDto, ProfileSearchQuery, ProfileSearchResultDto } from './dto/profile-search.dto';
import { languageKey, ProfileDocument, semesterNumber } from './profile-document';
import { PROFILE_FACETS, PROFILE_INDEX, ProfileFacet } from './profile-search-index';
import { buildSearchQueries, highlightHtml, ProfileSearchCriteria } from './profile-search-request';
import { ProfileSearchException } from './profile-search.exception';
import { ReferenceLabels, ReferenceLabelsService } from './reference-labels.service';

/** Meilisearch answers in milliseconds; past this, the search gives up and answers 503 rather than hang. */
export const SEARCH_TIMEOUT_MS = 600;
/**
 * The "best match" sort ranks, by the organisation's needs, the most relevant profiles (at most this many)
 * among those sharing a grand domain with one of its published needs.
 */
export const MATCH_CANDIDATES = 1000;

const LEVEL_LABELS: Record<number, string> = { 3: 'Niveau 3 (CAP, BEP)', 4: 'Niveau 4 (Bac, BP)', 5: 'Niveau 5 (Bac +2)', 6: 'Niveau 6 (Bac +3)', 7: 'Niveau 7 (Bac +5)', 8: 'Niveau 8 (doctorat)' };
const LICENCE_SET = new Set<string>(LICENCES);

/** The query-string name of each facet, as the page and the API take it. */
export const FACET_PARAMS: Record<ProfileFacet, keyof ProfileSearchQuery> = {
  romeCodes: 'rome',
  romeDomains: 'domain',
  romeGrandDomains: 'grandDomain',
  basinCodes: 'basin',
  departmentCodes: 'department',
  regionCodes: 'region',
  adjustmentPossible: 'adjustment',
  adjustmentKinds: 'adjustmentKind',
  licences: 'licence',
  languageKeys: 'language',
  certificationLevels: 'certificationLevel',
  solutionCodes: 'solution',
};

type Reader = { kind: 'employer'; organisationId: string } | { kind: 'staff' };

/** The criteria of a validated query. */
export function criteriaOf(query: ProfileSearchQuery): ProfileSearchCriteria {
  return {
    q: query.q ?? '',
    filters: {
      romeCodes: query.rome,
      romeDomains: query.domain,
      romeGrandDomains: query.grandDomain,
      basinCodes: query.basin,
      departmentCodes: query.department,
      regionCodes: query.region,
      adjustmentPossible: query.adjustment === undefined ? undefined : [query.adjustment],
      adjustmentKinds: query.adjustmentKind,
      licences: query.licence,
      // Languages are indexed case-folded ("Arabe"): a typed "arabe" must select the same facet value.
      languageKeys: query.language?.map(languageKey),
      solutionCodes: query.solution,
    },
    releaseFrom: query.releaseFrom,
    releaseTo: query.releaseTo,
    minCertificationLevel: query.certificationLevel,
    sort: query.sort,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  };
}

/** The employer view of a document: its keys, nothing derived. */
function employerView(doc: ProfileDocument): EmployerProfileDto {
  const view = {} as Record<string, unknown>;
  for (const key of EMPLOYER_PROFILE_KEYS) view[key] = doc[key];
  return view as unknown as EmployerProfileDto;
}

type Formatted = { project?: string; skills?: string[]; targetOccupations?: { label: string }[] };

const marked = (text: string | undefined) => typeof text === 'string' && text.includes('\u0002');

function highlightOf(formatted: Formatted | undefined): ProfileSearchHitDto['highlight'] {
  if (!formatted) return {};
  const highlight: ProfileSearchHitDto['highlight'] = {};
  if (formatted.project) highlight.project = highlightHtml(formatted.project);
  const skills = (formatted.skills ?? []).filter(marked).map(highlightHtml);
  if (skills.length) highlight.skills = skills;
  const occupations = (formatted.targetOccupations ?? []).map((o) => o.label).filter(marked).map(highlightHtml);
  if (occupations.length) highlight.occupations = occupations;
  return highlight;
}

function facetLabel(facet: ProfileFacet, value: string, labels: ReferenceLabels): string {
  switch (facet) {
    case 'romeCodes':
      return `${value} ${labels.occupations.get(value) ?? ''}`.trim();
    case 'romeDomains':
      return `${value} ${labels.domains.get(value) ?? ''}`.trim();
    case 'romeGrandDomains':
      return `${value} ${labels.grandDomains.get(value) ?? ''}`.trim();
    case 'basinCodes':
      return labels.basins.get(value) ?? value;
    case 'departmentCodes':
      return `${labels.departments.get(value) ?? value} (${value})`;
    case 'regionCodes':
      return labels.regions.get(value) ?? value;
    case 'adjustmentPossible':
      return value === 'true' ? 'Aménagement de peine envisageable' : 'Sans aménagement envisagé';
    case 'adjustmentKinds':
      return SENTENCE_ADJUSTMENT_LABELS[value as SentenceAdjustment] ?? value;
    case 'licences':
      return LICENCE_SET.has(value) ? value.replace('_', ' ') : value;
    case 'certificationLevels':
      return LEVEL_LABELS[Number(value)] ?? `Niveau ${value}`;
    case 'solutionCodes':
      return NEED_SOLUTION_LABELS[value as NeedSolution] ?? value;
    default:
      return value;
  }
}

/**
 * Candidate search for employers (issue 5): full text, filters, disjunctive facets, sorts and pages over the
 * Meilisearch profile index, returning the employer view only. Employers must belong to an active employer
 * organisation; each page they see is audited. Meilisearch down or slow: a 503 within a second.
 */
@Injectable()
export class ProfileSearchService {
  private readonly logger = new Logger(ProfileSearchService.name);
  private labelCache?: { labels: ReferenceLabels; byFacet: Map<ProfileFacet, Map<string, string>> };

  constructor(
    private readonly search: SearchService,
    private readonly labels: ReferenceLabelsService,
    private readonly audit: AuditService,
    private readonly matching: MatchingService,
  ) {}

  private reader(user: AuthUser): Reader {
    if (user.role === Role.Coordinator || user.role === Role.Admin) return { kind: 'staff' };
    if (user.role === Role.Employer) return { kind: 'employer', organisationId: activeEmployerReader(user) };
    throw EmployerProfileException.notEmployerOrganisation();
  }

  async find(user: AuthUser, query: ProfileSearchQuery): Promise<ProfileSearchResultDto> {
    const reader = this.reader(user);
    if (query.releaseFrom && query.releaseTo && semesterNumber(query.releaseTo) < semesterNumber(query.releaseFrom)) throw ProfileSearchException.releaseRangeInverted();
    const criteria = criteriaOf(query);
    let tiers: string[] = [];
    if (criteria.sort === 'match') {
      if (reader.kind !== 'employer') throw ProfileSearchException.matchNeedsEmployer();
      tiers = await this.matching.organisationNeedTiers(reader.organisationId);
      if (tiers.length === 0) throw ProfileSearchException.noPublishedNeed();
      // Only profiles sharing a grand domain with a need are ranked, and counted in facets and total.
      criteria.scope = [tiers[tiers.length - 1]];
    }
    const [responses, labels, nearer] = await Promise.all([this.run(criteria), this.labels.get(), this.nearerCandidates(criteria, tiers.slice(0, -1))]);
    const [main, ...perFacet] = responses;
    const hits = main.hits as (ProfileDocument & { _formatted?: Formatted })[];
    let items: ProfileSearchHitDto[];
    let total: number;
    if (criteria.sort === 'match' && reader.kind === 'employer') {
      // The nearest profiles first (same occupation and basin, then same domain and region), then the grand
      // domain's most relevant: a large index never leaves the best matches out of the ranked pool.
      const pool = new Map<string, ProfileDocument & { _formatted?: Formatted }>();
      for (const doc of [...nearer, ...hits]) if (!pool.has(doc.code)) pool.set(doc.code, doc);
      // Ranked in full, then paged: a profile excluded from every need (its constraints) is dropped silently.
      const ranked = await this.matching.rankDocumentsForOrganisation(reader.organisationId, [...pool.values()]);
      total = ranked.length;
      items = ranked.slice(criteria.offset, criteria.offset + criteria.limit).map((r) => ({
        profile: employerView(r.item),
        highlight: highlightOf(r.item._formatted),
        match: { score: r.score, reasons: r.reasons, needId: r.needId },
      }));
    } else {
      items = hits.map((hit) => ({ profile: employerView(hit), highlight: highlightOf(hit._formatted) }));
      total = main.estimatedTotalHits ?? hits.length;
    }
    if (reader.kind === 'employer' && items.length) {
      await this.audit.record({
        actorUserId: user.id,
        action: 'profile.listed_for_employer',
        subjectType: 'organisation',
        subjectId: reader.organisationId,
        details: { via: 'search', count: items.length, codes: items.map((i) => i.profile.code) },
      });
    }
    return {
      items,
      page: query.page,
      pageSize: query.pageSize,
      total,
      totalPages: Math.ceil(total / query.pageSize),
      facets: this.facets(criteria, main.facetDistribution ?? {}, perFacet.map((r) => r.facetDistribution ?? {}), labels),
      sort: criteria.sort,
    };
  }

  private async run(criteria: ProfileSearchCriteria) {
    return this.unavailableAs503(() => this.search.multiSearch<ProfileDocument>(PROFILE_INDEX, buildSearchQueries(criteria, MATCH_CANDIDATES), SEARCH_TIMEOUT_MS));
  }

  /** For the "best match" sort: the profiles of the nearer tiers that also match the search, each tier capped. */
  private async nearerCandidates(criteria: ProfileSearchCriteria, tiers: string[]): Promise<(ProfileDocument & { _formatted?: Formatted })[]> {
    if (!tiers.length) return [];
    const [main] = buildSearchQueries(criteria, MATCH_CANDIDATES);
    const base = (main.filter as string[]).filter((clause) => !(criteria.scope ?? []).includes(clause));
    const responses = await this.unavailableAs503(() =>
      this.search.multiSearch<ProfileDocument>(PROFILE_INDEX, tiers.map((tier) => ({ ...main, facets: [], filter: [...base, tier] })), SEARCH_TIMEOUT_MS),
    );
    return responses.flatMap((r) => r.hits as (ProfileDocument & { _formatted?: Formatted })[]);
  }

  private async unavailableAs503<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      this.logger.warn({ msg: 'profile search unavailable', error: error.message });
      throw ProfileSearchException.unavailable();
    }
  }

  /** Every facet's values with counts and labels; selected values stay listed even when nothing else matches them. */
  private facets(criteria: ProfileSearchCriteria, main: Record<string, Record<string, number>>, perFacet: Record<string, Record<string, number>>[], labels: ReferenceLabels) {
    const distributions: Record<string, Record<string, number>> = { ...main };
    for (const d of perFacet) Object.assign(distributions, d);
    const labelOf = this.facetLabels(labels);
    const facets: Record<string, FacetValueDto[]> = {};
    for (const facet of PROFILE_FACETS) {
      const selected = new Set((criteria.filters[facet] ?? []).map(String));
      const counts = distributions[facet] ?? {};
      const values: FacetValueDto[] = [];
      for (const value in counts) values.push({ value, label: labelOf(facet, value), count: counts[value], selected: selected.has(value) });
      for (const value of selected) if (!(value in counts)) values.push({ value, label: labelOf(facet, value), count: 0, selected: true });
      facets[FACET_PARAMS[facet]] = values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    }
    return facets;
  }

  /** Facet labels are built once per value and kept as long as the reference labels they come from. */
  private facetLabels(labels: ReferenceLabels): (facet: ProfileFacet, value: string) => string {
    if (this.labelCache?.labels !== labels) this.labelCache = { labels, byFacet: new Map() };
    const byFacet = this.labelCache.byFacet;
    return (facet, value) => {
      let known = byFacet.get(facet);
      if (!known) byFacet.set(facet, (known = new Map()));
      let label = known.get(value);
      if (label === undefined) known.set(value, (label = facetLabel(facet, value, labels)));
      return label;
    };
  }
}
