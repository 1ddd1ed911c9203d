import { SearchIndexDefinition } from '../../infra/search/search-index';

export const PROFILE_INDEX = 'profiles';

/** Words that carry no meaning in a project or a job title; "a" stands for "à" as people type it. */
const FRENCH_STOP_WORDS = ['de', 'du', 'des', 'd', 'la', 'le', 'les', 'l', 'en', 'et', 'au', 'aux', 'à', 'a', 'un', 'une', 'pour', 'dans', 'sur', 'avec'];

/**
 * Attributes a query text is matched against, most important first: what the candidate aims at (occupation
 * labels, then the ROME appellations of those occupations, so "plaquiste" finds F1604's profiles), then
 * what they can do, then the project text.
 */
export const PROFILE_SEARCHABLE_ATTRIBUTES = [
  'targetOccupations.label',
  'occupationTitles',
  'skills',
  'trainings.title',
  'project',
  'availability',
  'languages',
  'targetBasins.name',
];

/** Filters of the employer search; each one is also a facet. Nothing else is filterable. */
export const PROFILE_FACETS = [
  'romeCodes',
  'romeDomains',
  'romeGrandDomains',
  'basinCodes',
  'departmentCodes',
  'regionCodes',
  'adjustmentPossible',
  'adjustmentKinds',
  'licences',
  'languageKeys',
  'certificationLevels',
  'solutionCodes',
] as const;

export type ProfileFacet = (typeof PROFILE_FACETS)[number];

/**
 * The employer search index (issue 5). Settings are applied before any document (SearchService). Only the
 * employer view and what is derived from it are indexed: see `toProfileDocument`.
 */
export const PROFILE_SEARCH_INDEX: SearchIndexDefinition = {
  name: PROFILE_INDEX,
  primaryKey: 'code',
  settings: {
    searchableAttributes: PROFILE_SEARCHABLE_ATTRIBUTES,
    filterableAttributes: [...PROFILE_FACETS, 'releaseStart', 'releaseEnd'],
    sortableAttributes: ['releaseStart', 'releaseEnd'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    stopWords: FRENCH_STOP_WORDS,
    // French words are long: one typo from 4 letters ("peitre"), two from 8 ("macconnerie"). Codes are typed exactly.
    typoTolerance: { minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 }, disableOnAttributes: ['romeCodes'] },
    localizedAttributes: [{ attributePatterns: ['*'], locales: ['fra'] }],
    // Browsing goes page after page through a basin's profiles: a few thousand, not the 1,000 default.
    pagination: { maxTotalHits: 5000 },
    faceting: { maxValuesPerFacet: 200, sortFacetValuesBy: { '*': 'count' } },
    // Nobody searches within a facet's values (the page lists the most frequent): not maintaining that database
    // makes each one-document write, hence an edit's way to the results, cheaper.
    facetSearch: false,
  },
};
