import { OrganisationKind, OrganisationStatus } from '../organisations/organisation.entity';
import { RecruitmentSessionStatus } from './recruitment-session';
import { checkModel, engineInstance, organisationSchedule, plannerView, sessionModel } from './recruitment-session-view';
import type { BinomeRow, InterviewRow, ParticipantRow, SessionCandidateRow, SessionRow } from './recruitment-sessions.repository';

const session: SessionRow = {
  id: 's',
  programmeId: 'g',
  programmeName: 'Programme',
  organiserOrganisationId: 'ml',
  establishmentCode: 'CP',
  establishmentName: 'Centre',
  title: 'Session',
  coachingOn: null,
  interviewOn: '2027-01-14',
  grandOralOn: null,
  dayStartsAt: '09:00',
  dayEndsAt: '12:00',
  slotMinutes: 30,
  breakMinutes: 10,
  meetingsPerCandidate: 2,
  status: RecruitmentSessionStatus.Planning,
  scheduleSentAt: null,
  scheduleChangedAt: null,
  createdAt: new Date(),
  candidateCount: 2,
  organisationCount: 5,
  interviewCount: 0,
};
const participant = (id: string, name: string, availableUntil = '12:00'): ParticipantRow => ({
  id,
  organisationId: `o-${id}`,
  name,
  kind: OrganisationKind.Company,
  organisationStatus: OrganisationStatus.Active,
  nafCode: null,
  availableFrom: '09:00',
  availableUntil,
  scheduleSentAt: null,
  scheduleSendCount: 0,
});
const candidate = (id: string, code: string, project: string | null = null): SessionCandidateRow => ({
  id,
  profileId: `p-${id}`,
  code,
  targetRomeCodes: ['F1606'],
  occupations: [{ code: 'F1606', label: 'Peintre' }],
  published: project !== null,
  project,
});
const binome = (id: string, participantIds: string[]): BinomeRow => ({ id, locked: false, reasons: [], participantIds, createdAt: new Date() });
const interview = (id: string, binomeId: string, sessionCandidateId: string, roomId: string, round: number): InterviewRow => ({ id, binomeId, sessionCandidateId, roomId, round, relevance: 0.5, manual: false });

const participants = [participant('a', 'Alpha'), participant('b', 'Bêta', '10:10'), participant('c', 'Gamma'), participant('d', 'Delta'), participant('e', 'Epsilon')];
const candidates = [candidate('c1', 'PSG-AAAA'), candidate('c2', 'PSG-BBBB', 'Peindre.')];
const rooms = [
  { id: 'r1', name: 'Salle A' },
  { id: 'r2', name: 'Salle B' },
];
const binomes = [binome('b1', ['a', 'b']), binome('b2', ['c', 'd'])];

describe('recruitment session view', () => {
  it('gives each binôme a readable label and the rounds both its organisations attend', () => {
    const model = sessionModel(session, candidates, participants, rooms, binomes, []);
    expect(model.rounds).toHaveLength(4);
    expect(model.binomes.map((b) => [b.label, b.availableRounds])).toEqual([
      ['Binôme 1 (Alpha + Bêta)', [0, 1]],
      ['Binôme 2 (Gamma + Delta)', [0, 1, 2, 3]],
    ]);
    expect(engineInstance(model).candidates).toEqual([{ id: 'PSG-AAAA' }, { id: 'PSG-BBBB' }]);
  });

  it('refuses double bookings and only warns about hours and meeting counts, in the engine’s French with codes', () => {
    const model = sessionModel(session, candidates, participants, rooms, binomes, []);
    const doubled = checkModel(model, [interview('i1', 'b1', 'c1', 'r1', 0), interview('i2', 'b2', 'c1', 'r2', 0)]);
    expect(doubled.hard.join(' ')).toContain('PSG-AAAA');
    const late = checkModel(model, [interview('i1', 'b1', 'c1', 'r1', 3), interview('i2', 'b2', 'c1', 'r2', 0), interview('i3', 'b1', 'c2', 'r1', 0), interview('i4', 'b2', 'c2', 'r2', 1)]);
    expect(late.hard).toEqual([]);
    expect(late.warnings.join(' ')).toContain('Binôme 1 (Alpha + Bêta)');
  });

  it('shows an organisation left alone by an odd count with the reason, and the grid rounds × rooms', () => {
    const view = plannerView(sessionModel(session, candidates, participants, rooms, binomes, [interview('i1', 'b1', 'c1', 'r2', 1)]));
    expect(view.unpaired).toEqual([expect.objectContaining({ name: 'Epsilon', reason: expect.stringContaining('Nombre impair d’organisations (5)') })]);
    expect(view.grid[1].cells).toEqual([null, expect.objectContaining({ candidateCode: 'PSG-AAAA', binomeLabel: 'Binôme 1', organisations: 'Alpha + Bêta' })]);
    expect(view.candidates.map((c) => [c.code, c.meetings, c.enough])).toEqual([
      ['PSG-AAAA', 1, false],
      ['PSG-BBBB', 0, false],
    ]);
  });

  it('gives an organisation its own interviews only once published, with the project of published profiles only', () => {
    const model = sessionModel(session, candidates, participants, rooms, binomes, [interview('i1', 'b1', 'c1', 'r1', 0), interview('i2', 'b1', 'c2', 'r2', 1), interview('i3', 'b2', 'c1', 'r2', 2)]);
    const mine = organisationSchedule(model, 'o-a', true);
    expect(mine.partnerName).toBe('Bêta');
    expect(mine.interviews.map((i) => [i.startsAt, i.roomName, i.candidateCode, i.project])).toEqual([
      ['09:00', 'Salle A', 'PSG-AAAA', null],
      ['09:40', 'Salle B', 'PSG-BBBB', 'Peindre.'],
    ]);
    // The unpublished profile's occupations stay with the programme's staff: the organisation reads a hint instead.
    expect(mine.interviews.map((i) => [i.candidateCode, i.profilePublished, i.occupations, i.hint])).toEqual([
      ['PSG-AAAA', false, [], 'profil non publié : projet présenté en entretien'],
      ['PSG-BBBB', true, ['Peintre'], null],
    ]);
    expect(plannerView(model).candidates.map((c) => c.occupations)).toEqual([['Peintre'], ['Peintre']]);
    expect(organisationSchedule(model, 'o-a', false).interviews).toEqual([]);
    expect(organisationSchedule(model, 'o-e', true)).toMatchObject({ partnerName: null, interviews: [] });
  });

  it('says the debrief has started once an interview has a debrief row, and marks that interview', () => {
    const rows = [interview('i1', 'b1', 'c1', 'r1', 0), interview('i2', 'b1', 'c2', 'r2', 1)];
    expect(plannerView(sessionModel(session, candidates, participants, rooms, binomes, rows)).debriefStarted).toBe(false);
    const view = plannerView(sessionModel(session, candidates, participants, rooms, binomes, rows, ['i2']));
    expect(view.debriefStarted).toBe(true);
    expect(view.interviews.map((i) => [i.id, i.debriefed])).toEqual([
      ['i1', false],
      ['i2', true],
    ]);
  });
});
