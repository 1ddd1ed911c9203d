import { anonymityReport, QuasiIdentifiers, quasiIdentifiersOf } from './k-anonymity';

const qi = (ageBand: string | null, releaseSemester: string, department: string | null): QuasiIdentifiers => ({ ageBand, releaseSemester, department });
const times = (n: number, item: QuasiIdentifiers) => Array.from({ length: n }, () => ({ ...item }));

describe('anonymityReport', () => {
  it('measures k as the smallest class and lists the classes below 5 as counts, smallest first', () => {
    const items = [
      ...times(6, qi('26-35', '2027-S1', '86')),
      ...times(5, qi('18-25', '2027-S1', '86')),
      ...times(3, qi('26-35', '2027-S2', '86')),
      ...times(1, qi('56+', '2027-S1 / 2027-S2', '14')),
      ...times(2, qi(null, '2027-S1', null)),
    ];
    const report = anonymityReport(items);
    expect(report).toEqual({
      threshold: 5,
      publishedCount: 17,
      classCount: 5,
      k: 1,
      smallClasses: [
        { ageBand: '56+', releaseSemester: '2027-S1 / 2027-S2', department: '14', size: 1 },
        { ageBand: null, releaseSemester: '2027-S1', department: null, size: 2 },
        { ageBand: '26-35', releaseSemester: '2027-S2', department: '86', size: 3 },
      ],
      profilesInSmallClasses: 6,
      shareInSmallClasses: 6 / 17,
    });
  });

  it('reports k ≥ 5 with no small class when every class is large enough', () => {
    const report = anonymityReport([...times(5, qi('26-35', '2027-S1', '86')), ...times(7, qi('36-45', '2027-S1', '86'))]);
    expect(report).toMatchObject({ k: 5, classCount: 2, smallClasses: [], profilesInSmallClasses: 0, shareInSmallClasses: 0 });
  });

  it('has no k when nothing is published', () => {
    expect(anonymityReport([])).toEqual({ threshold: 5, publishedCount: 0, classCount: 0, k: null, smallClasses: [], profilesInSmallClasses: 0, shareInSmallClasses: 0 });
  });

  it('does not merge values that only look alike once concatenated', () => {
    expect(anonymityReport([qi('1', '2', '3'), qi('12', '', '3')]).classCount).toBe(2);
  });
});

describe('quasiIdentifiersOf', () => {
  it('generalises the window to semesters and the first basin to its department(s)', () => {
    expect(quasiIdentifiersOf({ ageBand: '26-35', releaseFrom: '2027-05-01', releaseUntil: '2027-08-01', firstBasinDepartments: ['86', '16'] })).toEqual({
      ageBand: '26-35',
      releaseSemester: '2027-S1 / 2027-S2',
      department: '16/86',
    });
    expect(quasiIdentifiersOf({ ageBand: null, releaseFrom: '2027-01-10', releaseUntil: null, firstBasinDepartments: [] })).toEqual({
      ageBand: null,
      releaseSemester: '2027-S1',
      department: null,
    });
  });
});
