import type { MultiSearchQuery } from 'meilisearch';
import { EMPLOYER_PROFILE_KEYS } from '../candidates/employer-view.mapper';
import { PROFILE_FACETS, ProfileFacet } from './profile-search-index';
import { semesterNumber } from './profile-document';

export type ProfileSort = 'relevance' | 'release' | 'match';

/** A validated employer search: text, filters (OR within a facet, AND across facets), sort and page. */
export interface ProfileSearchCriteria {
  q: string;
  filters: Partial<Record<ProfileFacet, readonly (string | number | boolean)[]>>;
  /** Release window overlap, as semesters ("2027-S1"). */
  releaseFrom?: string;
  releaseTo?: string;
  /** Minimum level of an obtained certification (3 = CAP…). */
  minCertificationLevel?: number;
  /** Restrictions the caller adds to every query (the "best match" sort keeps profiles near its needs' domains). */
  scope?: string[];
  sort: ProfileSort;
  offset: number;
  limit: number;
}

/** What the search returns of a document: the employer view (EMPLOYER_PROFILE_KEYS) and the fields matching uses. */
export const RETRIEVED_ATTRIBUTES: string[] = [
  ...EMPLOYER_PROFILE_KEYS,
  'romeCodes',
  'basinCodes',
  'departmentCodes',
  'regionCodes',
  'releaseStart',
  'releaseEnd',
  'adjustmentPossible',
  'certificationLevels',
];

/** Markers Meilisearch puts around matches; the service escapes the text, then turns them into <mark>. */
export const HIGHLIGHT_PRE = '\u0002';
export const HIGHLIGHT_POST = '\u0003';

const quote = (value: string | number | boolean) => (typeof value === 'string' ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : String(value));

/** One facet's clause: `romeCodes IN ["F1606", "F1703"]`. */
function facetClause(facet: ProfileFacet, values: readonly (string | number | boolean)[]): string {
  return values.length === 1 ? `${facet} = ${quote(values[0])}` : `${facet} IN [${values.map(quote).join(', ')}]`;
}

/** The filter expressions of the criteria, all facets but `except` (disjunctive facet counts leave a facet's own filter out). */
export function filterExpressions(criteria: ProfileSearchCriteria, except?: ProfileFacet): string[] {
  const clauses: string[] = [];
  for (const facet of PROFILE_FACETS) {
    const values = criteria.filters[facet];
    if (facet !== except && values && values.length) clauses.push(facetClause(facet, values));
  }
  // A release window overlaps [from, to] when it ends at or after `from` and starts at or before `to`.
  if (criteria.releaseFrom) clauses.push(`releaseEnd >= ${semesterNumber(criteria.releaseFrom)}`);
  if (criteria.releaseTo) clauses.push(`releaseStart <= ${semesterNumber(criteria.releaseTo)}`);
  if (criteria.minCertificationLevel !== undefined) clauses.push(`certificationLevels >= ${criteria.minCertificationLevel}`);
  clauses.push(...(criteria.scope ?? []));
  return clauses;
}

/**
 * The Meilisearch multi-search for the criteria: first the page of hits with the counts of every facet without
 * an active filter, then one query per filtered facet that counts its values without its own filter (so that
 * ticking "F1606" still shows how many profiles "F1703" would add). The benchmark sends exactly this request
 * straight to Meilisearch to measure what the endpoint adds.
 */
export function buildSearchQueries(criteria: ProfileSearchCriteria, candidatesForMatch = 0): Omit<MultiSearchQuery, 'indexUid'>[] {
  const active = PROFILE_FACETS.filter((f) => (criteria.filters[f]?.length ?? 0) > 0);
  const main: Omit<MultiSearchQuery, 'indexUid'> = {
    q: criteria.q,
    filter: filterExpressions(criteria),
    facets: PROFILE_FACETS.filter((f) => !active.includes(f)),
    attributesToRetrieve: RETRIEVED_ATTRIBUTES,
    attributesToHighlight: ['project', 'skills', 'targetOccupations.label'],
    attributesToCrop: ['project:40'],
    cropMarker: '…',
    highlightPreTag: HIGHLIGHT_PRE,
    highlightPostTag: HIGHLIGHT_POST,
    // "Best match" re-ranks a wider set of candidates by the organisation's needs, then pages through them.
    offset: criteria.sort === 'match' ? 0 : criteria.offset,
    limit: criteria.sort === 'match' ? candidatesForMatch : criteria.limit,
  };
  if (criteria.sort === 'release') main.sort = ['releaseStart:asc', 'releaseEnd:asc'];
  return [main, ...active.map((facet) => ({ q: criteria.q, filter: filterExpressions(criteria, facet), facets: [facet], limit: 0 }))];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes the text Meilisearch returned, then marks the matches: safe to insert as HTML. */
export function highlightHtml(formatted: string): string {
  return formatted
    .replace(/[&<>"']/g, (c) => ESCAPES[c])
    .replaceAll(HIGHLIGHT_PRE, '<mark>')
    .replaceAll(HIGHLIGHT_POST, '</mark>');
}
