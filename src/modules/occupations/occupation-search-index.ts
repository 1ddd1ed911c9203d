import { SearchIndexDefinition } from '../../infra/search/search-index';

export const OCCUPATION_INDEX = 'occupations';

/**
 * One document per searchable title: the occupation's own label and each of its appellations. With
 * `code` as distinct attribute, a query returns every occupation once, under its best-matching title.
 */
export interface OccupationDocument {
  /** `rome-F1606` for the label, `ogr-17619` for an appellation. */
  id: string;
  code: string;
  label: string;
  title: string;
  domainCode: string;
  domainLabel: string;
  /** Tie-breaker between equally relevant titles: label 0, principal appellation 1, synonym 2, rarely used 3. */
  weight: number;
  /** Last tie-breaker: "Cuisinier / Cuisinière" before "Cuisinier / Cuisinière de collectivité". */
  titleLength: number;
  /** Reindex run that wrote the document; older runs' documents are deleted at the end of a run. */
  generation: number;
}

/**
 * French words that carry no meaning in a job title ("Conducteur de poids lourd", "Agent d'entretien").
 * "a" stands for "à" as people type it: otherwise "aide a domicile" would require a word no title has.
 */
const FRENCH_STOP_WORDS = ['de', 'du', 'des', 'd', 'la', 'le', 'les', 'l', 'en', 'et', 'au', 'aux', 'à', 'a', 'un', 'une'];

export const OCCUPATION_SEARCH_INDEX: SearchIndexDefinition = {
  name: OCCUPATION_INDEX,
  primaryKey: 'id',
  settings: {
    searchableAttributes: ['title', 'code'],
    displayedAttributes: ['code', 'label', 'title', 'domainCode', 'domainLabel'],
    filterableAttributes: ['generation', 'code', 'domainCode'],
    distinctAttribute: 'code',
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'exactness', 'weight:asc', 'titleLength:asc'],
    stopWords: FRENCH_STOP_WORDS,
    // A ROME code is typed exactly: "F1605" must not find F1606.
    typoTolerance: { disableOnAttributes: ['code'] },
    pagination: { maxTotalHits: 200 },
  },
};
