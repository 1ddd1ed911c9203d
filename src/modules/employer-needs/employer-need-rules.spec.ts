import { EmployerNeedStatus } from './employer-need';
import { addYears, confirmationBlockers, nextStatus, parisDate, publishBlockers, windowErrors } from './employer-need-rules';

describe('parisDate', () => {
  it('gives the calendar date in France, not in UTC', () => {
    expect(parisDate(new Date('2025-06-30T21:59:00Z'))).toBe('2025-06-30');
    expect(parisDate(new Date('2025-06-30T22:00:00Z'))).toBe('2025-07-01');
    expect(parisDate(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
  });
});

describe('addYears', () => {
  it('adds years, moving 29 February to 1 March of a common year', () => {
    expect(addYears('2025-03-15', 2)).toBe('2027-03-15');
    expect(addYears('2028-02-29', 2)).toBe('2030-03-01');
  });
});

describe('windowErrors', () => {
  const today = '2025-06-01';

  it('accepts an empty window, an open-ended start, a one-day window and a start exactly two years ahead', () => {
    expect(windowErrors(null, null, today)).toEqual([]);
    expect(windowErrors('2025-07-01', null, today)).toEqual([]);
    expect(windowErrors('2025-07-01', '2025-07-01', today)).toEqual([]);
    expect(windowErrors('2027-06-01', '2027-12-31', today)).toEqual([]);
  });

  it('refuses an end before the start, naming the end', () => {
    expect(windowErrors('2025-09-01', '2025-08-31', today)).toEqual([{ field: 'startUntil', message: 'La date de fin (31/08/2025) précède la date de début (01/09/2025).' }]);
  });

  it('refuses an end without a start', () => {
    expect(windowErrors(null, '2025-08-31', today)).toEqual([{ field: 'startFrom', message: expect.stringContaining('date de début') }]);
  });

  it('refuses a start more than two years ahead, with the latest allowed date', () => {
    expect(windowErrors('2027-06-02', null, today)).toEqual([{ field: 'startFrom', message: expect.stringContaining('au plus tard le 01/06/2027') }]);
  });
});

describe('publishBlockers', () => {
  const today = '2025-06-01';

  it('lets a complete need with a current window through', () => {
    expect(publishBlockers({ solutions: ['job'], startFrom: '2025-05-01', startUntil: '2025-06-01' }, today)).toEqual([]);
  });

  it('names every missing field', () => {
    expect(publishBlockers({ solutions: [], startFrom: null, startUntil: null }, today).map((e) => e.field)).toEqual(['solutions', 'startFrom', 'startUntil']);
  });

  it('refuses a window that is already over', () => {
    expect(publishBlockers({ solutions: ['job'], startFrom: '2025-01-01', startUntil: '2025-05-31' }, today)).toEqual([
      { field: 'startUntil', message: expect.stringContaining('terminée depuis le 31/05/2025') },
    ]);
  });
});

describe('nextStatus', () => {
  it.each([
    [EmployerNeedStatus.Draft, 'publish', EmployerNeedStatus.Published],
    [EmployerNeedStatus.Published, 'publish', null],
    [EmployerNeedStatus.Closed, 'publish', null],
    [EmployerNeedStatus.Draft, 'close', EmployerNeedStatus.Closed],
    [EmployerNeedStatus.Published, 'close', EmployerNeedStatus.Closed],
    [EmployerNeedStatus.Closed, 'close', null],
  ] as const)('%s + %s → %s', (current, action, expected) => {
    expect(nextStatus(current, action)).toBe(expected);
  });
});

describe('confirmationBlockers', () => {
  const today = '2025-06-01';

  it('accepts a need whose start window runs until today or later', () => {
    expect(confirmationBlockers({ startUntil: '2025-06-01' }, today)).toEqual([]);
    expect(confirmationBlockers({ startUntil: '2025-09-30' }, today)).toEqual([]);
  });

  it('refuses a need whose start window is over, naming the field and the date', () => {
    expect(confirmationBlockers({ startUntil: '2025-05-31' }, today)).toEqual([
      { field: 'startUntil', message: 'La période de démarrage est terminée depuis le 31/05/2025 : indiquez la nouvelle période.' },
    ]);
  });
});
