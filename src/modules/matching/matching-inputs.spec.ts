import { SentenceAdjustment } from '../candidates/candidate-profile';
import { ContractType, EmployerNeedStatus, NeedSolution } from '../employer-needs/employer-need';
import { semesterNumber } from '../profile-search/profile-document';
import { rankNeeds, scoreMatch } from './match-score';
import {
  BmoCells,
  bmoFigures,
  documentMatchProfile,
  groupByOrganisation,
  MatchableDocument,
  needMatchInput,
  RankedOrganisationNeed,
  semesterEnd,
  semesterStart,
  tenthsOf,
} from './matching-inputs';
import type { MatchableNeedRow } from './matching.repository';

const reference = {
  basinRegions: new Map<string, string | null>([
    ['7513', '75'],
    ['2401', '24'],
    ['9999', null],
  ]),
  regions: new Map([
    ['75', 'Nouvelle-Aquitaine'],
    ['24', 'Centre-Val de Loire'],
  ]),
};

const NO_CONSTRAINTS = { avoidDepartments: [], avoidRomeCodes: [] };

const doc = (overrides: Partial<MatchableDocument> = {}): MatchableDocument => ({
  code: 'PSG-7K3Q',
  romeCodes: ['F1606', 'F1604'],
  targetBasins: [
    { code: '7513', name: 'POITIERS', departments: [{ code: '86', name: 'Vienne' }] },
    { code: '2401', name: 'BOURGES', departments: [{ code: '18', name: 'Cher' }, { code: '36', name: 'Indre' }] },
  ],
  releaseStart: semesterNumber('2027-S1'),
  releaseEnd: semesterNumber('2027-S2'),
  sentenceAdjustment: { possible: true, kinds: [{ code: SentenceAdjustment.SemiLiberte, label: 'Semi-liberté' }], exitPermits: null },
  certificationLevels: [3],
  ...overrides,
});

const needRow = (overrides: Partial<MatchableNeedRow> = {}): MatchableNeedRow => ({
  id: 'need-1',
  organisationId: 'org-1',
  organisationName: 'Peintures du Clain',
  status: EmployerNeedStatus.Published,
  romeCode: 'F1606',
  romeLabel: 'Peintre en bâtiment',
  appellationLabel: null,
  contractType: ContractType.Cdi,
  positions: 2,
  solutions: [NeedSolution.Job, NeedSolution.Sponsorship],
  startFrom: '2027-03-01',
  startUntil: '2027-04-30',
  communeName: 'Poitiers',
  departmentCode: '86',
  basinCode: '7513',
  basinName: 'POITIERS',
  basinDepartments: ['86'],
  regionCode: '75',
  regionName: 'Nouvelle-Aquitaine',
  pendingIntroductions: 0,
  bmo: { linked: true, surveyYear: 2024, cells: 1, knownProjects: 108, secretProjects: false, tensionProjects: 108, tensionDifficult: 69 },
  ...overrides,
});

describe('semester bounds', () => {
  it.each([
    ['2027-S1', '2027-01-01', '2027-06-30'],
    ['2027-S2', '2027-07-01', '2027-12-31'],
    ['2030-S2', '2030-07-01', '2030-12-31'],
  ])('%s runs from %s to %s', (semester, start, end) => {
    expect(semesterStart(semesterNumber(semester))).toBe(start);
    expect(semesterEnd(semesterNumber(semester))).toBe(end);
  });
});

describe('documentMatchProfile', () => {
  it('reads targets in rank order, completes basins with their region, and widens the release to whole semesters', () => {
    expect(documentMatchProfile(doc(), { avoidDepartments: ['16'], avoidRomeCodes: ['G1603'] }, reference)).toEqual({
      targetRomeCodes: ['F1606', 'F1604'],
      targetBasins: [
        { basinCode: '7513', basinLabel: 'POITIERS', departmentCodes: ['86'], regionCode: '75', regionLabel: 'Nouvelle-Aquitaine' },
        { basinCode: '2401', basinLabel: 'BOURGES', departmentCodes: ['18', '36'], regionCode: '24', regionLabel: 'Centre-Val de Loire' },
      ],
      releaseFrom: '2027-01-01',
      releaseUntil: '2027-12-31',
      adjustments: [SentenceAdjustment.SemiLiberte],
      hasQualification: true,
      avoidDepartments: ['16'],
      avoidRomeCodes: ['G1603'],
    });
  });

  it('knows no region for an unknown basin or one without region, and no qualification below level 3', () => {
    const profile = documentMatchProfile(
      doc({ targetBasins: [{ code: '9999', name: 'X', departments: [] }, { code: '0001', name: 'Y', departments: [] }], certificationLevels: [], sentenceAdjustment: { possible: false, kinds: [], exitPermits: null } }),
      NO_CONSTRAINTS,
      reference,
    );
    expect(profile.targetBasins.map((b) => [b.regionCode, b.regionLabel])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(profile.hasQualification).toBe(false);
    expect(profile.adjustments).toEqual([]);
  });

  it('scores a need starting inside the semester as overlapping, whatever the exact release date: employers see no more', () => {
    const need = needMatchInput(needRow({ startFrom: '2027-06-20', startUntil: '2027-06-30' }));
    const result = scoreMatch(documentMatchProfile(doc({ releaseEnd: semesterNumber('2027-S1') }), NO_CONSTRAINTS, reference), need);
    expect(result.excluded).toBe(false);
    if (!result.excluded) expect(result.reasons.map((r) => r.code)).toContain('timing_overlap');
  });

  it('carries the constraints looked up apart, so that an avoided department excludes the pair', () => {
    const need = needMatchInput(needRow());
    expect(scoreMatch(documentMatchProfile(doc(), { avoidDepartments: ['86'], avoidRomeCodes: [] }, reference), need)).toMatchObject({ excluded: true });
  });
});

describe('bmoFigures', () => {
  const cells = (overrides: Partial<BmoCells> = {}): BmoCells => ({
    linked: true,
    surveyYear: 2024,
    cells: 2,
    knownProjects: 150,
    secretProjects: false,
    tensionProjects: 150,
    tensionDifficult: 100,
    ...overrides,
  });

  it('sums the cells of every linked FAP code, then applies tensionOf', () => {
    expect(bmoFigures(cells())).toEqual({ tension: 0.6563, projects: 150 });
  });

  it('knows nothing without a crosswalk link or without a survey of the basin', () => {
    expect(bmoFigures(cells({ linked: false }))).toEqual({ tension: null, projects: null });
    expect(bmoFigures(cells({ surveyYear: null, cells: 0, knownProjects: 0, tensionProjects: null, tensionDifficult: null }))).toEqual({ tension: null, projects: null });
  });

  it('reads a surveyed basin without any cell for the occupation as no project recorded', () => {
    expect(bmoFigures(cells({ cells: 0, knownProjects: 0, tensionProjects: null, tensionDifficult: null }))).toEqual({ tension: null, projects: 0 });
  });

  it('never reads secret cells as zero', () => {
    expect(bmoFigures(cells({ cells: 1, knownProjects: 0, secretProjects: true, tensionProjects: null, tensionDifficult: null }))).toEqual({ tension: null, projects: null });
    // Known cells still count when others are secret: a lower bound, and a tension from the known pairs.
    expect(bmoFigures(cells({ knownProjects: 40, secretProjects: true, tensionProjects: 40, tensionDifficult: 30 }))).toEqual({ tension: 0.7, projects: 40 });
  });
});

describe('needMatchInput', () => {
  it('gives the scorer the need, its place and its BMO figures', () => {
    expect(needMatchInput(needRow())).toEqual({
      romeCode: 'F1606',
      romeLabel: 'Peintre en bâtiment',
      place: { basinCode: '7513', basinLabel: 'POITIERS', departmentCodes: ['86'], regionCode: '75', regionLabel: 'Nouvelle-Aquitaine' },
      departmentCode: '86',
      startFrom: '2027-03-01',
      startUntil: '2027-04-30',
      contractType: ContractType.Cdi,
      solutions: [NeedSolution.Job, NeedSolution.Sponsorship],
      tension: 0.6271,
      projects: 108,
      pendingIntroductions: 0,
    });
  });
});

describe('groupByOrganisation', () => {
  const profile = documentMatchProfile(doc(), NO_CONSTRAINTS, reference);
  /** Real ranked needs, so that scores and reasons agree as they do in the service. */
  const ranked = (rows: MatchableNeedRow[]): RankedOrganisationNeed[] =>
    rankNeeds(profile, rows.map((row) => ({ ...needMatchInput(row), row }))).map(({ item: { row }, score, reasons }) => ({
      needId: row.id,
      organisationId: row.organisationId,
      organisationName: row.organisationName,
      pendingIntroductions: row.pendingIntroductions,
      score,
      reasons,
    }));

  it("keeps each organisation's best need and counts its matching needs, best organisation first", () => {
    const groups = groupByOrganisation(
      ranked([
        needRow({ id: 'a-far', organisationId: 'a', organisationName: 'A', romeCode: 'F1703', basinCode: '2401', basinName: 'BOURGES', departmentCode: '18', basinDepartments: ['18'], regionCode: '24' }),
        needRow({ id: 'b-best', organisationId: 'b', organisationName: 'B' }),
        needRow({ id: 'a-best', organisationId: 'a', organisationName: 'A', contractType: ContractType.Cdd, solutions: [NeedSolution.Job] }),
      ]),
    );
    expect(groups.map((g) => [g.organisationId, g.bestNeedId, g.needCount])).toEqual([
      ['b', 'b-best', 1],
      ['a', 'a-best', 2],
    ]);
    expect(groups[0].score).toBeGreaterThan(groups[1].score);
  });

  it('puts the organisation with fewer pending introductions first on equal totals', () => {
    const needs = ranked([needRow({ id: 'busy', organisationId: 'busy', pendingIntroductions: 0 }), needRow({ id: 'calm', organisationId: 'calm', pendingIntroductions: 0 })]);
    // Same need, same total: only the pending count may tell them apart here.
    const busy = { ...needs[0], pendingIntroductions: 3 };
    expect(groupByOrganisation([busy, needs[1]]).map((g) => g.organisationId)).toEqual(['calm', 'busy']);
    expect(groupByOrganisation([needs[0], needs[1]]).map((g) => g.organisationId)).toEqual(['busy', 'calm']);
  });

  it('orders by the exact total, not the rounded score', () => {
    const base = ranked([needRow()])[0];
    const lower = { ...base, organisationId: 'lower', needId: 'lower', reasons: [...base.reasons.slice(1), { ...base.reasons[0], points: base.reasons[0].points - 0.3 }] };
    const higher = { ...base, organisationId: 'higher', needId: 'higher' };
    expect(tenthsOf(higher.reasons) - tenthsOf(lower.reasons)).toBe(3);
    expect(groupByOrganisation([lower, higher]).map((g) => g.organisationId)).toEqual(['higher', 'lower']);
  });

  it('returns nothing for no needs', () => {
    expect(groupByOrganisation([])).toEqual([]);
  });
});

describe('tenthsOf', () => {
  it('adds one-decimal points exactly', () => {
    expect(tenthsOf([{ code: 'place_basin', label: '', points: 23.8 }, { code: 'timing_soon_after', label: '', points: 10.1 }, { code: 'fair_share_pending', label: '', points: 3.3 }])).toBe(372);
  });
});

