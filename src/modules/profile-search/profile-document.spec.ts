import { EMPLOYER_PROFILE_KEYS, EmployerProfileDto } from '../candidates/employer-view.mapper';
import { languageKey, releaseRange, semesterNumber, toProfileDocument } from './profile-document';

const view = (overrides: Partial<EmployerProfileDto> = {}): EmployerProfileDto => ({
  code: 'PSG-7K3Q',
  project: 'Devenir peintre en bâtiment.',
  targetOccupations: [
    { romeCode: 'F1606', label: 'Peinture en bâtiment', rank: 1 },
    { romeCode: 'F1604', label: 'Montage de structures et de charpentes bois', rank: 2 },
    { romeCode: 'N1103', label: 'Magasinage et préparation de commandes', rank: 3 },
  ],
  targetBasins: [
    { code: '7513', name: 'POITIERS', departments: [{ code: '86', name: 'Vienne' }] },
    { code: '2401', name: 'BOURGES', departments: [{ code: '18', name: 'Cher' }, { code: '36', name: 'Indre' }] },
  ],
  skills: ['Ponçage'],
  trainings: [
    { title: 'CAP Peintre', level: 3, status: 'obtained' as never, statusLabel: 'Obtenu' },
    { title: 'Titre pro', level: 4, status: 'in_progress' as never, statusLabel: 'En cours' },
    { title: 'Habilitation', level: null, status: 'obtained' as never, statusLabel: 'Obtenu' },
  ],
  languages: ['Français', ' français ', 'ANGLAIS'],
  mobility: { licences: ['B', 'CACES_R489'], hasVehicle: null, maxCommuteMinutes: null },
  ageBand: '26-35',
  releaseSemester: '2027-S1 / 2027-S2',
  sentenceAdjustment: { possible: true, kinds: [{ code: 'semi_liberte' as never, label: 'Semi-liberté' }], exitPermits: true },
  soughtSolutions: [{ code: 'job' as never, label: 'Emploi' }],
  availability: null,
  ...overrides,
});

const reference = {
  basinRegions: new Map<string, string | null>([
    ['7513', '75'],
    ['2401', '24'],
  ]),
  appellations: new Map<string, string[]>([
    ['F1606', ['Peintre en bâtiment', 'Peintre décorateur / Peintre décoratrice']],
    ['F1604', ['Charpentier / Charpentière bois']],
  ]),
};

describe('semesters', () => {
  it('numbers semesters so that they sort and compare in time order', () => {
    expect(semesterNumber('2027-S1')).toBe(4054);
    expect(semesterNumber('2027-S2')).toBe(4055);
    expect(semesterNumber('2028-S1')).toBe(4056);
    expect(() => semesterNumber('2027-S3')).toThrow(/not a semester/);
  });

  it.each([
    ['2027-S1', 4054, 4054],
    ['2027-S1 / 2027-S2', 4054, 4055],
    ['2027-S2 à 2028-S2', 4055, 4057],
  ])('reads the first and last semesters of "%s"', (text, start, end) => {
    expect(releaseRange(text)).toEqual({ start, end });
  });

  it('refuses a window without a semester', () => {
    expect(() => releaseRange('bientôt')).toThrow(/no semester/);
  });
});

describe('toProfileDocument', () => {
  it('keeps the employer view as it is and derives filter fields from it', () => {
    const doc = toProfileDocument(view(), 1_700_000_000_123, reference);
    for (const key of EMPLOYER_PROFILE_KEYS) expect(doc[key]).toEqual(view()[key]);
    expect(doc).toMatchObject({
      romeCodes: ['F1606', 'F1604', 'N1103'],
      romeDomains: ['F16', 'N11'],
      romeGrandDomains: ['F', 'N'],
      occupationTitles: ['Peintre en bâtiment', 'Peintre décorateur / Peintre décoratrice', 'Charpentier / Charpentière bois'],
      basinCodes: ['7513', '2401'],
      departmentCodes: ['86', '18', '36'],
      regionCodes: ['75', '24'],
      releaseStart: 4054,
      releaseEnd: 4055,
      adjustmentPossible: true,
      adjustmentKinds: ['semi_liberte'],
      licences: ['B', 'CACES_R489'],
      languageKeys: ['Français', 'Anglais'],
      certificationLevels: [3],
      solutionCodes: ['job'],
      version: 1_700_000_000_123,
    });
  });

  it('adds nothing but the view and the derived fields', () => {
    const doc = toProfileDocument(view(), 1, reference);
    const derived = ['romeCodes', 'romeDomains', 'romeGrandDomains', 'occupationTitles', 'basinCodes', 'departmentCodes', 'regionCodes', 'releaseStart', 'releaseEnd', 'adjustmentPossible', 'adjustmentKinds', 'licences', 'languageKeys', 'certificationLevels', 'solutionCodes', 'version'];
    expect(Object.keys(doc).sort()).toEqual([...EMPLOYER_PROFILE_KEYS, ...derived].sort());
  });

  it('copes with basins without region and occupations without appellations', () => {
    const doc = toProfileDocument(view({ targetBasins: [{ code: '9999', name: 'X', departments: [] }], targetOccupations: [{ romeCode: 'A1101', label: 'x', rank: 1 }] }), 1, reference);
    expect(doc.regionCodes).toEqual([]);
    expect(doc.occupationTitles).toEqual([]);
    expect(doc.departmentCodes).toEqual([]);
  });
});

describe('languageKey', () => {
  it.each([
    ['français', 'Français'],
    ['  FRANÇAIS  ', 'Français'],
    ['langue   des signes', 'Langue des signes'],
  ])('folds %j to %j', (input, key) => expect(languageKey(input)).toBe(key));
});
