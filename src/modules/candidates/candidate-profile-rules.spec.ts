import { CandidateProfileStatus, TrainingStatus } from './candidate-profile';
import { CODE_ALPHABET, generateProfileCode, nextStatus, profilePiiFindings, publishBlockers, releaseWindowErrors } from './candidate-profile-rules';

describe('generateProfileCode', () => {
  it('draws PSG- and four characters without look-alikes', () => {
    const codes = Array.from({ length: 500 }, generateProfileCode);
    for (const code of codes) expect(code).toMatch(/^PSG-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$/);
    expect(CODE_ALPHABET).not.toMatch(/[01ILO]/);
    // 500 draws from 31^4 codes: a handful of repeats at most, never a constant.
    expect(new Set(codes).size).toBeGreaterThan(490);
  });
});

describe('releaseWindowErrors', () => {
  it('accepts an empty, an open-ended and a one-day window', () => {
    expect(releaseWindowErrors(null, null)).toEqual([]);
    expect(releaseWindowErrors('2026-09-01', null)).toEqual([]);
    expect(releaseWindowErrors('2026-09-01', '2026-09-01')).toEqual([]);
  });

  it('refuses an inverted window naming its end, and an end without a start', () => {
    expect(releaseWindowErrors('2026-09-02', '2026-09-01')).toEqual([{ field: 'releaseUntil', message: expect.stringContaining('(01/09/2026) précède son début (02/09/2026)') }]);
    expect(releaseWindowErrors(null, '2026-09-01').map((e) => e.field)).toEqual(['releaseFrom']);
  });
});

describe('publishBlockers', () => {
  it('names each missing field', () => {
    expect(publishBlockers({ targetRomeCodes: [], targetBasinCodes: ['7513'], releaseFrom: null, releaseUntil: '2026-12-31' }).map((e) => e.field)).toEqual([
      'targetRomeCodes',
      'releaseFrom',
    ]);
    expect(publishBlockers({ targetRomeCodes: ['F1606'], targetBasinCodes: ['7513'], releaseFrom: '2026-09-01', releaseUntil: '2026-12-31' })).toEqual([]);
  });
});

describe('nextStatus', () => {
  const { Draft, Published, Paused, Placed, Archived } = CandidateProfileStatus;
  it.each([
    [Draft, 'publish', Published],
    [Paused, 'publish', null],
    [Published, 'pause', Paused],
    [Draft, 'pause', null],
    [Paused, 'resume', Published],
    [Published, 'resume', null],
    [Published, 'placed', Placed],
    [Paused, 'placed', Placed],
    [Draft, 'placed', null],
    [Draft, 'archive', Archived],
    [Placed, 'archive', Archived],
    [Archived, 'archive', null],
    [Archived, 'publish', null],
  ] as const)('%s + %s → %s', (current, action, expected) => {
    expect(nextStatus(current, action)).toBe(expected);
  });
});

describe('profilePiiFindings', () => {
  it('names the field of each finding like validation errors, with spans of that field', () => {
    const findings = profilePiiFindings(
      {
        project: 'Projet clair.',
        availability: null,
        skills: ['Peinture', 'Écrire à jean.martin@example.org'],
        experiences: [{ romeCode: null, sector: 'Appeler le 06 12 34 56 78', months: 3 }],
        trainings: [{ title: 'CAP passé à la maison d’arrêt de Niort', level: 3, status: TrainingStatus.Obtained, inDetention: true }],
      },
      ['Maison d’arrêt de Niort'],
    );
    expect(findings.map(({ field, kind, start, end, excerpt }) => ({ field, kind, start, end, excerpt }))).toEqual([
      { field: 'skills.1', kind: 'email', start: 9, end: 32, excerpt: 'jean.martin@example.org' },
      { field: 'experiences.0.sector', kind: 'phone', start: 11, end: 25, excerpt: '06 12 34 56 78' },
      { field: 'trainings.0.title', kind: 'establishment', start: 15, end: 38, excerpt: 'maison d’arrêt de Niort' },
    ]);
  });
});
