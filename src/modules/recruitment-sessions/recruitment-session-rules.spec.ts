import {
  availabilityErrors,
  frenchLongDate,
  frenchTime,
  intersectRounds,
  nafSection,
  organisationRelevance,
  organisationSectors,
  roundCount,
  roundsWithin,
  roundTimes,
  sessionErrors,
  SECTOR_BONUS,
} from './recruitment-session-rules';

const DAY = { dayStartsAt: '09:00', dayEndsAt: '17:00', slotMinutes: 30, breakMinutes: 10 };

describe('recruitment session rules', () => {
  it('counts the slots that fit in the day, the last one needing no break after it', () => {
    expect(roundCount(DAY)).toBe(12);
    expect(roundCount({ ...DAY, dayEndsAt: '09:30' })).toBe(1);
    expect(roundCount({ ...DAY, dayEndsAt: '09:29' })).toBe(0);
    expect(roundCount({ ...DAY, dayEndsAt: '10:10', breakMinutes: 10 })).toBe(2);
    expect(roundCount({ ...DAY, breakMinutes: 0 })).toBe(16);
  });

  it('gives each round its local times', () => {
    const rounds = roundTimes(DAY);
    expect(rounds[0]).toEqual({ round: 0, startsAt: '09:00', endsAt: '09:30' });
    expect(rounds[11]).toEqual({ round: 11, startsAt: '16:20', endsAt: '16:50' });
  });

  it('keeps the rounds held entirely within an organisation’s hours, and intersects two organisations', () => {
    const rounds = roundTimes(DAY);
    expect(roundsWithin(rounds, '09:00', '12:30')).toEqual([0, 1, 2, 3, 4]);
    expect(roundsWithin(rounds, '09:05', '10:10')).toEqual([1]);
    expect(roundsWithin(rounds, '14:00', '17:00')).toEqual([8, 9, 10, 11]);
    expect(intersectRounds([0, 1, 2, 3, 4], [1, 3, 8])).toEqual([1, 3]);
  });

  it('reads the NAF section of an APE code', () => {
    expect(nafSection('43.21A')).toBe('F');
    expect(nafSection('4321A')).toBe('F');
    expect(nafSection('10.71C')).toBe('C');
    expect(nafSection('78.20Z')).toBe('N');
    expect(nafSection('85.59A')).toBe('P');
    expect(nafSection(null)).toBeNull();
    expect(nafSection('abc')).toBeNull();
  });

  it('takes sectors from the published needs first, from the NAF section otherwise, telling the two apart', () => {
    expect(organisationSectors(['N', 'F', 'F'], '78.20Z')).toEqual(['ROME F', 'ROME N']);
    expect(organisationSectors([], '78.20Z')).toEqual(['NAF N']);
    expect(organisationSectors([], null)).toEqual([]);
  });

  it('scales the best need score to [0, 1] with a bonus for the candidate’s domain', () => {
    expect(organisationRelevance(80, ['K2204'], ['F'])).toBeCloseTo(0.8);
    expect(organisationRelevance(80, ['F1606'], ['F'])).toBeCloseTo(0.8 + SECTOR_BONUS);
    expect(organisationRelevance(null, ['F1606'], ['F'])).toBeCloseTo(SECTOR_BONUS);
    expect(organisationRelevance(null, ['F1606'], [])).toBe(0);
    expect(organisationRelevance(100, ['F1606'], ['F'])).toBe(1);
  });

  it('explains inconsistent dates and hours field by field', () => {
    const ok = { ...DAY, coachingOn: '2027-01-12', interviewOn: '2027-01-14', grandOralOn: '2027-01-15' };
    expect(sessionErrors(ok)).toEqual([]);
    expect(sessionErrors({ ...ok, coachingOn: '2027-01-20' }).map((e) => e.field)).toEqual(['coachingOn']);
    expect(sessionErrors({ ...ok, grandOralOn: '2027-01-13' })[0].message).toContain('13/01/2027');
    expect(sessionErrors({ ...ok, dayEndsAt: '08:00' }).map((e) => e.field)).toEqual(['dayEndsAt']);
    expect(sessionErrors({ ...ok, dayEndsAt: '09:20' })[0]).toEqual({ field: 'slotMinutes', message: 'Aucun entretien de 30 minutes ne tient entre 9 h 00 et 9 h 20.' });
  });

  it('refuses hours that end before they start or miss the interview day', () => {
    expect(availabilityErrors(DAY, '09:00', '12:00')).toEqual([]);
    expect(availabilityErrors(DAY, '12:00', '09:00')[0].field).toBe('availableUntil');
    expect(availabilityErrors(DAY, '17:30', '18:00')[0].field).toBe('availableFrom');
  });

  it('writes times and days in French', () => {
    expect(frenchTime('09:05')).toBe('9 h 05');
    expect(frenchTime('14:30:00')).toBe('14 h 30');
    expect(frenchLongDate('2027-01-14')).toBe('jeudi 14 janvier 2027');
  });
});
