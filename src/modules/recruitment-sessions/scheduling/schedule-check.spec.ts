import { checkSchedule } from './schedule-check';
import { ScheduledInterview, ScheduleInstance } from './scheduling.types';

// B3 shares the organisation O1 with B1 (a data error the checker must still see).
const instance: ScheduleInstance = {
  rounds: 3,
  rooms: ['S1', 'S2'],
  candidates: [{ id: 'PSG-AAAA' }, { id: 'PSG-BBBB' }],
  binomes: [
    { id: 'B1', organisationIds: ['O1', 'O2'], availableRounds: [0, 1, 2] },
    { id: 'B2', organisationIds: ['O3', 'O4'], availableRounds: [0, 1] },
    { id: 'B3', organisationIds: ['O1', 'O5'], availableRounds: [0, 1, 2] },
  ],
  relevance: [
    [0.5, 0.5, 0.5],
    [0.5, 0.5, 0.5],
  ],
  meetingsPerCandidate: 2,
  candidateUnavailableRounds: { 'PSG-BBBB': [2] },
};

const valid: ScheduledInterview[] = [
  { candidateId: 'PSG-AAAA', binomeId: 'B1', round: 0, roomId: 'S1' },
  { candidateId: 'PSG-AAAA', binomeId: 'B2', round: 1, roomId: 'S2' },
  { candidateId: 'PSG-BBBB', binomeId: 'B2', round: 0, roomId: 'S2' },
  { candidateId: 'PSG-BBBB', binomeId: 'B1', round: 1, roomId: 'S1' },
];

const codes = (interviews: ScheduledInterview[]) => checkSchedule(instance, interviews).map((violation) => violation.code);

describe('checkSchedule', () => {
  it('accepts a schedule that keeps every rule', () => {
    expect(checkSchedule(instance, valid)).toEqual([]);
  });

  it('sees a candidate with two interviews in one round', () => {
    const moved = valid.map((i) => (i.candidateId === 'PSG-AAAA' && i.binomeId === 'B2' ? { ...i, round: 0 } : i));
    const violations = checkSchedule(instance, moved).filter((v) => v.code === 'candidate_double_booked');
    expect(violations).toEqual([
      { code: 'candidate_double_booked', message: 'Le candidat PSG-AAAA a 2 entretiens au créneau n° 1 (B1, B2).', candidateId: 'PSG-AAAA', round: 0 },
    ]);
  });

  it('sees a binôme with two interviews in one round', () => {
    const moved = valid.map((i) => (i.candidateId === 'PSG-BBBB' && i.binomeId === 'B1' ? { ...i, round: 0, roomId: 'S2' } : i));
    const violations = checkSchedule(instance, moved);
    expect(violations.find((v) => v.code === 'binome_double_booked')).toMatchObject({ binomeId: 'B1', round: 0 });
    expect(violations.find((v) => v.code === 'binome_double_booked')?.message).toBe(
      'Le binôme B1 a 2 entretiens au créneau n° 1 (PSG-AAAA, PSG-BBBB).',
    );
  });

  it('sees an organisation expected in two binômes in the same round', () => {
    const moved = [...valid, { candidateId: 'PSG-BBBB', binomeId: 'B3', round: 2, roomId: 'S1' }, { candidateId: 'PSG-AAAA', binomeId: 'B1', round: 2, roomId: 'S2' }];
    const violations = checkSchedule(instance, moved).filter((v) => v.code === 'organisation_double_booked');
    expect(violations).toEqual([
      {
        code: 'organisation_double_booked',
        message: 'L’organisation O1 est attendue dans 2 binômes au créneau n° 3 (B3, B1).',
        organisationId: 'O1',
        round: 2,
      },
    ]);
  });

  it('sees a room hosting two interviews in one round', () => {
    const moved = valid.map((i) => (i.round === 0 ? { ...i, roomId: 'S1' } : i));
    expect(checkSchedule(instance, moved).filter((v) => v.code === 'room_double_booked')).toEqual([
      { code: 'room_double_booked', message: 'La salle S1 accueille 2 entretiens au créneau n° 1.', roomId: 'S1', round: 0 },
    ]);
  });

  it('sees a binôme outside its availability and a candidate outside theirs', () => {
    const moved = valid.map((i) => (i.candidateId === 'PSG-AAAA' && i.binomeId === 'B2' ? { ...i, round: 2 } : i));
    expect(codes(moved)).toEqual(['binome_unavailable']);
    const busy = valid.map((i) => (i.candidateId === 'PSG-BBBB' && i.binomeId === 'B1' ? { ...i, round: 2 } : i));
    const violations = checkSchedule(instance, busy);
    expect(violations).toEqual([
      {
        code: 'candidate_unavailable',
        message: 'Le candidat PSG-BBBB n’est pas disponible au créneau n° 3 (entretien avec B1).',
        candidateId: 'PSG-BBBB',
        binomeId: 'B1',
        round: 2,
      },
    ]);
  });

  it('sees a candidate meeting the same binôme twice, which also leaves them short of distinct binômes', () => {
    const repeated = valid.map((i) => (i.candidateId === 'PSG-AAAA' && i.binomeId === 'B2' ? { ...i, binomeId: 'B1', round: 2 } : i));
    const violations = checkSchedule(instance, repeated);
    expect(violations.map((v) => v.code)).toEqual(['repeat_meeting', 'too_few_meetings']);
    expect(violations[0].message).toBe('Le candidat PSG-AAAA rencontre 2 fois le binôme B1.');
    expect(violations[1].message).toBe('Le candidat PSG-AAAA rencontre moins de 2 binômes (1).');
  });

  it('sees candidates with too few meetings, including one with none', () => {
    const violations = checkSchedule(instance, valid.slice(0, 1));
    expect(violations.map((v) => [v.code, v.candidateId])).toEqual([
      ['too_few_meetings', 'PSG-AAAA'],
      ['too_few_meetings', 'PSG-BBBB'],
    ]);
    expect(violations[1].message).toBe('Le candidat PSG-BBBB rencontre moins de 2 binômes (0).');
  });

  it('sees unknown candidates, binômes and rooms, and rounds outside the day', () => {
    const bad: ScheduledInterview[] = [
      ...valid,
      { candidateId: 'PSG-ZZZZ', binomeId: 'B9', round: 1, roomId: 'S9' },
      { candidateId: 'PSG-AAAA', binomeId: 'B3', round: 3, roomId: 'S1' },
      { candidateId: 'PSG-AAAA', binomeId: 'B3', round: 0.5, roomId: 'S1' },
    ];
    const violations = checkSchedule(instance, bad);
    expect(violations.map((v) => v.code)).toEqual(['unknown_reference', 'unknown_reference', 'unknown_reference', 'round_out_of_range', 'round_out_of_range']);
    expect(violations.map((v) => v.message)).toEqual([
      'Le candidat PSG-ZZZZ ne fait pas partie de la session.',
      'Le binôme B9 ne fait pas partie de la session.',
      'La salle S9 ne fait pas partie de la session.',
      'L’entretien de PSG-AAAA avec B3 est prévu hors de la journée (créneau 4 sur 3).',
      'L’entretien de PSG-AAAA avec B3 est prévu hors de la journée (créneau 1.5 sur 3).',
    ]);
  });

  it('uses three meetings per candidate when the instance does not say', () => {
    const { meetingsPerCandidate: _ignored, ...withDefault } = instance;
    const violations = checkSchedule(withDefault, valid);
    expect(violations.map((v) => v.message)).toEqual([
      'Le candidat PSG-AAAA rencontre moins de 3 binômes (2).',
      'Le candidat PSG-BBBB rencontre moins de 3 binômes (2).',
    ]);
  });
});
