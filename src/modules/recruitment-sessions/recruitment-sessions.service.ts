import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { Page, PageQuery, toPage } from '../../common/http/pagination';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { activeEmployerOrganisation } from '../employer-needs/employer-access';
import { isQualified, MatchNeed, MatchProfile, scoreMatch } from '../matching/match-score';
import { needMatchInput } from '../matching/matching-inputs';
import { MatchingRepository } from '../matching/matching.repository';
import { EmailOutboxService } from '../notifications/email-outbox.service';
import { ORGANISATION_KIND_LABELS, OrganisationStatus } from '../organisations/organisation.entity';
import { Role } from '../users/user.entity';
import {
  AddSessionCandidateDto,
  AddSessionOrganisationDto,
  CreateRecruitmentSessionDto,
  MoveInterviewDto,
  SessionAvailabilityDto,
  UpdateRecruitmentSessionDto,
} from './dto/recruitment-session.dto';
import { DEFAULT_MEETINGS, RECRUITMENT_SESSION_STATUS_LABELS, RecruitmentSessionStatus, STATUS_TRANSITIONS } from './recruitment-session';
import { availabilityErrors, organisationRelevance, organisationSectors, roundsWithin, roundTimes, sessionErrors } from './recruitment-session-rules';
import { checkModel, engineInstance, isClosed, loadSessionModel, organisationSchedule, OrganisationScheduleView, plannerView, PlannerView, SessionModel } from './recruitment-session-view';
import { RecruitmentSessionException } from './recruitment-session.exception';
import { ChoiceRow, RecruitmentSessionsRepository, SessionRow, SessionValues } from './recruitment-sessions.repository';
import { BinomeCandidateOrganisation, generateSchedule, suggestBinomes } from './scheduling';

const SUBJECT = 'recruitment_session';
const CHOICES_LIMIT = 500;
const UNIQUE_VIOLATION = '23505';

export interface SessionSummary {
  id: string;
  title: string;
  programmeName: string;
  establishmentName: string;
  interviewOn: string;
  status: RecruitmentSessionStatus;
  statusLabel: string;
  candidateCount: number;
  organisationCount: number;
  interviewCount: number;
}

export interface GenerateOutcome {
  complete: boolean;
  interviewCount: number;
  infeasibilities: string[];
  removedInterviews: number;
}

export interface SuggestOutcome {
  binomes: number;
  unpaired: { organisationId: string; name: string; reason: string }[];
  removedInterviews: number;
}

export interface SendOutcome {
  /** Organisations whose schedule was sent. */
  organisations: number;
  recipients: number;
  /** An earlier schedule had been sent: this one replaces it. */
  resent: boolean;
  /** Participating organisations no longer active (suspended...): not e-mailed, since they may not read it either. */
  skipped: number;
  skippedOrganisations: { organisationId: string; name: string }[];
}

export interface CandidateScheduleView {
  code: string;
  interviews: { startsAt: string; endsAt: string; roomName: string; binomeLabel: string; organisations: string }[];
}

const summary = (row: SessionRow): SessionSummary => ({
  id: row.id,
  title: row.title,
  programmeName: row.programmeName,
  establishmentName: row.establishmentName,
  interviewOn: row.interviewOn,
  status: row.status,
  statusLabel: RECRUITMENT_SESSION_STATUS_LABELS[row.status],
  candidateCount: row.candidateCount,
  organisationCount: row.organisationCount,
  interviewCount: row.interviewCount,
});

const sameDay = (a: SessionValues, b: SessionValues) =>
  a.dayStartsAt === b.dayStartsAt && a.dayEndsAt === b.dayEndsAt && a.slotMinutes === b.slotMinutes && a.breakMinutes === b.breakMinutes;

/**
 * Recruitment sessions (issue 7): the coordinators of the organising organisation set a session up (cohort,
 * organisations and their hours, rooms), pair the organisations in binômes, generate the interview schedule with
 * the scheduling engine, adjust it by hand and send each organisation its schedule. Employers read the schedule
 * of the sessions they take part in, candidates by code and employer view only. Other coordinators do not learn
 * a session exists (404). Every change is audited with ids only.
 */
@Injectable()
export class RecruitmentSessionsService {
  private readonly logger = new Logger(RecruitmentSessionsService.name);

  constructor(
    private readonly sessions: RecruitmentSessionsRepository,
    private readonly matching: MatchingRepository,
    private readonly emails: EmailOutboxService,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  // Access

  private mayRun(user: AuthUser, session: SessionRow): boolean {
    return user.role === Role.Admin || (user.role === Role.Coordinator && user.organisationId === session.organiserOrganisationId);
  }

  private async readable(user: AuthUser, id: string): Promise<SessionRow> {
    const session = await this.sessions.find(id);
    if (!session || !this.mayRun(user, session)) throw RecruitmentSessionException.notFound();
    return session;
  }

  /** Locks a session its caller runs and that is still open to changes. */
  private async changeable(user: AuthUser, id: string, manager: EntityManager): Promise<SessionRow> {
    const session = await this.sessions.lock(id, manager);
    if (!session || !this.mayRun(user, session)) throw RecruitmentSessionException.notFound();
    if (isClosed(session.status)) throw RecruitmentSessionException.closed(session.status);
    return session;
  }

  /**
   * Refuses a change that deletes interviews once the debrief has started: their outcomes, assessments and
   * proposals (with the candidate's recorded agreement) would go with them. Runs under the session's lock.
   */
  private async scheduleReplaceable(id: string, manager: EntityManager): Promise<void> {
    if (await this.sessions.debriefStarted(id, manager)) throw RecruitmentSessionException.debriefStarted();
  }

  private model(session: SessionRow, manager?: EntityManager): Promise<SessionModel> {
    return loadSessionModel(this.sessions, session, manager);
  }

  private record(manager: EntityManager, user: AuthUser, action: string, sessionId: string, details?: Record<string, unknown>): Promise<void> {
    return this.audit.record({ actorUserId: user.id, action: `recruitment_session.${action}`, subjectType: SUBJECT, subjectId: sessionId, details }, manager);
  }

  // Sessions

  async list(user: AuthUser, query: PageQuery): Promise<Page<SessionSummary>> {
    if (user.role === Role.Employer) {
      const organisationId = activeEmployerOrganisation(user);
      const { rows, total } = await this.sessions.listForParticipant(organisationId, query.offset, query.pageSize);
      return toPage(rows.map(summary), total, query);
    }
    if (user.role !== Role.Admin && !user.organisationId) return toPage([], 0, query);
    const { rows, total } = await this.sessions.list(user.role === Role.Admin ? null : user.organisationId, query.offset, query.pageSize);
    return toPage(rows.map(summary), total, query);
  }

  /** Programmes and establishments to choose from when creating a session. */
  async creationChoices(user: AuthUser): Promise<{ programmes: ChoiceRow[]; establishments: ChoiceRow[] }> {
    return { programmes: user.organisationId ? await this.sessions.programmesOf(user.organisationId) : [], establishments: await this.sessions.establishments() };
  }

  async get(user: AuthUser, id: string): Promise<PlannerView> {
    return plannerView(await this.model(await this.readable(user, id)));
  }

  async create(user: AuthUser, dto: CreateRecruitmentSessionDto): Promise<PlannerView> {
    if (!user.organisationId) throw RecruitmentSessionException.noOrganisation();
    const organiserOrganisationId = user.organisationId;
    const values: SessionValues = {
      title: dto.title,
      coachingOn: dto.coachingOn ?? null,
      interviewOn: dto.interviewOn,
      grandOralOn: dto.grandOralOn ?? null,
      dayStartsAt: dto.dayStartsAt,
      dayEndsAt: dto.dayEndsAt,
      slotMinutes: dto.slotMinutes,
      breakMinutes: dto.breakMinutes ?? 0,
      meetingsPerCandidate: dto.meetingsPerCandidate ?? DEFAULT_MEETINGS,
    };
    const errors = sessionErrors(values);
    if (errors.length) throw RecruitmentSessionException.invalid(errors);
    const id = await this.tx.run(async (manager) => {
      if (!(await this.sessions.isProgrammeMember(dto.programmeId, organiserOrganisationId, manager))) throw RecruitmentSessionException.programmeUnavailable();
      if (!(await this.sessions.establishmentExists(dto.establishmentCode, manager))) throw RecruitmentSessionException.establishmentUnknown();
      const inserted = await this.sessions.insert(
        { ...values, programmeId: dto.programmeId, organiserOrganisationId, establishmentCode: dto.establishmentCode, createdBy: user.id, now: this.clock.now() },
        manager,
      );
      await this.record(manager, user, 'created', inserted, { programmeId: dto.programmeId });
      return inserted;
    });
    this.logger.log({ msg: 'recruitment session created', sessionId: id, userId: user.id });
    return this.get(user, id);
  }

  /** Changes the details; new hours, slot length or break remove the schedule (its rounds no longer exist). */
  async update(user: AuthUser, id: string, dto: UpdateRecruitmentSessionDto): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      const current = await this.changeable(user, id, manager);
      const values: SessionValues = {
        title: dto.title ?? current.title,
        coachingOn: dto.coachingOn === undefined ? current.coachingOn : dto.coachingOn,
        interviewOn: dto.interviewOn ?? current.interviewOn,
        grandOralOn: dto.grandOralOn === undefined ? current.grandOralOn : dto.grandOralOn,
        dayStartsAt: dto.dayStartsAt ?? current.dayStartsAt,
        dayEndsAt: dto.dayEndsAt ?? current.dayEndsAt,
        slotMinutes: dto.slotMinutes ?? current.slotMinutes,
        breakMinutes: dto.breakMinutes ?? current.breakMinutes,
        meetingsPerCandidate: dto.meetingsPerCandidate ?? current.meetingsPerCandidate,
      };
      const errors = sessionErrors(values);
      if (errors.length) throw RecruitmentSessionException.invalid(errors);
      const changed = (Object.keys(values) as (keyof SessionValues)[]).filter((field) => values[field] !== current[field]);
      if (!changed.length) return;
      if (!sameDay(values, current)) await this.scheduleReplaceable(id, manager);
      const now = this.clock.now();
      await this.sessions.update(id, values, now, manager);
      const removed = sameDay(values, current) ? 0 : await this.sessions.deleteInterviews(id, manager);
      if (removed) await this.sessions.scheduleChanged(id, now, manager);
      await this.record(manager, user, 'updated', id, { fields: changed, removedInterviews: removed });
    });
    return this.get(user, id);
  }

  async changeStatus(user: AuthUser, id: string, status: RecruitmentSessionStatus): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      const session = await this.sessions.lock(id, manager);
      if (!session || !this.mayRun(user, session)) throw RecruitmentSessionException.notFound();
      if (session.status === status) return;
      if (!STATUS_TRANSITIONS[session.status].includes(status)) throw RecruitmentSessionException.invalidTransition(session.status, status);
      if (status === RecruitmentSessionStatus.Scheduled && session.interviewCount === 0) throw RecruitmentSessionException.noSchedule();
      await this.sessions.setStatus(id, status, this.clock.now(), manager);
      await this.record(manager, user, 'status_changed', id, { from: session.status, to: status });
    });
    return this.get(user, id);
  }

  // Cohort

  async addCandidate(user: AuthUser, id: string, dto: AddSessionCandidateDto): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      const session = await this.changeable(user, id, manager);
      const profileId = await this.sessions.findProgrammeProfile(session.programmeId, dto.profileCode, manager);
      if (!profileId) throw RecruitmentSessionException.profileUnavailable();
      const candidateId = await this.sessions.addCandidate(id, profileId, user.id, this.clock.now(), manager);
      if (!candidateId) throw RecruitmentSessionException.candidateAlreadyIn();
      await this.record(manager, user, 'candidate_added', id, { profileId, sessionCandidateId: candidateId });
    });
    return this.get(user, id);
  }

  /** Removes a cohort member and their interviews (the rest of the schedule stays); removing one no longer there changes nothing. */
  async removeCandidate(user: AuthUser, id: string, candidateId: string): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      await this.changeable(user, id, manager);
      await this.scheduleReplaceable(id, manager);
      const interviews = (await this.sessions.interviews(id, manager)).filter((i) => i.sessionCandidateId === candidateId).length;
      if (!(await this.sessions.removeCandidate(id, candidateId, manager))) return;
      if (interviews) await this.sessions.scheduleChanged(id, this.clock.now(), manager);
      await this.record(manager, user, 'candidate_removed', id, { sessionCandidateId: candidateId, removedInterviews: interviews });
    });
    return this.get(user, id);
  }

  async candidateChoices(user: AuthUser, id: string): Promise<ChoiceRow[]> {
    const session = await this.readable(user, id);
    return this.sessions.candidateChoices(id, session.programmeId, CHOICES_LIMIT);
  }

  // Participating organisations

  async addOrganisation(user: AuthUser, id: string, dto: AddSessionOrganisationDto): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      const session = await this.changeable(user, id, manager);
      const from = dto.availableFrom ?? session.dayStartsAt;
      const until = dto.availableUntil ?? session.dayEndsAt;
      const errors = availabilityErrors(session, from, until);
      if (errors.length) throw RecruitmentSessionException.invalid(errors);
      if (!(await this.sessions.isActiveEmployer(dto.organisationId, manager))) throw RecruitmentSessionException.organisationUnavailable();
      const participantId = await this.sessions.addParticipant(id, dto.organisationId, from, until, user.id, this.clock.now(), manager);
      if (!participantId) throw RecruitmentSessionException.organisationAlreadyIn();
      await this.record(manager, user, 'organisation_added', id, { organisationId: dto.organisationId, sessionOrganisationId: participantId });
    });
    return this.get(user, id);
  }

  /** New hours keep the schedule: interviews now outside them show as warnings on the grid. */
  async setAvailability(user: AuthUser, id: string, participantId: string, dto: SessionAvailabilityDto): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      const session = await this.changeable(user, id, manager);
      if (!(await this.sessions.participants(id, manager)).some((p) => p.id === participantId)) throw RecruitmentSessionException.itemNotFound('Organisation');
      const errors = availabilityErrors(session, dto.availableFrom, dto.availableUntil);
      if (errors.length) throw RecruitmentSessionException.invalid(errors);
      await this.sessions.setAvailability(participantId, dto.availableFrom, dto.availableUntil, manager);
      await this.record(manager, user, 'availability_changed', id, { sessionOrganisationId: participantId });
    });
    return this.get(user, id);
  }

  /** Removes an organisation; its binôme is dissolved and the schedule removed. Idempotent, like every removal here. */
  async removeOrganisation(user: AuthUser, id: string, participantId: string): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      await this.changeable(user, id, manager);
      if (!(await this.sessions.participants(id, manager)).some((p) => p.id === participantId)) return;
      const binomes = (await this.sessions.binomes(id, manager)).filter((b) => b.participantIds?.includes(participantId)).map((b) => b.id);
      const removed = await this.clearSchedule(id, manager);
      await this.sessions.deleteBinomes(binomes, manager);
      await this.sessions.removeParticipant(participantId, manager);
      await this.record(manager, user, 'organisation_removed', id, { sessionOrganisationId: participantId, dissolvedBinomes: binomes, removedInterviews: removed });
    });
    return this.get(user, id);
  }

  async organisationChoices(user: AuthUser, id: string): Promise<(ChoiceRow & { kindLabel: string })[]> {
    await this.readable(user, id);
    return (await this.sessions.participantChoices(id, CHOICES_LIMIT)).map((c) => ({ ...c, kindLabel: ORGANISATION_KIND_LABELS[c.kind] }));
  }

  /** Deletes the schedule (refused once the debrief has started); the number of interviews removed. */
  private async clearSchedule(id: string, manager: EntityManager): Promise<number> {
    await this.scheduleReplaceable(id, manager);
    const removed = await this.sessions.deleteInterviews(id, manager);
    if (removed) await this.sessions.scheduleChanged(id, this.clock.now(), manager);
    return removed;
  }

  // Rooms

  async addRoom(user: AuthUser, id: string, name: string): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      await this.changeable(user, id, manager);
      const roomId = await this.sessions.addRoom(id, name, this.clock.now(), manager);
      if (!roomId) throw RecruitmentSessionException.roomNameTaken(name);
      await this.record(manager, user, 'room_added', id, { roomId });
    });
    return this.get(user, id);
  }

  async renameRoom(user: AuthUser, id: string, roomId: string, name: string): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      await this.changeable(user, id, manager);
      if (!(await this.sessions.rooms(id, manager)).some((r) => r.id === roomId)) throw RecruitmentSessionException.itemNotFound('Salle');
      if (await this.sessions.roomNameTaken(id, name, roomId, manager)) throw RecruitmentSessionException.roomNameTaken(name);
      await this.sessions.renameRoom(roomId, name, manager);
      await this.record(manager, user, 'room_renamed', id, { roomId });
    });
    return this.get(user, id);
  }

  /** Removes a room and with it the schedule, which used it. */
  async removeRoom(user: AuthUser, id: string, roomId: string): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      await this.changeable(user, id, manager);
      if (!(await this.sessions.rooms(id, manager)).some((r) => r.id === roomId)) return;
      const removed = await this.clearSchedule(id, manager);
      await this.sessions.removeRoom(roomId, manager);
      await this.record(manager, user, 'room_removed', id, { roomId, removedInterviews: removed });
    });
    return this.get(user, id);
  }

  // Binômes

  /**
   * Pairs the organisations not in a locked binôme, replacing the binômes suggested before, and removes the
   * schedule (it named the old binômes). Sectors: the ROME domains of each organisation's published needs, else its
   * NAF section. Hours: the rounds each attends, so binômes keep as much of their organisations' time as they can;
   * organisations sharing no round with any other left free come back in `unpaired` with the reason.
   */
  async suggestBinomes(user: AuthUser, id: string): Promise<SuggestOutcome> {
    const outcome = await this.tx.run(async (manager) => {
      const session = await this.changeable(user, id, manager);
      const participants = await this.sessions.participants(id, manager);
      if (participants.length < 2) throw RecruitmentSessionException.nothingToPair();
      const binomes = await this.sessions.binomes(id, manager);
      const byParticipant = new Map(participants.map((p) => [p.id, p]));
      const locked = binomes
        .filter((b) => b.locked && b.participantIds?.length === 2)
        .map((b) => b.participantIds.map((pid) => byParticipant.get(pid)?.organisationId) as [string, string]);
      const letters = await this.sessions.needRomeLetters(participants.map((p) => p.organisationId));
      const rounds = roundTimes(session);
      const organisations: BinomeCandidateOrganisation[] = participants.map((p) => ({
        id: p.organisationId,
        name: p.name,
        kind: p.kind as BinomeCandidateOrganisation['kind'],
        sectors: organisationSectors(letters.get(p.organisationId) ?? [], p.nafCode),
        // The same rounds as the schedule's instance: the suggestion avoids binômes whose hours barely overlap.
        availableRounds: roundsWithin(rounds, p.availableFrom, p.availableUntil),
      }));
      const suggestion = suggestBinomes(organisations, locked);
      const removedInterviews = await this.clearSchedule(id, manager);
      await this.sessions.deleteBinomes(binomes.filter((b) => !b.locked).map((b) => b.id), manager);
      const participantOf = new Map(participants.map((p) => [p.organisationId, p.id]));
      const now = this.clock.now();
      let created = 0;
      for (const pair of suggestion.binomes.filter((b) => !b.locked)) {
        const ids = pair.organisationIds.map((o) => participantOf.get(o)) as [string, string];
        await this.sessions.insertBinome(id, ids, false, pair.reasons, user.id, now, manager);
        created += 1;
      }
      await this.record(manager, user, 'binomes_suggested', id, { created, kept: locked.length, unpaired: suggestion.unpaired.map((u) => u.organisationId), removedInterviews });
      const names = new Map(participants.map((p) => [p.organisationId, p.name]));
      return {
        binomes: created + locked.length,
        unpaired: suggestion.unpaired.map((u) => ({ organisationId: u.organisationId, name: names.get(u.organisationId) ?? '', reason: u.reason })),
        removedInterviews,
      };
    });
    this.logger.log({ msg: 'binomes suggested', sessionId: id, userId: user.id, binomes: outcome.binomes });
    return outcome;
  }

  /** Forms a binôme by hand (locked: suggestions keep it); the organisations leave their binômes; the schedule is removed. */
  async formBinome(user: AuthUser, id: string, organisationIds: string[]): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      await this.changeable(user, id, manager);
      if (organisationIds[0] === organisationIds[1]) throw RecruitmentSessionException.binomeInvalid('Choisissez deux organisations différentes.');
      const participants = await this.sessions.participants(id, manager);
      const members = organisationIds.map((o) => participants.find((p) => p.organisationId === o));
      if (members.some((m) => !m)) throw RecruitmentSessionException.binomeInvalid('Les deux organisations doivent participer à la session.');
      const ids = members.map((m) => m!.id) as [string, string];
      const previous = (await this.sessions.binomes(id, manager)).filter((b) => b.participantIds?.some((p) => ids.includes(p))).map((b) => b.id);
      const removed = await this.clearSchedule(id, manager);
      await this.sessions.deleteBinomes(previous, manager);
      const binomeId = await this.sessions.insertBinome(id, ids, true, [], user.id, this.clock.now(), manager);
      await this.record(manager, user, 'binome_formed', id, { binomeId, dissolvedBinomes: previous, removedInterviews: removed });
    });
    return this.get(user, id);
  }

  async dissolveBinome(user: AuthUser, id: string, binomeId: string): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      await this.changeable(user, id, manager);
      if (!(await this.sessions.binomes(id, manager)).some((b) => b.id === binomeId)) return;
      const removed = await this.clearSchedule(id, manager);
      await this.sessions.deleteBinomes([binomeId], manager);
      await this.record(manager, user, 'binome_dissolved', id, { binomeId, removedInterviews: removed });
    });
    return this.get(user, id);
  }

  // Schedule

  /**
   * relevance[c][b]: the better of the binôme's two organisations for the candidate (see organisationRelevance).
   * Read one query at a time: it runs while the generation holds the session's lock and a connection.
   */
  private async relevance(model: SessionModel): Promise<number[][]> {
    const organisationIds = [...new Set(model.participants.map((p) => p.organisationId))];
    const needs = new Map<string, MatchNeed[]>();
    for (const organisationId of organisationIds) needs.set(organisationId, (await this.matching.publishedNeedsOf(organisationId)).map(needMatchInput));
    const letters = await this.sessions.needRomeLetters(organisationIds);
    const rows: number[][] = [];
    for (const candidate of model.candidates) {
      const inputs = await this.matching.profileInputs(candidate.profileId);
      const profile: MatchProfile | null = inputs && {
        targetRomeCodes: inputs.targetRomeCodes,
        targetBasins: inputs.targetBasins,
        releaseFrom: inputs.releaseFrom,
        releaseUntil: inputs.releaseUntil,
        adjustments: inputs.adjustments,
        hasQualification: isQualified(inputs.trainings),
        avoidDepartments: inputs.constraints.avoidDepartments,
        avoidRomeCodes: inputs.constraints.avoidRomeCodes,
      };
      const ofOrganisation = (organisationId: string) => {
        const scores = profile ? (needs.get(organisationId) ?? []).map((need) => scoreMatch(profile, need)).flatMap((r) => (r.excluded ? [] : [r.score])) : [];
        return organisationRelevance(scores.length ? Math.max(...scores) : null, candidate.targetRomeCodes, letters.get(organisationId) ?? []);
      };
      rows.push(model.binomes.map((b) => Math.max(...b.participants.map((p) => ofOrganisation(p.organisationId)))));
    }
    return rows;
  }

  /** Generates the schedule and replaces the previous one in one transaction; says why when it is incomplete. */
  async generate(user: AuthUser, id: string): Promise<GenerateOutcome> {
    const outcome = await this.tx.run(async (manager) => {
      const session = await this.changeable(user, id, manager);
      // Before the engine runs: the new schedule would replace interviews the debrief speaks of.
      await this.scheduleReplaceable(id, manager);
      const model = await this.model(session, manager);
      if (!model.candidates.length) throw RecruitmentSessionException.cannotSchedule('La cohorte est vide : ajoutez des candidats avant de générer le planning.');
      if (!model.binomes.length) throw RecruitmentSessionException.cannotSchedule('Aucun binôme : formez les binômes avant de générer le planning.');
      if (!model.rooms.length) throw RecruitmentSessionException.cannotSchedule('Aucune salle : ajoutez au moins une salle avant de générer le planning.');
      const relevance = await this.relevance(model);
      const result = generateSchedule(engineInstance(model, relevance));
      const candidateByCode = new Map(model.candidates.map((c, index) => [c.code, { id: c.id, index }]));
      const binomeByLabel = new Map(model.binomes.map((b, index) => [b.label, { id: b.id, index }]));
      const roomByName = new Map(model.rooms.map((r) => [r.name, r.id]));
      const removedInterviews = await this.sessions.deleteInterviews(id, manager);
      const interviews = result.interviews.map((i) => {
        const candidate = candidateByCode.get(i.candidateId)!;
        const binome = binomeByLabel.get(i.binomeId)!;
        return { sessionCandidateId: candidate.id, binomeId: binome.id, roomId: roomByName.get(i.roomId)!, round: i.round, relevance: relevance[candidate.index][binome.index] };
      });
      const now = this.clock.now();
      await this.sessions.insertInterviews(id, interviews, now, manager);
      await this.sessions.scheduleChanged(id, now, manager);
      await this.record(manager, user, 'schedule_generated', id, { interviews: interviews.length, complete: result.complete, removedInterviews });
      return { complete: result.complete, interviewCount: interviews.length, infeasibilities: result.infeasibilities.map((f) => f.message), removedInterviews };
    });
    this.logger.log({ msg: 'recruitment schedule generated', sessionId: id, userId: user.id, interviews: outcome.interviewCount, complete: outcome.complete });
    return outcome;
  }

  /**
   * Moves one interview to another round and room, trading places with the interview there if any. The whole
   * schedule is checked again: double bookings and repeated meetings are refused (409 naming them); availability
   * and meeting counts only warn, on the grid.
   */
  async move(user: AuthUser, id: string, interviewId: string, dto: MoveInterviewDto): Promise<PlannerView> {
    await this.tx.run(async (manager) => {
      const session = await this.changeable(user, id, manager);
      const model = await this.model(session, manager);
      const interview = model.interviews.find((i) => i.id === interviewId);
      if (!interview) throw RecruitmentSessionException.itemNotFound('Entretien');
      if (!model.rooms.some((r) => r.id === dto.roomId)) throw RecruitmentSessionException.itemNotFound('Salle');
      if (interview.round === dto.round && interview.roomId === dto.roomId) return;
      const occupant = model.interviews.find((i) => i.round === dto.round && i.roomId === dto.roomId);
      const moves = [{ id: interview.id, round: dto.round, roomId: dto.roomId }];
      if (occupant) moves.push({ id: occupant.id, round: interview.round, roomId: interview.roomId });
      // The debrief records who met whom at what time; an interview it already speaks of (or its swap) stays put.
      if ((await this.sessions.lockDebriefed(id, moves.map((m) => m.id), manager)).length) throw RecruitmentSessionException.interviewDebriefed();
      const proposed = model.interviews.map((i) => {
        const move = moves.find((m) => m.id === i.id);
        return move ? { ...i, round: move.round, roomId: move.roomId } : i;
      });
      const { hard } = checkModel(model, proposed);
      if (hard.length) throw RecruitmentSessionException.moveConflict(hard);
      try {
        await this.sessions.moveInterviews(moves, manager);
      } catch (error) {
        if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === UNIQUE_VIOLATION) throw RecruitmentSessionException.concurrentChange();
        throw error;
      }
      await this.sessions.scheduleChanged(id, this.clock.now(), manager);
      await this.record(manager, user, 'interview_moved', id, { interviewId, swappedWith: occupant?.id ?? null, round: dto.round, roomId: dto.roomId });
    });
    return this.get(user, id);
  }

  /**
   * Queues the schedule e-mail of each participating organisation, to its members with a confirmed address. The
   * e-mail is rendered at send time from the ids: it lists the interviews as they are then. Sending again after a
   * change is allowed; the e-mail then says it replaces the earlier schedule.
   */
  async sendSchedules(user: AuthUser, id: string): Promise<SendOutcome> {
    const outcome = await this.tx.run(async (manager) => {
      const session = await this.changeable(user, id, manager);
      const model = await this.model(session, manager);
      if (!model.interviews.length) throw RecruitmentSessionException.noSchedule();
      // Every active participating organisation hears from the coordination, those without an interview too (they are
      // told so). A suspended one is left out, as mySchedule refuses its members; the coordinator is told which.
      const participants = model.participants.filter((p) => p.organisationStatus === OrganisationStatus.Active);
      const skipped = model.participants.filter((p) => p.organisationStatus !== OrganisationStatus.Active);
      const now = this.clock.now();
      let recipients = 0;
      for (const participant of participants) {
        for (const userId of await this.sessions.organisationRecipients(participant.organisationId, manager)) {
          await this.emails.queue(manager, 'recruitment-session-schedule', userId, {
            recruitmentSessionId: id,
            sessionOrganisationId: participant.id,
            organisationId: participant.organisationId,
          });
          recipients += 1;
        }
        await this.sessions.participantScheduleSent(participant.id, now, manager);
      }
      await this.sessions.scheduleSent(id, now, manager);
      await this.record(manager, user, 'schedule_sent', id, { organisations: participants.length, recipients, skippedOrganisations: skipped.map((p) => p.organisationId) });
      return {
        organisations: participants.length,
        recipients,
        resent: session.scheduleSentAt !== null,
        skipped: skipped.length,
        skippedOrganisations: skipped.map((p) => ({ organisationId: p.organisationId, name: p.name })),
      };
    });
    this.logger.log({ msg: 'recruitment schedules sent', sessionId: id, userId: user.id, organisations: outcome.organisations, recipients: outcome.recipients, skipped: outcome.skipped });
    return outcome;
  }

  /** Printable schedule of each candidate code (coordinators). */
  async candidateSchedules(user: AuthUser, id: string): Promise<{ session: PlannerView; candidates: CandidateScheduleView[] }> {
    const view = await this.get(user, id);
    const organisationsOf = new Map(view.binomes.map((b) => [b.id, b.organisations.map((o) => o.name).join(' + ')]));
    return {
      session: view,
      candidates: view.candidates.map((c) => ({
        code: c.code,
        interviews: view.interviews
          .filter((i) => i.candidateCode === c.code)
          .map((i) => ({ startsAt: i.startsAt ?? '', endsAt: i.endsAt ?? '', roomName: i.roomName ?? '', binomeLabel: i.binomeLabel ?? '', organisations: organisationsOf.get(i.binomeId) ?? '' })),
      })),
    };
  }

  /** Printable schedule of each participating organisation (coordinators): what its e-mail lists. */
  async organisationSchedules(user: AuthUser, id: string): Promise<{ session: PlannerView; organisations: OrganisationScheduleView[] }> {
    const session = await this.readable(user, id);
    const model = await this.model(session);
    return { session: plannerView(model), organisations: model.participants.map((p) => organisationSchedule(model, p.organisationId, true)) };
  }

  // Employers

  /** The schedule of the caller's organisation in a session it takes part in (404 otherwise). */
  async mySchedule(user: AuthUser, id: string): Promise<OrganisationScheduleView> {
    const organisationId = activeEmployerOrganisation(user);
    const session = await this.sessions.find(id);
    if (!session || session.status === RecruitmentSessionStatus.Cancelled || !(await this.sessions.participantOf(id, organisationId))) throw RecruitmentSessionException.notFound();
    return organisationSchedule(await this.model(session), organisationId, session.scheduleSentAt !== null);
  }
}
