import { DeclineReason, HireContractType, IntroductionOutcome, IntroductionStatus, NoFollowUpReason } from './introduction';
import {
  actorMayEver,
  addDays,
  agreementDateErrors,
  allowedActions,
  awaitedSide,
  contactShared,
  declineReasonErrors,
  isPaused,
  meetingDateErrors,
  nextMonthStart,
  nextStatus,
  outcomeErrors,
  parisMonthStart,
} from './introduction-rules';

const { Requested, Proposed, Accepted, Introduced, MeetingPlanned, Concluded, Declined, Withdrawn, Expired } = IntroductionStatus;

describe('nextStatus', () => {
  it.each([
    // A request: the counsellor answers, introduces, follows up; the employer may withdraw until introduced.
    [Requested, 'accept', 'partner', Accepted],
    [Requested, 'accept', 'employer', null],
    [Requested, 'decline', 'partner', Declined],
    [Requested, 'decline', 'employer', null],
    [Requested, 'withdraw', 'employer', Withdrawn],
    [Requested, 'withdraw', 'partner', null],
    [Requested, 'introduce', 'partner', null],
    [Accepted, 'introduce', 'partner', Introduced],
    [Accepted, 'introduce', 'employer', null],
    [Accepted, 'decline', 'partner', Declined],
    [Accepted, 'withdraw', 'employer', Withdrawn],
    [Accepted, 'accept', 'partner', null],
    [Introduced, 'withdraw', 'employer', null],
    [Introduced, 'plan_meeting', 'partner', MeetingPlanned],
    [Introduced, 'plan_meeting', 'employer', null],
    [MeetingPlanned, 'plan_meeting', 'partner', MeetingPlanned],
    [Introduced, 'record_outcome', 'partner', Concluded],
    [MeetingPlanned, 'record_outcome', 'partner', Concluded],
    [MeetingPlanned, 'record_outcome', 'employer', null],
    [Accepted, 'record_outcome', 'partner', null],
    // A proposal: the employer's acceptance is the introduction.
    [Proposed, 'accept', 'employer', Introduced],
    [Proposed, 'accept', 'partner', null],
    [Proposed, 'decline', 'employer', Declined],
    [Proposed, 'decline', 'partner', null],
    [Proposed, 'withdraw', 'partner', Withdrawn],
    [Proposed, 'withdraw', 'employer', null],
    // Only what waits for an answer expires, and only the sweep expires it.
    [Requested, 'expire', 'system', Expired],
    [Proposed, 'expire', 'system', Expired],
    [Accepted, 'expire', 'system', null],
    [Requested, 'expire', 'partner', null],
  ] as const)('%s + %s by %s → %s', (current, action, actor, expected) => {
    expect(nextStatus(current, action, actor)).toBe(expected);
  });

  it('lets nothing leave a final status', () => {
    for (const status of [Concluded, Declined, Withdrawn, Expired]) {
      for (const actor of ['employer', 'partner', 'system'] as const) expect(allowedActions(status, actor)).toEqual([]);
    }
  });
});

describe('actorMayEver', () => {
  it('tells moves that are never a side’s (403) from moves the status forbids (409)', () => {
    expect(actorMayEver('introduce', 'employer')).toBe(false);
    expect(actorMayEver('plan_meeting', 'employer')).toBe(false);
    expect(actorMayEver('record_outcome', 'employer')).toBe(false);
    expect(actorMayEver('expire', 'partner')).toBe(false);
    expect(actorMayEver('accept', 'employer')).toBe(true);
    expect(actorMayEver('withdraw', 'partner')).toBe(true);
  });
});

describe('allowedActions, awaitedSide, contactShared', () => {
  it('lists each side’s moves in a stable order', () => {
    expect(allowedActions(Requested, 'partner')).toEqual(['accept', 'decline']);
    expect(allowedActions(Requested, 'employer')).toEqual(['withdraw']);
    expect(allowedActions(Proposed, 'employer')).toEqual(['accept', 'decline']);
    expect(allowedActions(Proposed, 'partner')).toEqual(['withdraw']);
    expect(allowedActions(Accepted, 'partner')).toEqual(['decline', 'introduce']);
    expect(allowedActions(MeetingPlanned, 'partner')).toEqual(['plan_meeting', 'record_outcome']);
    expect(allowedActions(MeetingPlanned, 'employer')).toEqual([]);
  });

  it('says whose turn it is', () => {
    expect(awaitedSide(Requested)).toBe('partner');
    expect(awaitedSide(Proposed)).toBe('employer');
    expect(awaitedSide(Introduced)).toBe('partner');
    expect(awaitedSide(Expired)).toBeNull();
  });

  it('shares the counsellor’s contact with the employer only from the introduction on', () => {
    expect([Requested, Proposed, Accepted, Declined, Withdrawn, Expired].map(contactShared)).toEqual([false, false, false, false, false, false]);
    expect([Introduced, MeetingPlanned, Concluded].map(contactShared)).toEqual([true, true, true]);
  });
});

describe('declineReasonErrors', () => {
  it('accepts a side’s own reasons and `other` for both', () => {
    expect(declineReasonErrors(DeclineReason.CandidateDeclined, 'partner')).toEqual([]);
    expect(declineReasonErrors(DeclineReason.NoPosition, 'employer')).toEqual([]);
    expect(declineReasonErrors(DeclineReason.Other, 'partner')).toEqual([]);
    expect(declineReasonErrors(DeclineReason.Other, 'employer')).toEqual([]);
  });

  it('refuses the other side’s reasons, naming the field', () => {
    expect(declineReasonErrors(DeclineReason.CandidateDeclined, 'employer')).toEqual([{ field: 'reason', message: expect.stringContaining('de l’employeur') }]);
    expect(declineReasonErrors(DeclineReason.ProfileMismatch, 'partner')).toEqual([{ field: 'reason', message: expect.stringContaining('du conseiller') }]);
  });
});

describe('agreementDateErrors and meetingDateErrors', () => {
  it('refuses an agreement in the future or before the request', () => {
    expect(agreementDateErrors('2026-03-10', '2026-03-10', '2026-03-01')).toEqual([]);
    expect(agreementDateErrors('2026-03-11', '2026-03-10', null)).toEqual([{ field: 'candidateAgreedOn', message: expect.stringContaining('futur') }]);
    expect(agreementDateErrors('2026-02-28', '2026-03-10', '2026-03-01')).toEqual([{ field: 'candidateAgreedOn', message: expect.stringContaining('reçue le 01/03/2026') }]);
    expect(agreementDateErrors('2025-12-01', '2026-03-10', null)).toEqual([]);
  });

  it('keeps a meeting after the introduction began and within a year', () => {
    expect(meetingDateErrors('2026-03-20', '2026-03-10', '2026-03-01')).toEqual([]);
    expect(meetingDateErrors('2026-02-20', '2026-03-10', '2026-03-01').map((e) => e.field)).toEqual(['meetingOn']);
    expect(meetingDateErrors('2027-03-10', '2026-03-10', '2026-03-01')).toEqual([]);
    expect(meetingDateErrors('2027-03-11', '2026-03-10', '2026-03-01')).toEqual([{ field: 'meetingOn', message: expect.stringContaining('10/03/2027') }]);
  });
});

describe('outcomeErrors', () => {
  it('asks a hire for its contract and a lack of follow-up for its reason, and nothing else', () => {
    expect(outcomeErrors(IntroductionOutcome.Hired, HireContractType.Cdi, null)).toEqual([]);
    expect(outcomeErrors(IntroductionOutcome.NoFollowUp, null, NoFollowUpReason.NotRetained)).toEqual([]);
    expect(outcomeErrors(IntroductionOutcome.Training, null, null)).toEqual([]);
    expect(outcomeErrors(IntroductionOutcome.Hired, null, null).map((e) => e.field)).toEqual(['contractType']);
    expect(outcomeErrors(IntroductionOutcome.NoFollowUp, null, null).map((e) => e.field)).toEqual(['reason']);
    expect(outcomeErrors(IntroductionOutcome.Immersion, HireContractType.Cdd, NoFollowUpReason.Other).map((e) => e.field)).toEqual(['contractType', 'reason']);
  });
});

describe('calendar helpers', () => {
  it('finds the Paris midnight that began the month, in winter and in summer time', () => {
    expect(parisMonthStart(new Date('2026-01-15T10:00:00Z')).toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(parisMonthStart(new Date('2026-07-15T10:00:00Z')).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // 23:30 UTC on 31 March is already 1 April in Paris.
    expect(parisMonthStart(new Date('2026-03-31T23:30:00Z')).toISOString()).toBe('2026-03-31T22:00:00.000Z');
    // 22:30 UTC on 31 October is still October in Paris (winter time, UTC+1).
    expect(parisMonthStart(new Date('2026-10-31T22:30:00Z')).toISOString()).toBe('2026-09-30T22:00:00.000Z');
  });

  it('gives the first day of the next month and adds days across month ends', () => {
    expect(nextMonthStart('2026-01-31')).toBe('2026-02-01');
    expect(nextMonthStart('2026-12-05')).toBe('2027-01-01');
    expect(addDays('2026-02-20', 14)).toBe('2026-03-06');
  });

  it('holds a pause through its last day', () => {
    expect(isPaused('2026-03-10', '2026-03-10')).toBe(true);
    expect(isPaused('2026-03-09', '2026-03-10')).toBe(false);
    expect(isPaused(null, '2026-03-10')).toBe(false);
  });
});
