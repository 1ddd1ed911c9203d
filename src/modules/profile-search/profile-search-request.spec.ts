import { buildSearchQueries, filterExpressions, HIGHLIGHT_POST, HIGHLIGHT_PRE, highlightHtml, ProfileSearchCriteria, RETRIEVED_ATTRIBUTES } from './profile-search-request';

const criteria = (overrides: Partial<ProfileSearchCriteria> = {}): ProfileSearchCriteria => ({ q: '', filters: {}, sort: 'relevance', offset: 0, limit: 20, ...overrides });

describe('filterExpressions', () => {
  it('ORs values within a facet and ANDs facets, quoting strings', () => {
    expect(filterExpressions(criteria({ filters: { romeCodes: ['F1606', 'F1703'], basinCodes: ['7513'], adjustmentPossible: [true] } }))).toEqual([
      'romeCodes IN ["F1606", "F1703"]',
      'basinCodes = "7513"',
      'adjustmentPossible = true',
    ]);
  });

  it('escapes quotes and backslashes in typed values (languages are free text)', () => {
    expect(filterExpressions(criteria({ filters: { languageKeys: ['Cr"éole\\'] } }))).toEqual(['languageKeys = "Cr\\"éole\\\\"']);
  });

  it('keeps release windows that overlap the asked range, and a minimum certification level', () => {
    expect(filterExpressions(criteria({ releaseFrom: '2027-S1', releaseTo: '2027-S2', minCertificationLevel: 4 }))).toEqual([
      'releaseEnd >= 4054',
      'releaseStart <= 4055',
      'certificationLevels >= 4',
    ]);
  });

  it('leaves one facet out on demand (its own counts)', () => {
    const c = criteria({ filters: { romeCodes: ['F1606'], basinCodes: ['7513'] } });
    expect(filterExpressions(c, 'romeCodes')).toEqual(['basinCodes = "7513"']);
  });

  it('ignores empty lists', () => {
    expect(filterExpressions(criteria({ filters: { romeCodes: [] } }))).toEqual([]);
  });
});

describe('buildSearchQueries', () => {
  it('asks for hits and the counts of unfiltered facets in the first query, then one count query per filtered facet', () => {
    const [main, ...facetQueries] = buildSearchQueries(criteria({ q: 'peintre', filters: { romeCodes: ['F1606'], licences: ['B'] }, offset: 40, limit: 20 }));
    expect(main).toMatchObject({ q: 'peintre', filter: ['romeCodes = "F1606"', 'licences = "B"'], offset: 40, limit: 20, attributesToRetrieve: RETRIEVED_ATTRIBUTES });
    expect(main.facets).not.toContain('romeCodes');
    expect(main.facets).not.toContain('licences');
    expect(main.facets).toContain('basinCodes');
    expect(main.sort).toBeUndefined();
    expect(facetQueries).toEqual([
      { q: 'peintre', filter: ['licences = "B"'], facets: ['romeCodes'], limit: 0 },
      { q: 'peintre', filter: ['romeCodes = "F1606"'], facets: ['licences'], limit: 0 },
    ]);
  });

  it('sorts by the earliest release on demand', () => {
    expect(buildSearchQueries(criteria({ sort: 'release' }))[0].sort).toEqual(['releaseStart:asc', 'releaseEnd:asc']);
  });

  it('never retrieves a derived-only field that is not needed, nor the version', () => {
    expect(RETRIEVED_ATTRIBUTES).not.toContain('version');
    expect(RETRIEVED_ATTRIBUTES).not.toContain('occupationTitles');
  });
});

describe('highlightHtml', () => {
  it('escapes the text, then marks the matches', () => {
    expect(highlightHtml(`<b>${HIGHLIGHT_PRE}peintre${HIGHLIGHT_POST}</b> & "co"`)).toBe('&lt;b&gt;<mark>peintre</mark>&lt;/b&gt; &amp; &quot;co&quot;');
  });
});
