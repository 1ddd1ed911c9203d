import { NeedSolution } from '../employer-needs/employer-need';
import { CandidateProfileStatus, SentenceAdjustment, TrainingStatus } from './candidate-profile';
import type { EmployerProfileSourceRow } from './candidate-profiles.repository';
import { EMPLOYER_PROFILE_KEYS, releaseSemesterOf, toEmployerView } from './employer-view.mapper';

/** A published row carrying every internal column, plus some that do not exist yet: none may reach employers. */
const row = (overrides: Partial<EmployerProfileSourceRow> = {}): EmployerProfileSourceRow => {
  const base: EmployerProfileSourceRow & Record<string, unknown> = {
    id: '0b6f8a52-3c1e-4d7a-9f20-6e5d4c3b2a19',
    code: 'PSG-7K3Q',
    ownerOrganisationId: '9b2d7c4e-1f3a-4e8b-8c6d-5a4b3c2d1e0f',
    status: CandidateProfileStatus.Published,
    establishmentCode: 'CP POITIERS VIVONNE',
    establishmentName: 'Centre pénitentiaire de Poitiers-Vivonne',
    createdBy: '3f0c1f8e-6b1a-4c55-9d7e-2a9b8f0e1d23',
    piiOverride: { justification: 'Nom de rue d’une formation', by: 'u-1', at: '2026-01-02T10:00:00.000Z' },
    consents: [{ givenOn: '2025-01-15' }],
    statusHistory: [{ status: 'draft' }],
    ageBand: '26-35',
    releaseFrom: '2027-03-14',
    releaseUntil: '2027-05-30',
    adjustments: [SentenceAdjustment.SemiLiberte, SentenceAdjustment.PlacementExterieur],
    exitPermits: true,
    soughtSolutions: [NeedSolution.Apprenticeship, NeedSolution.Sponsorship],
    targetRomeCodes: ['F1703', 'F1606'],
    targetBasinCodes: ['7513'],
    mobility: { licences: ['B'], hasVehicle: false, maxCommuteMinutes: 45 },
    languages: ['Français'],
    skills: ['Peinture intérieure'],
    experiences: [{ romeCode: 'F1606', sector: 'Bâtiment', months: 18 }],
    trainings: [{ title: 'CAP Peintre', level: 3, status: TrainingStatus.Obtained, inDetention: true }],
    project: 'Devenir peintre en bâtiment.',
    availability: 'Temps plein.',
    constraints: { avoidDepartments: ['16'], avoidRomeCodes: ['G1603'] },
    publishedAt: new Date('2026-02-03T09:00:00Z'),
    createdAt: new Date('2026-01-01T09:00:00Z'),
    updatedAt: new Date('2026-02-03T09:00:00Z'),
    occupations: [
      { code: 'F1606', label: 'Peinture en bâtiment' },
      { code: 'F1703', label: 'Maçonnerie' },
    ],
    basins: [{ code: '7513', name: 'POITIERS', departments: [{ code: '86', name: 'Vienne' }] }],
  };
  return { ...base, ...overrides };
};

/** Every key path of a value: `mobility.licences`, `trainings[]title`. */
const keysDeep = (value: unknown, path = ''): string[] => {
  if (Array.isArray(value)) return value.flatMap((item) => keysDeep(item, `${path}[]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => {
      const child = !path || path.endsWith('[]') ? `${path}${key}` : `${path}.${key}`;
      return [child, ...keysDeep(v, child)];
    });
  }
  return [];
};

describe('toEmployerView', () => {
  it('returns exactly the allowed keys, at every depth', () => {
    const view = toEmployerView(row());
    expect(Object.keys(view)).toEqual([...EMPLOYER_PROFILE_KEYS]);
    expect([...new Set(keysDeep(view))].sort()).toEqual(
      [
        'code',
        'project',
        'targetOccupations',
        'targetOccupations[]romeCode',
        'targetOccupations[]label',
        'targetOccupations[]rank',
        'targetBasins',
        'targetBasins[]code',
        'targetBasins[]name',
        'targetBasins[]departments',
        'targetBasins[]departments[]code',
        'targetBasins[]departments[]name',
        'skills',
        'soughtSolutions',
        'soughtSolutions[]code',
        'soughtSolutions[]label',
        'trainings',
        'trainings[]title',
        'trainings[]level',
        'trainings[]status',
        'trainings[]statusLabel',
        'languages',
        'mobility',
        'mobility.licences',
        'mobility.hasVehicle',
        'mobility.maxCommuteMinutes',
        'ageBand',
        'releaseSemester',
        'sentenceAdjustment',
        'sentenceAdjustment.possible',
        'sentenceAdjustment.kinds',
        'sentenceAdjustment.kinds[]code',
        'sentenceAdjustment.kinds[]label',
        'sentenceAdjustment.exitPermits',
        'availability',
      ].sort(),
    );
  });

  it('leaves out every internal value: establishment, owner, consents, constraints, override, exact dates, experiences, detention', () => {
    const json = JSON.stringify(toEmployerView(row()));
    for (const secret of [
      'CP POITIERS VIVONNE',
      'Poitiers-Vivonne',
      '9b2d7c4e',
      '0b6f8a52',
      '3f0c1f8e',
      'Nom de rue',
      '2025-01-15',
      '2027-03-14',
      '2027-05-30',
      '2026-02-03',
      'G1603',
      '"16"',
      'Bâtiment"',
      'inDetention',
      'draft',
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it('ranks the target occupations as written, labelled, and the basins with their departments', () => {
    const view = toEmployerView(row());
    expect(view.targetOccupations).toEqual([
      { romeCode: 'F1703', label: 'Maçonnerie', rank: 1 },
      { romeCode: 'F1606', label: 'Peinture en bâtiment', rank: 2 },
    ]);
    expect(view.targetBasins).toEqual([{ code: '7513', name: 'POITIERS', departments: [{ code: '86', name: 'Vienne' }] }]);
    expect(view.trainings).toEqual([{ title: 'CAP Peintre', level: 3, status: 'obtained', statusLabel: 'Obtenu' }]);
  });

  it('says whether a sentence adjustment is possible, and which', () => {
    expect(toEmployerView(row()).sentenceAdjustment).toEqual({
      possible: true,
      kinds: [
        { code: 'semi_liberte', label: 'Semi-liberté' },
        { code: 'placement_exterieur', label: 'Placement extérieur' },
      ],
      exitPermits: true,
    });
    expect(toEmployerView(row({ adjustments: [], exitPermits: null })).sentenceAdjustment).toEqual({ possible: false, kinds: [], exitPermits: null });
  });

  it('does not share arrays with the row', () => {
    const source = row();
    const view = toEmployerView(source);
    view.skills.push('x');
    view.mobility.licences.push('C');
    expect(source.skills).toEqual(['Peinture intérieure']);
    expect(source.mobility.licences).toEqual(['B']);
  });

  it('refuses a row without a release window rather than show a wrong semester', () => {
    expect(() => toEmployerView(row({ releaseFrom: null, releaseUntil: null }))).toThrow(/release window/);
  });
});

describe('releaseSemesterOf', () => {
  it.each([
    ['2027-01-01', '2027-06-30', '2027-S1'],
    ['2027-07-01', '2027-12-31', '2027-S2'],
    ['2027-06-30', null, '2027-S1'],
    ['2027-05-01', '2027-08-15', '2027-S1 / 2027-S2'],
    ['2027-11-01', '2028-02-01', '2027-S2 / 2028-S1'],
    ['2027-03-01', '2028-03-01', '2027-S1 à 2028-S1'],
  ])('%s – %s → %s', (from, until, expected) => {
    expect(releaseSemesterOf(from, until)).toBe(expected);
  });
});
