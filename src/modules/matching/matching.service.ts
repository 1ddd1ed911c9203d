import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { SearchService, SearchUnavailableError } from '../../infra/search/search.service';
import { AuditService } from '../audit/audit.service';
import { CandidateProfileException } from '../candidates/candidate-profile.exception';
import { CandidateProfilesService } from '../candidates/candidate-profiles.service';
import { activeEmployerReader } from '../candidates/employer-profiles.service';
import { EMPLOYER_PROFILE_KEYS, EmployerProfileDto } from '../candidates/employer-view.mapper';
import { parisDate } from '../employer-needs/employer-need-rules';
import { CONTRACT_TYPE_LABELS, EMPLOYER_NEED_STATUS_LABELS, NEED_SOLUTION_LABELS } from '../employer-needs/employer-need';
import { EmployerNeedsService } from '../employer-needs/employer-needs.service';
import type { ProfileDocument } from '../profile-search/profile-document';
import { PROFILE_INDEX } from '../profile-search/profile-search-index';
import { ReferenceLabelsService } from '../profile-search/reference-labels.service';
import { Role } from '../users/user.entity';
import { MatchedNeedDto, NeedMatchDto, NeedProfilesDto, NeedSummaryDto, ProfileMatchDto, ProfileMatchesDto, SuggestionDto, SuggestionsDto } from './dto/matching.dto';
import { isQualified, MatchNeed, MatchProfile, MatchReason, rankNeeds, rankProfiles } from './match-score';
import { documentMatchProfile, groupByOrganisation, MatchableDocument, needMatchInput, tenthsOf } from './matching-inputs';
import { MatchingException } from './matching.exception';
import { MatchableNeedRow, MatchingRepository } from './matching.repository';

/** An index document as matching retrieves it: the employer view and the derived fields ranking reads. */
export type IndexedProfile = MatchableDocument & EmployerProfileDto;

/** A document ranked against an organisation's needs: the best need decides. */
export interface RankedDocument<T> {
  item: T;
  score: number;
  reasons: MatchReason[];
  needId: string;
}

/** Profiles read from the index for one need, at most: the place tiers below fill it, nearest first. */
export const MAX_CANDIDATE_PROFILES = 500;
/** "Suggested for you" looks at the organisation's most recently published needs, each with a share of the profiles. */
const MAX_SUGGESTION_NEEDS = 10;
const MIN_PROFILES_PER_NEED = 100;
/** Meilisearch answers in milliseconds; past this a query fails as unavailable (503) rather than hang. */
const SEARCH_TIMEOUT_MS = 600;

const RETRIEVED = [...EMPLOYER_PROFILE_KEYS, 'romeCodes', 'releaseStart', 'releaseEnd', 'certificationLevels'] satisfies (keyof ProfileDocument)[];

const quote = (value: string) => JSON.stringify(value);
const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** The employer view of a document: its keys, nothing derived. */
function employerView(doc: EmployerProfileDto): EmployerProfileDto {
  const view = {} as Record<string, unknown>;
  for (const key of EMPLOYER_PROFILE_KEYS) view[key] = doc[key];
  return view as unknown as EmployerProfileDto;
}

function needSummary(row: MatchableNeedRow): NeedSummaryDto {
  return {
    id: row.id,
    romeCode: row.romeCode,
    romeLabel: row.romeLabel,
    appellationLabel: row.appellationLabel,
    contractType: row.contractType,
    contractTypeLabel: CONTRACT_TYPE_LABELS[row.contractType],
    positions: row.positions,
    communeName: row.communeName,
    departmentCode: row.departmentCode,
    basinCode: row.basinCode,
    basinName: row.basinName,
    startFrom: row.startFrom,
    startUntil: row.startUntil,
    solutions: row.solutions,
    solutionLabels: row.solutions.map((s) => NEED_SOLUTION_LABELS[s]),
  };
}

function matchedNeed(row: MatchableNeedRow): MatchedNeedDto {
  return {
    id: row.id,
    organisationId: row.organisationId,
    romeCode: row.romeCode,
    romeLabel: row.romeLabel,
    basinName: row.basinName,
    status: row.status,
    statusLabel: EMPLOYER_NEED_STATUS_LABELS[row.status],
  };
}

/**
 * Explainable matching both ways (issue 5, DESIGN.md §5), scored by match-score.ts:
 * - for a profile (staff): published needs from SQL, of organisations neither paused nor at their cap,
 *   ranked with the profile's exact dates, and the same grouped by organisation;
 * - for a need (its organisation and staff): published profiles from the index, ranked from what the
 *   employer view shows (release semesters, never dates), returned as the employer view only.
 * A profile's work constraints come from PostgreSQL, never from the index: an excluded pair is dropped
 * silently, so no answer ever tells a constraint. Logs carry ids only.
 */
@Injectable()
export class MatchingService {
  private readonly logger = new Logger(MatchingService.name);

  constructor(
    private readonly repository: MatchingRepository,
    private readonly search: SearchService,
    private readonly labels: ReferenceLabelsService,
    private readonly profiles: CandidateProfilesService,
    private readonly needs: EmployerNeedsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Index documents ranked against an organisation's published needs, best first: each document takes its
   * best need; documents excluded from every need, or no longer visible to employers, are dropped. Ties keep
   * the given order. Without a published need, nothing is returned.
   */
  async rankDocumentsForOrganisation<T extends MatchableDocument>(organisationId: string, docs: T[]): Promise<RankedDocument<T>[]> {
    if (!docs.length) return [];
    return this.rankDocuments(await this.repository.publishedNeedsOf(organisationId), docs);
  }

  /** ROME letters of the organisation's published needs ([] when none). */
  organisationNeedGrandDomains(organisationId: string): Promise<string[]> {
    return this.repository.publishedGrandDomainsOf(organisationId);
  }

  /**
   * Where the organisation's published needs are, from the nearest to the widest: the index filters that pick
   * the profiles worth ranking for it (same occupation and basin; same professional domain and region; same
   * grand domain). Empty when it has no published need.
   */
  async organisationNeedTiers(organisationId: string): Promise<string[]> {
    const needs = await this.repository.publishedNeedsOf(organisationId);
    if (!needs.length) return [];
    const list = (values: (string | null)[]) => `[${[...new Set(values.filter((v): v is string => Boolean(v)))].map((v) => `"${v}"`).join(', ')}]`;
    const regions = needs.map((n) => n.regionCode).filter(Boolean);
    return [
      `romeCodes IN ${list(needs.map((n) => n.romeCode))} AND basinCodes IN ${list(needs.map((n) => n.basinCode))}`,
      regions.length ? `romeDomains IN ${list(needs.map((n) => n.romeCode.slice(0, 3)))} AND regionCodes IN ${list(regions)}` : `romeDomains IN ${list(needs.map((n) => n.romeCode.slice(0, 3)))}`,
      `romeGrandDomains IN ${list(needs.map((n) => n.romeCode.slice(0, 1)))}`,
    ];
  }

  /** Needs and organisations a profile may be proposed, for staff who can read the profile (404 otherwise). */
  async matchesForProfile(user: AuthUser, profileId: string, limit: number): Promise<ProfileMatchesDto> {
    const readable = await this.profiles.get(user, profileId);
    const inputs = await this.repository.profileInputs(readable.id);
    if (!inputs) throw CandidateProfileException.notFound();
    const profile: MatchProfile = {
      targetRomeCodes: inputs.targetRomeCodes,
      targetBasins: inputs.targetBasins,
      releaseFrom: inputs.releaseFrom,
      releaseUntil: inputs.releaseUntil,
      adjustments: inputs.adjustments,
      hasQualification: isQualified(inputs.trainings),
      avoidDepartments: inputs.constraints.avoidDepartments,
      avoidRomeCodes: inputs.constraints.avoidRomeCodes,
    };
    const rows = await this.repository.candidateNeeds(
      {
        romeCodes: inputs.targetRomeCodes,
        basinCodes: inputs.targetBasins.map((b) => b.basinCode),
        regionCodes: unique(inputs.targetBasins.flatMap((b) => (b.regionCode ? [b.regionCode] : []))),
      },
      parisDate(this.clock.now()),
    );
    const ranked = rankNeeds(profile, rows.map((row) => ({ ...needMatchInput(row), row })));
    const organisations = groupByOrganisation(
      ranked.map(({ item: { row }, score, reasons }) => ({
        needId: row.id,
        organisationId: row.organisationId,
        organisationName: row.organisationName,
        pendingIntroductions: row.pendingIntroductions,
        score,
        reasons,
      })),
    );
    this.logger.log({ msg: 'matches for profile', profileId: inputs.id, userId: user.id, candidates: rows.length, ranked: ranked.length });
    return {
      profileId: inputs.id,
      profileCode: inputs.code,
      needs: ranked.slice(0, limit).map(
        ({ item: { row }, score, reasons }): NeedMatchDto => ({ organisationId: row.organisationId, organisationName: row.organisationName, need: needSummary(row), score, reasons }),
      ),
      organisations: organisations.slice(0, limit),
    };
  }

  /** Published profiles ranked for a need, employer view only: its own active employer organisation and staff (404 for others). */
  async matchesForNeed(user: AuthUser, needId: string, limit: number): Promise<NeedProfilesDto> {
    const readable = await this.needs.get(user, needId);
    const row = await this.repository.needById(readable.id);
    if (!row) throw new Error(`need ${readable.id} vanished between two reads`);
    const docs = await this.candidateDocuments(row, MAX_CANDIDATE_PROFILES);
    const ranked = await this.rankProfilesForNeed(row, docs);
    const profiles = ranked.slice(0, limit).map(({ item, score, reasons }): ProfileMatchDto => ({ profile: employerView(item), score, reasons }));
    if (user.role === Role.Employer) await this.auditEmployerList(user, row.organisationId, 'need_matches', profiles, row.id);
    this.logger.log({ msg: 'matches for need', needId: row.id, userId: user.id, candidates: docs.length, ranked: ranked.length });
    return { need: matchedNeed(row), profiles };
  }

  /** "Suggested for you": the best profiles over the organisation's published needs, each once, with the need it fits best. */
  async suggestionsForOrganisation(user: AuthUser, limit: number): Promise<SuggestionsDto> {
    const organisationId = activeEmployerReader(user);
    const needs = (await this.repository.publishedNeedsOf(organisationId)).slice(0, MAX_SUGGESTION_NEEDS);
    if (!needs.length) return { items: [] };
    const budget = Math.max(MIN_PROFILES_PER_NEED, Math.ceil(MAX_CANDIDATE_PROFILES / needs.length));
    const found = await Promise.all(needs.map((need) => this.candidateDocuments(need, budget)));
    const byCode = new Map<string, IndexedProfile>();
    for (const doc of found.flat()) if (!byCode.has(doc.code)) byCode.set(doc.code, doc);
    const ranked = await this.rankDocuments(needs, [...byCode.values()]);
    const needsById = new Map(needs.map((n) => [n.id, n]));
    const items = ranked
      .slice(0, limit)
      .map(({ item, score, reasons, needId }): SuggestionDto => ({ profile: employerView(item), score, reasons, need: matchedNeed(needsById.get(needId)!) }));
    await this.auditEmployerList(user, organisationId, 'suggestions', items);
    this.logger.log({ msg: 'suggestions for organisation', organisationId, userId: user.id, needs: needs.length, candidates: byCode.size, ranked: ranked.length });
    return { items };
  }

  private async rankDocuments<T extends MatchableDocument>(needRows: MatchableNeedRow[], docs: T[]): Promise<RankedDocument<T>[]> {
    if (!needRows.length || !docs.length) return [];
    const [constraints, labels] = await Promise.all([this.repository.visibleConstraints(docs.map((d) => d.code)), this.labels.get()]);
    const needs = needRows.map((row) => ({ ...needMatchInput(row), needId: row.id }));
    const ranked: (RankedDocument<T> & { tenths: number })[] = [];
    for (const doc of docs) {
      const profileConstraints = constraints.get(doc.code);
      if (!profileConstraints) continue;
      const [best] = rankNeeds(documentMatchProfile(doc, profileConstraints, labels), needs);
      if (best) ranked.push({ item: doc, score: best.score, reasons: best.reasons, needId: best.item.needId, tenths: tenthsOf(best.reasons) });
    }
    // Stable: equal totals keep the given order (the search's relevance).
    ranked.sort((a, b) => b.tenths - a.tenths);
    return ranked.map(({ tenths: _tenths, ...match }) => match);
  }

  private async rankProfilesForNeed(row: MatchableNeedRow, docs: IndexedProfile[]) {
    if (!docs.length) return [];
    const [constraints, labels] = await Promise.all([this.repository.visibleConstraints(docs.map((d) => d.code)), this.labels.get()]);
    const need: MatchNeed = needMatchInput(row);
    const candidates = docs.flatMap((doc) => {
      const profileConstraints = constraints.get(doc.code);
      return profileConstraints ? [{ ...documentMatchProfile(doc, profileConstraints, labels), doc }] : [];
    });
    return rankProfiles(need, candidates).map(({ item, score, reasons }) => ({ item: item.doc, score, reasons }));
  }

  /**
   * Published profiles sharing the need's grand domain, up to `budget`, read nearest first: those aiming at
   * the need's basin, then elsewhere in its region, then beyond. Place is scored, not filtered: the tiers
   * only decide which profiles a large index leaves out.
   */
  private async candidateDocuments(row: MatchableNeedRow, budget: number): Promise<IndexedProfile[]> {
    const domain = `romeGrandDomains = ${quote(row.romeCode.slice(0, 1))}`;
    const basin = `basinCodes = ${quote(row.basinCode)}`;
    const tiers = row.regionCode
      ? [`${domain} AND ${basin}`, `${domain} AND regionCodes = ${quote(row.regionCode)} AND NOT ${basin}`, `${domain} AND NOT regionCodes = ${quote(row.regionCode)} AND NOT ${basin}`]
      : [`${domain} AND ${basin}`, `${domain} AND NOT ${basin}`];
    const found: IndexedProfile[] = [];
    for (const filter of tiers) {
      const left = budget - found.length;
      if (left <= 0) break;
      found.push(...(await this.searchProfiles(filter, left)));
    }
    return found;
  }

  private async searchProfiles(filter: string, limit: number): Promise<IndexedProfile[]> {
    try {
      const response = await this.search.search<IndexedProfile>(PROFILE_INDEX, '', { filter, limit, attributesToRetrieve: RETRIEVED }, SEARCH_TIMEOUT_MS);
      return response.hits;
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      this.logger.warn({ msg: 'profile index unavailable for matching', error: error.message });
      throw MatchingException.searchUnavailable();
    }
  }

  /** Every list of profiles shown to an employer is audited (DESIGN.md §2), as the employer profile list is. */
  private async auditEmployerList(user: AuthUser, organisationId: string, via: string, items: { profile: { code: string } }[], needId?: string): Promise<void> {
    if (!items.length) return;
    await this.audit.record({
      actorUserId: user.id,
      action: 'profile.listed_for_employer',
      subjectType: 'organisation',
      subjectId: organisationId,
      details: { via, ...(needId ? { needId } : {}), count: items.length, codes: items.map((i) => i.profile.code) },
    });
  }
}
