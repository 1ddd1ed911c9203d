import { ProposalKind, ProposalStatus } from './session-debrief';
import { ACCEPTANCE_CLAIM_TTL_MS, claimHeld, generatedOrder, moveInOrder, piiErrors, planProposals, proposalErrors, recordingBlock } from './session-debrief-rules';
import type { ExistingProposal, NewProposal } from './session-debriefs.repository';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const SPONSOR = '33333333-3333-4333-8333-333333333333';

const proposal = (kind: ProposalKind, organisationId = A, extra: Partial<NewProposal> = {}): NewProposal => ({ kind, organisationId, detail: null, contractType: null, sponsorUserId: null, ...extra });
const stored = (id: string, status: ProposalStatus, p: NewProposal): ExistingProposal => ({ ...p, id, status });

describe('proposalErrors', () => {
  it('accepts sound proposals from both organisations of the binôme', () => {
    expect(
      proposalErrors(
        [proposal(ProposalKind.Job, A, { contractType: 'cdi' as never }), proposal(ProposalKind.Job, B), proposal(ProposalKind.Sponsorship, A, { sponsorUserId: SPONSOR })],
        [A, B],
      ),
    ).toEqual([]);
  });

  it('names the field of each inconsistency', () => {
    const errors = proposalErrors(
      [
        proposal(ProposalKind.Advice, '44444444-4444-4444-8444-444444444444'),
        proposal(ProposalKind.Training, A, { contractType: 'cdd' as never }),
        proposal(ProposalKind.Training, A),
        proposal(ProposalKind.Sponsorship, B),
        proposal(ProposalKind.Immersion, B, { sponsorUserId: SPONSOR }),
      ],
      [A, B],
    );
    expect(errors.map((e) => e.field)).toEqual(['proposals.0.organisationId', 'proposals.1.contractType', 'proposals.2.kind', 'proposals.3.sponsorUserId', 'proposals.4.sponsorUserId']);
  });
});

describe('planProposals', () => {
  it('inserts new ones, updates changed pending ones, removes dropped pending ones', () => {
    const job = stored('job', ProposalStatus.Pending, proposal(ProposalKind.Job));
    const advice = stored('advice', ProposalStatus.Pending, proposal(ProposalKind.Advice));
    const plan = planProposals([job, advice], [proposal(ProposalKind.Job, A, { detail: 'Équipe du matin' }), proposal(ProposalKind.Immersion, B)]);
    expect(plan).toEqual({
      insert: [proposal(ProposalKind.Immersion, B)],
      update: [{ ...proposal(ProposalKind.Job, A, { detail: 'Équipe du matin' }), id: 'job' }],
      remove: ['advice'],
      decidedTouched: [],
    });
  });

  it('keeps decided proposals as they are and reports any attempt to drop or change them', () => {
    const accepted = stored('accepted', ProposalStatus.Accepted, proposal(ProposalKind.Job));
    const declined = stored('declined', ProposalStatus.Declined, proposal(ProposalKind.Training));
    expect(planProposals([accepted, declined], [proposal(ProposalKind.Job), proposal(ProposalKind.Training)]).decidedTouched).toEqual([]);
    expect(planProposals([accepted, declined], [proposal(ProposalKind.Job, A, { detail: 'autre' })]).decidedTouched.map((p) => p.id)).toEqual(['accepted', 'declined']);
  });
});

describe('order of passage', () => {
  it('generates in cohort order, keeping an existing order and appending newcomers', () => {
    expect(generatedOrder([], ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(generatedOrder(['c', 'a'], ['a', 'b', 'c', 'd'])).toEqual(['c', 'a', 'b', 'd']);
    expect(generatedOrder(['c', 'x', 'a'], ['a', 'c'])).toEqual(['c', 'a']);
  });

  it('moves one step up or down, unchanged at either end', () => {
    expect(moveInOrder(['a', 'b', 'c'], 'b', 'up')).toEqual(['b', 'a', 'c']);
    expect(moveInOrder(['a', 'b', 'c'], 'b', 'down')).toEqual(['a', 'c', 'b']);
    expect(moveInOrder(['a', 'b', 'c'], 'a', 'up')).toEqual(['a', 'b', 'c']);
    expect(moveInOrder(['a', 'b', 'c'], 'c', 'down')).toEqual(['a', 'b', 'c']);
  });
});

describe('piiErrors', () => {
  it('flags contact details and the establishment, per field', () => {
    const errors = piiErrors({ comment: 'Joignable au 06 12 34 56 78', note: 'Vu au CP Poitiers-Vivonne', empty: null }, ['CP POITIERS VIVONNE', 'Centre pénitentiaire de Poitiers-Vivonne']);
    expect(errors.map((e) => e.field)).toEqual(['comment', 'note']);
    expect(piiErrors({ comment: 'Projet clair, motivation forte.' }, [])).toEqual([]);
  });
});

describe('recordingBlock', () => {
  const at = (iso: string) => new Date(iso);
  it('opens a scheduled or held session from midnight in Paris on its interview day', () => {
    // 23:30 UTC on 9 February is 00:30 in Paris on the 10th (winter time, UTC+1).
    expect(recordingBlock({ status: 'scheduled', interviewOn: '2026-02-10' }, at('2026-02-09T23:30:00Z'))).toBeNull();
    expect(recordingBlock({ status: 'scheduled', interviewOn: '2026-02-10' }, at('2026-02-09T22:30:00Z'))).toBe('before_interview_day');
    expect(recordingBlock({ status: 'held', interviewOn: '2026-02-10' }, at('2026-06-01T10:00:00Z'))).toBeNull();
    // Summer time: 22:30 UTC on 9 July is 00:30 in Paris on the 10th.
    expect(recordingBlock({ status: 'scheduled', interviewOn: '2026-07-10' }, at('2026-07-09T22:30:00Z'))).toBeNull();
  });

  it('refuses a session still in planning, and a cancelled one whatever the date', () => {
    expect(recordingBlock({ status: 'planning', interviewOn: '2026-02-10' }, at('2026-03-01T10:00:00Z'))).toBe('not_scheduled');
    expect(recordingBlock({ status: 'cancelled', interviewOn: '2026-02-10' }, at('2026-03-01T10:00:00Z'))).toBe('cancelled');
    expect(recordingBlock({ status: 'cancelled', interviewOn: '2026-02-10' }, at('2026-01-01T10:00:00Z'))).toBe('cancelled');
  });
});

describe('claimHeld', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  it('holds a recent claim, not a missing or stale one', () => {
    expect(claimHeld(null, now)).toBe(false);
    expect(claimHeld(new Date(now.getTime() - 1000), now)).toBe(true);
    expect(claimHeld(new Date(now.getTime() - ACCEPTANCE_CLAIM_TTL_MS), now)).toBe(false);
  });
});
