import { ORGANISATION_KIND_LABELS, OrganisationKind, OrganisationStatus } from '../organisations/organisation.entity';
import { RECRUITMENT_SESSION_STATUS_LABELS, RecruitmentSessionStatus, STATUS_TRANSITIONS, UNPUBLISHED_PROFILE_HINT } from './recruitment-session';
import { HARD_VIOLATIONS, intersectRounds, RoundTime, roundsWithin, roundTimes } from './recruitment-session-rules';
import type { EntityManager } from 'typeorm';
import { RecruitmentSessionException } from './recruitment-session.exception';
import type { BinomeRow, InterviewRow, ParticipantRow, RecruitmentSessionsRepository, RoomRow, SessionCandidateRow, SessionRow } from './recruitment-sessions.repository';
import { checkSchedule, diagnoseInstance, ScheduledInterview, ScheduleInstance } from './scheduling';

/**
 * The planning of one session as the scheduling engine sees it. The engine's messages quote the ids it is given,
 * so it is given what people read (candidate codes, binôme labels, room names, organisation names) and the maps
 * lead back to the database ids.
 */
export interface SessionModel {
  session: SessionRow;
  rounds: RoundTime[];
  candidates: SessionCandidateRow[];
  participants: ParticipantRow[];
  rooms: RoomRow[];
  binomes: (BinomeRow & { label: string; shortLabel: string; participants: ParticipantRow[]; availableRounds: number[] })[];
  interviews: InterviewRow[];
  /** Interviews with an outcome or an assessment: the debrief has started once there is one. */
  debriefed: Set<string>;
}

const distinctNames = (participants: readonly ParticipantRow[]): Map<string, string> => {
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  for (const p of participants) {
    const count = (seen.get(p.name) ?? 0) + 1;
    seen.set(p.name, count);
    names.set(p.id, count === 1 ? p.name : `${p.name} (${count})`);
  }
  return names;
};

/** Assembles the model: binômes numbered in creation order, each with the rounds both its organisations attend. */
export function sessionModel(
  session: SessionRow,
  candidates: SessionCandidateRow[],
  participants: ParticipantRow[],
  rooms: RoomRow[],
  binomeRows: BinomeRow[],
  interviews: InterviewRow[],
  debriefedInterviewIds: readonly string[] = [],
): SessionModel {
  const rounds = roundTimes(session);
  const names = distinctNames(participants);
  const byId = new Map(participants.map((p) => [p.id, p]));
  const binomes = binomeRows
    .filter((b) => b.participantIds?.length === 2)
    .map((b, index) => {
      const members = b.participantIds.map((id) => byId.get(id)).filter((p): p is ParticipantRow => Boolean(p));
      const available = members.map((m) => roundsWithin(rounds, m.availableFrom, m.availableUntil));
      const shortLabel = `Binôme ${index + 1}`;
      return {
        ...b,
        shortLabel,
        label: `${shortLabel} (${members.map((m) => names.get(m.id)).join(' + ')})`,
        participants: members,
        availableRounds: available.length === 2 ? intersectRounds(available[0], available[1]) : [],
      };
    });
  return { session, rounds, candidates, participants, rooms, binomes, interviews, debriefed: new Set(debriefedInterviewIds) };
}

/** The engine's instance, with readable ids; relevance defaults to 0 (the checker does not read it). */
export function engineInstance(model: SessionModel, relevance?: number[][]): ScheduleInstance {
  const names = distinctNames(model.participants);
  return {
    rounds: model.rounds.length,
    rooms: model.rooms.map((r) => r.name),
    candidates: model.candidates.map((c) => ({ id: c.code })),
    binomes: model.binomes.map((b) => ({
      id: b.label,
      organisationIds: [names.get(b.participants[0].id) ?? b.participants[0].id, names.get(b.participants[1].id) ?? b.participants[1].id],
      availableRounds: b.availableRounds,
    })),
    relevance: relevance ?? model.candidates.map(() => model.binomes.map(() => 0)),
    meetingsPerCandidate: model.session.meetingsPerCandidate,
  };
}

/** Interviews with the engine's readable ids. */
export function engineInterviews(model: SessionModel, interviews: readonly Pick<InterviewRow, 'binomeId' | 'sessionCandidateId' | 'roomId' | 'round'>[]): ScheduledInterview[] {
  const candidates = new Map(model.candidates.map((c) => [c.id, c.code]));
  const binomes = new Map(model.binomes.map((b) => [b.id, b.label]));
  const rooms = new Map(model.rooms.map((r) => [r.id, r.name]));
  return interviews.map((i) => ({
    candidateId: candidates.get(i.sessionCandidateId) ?? i.sessionCandidateId,
    binomeId: binomes.get(i.binomeId) ?? i.binomeId,
    roomId: rooms.get(i.roomId) ?? i.roomId,
    round: i.round,
  }));
}

/** What the checker says of a schedule, split into refusals and warnings. */
export function checkModel(model: SessionModel, interviews: readonly Pick<InterviewRow, 'binomeId' | 'sessionCandidateId' | 'roomId' | 'round'>[]): { hard: string[]; warnings: string[] } {
  const violations = checkSchedule(engineInstance(model), engineInterviews(model, interviews));
  return {
    hard: violations.filter((v) => HARD_VIOLATIONS.has(v.code)).map((v) => v.message),
    warnings: violations.filter((v) => !HARD_VIOLATIONS.has(v.code)).map((v) => v.message),
  };
}

const kindLabel = (kind: OrganisationKind) => ORGANISATION_KIND_LABELS[kind];

/** The planner's view of a session: everything the coordinator's page and the JSON API show. */
export function plannerView(model: SessionModel) {
  const { session, rounds, rooms, interviews } = model;
  const binomeOf = new Map<string, string>();
  for (const b of model.binomes) for (const p of b.participants) binomeOf.set(p.id, b.shortLabel);
  const meetings = new Map<string, number>();
  for (const i of interviews) meetings.set(i.sessionCandidateId, (meetings.get(i.sessionCandidateId) ?? 0) + 1);
  const candidateCode = new Map(model.candidates.map((c) => [c.id, c.code]));
  const binomeLabel = new Map(model.binomes.map((b) => [b.id, b]));
  const roomName = new Map(rooms.map((r) => [r.id, r.name]));
  const paired = new Set(model.binomes.flatMap((b) => b.participants.map((p) => p.id)));
  const unpaired = model.participants.filter((p) => !paired.has(p.id));
  const check = interviews.length ? checkModel(model, interviews) : { hard: [], warnings: [] };
  const plannable = model.candidates.length > 0 && model.binomes.length > 0 && rooms.length > 0;
  const debriefStarted = interviews.some((i) => model.debriefed.has(i.id));
  return {
    id: session.id,
    title: session.title,
    programmeId: session.programmeId,
    programmeName: session.programmeName,
    establishmentCode: session.establishmentCode,
    establishmentName: session.establishmentName,
    coachingOn: session.coachingOn,
    interviewOn: session.interviewOn,
    grandOralOn: session.grandOralOn,
    dayStartsAt: session.dayStartsAt,
    dayEndsAt: session.dayEndsAt,
    slotMinutes: session.slotMinutes,
    breakMinutes: session.breakMinutes,
    meetingsPerCandidate: session.meetingsPerCandidate,
    status: session.status,
    statusLabel: RECRUITMENT_SESSION_STATUS_LABELS[session.status],
    nextStatuses: STATUS_TRANSITIONS[session.status].map((status) => ({ status, label: RECRUITMENT_SESSION_STATUS_LABELS[status] })),
    closed: STATUS_TRANSITIONS[session.status].length === 0,
    scheduleSentAt: session.scheduleSentAt ? new Date(session.scheduleSentAt).toISOString() : null,
    scheduleChangedAt: session.scheduleChangedAt ? new Date(session.scheduleChangedAt).toISOString() : null,
    /** The organisations hold a schedule older than the current one. */
    scheduleOutdated: Boolean(session.scheduleSentAt && session.scheduleChangedAt && new Date(session.scheduleChangedAt) > new Date(session.scheduleSentAt)),
    rounds,
    /** The schedule may no longer be replaced or cut (see RecruitmentSessionException.debriefStarted). */
    debriefStarted,
    candidates: model.candidates.map((c) => ({
      id: c.id,
      profileId: c.profileId,
      code: c.code,
      occupations: c.occupations.map((o) => o.label),
      meetings: meetings.get(c.id) ?? 0,
      enough: (meetings.get(c.id) ?? 0) >= session.meetingsPerCandidate,
    })),
    organisations: model.participants.map((p) => ({
      id: p.id,
      organisationId: p.organisationId,
      name: p.name,
      kind: p.kind,
      kindLabel: kindLabel(p.kind),
      /** Suspended organisations do not receive their schedule. */
      active: p.organisationStatus === OrganisationStatus.Active,
      availableFrom: p.availableFrom,
      availableUntil: p.availableUntil,
      binome: binomeOf.get(p.id) ?? null,
      scheduleSentAt: p.scheduleSentAt ? new Date(p.scheduleSentAt).toISOString() : null,
    })),
    rooms: rooms.map((r) => ({ id: r.id, name: r.name })),
    binomes: model.binomes.map((b) => ({
      id: b.id,
      label: b.shortLabel,
      locked: b.locked,
      reasons: b.reasons,
      organisations: b.participants.map((p) => ({ id: p.id, organisationId: p.organisationId, name: p.name, kindLabel: kindLabel(p.kind) })),
      availableRounds: b.availableRounds.map((r) => r + 1),
    })),
    unpaired: unpaired.map((p) => ({
      id: p.id,
      organisationId: p.organisationId,
      name: p.name,
      reason:
        unpaired.length === 1 && model.participants.length % 2 === 1
          ? `Nombre impair d’organisations (${model.participants.length}) : ${p.name} reste sans partenaire. Associez-la à la main ou ajoutez une organisation.`
          : 'Pas encore en binôme : lancez la suggestion ou formez un binôme à la main.',
    })),
    interviews: interviews.map((i) => ({
      id: i.id,
      round: i.round,
      startsAt: rounds[i.round]?.startsAt ?? null,
      endsAt: rounds[i.round]?.endsAt ?? null,
      roomId: i.roomId,
      roomName: roomName.get(i.roomId) ?? null,
      candidateCode: candidateCode.get(i.sessionCandidateId) ?? null,
      binomeId: i.binomeId,
      binomeLabel: binomeLabel.get(i.binomeId)?.shortLabel ?? null,
      relevance: Math.round(i.relevance * 100) / 100,
      manual: i.manual,
      debriefed: model.debriefed.has(i.id),
    })),
    /** Rounds × rooms: one row per round, one cell per room. */
    grid: rounds.map((r) => ({
      round: r.round,
      number: r.round + 1,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      cells: rooms.map((room) => {
        const interview = interviews.find((i) => i.round === r.round && i.roomId === room.id);
        return interview
          ? {
              interviewId: interview.id,
              candidateCode: candidateCode.get(interview.sessionCandidateId) ?? null,
              binomeLabel: binomeLabel.get(interview.binomeId)?.shortLabel ?? null,
              organisations: binomeLabel.get(interview.binomeId)?.participants.map((p) => p.name).join(' + ') ?? null,
              manual: interview.manual,
            }
          : null;
      }),
    })),
    warnings: [...check.hard, ...check.warnings],
    /** Why no complete schedule can exist with the cohort, binômes, hours and rooms as they are (empty: none proven). */
    diagnosis: plannable ? diagnoseInstance(engineInstance(model)).map((i) => i.message) : [],
    plannable,
  };
}

export type PlannerView = ReturnType<typeof plannerView>;

/** Whether a session may still change. */
export function isClosed(status: RecruitmentSessionStatus): boolean {
  return STATUS_TRANSITIONS[status].length === 0;
}

/** An employer's schedule on the interview day: its binôme's interviews, candidates by code and employer view only. */
export interface OrganisationScheduleView {
  id: string;
  title: string;
  establishmentName: string;
  interviewOn: string;
  grandOralOn: string | null;
  statusLabel: string;
  organisationName: string;
  availableFrom: string;
  availableUntil: string;
  partnerName: string | null;
  /** False until the coordinator sends the schedule: the organisation sees nothing of the cohort before. */
  published: boolean;
  /**
   * `profilePublished` false: the profile is not published (draft, internal, or no active publication consent), so
   * its occupations stay with the programme's staff and `occupations` is empty; `hint` says why.
   */
  interviews: {
    round: number;
    startsAt: string;
    endsAt: string;
    roomName: string;
    candidateCode: string;
    profilePublished: boolean;
    occupations: string[];
    project: string | null;
    hint: string | null;
  }[];
}


/** One organisation's schedule; the e-mail props are built from it too. */
export function organisationSchedule(model: SessionModel, organisationId: string, published: boolean): OrganisationScheduleView {
  const participant = model.participants.find((p) => p.organisationId === organisationId);
  if (!participant) throw RecruitmentSessionException.notFound();
  const binome = model.binomes.find((b) => b.participants.some((p) => p.id === participant.id));
  const candidates = new Map(model.candidates.map((c) => [c.id, c]));
  const rooms = new Map(model.rooms.map((r) => [r.id, r.name]));
  const rounds = roundTimes(model.session);
  const interviews = published && binome ? model.interviews.filter((i) => i.binomeId === binome.id) : [];
  return {
    id: model.session.id,
    title: model.session.title,
    establishmentName: model.session.establishmentName,
    interviewOn: model.session.interviewOn,
    grandOralOn: model.session.grandOralOn,
    statusLabel: RECRUITMENT_SESSION_STATUS_LABELS[model.session.status],
    organisationName: participant.name,
    availableFrom: participant.availableFrom,
    availableUntil: participant.availableUntil,
    partnerName: binome?.participants.find((p) => p.id !== participant.id)?.name ?? null,
    published,
    interviews: interviews
      .sort((a, b) => a.round - b.round)
      .map((i) => {
        const candidate = candidates.get(i.sessionCandidateId)!;
        return {
          round: i.round + 1,
          startsAt: rounds[i.round]?.startsAt ?? '',
          endsAt: rounds[i.round]?.endsAt ?? '',
          roomName: rooms.get(i.roomId) ?? '',
          candidateCode: candidate.code,
          profilePublished: candidate.published,
          occupations: candidate.published ? candidate.occupations.map((o) => o.label) : [],
          project: candidate.published ? candidate.project : null,
          hint: candidate.published ? null : UNPUBLISHED_PROFILE_HINT,
        };
      }),
  };
}


/** Reads everything a session's planning is made of, one query after the other (a transaction has one connection). */
export async function loadSessionModel(sessions: RecruitmentSessionsRepository, session: SessionRow, manager?: EntityManager): Promise<SessionModel> {
  const candidates = await sessions.candidates(session.id, manager);
  const participants = await sessions.participants(session.id, manager);
  const rooms = await sessions.rooms(session.id, manager);
  const binomes = await sessions.binomes(session.id, manager);
  const interviews = await sessions.interviews(session.id, manager);
  const debriefed = await sessions.debriefedInterviews(session.id, manager);
  return sessionModel(session, candidates, participants, rooms, binomes, interviews, debriefed);
}
