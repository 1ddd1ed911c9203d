import { NeedSolution } from '../employer-needs/employer-need';
import { DeclineReason, IntroductionStatus } from './introduction';
import { toIntroductionSummary, toIntroductionView } from './introduction-view';
import { IntroductionEventRow, IntroductionRow } from './introductions.repository';

const row = (overrides: Partial<IntroductionRow> = {}): IntroductionRow => ({
  id: '11111111-1111-4111-8111-111111111111',
  profileId: '22222222-2222-4222-8222-222222222222',
  organisationId: '33333333-3333-4333-8333-333333333333',
  partnerOrganisationId: '44444444-4444-4444-8444-444444444444',
  needId: null,
  initiator: 'employer',
  solution: NeedSolution.Job,
  status: IntroductionStatus.Requested,
  employerUserId: 'employer-user',
  counsellorUserId: 'counsellor-user',
  candidateAgreedOn: '2026-03-02',
  meetingOn: null,
  createdAt: new Date('2026-03-01T09:00:00Z'),
  statusChangedAt: new Date('2026-03-01T09:00:00Z'),
  profileCode: 'PSG-7K3Q',
  profileAuthorId: 'author',
  occupations: [{ romeCode: 'F1606', label: 'Peintre en bâtiment' }],
  organisationName: 'Peintures du Clain',
  partnerOrganisationName: 'SPIP de la Vienne',
  need: null,
  message: 'Nous recrutons deux peintres.',
  availability: 'Mardi après-midi',
  proposalMessage: null,
  candidateAgreementRecordedAt: new Date('2026-03-02T10:00:00Z'),
  candidateAgreementRecordedByName: 'Conseillère Référente',
  declineReason: null,
  outcome: null,
  outcomeContractType: null,
  outcomeReason: null,
  employerContact: { displayName: 'Camille Employeuse', email: 'camille@peintures.example' },
  counsellorContact: { displayName: 'Conseillère Référente', email: 'conseil@spip.example' },
  updatedAt: new Date('2026-03-02T10:00:00Z'),
  ...overrides,
});

const events: IntroductionEventRow[] = [
  { fromStatus: null, toStatus: IntroductionStatus.Requested, actorSide: 'employer', actorName: 'Camille Employeuse', occurredAt: new Date('2026-03-01T09:00:00Z'), reasonCode: null, meetingOn: null, outcome: null, contractType: null, note: 'Note de l’employeur' },
  { fromStatus: IntroductionStatus.Requested, toStatus: IntroductionStatus.Declined, actorSide: 'partner', actorName: 'Conseillère Référente', occurredAt: new Date('2026-03-02T10:00:00Z'), reasonCode: DeclineReason.CandidateUnavailable, meetingOn: null, outcome: null, contractType: null, note: 'Transfert prévu à Niort' },
];

describe('toIntroductionView', () => {
  it('shows the employer neither the profile id, the agreement record, the partner organisation nor the counsellor before the introduction', () => {
    for (const status of [IntroductionStatus.Requested, IntroductionStatus.Proposed, IntroductionStatus.Accepted, IntroductionStatus.Declined, IntroductionStatus.Expired]) {
      const view = toIntroductionView(row({ status }), events, 'employer', 14);
      expect(view).toMatchObject({ profileId: null, candidateAgreement: null, partnerOrganisationName: null, counsellorContact: null, profileCode: 'PSG-7K3Q' });
      const json = JSON.stringify(view);
      for (const hidden of ['22222222-2222', 'SPIP de la Vienne', 'Conseillère Référente', 'conseil@spip.example', 'Transfert prévu']) expect(json).not.toContain(hidden);
    }
  });

  it('gives the employer the counsellor’s professional contact once introduced, and never the counsellor’s notes', () => {
    const view = toIntroductionView(row({ status: IntroductionStatus.Introduced }), events, 'employer', 14);
    expect(view.counsellorContact).toEqual({ displayName: 'Conseillère Référente', email: 'conseil@spip.example', organisationName: 'SPIP de la Vienne' });
    expect(view.partnerOrganisationName).toBe('SPIP de la Vienne');
    expect(view.history.map((e) => [e.actorLabel, e.actorName, e.note, e.reasonLabel])).toEqual([
      ['Votre organisation', null, 'Note de l’employeur', null],
      ['Le conseiller', null, null, 'La personne n’est pas disponible pour le moment'],
    ]);
    expect(view.profileId).toBeNull();
    expect(view.candidateAgreement).toBeNull();
  });

  it('shows the partner side everything, with names and notes', () => {
    const view = toIntroductionView(row(), events, 'partner', 14);
    expect(view.profileId).toBe('22222222-2222-4222-8222-222222222222');
    expect(view.candidateAgreement).toEqual({ agreedOn: '2026-03-02', recordedByName: 'Conseillère Référente', recordedAt: '2026-03-02T10:00:00.000Z' });
    expect(view.message).toBe('Nous recrutons deux peintres.');
    expect(view.employerContact).toEqual({ displayName: 'Camille Employeuse', email: 'camille@peintures.example', organisationName: 'Peintures du Clain' });
    expect(view.history.map((e) => [e.actorLabel, e.actorName, e.note])).toEqual([
      ['L’employeur', 'Camille Employeuse', 'Note de l’employeur'],
      ['Votre organisation', 'Conseillère Référente', 'Transfert prévu à Niort'],
    ]);
  });
});

describe('toIntroductionSummary', () => {
  it('says whose turn it is, what the reader may do, and when an unanswered introduction closes', () => {
    const requested = row();
    expect(toIntroductionSummary(requested, 'partner', 14)).toMatchObject({ awaiting: 'partner', awaitingYou: true, allowedActions: ['accept', 'decline'], closesOn: '2026-03-15' });
    expect(toIntroductionSummary(requested, 'employer', 14)).toMatchObject({ awaiting: 'partner', awaitingYou: false, allowedActions: ['withdraw'], closesOn: '2026-03-15' });
    expect(toIntroductionSummary(row({ status: IntroductionStatus.Introduced }), 'partner', 14)).toMatchObject({ closesOn: null, allowedActions: ['plan_meeting', 'record_outcome'] });
  });
});
