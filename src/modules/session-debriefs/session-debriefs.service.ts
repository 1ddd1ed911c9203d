import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { Page, toPage } from '../../common/http/pagination';
import { FieldError, ValidationFailedException } from '../../common/http/problem';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { activePartnerOrganisation, PARTNER_KINDS } from '../candidates/partner-access';
import { parisDate } from '../employer-needs/employer-need-rules';
import { IntroductionsService } from '../introductions/introductions.service';
import { OrganisationStatus } from '../organisations/organisation.entity';
import { addMonths } from '../sponsorships/sponsorship-rules';
import { SponsorshipsService } from '../sponsorships/sponsorships.service';
import { Role } from '../users/user.entity';
import {
  AcceptProposalDto,
  AssessmentDto,
  DebriefInterviewDto,
  DebriefSummaryDto,
  DeclineProposalDto,
  GrandOralDto,
  GrandOralNotesDto,
  GrandOralOrderDto,
  ListInterviewsQuery,
  ListProposalsQuery,
  PassageNoteDto,
  ProposalDto,
  RecordInterviewOutcomeDto,
  SaveAssessmentDto,
  SessionStatisticsDto,
} from './dto/session-debrief.dto';
import { DebriefViewer, debriefViewer } from './session-debrief-access';
import { claimHeld, generatedOrder, moveInOrder, piiErrors, planProposals, proposalErrors, recordingBlock } from './session-debrief-rules';
import {
  INTRODUCTION_SOLUTION_OF,
  InterviewOutcome,
  PROPOSAL_KIND_LABELS,
  PROPOSAL_STATUS_LABELS,
  ProposalKind,
  ProposalStatus,
} from './session-debrief';
import { SessionDebriefException } from './session-debrief.exception';
import { AssessmentRow, DebriefInterviewRow, DebriefSessionRow, LockedProposal, NewProposal, OwnedProposalRow, ProposalRow, SessionDebriefsRepository } from './session-debriefs.repository';

const SUBJECT = 'recruitment_session';
/** A session's interviews are bounded by its rounds and rooms: the coordinator's grid reads them all at once. */
const MAX_GRID_INTERVIEWS = 2000;

type ViewerKind = DebriefViewer['kind'];

export interface DebriefOverview {
  summary: DebriefSummaryDto;
  interviews: DebriefInterviewDto[];
}

/** A proposal in the counsellors' list across sessions: its session, its profile, and whether it can be followed up now. */
export interface OwnedProposalDto extends ProposalDto {
  sessionId: string;
  sessionTitle: string;
  interviewOn: string;
  profileId: string;
  recordingOpen: boolean;
  recordingBlockedReason: string | null;
}

/** A proposal as shown; the candidate's agreement is a consent record, internal to the partner side (`forEmployer` hides it). */
function toProposalDto(row: ProposalRow, forEmployer = false): ProposalDto {
  return {
    id: row.id,
    interviewId: row.interviewId,
    kind: row.kind,
    kindLabel: PROPOSAL_KIND_LABELS[row.kind],
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    detail: row.detail,
    contractType: row.contractType,
    sponsorUserId: row.sponsorUserId,
    sponsorName: row.sponsorName,
    status: row.status,
    statusLabel: PROPOSAL_STATUS_LABELS[row.status],
    declineReason: row.declineReason,
    decidedByName: row.decidedByName,
    decidedAt: row.decidedAt,
    candidateAgreedOn: forEmployer ? null : row.candidateAgreedOn,
    introductionId: row.introductionId,
    sponsorshipId: row.sponsorshipId,
    profileCode: row.profileCode,
  };
}

function toAssessmentDto(row: AssessmentRow, proposals: ProposalRow[], forEmployer: boolean): AssessmentDto {
  const { interviewId: _interviewId, ...fields } = row;
  return { ...fields, proposals: proposals.filter((p) => p.assessmentId === row.id).map((p) => toProposalDto(p, forEmployer)) };
}

/**
 * The debrief, Grand Oral and statistics of recruitment sessions (issue 7). The session's organiser coordinators run
 * it; each binôme's employers record, per interview held, one agreed assessment with the solutions it proposes;
 * the coordinator (or the counsellor owning the profile) follows each proposal up once the candidate has been
 * asked, and an accepted one becomes a real introduction or sponsorship through their own services (their rules,
 * audit and e-mails apply). Free text passes the PII guard; audit events and logs carry ids and codes only.
 */
@Injectable()
export class SessionDebriefsService {
  private readonly logger = new Logger(SessionDebriefsService.name);

  constructor(
    private readonly debriefs: SessionDebriefsRepository,
    private readonly introductions: IntroductionsService,
    private readonly sponsorships: SponsorshipsService,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** The session and the caller's standing in it; 404 when they have none, or not one of `allowed`. */
  private async access(user: AuthUser, sessionId: string, allowed: ViewerKind[]): Promise<{ session: DebriefSessionRow; viewer: DebriefViewer }> {
    const session = await this.debriefs.findSession(sessionId);
    if (!session) throw SessionDebriefException.sessionNotFound();
    const organisationId = user.organisationId;
    const participation = organisationId ? await this.debriefs.participation(sessionId, organisationId) : null;
    // Partner staff follow their profiles up even should their organisation also take part in the session.
    const ownsCohortProfile = organisationId && (!participation || user.role !== Role.Employer) ? await this.debriefs.ownsCohortProfile(sessionId, organisationId) : false;
    const viewer = debriefViewer(user, { organiserOrganisationId: session.organiserOrganisationId, participation, ownsCohortProfile });
    if (!allowed.includes(viewer.kind)) throw SessionDebriefException.sessionNotFound();
    return { session, viewer };
  }

  /**
   * First thing in every write's transaction: locks the session row, so that the planner (which locks it before
   * deleting interviews or cohort members) and the debrief take turns instead of deadlocking (see the repository's
   * `lockSession`). `debrief`: the records of the interview day (outcomes, assessments, proposals) need an open
   * debrief (`recordingBlock`); `grand-oral`: refused on a cancelled session only, since its order of passage may be
   * prepared before the day; `order-only`: the lock without a check.
   */
  private async lockSession(manager: EntityManager, sessionId: string, check: 'debrief' | 'grand-oral' | 'order-only'): Promise<void> {
    const session = await this.debriefs.lockSession(sessionId, manager);
    if (!session) throw SessionDebriefException.sessionNotFound();
    if (check === 'order-only') return;
    const block = recordingBlock(session, this.clock.now());
    if (block === 'cancelled' || (block && check === 'debrief')) throw SessionDebriefException.recordingBlocked(block, session.interviewOn);
  }

  private record(manager: EntityManager, userId: string, action: string, sessionId: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.record({ actorUserId: userId, action, subjectType: SUBJECT, subjectId: sessionId, details }, manager);
  }

  // ---- Debrief ----

  async summary(user: AuthUser, sessionId: string): Promise<DebriefSummaryDto> {
    return (await this.overview(user, sessionId)).summary;
  }

  /** The interviews the caller sees: all for the coordinator, their binôme's for an employer; with what was recorded. */
  async interviews(user: AuthUser, sessionId: string, query: ListInterviewsQuery): Promise<Page<DebriefInterviewDto>> {
    const { viewer } = await this.access(user, sessionId, ['coordinator', 'employer']);
    const binomeId = viewer.kind === 'employer' ? viewer.binomeId : null;
    if (viewer.kind === 'employer' && !binomeId) return toPage([], 0, query);
    const { rows, total } = await this.debriefs.interviews(sessionId, { binomeId }, query.offset, query.pageSize);
    return toPage(await this.withAssessments(rows, viewer), total, query);
  }

  /** Every interview the caller sees (the whole session for the coordinator, their binôme's for an employer), for the pages' grids and forms. */
  async overview(user: AuthUser, sessionId: string): Promise<DebriefOverview> {
    const { session, viewer } = await this.access(user, sessionId, ['coordinator', 'employer']);
    const binomeId = viewer.kind === 'employer' ? viewer.binomeId : null;
    const rows = viewer.kind === 'employer' && !binomeId ? [] : (await this.debriefs.interviews(sessionId, { binomeId }, 0, MAX_GRID_INTERVIEWS)).rows;
    const interviews = await this.withAssessments(rows, viewer);
    const block = recordingBlock(session, this.clock.now());
    return {
      summary: {
        sessionId,
        title: session.title,
        interviewOn: session.interviewOn,
        recordingOpen: block === null,
        recordingBlockedReason: block ? SessionDebriefException.recordingBlocked(block, session.interviewOn).detail : null,
        closed: session.closedAt !== null,
        closedAt: session.closedAt,
        binomeId,
        interviews: interviews.length,
        assessments: interviews.filter((i) => i.assessment).length,
      },
      interviews,
    };
  }

  /** The employer members of the binôme's organisations, whom an assessment may name as sponsor. */
  async sponsorOptions(organisationIds: string[]): Promise<{ id: string; displayName: string; organisationId: string }[]> {
    return this.debriefs.membersOf(organisationIds);
  }

  private async withAssessments(rows: DebriefInterviewRow[], viewer: DebriefViewer): Promise<DebriefInterviewDto[]> {
    const ids = rows.map((r) => r.id);
    const [assessments, proposals] = await Promise.all([this.debriefs.assessmentsOf(ids), this.debriefs.proposalsOfInterviews(ids)]);
    const byInterview = new Map(assessments.map((a) => [a.interviewId, a]));
    return rows.map((row) => {
      const assessment = byInterview.get(row.id);
      return {
        id: row.id,
        round: row.round,
        roomName: row.roomName,
        binomeId: row.binomeId,
        binomeOrganisations: row.binomeOrganisations,
        sessionCandidateId: row.sessionCandidateId,
        profileCode: row.profileCode,
        published: row.published,
        occupations: row.occupations,
        project: row.project,
        outcome: row.outcome,
        assessment: assessment ? toAssessmentDto(assessment, proposals, viewer.kind === 'employer') : null,
      };
    });
  }

  private async interviewDto(viewer: DebriefViewer, sessionId: string, interviewId: string): Promise<DebriefInterviewDto> {
    const { rows } = await this.debriefs.interviews(sessionId, { interviewId }, 0, 1);
    if (!rows.length) throw SessionDebriefException.interviewNotFound();
    return (await this.withAssessments(rows, viewer))[0];
  }

  /** Locks an interview the viewer may record on: the coordinator any of the session, an employer their binôme's (404 otherwise). */
  private async lockInterviewFor(viewer: DebriefViewer, sessionId: string, interviewId: string, manager: EntityManager) {
    const interview = await this.debriefs.lockInterview(sessionId, interviewId, manager);
    if (!interview || (viewer.kind === 'employer' && interview.binomeId !== viewer.binomeId)) throw SessionDebriefException.interviewNotFound();
    return interview;
  }

  /** Held or no-show: by the coordinator, or by the binôme that was to hold it. */
  async recordOutcome(user: AuthUser, sessionId: string, interviewId: string, dto: RecordInterviewOutcomeDto): Promise<DebriefInterviewDto> {
    const { viewer } = await this.access(user, sessionId, ['coordinator', 'employer']);
    await this.tx.run(async (manager) => {
      await this.lockSession(manager, sessionId, 'debrief');
      const debrief = await this.debriefs.lockDebrief(sessionId, manager);
      if (debrief.closedAt) throw SessionDebriefException.closed();
      const interview = await this.lockInterviewFor(viewer, sessionId, interviewId, manager);
      if (dto.outcome === InterviewOutcome.NoShow && (await this.debriefs.assessmentIdOf(interviewId, manager))) throw SessionDebriefException.alreadyAssessed();
      await this.debriefs.saveOutcome(sessionId, interview.id, dto.outcome, user.id, this.clock.now(), manager);
      await this.record(manager, user.id, 'session_debrief.outcome_recorded', sessionId, { interviewId, outcome: dto.outcome });
    });
    this.logger.log({ msg: 'interview outcome recorded', sessionId, interviewId, outcome: dto.outcome, userId: user.id });
    return this.interviewDto(viewer, sessionId, interviewId);
  }

  /**
   * The binôme's agreed assessment of an interview and its proposals (the list replaces the previous one; decided
   * proposals cannot be dropped or changed). Recording it marks the interview as held. Editable until the debrief
   * is closed; the first writer stays its author.
   */
  async saveAssessment(user: AuthUser, sessionId: string, interviewId: string, dto: SaveAssessmentDto): Promise<DebriefInterviewDto> {
    const { viewer } = await this.access(user, sessionId, ['employer']);
    await this.tx.run(async (manager) => {
      await this.lockSession(manager, sessionId, 'debrief');
      const debrief = await this.debriefs.lockDebrief(sessionId, manager);
      if (debrief.closedAt) throw SessionDebriefException.closed();
      const interview = await this.lockInterviewFor(viewer, sessionId, interviewId, manager);
      if (interview.outcome === InterviewOutcome.NoShow) throw SessionDebriefException.notHeld();
      const organisations = (await this.debriefs.binomeOrganisations(interview.binomeId, manager)).map((o) => o.id);
      const shapeErrors = proposalErrors(dto.proposals, organisations);
      if (shapeErrors.length) throw SessionDebriefException.invalid(shapeErrors);
      const sponsorErrors: FieldError[] = [];
      for (const [index, p] of dto.proposals.entries()) {
        if (p.sponsorUserId && !(await this.debriefs.employerMembers(p.organisationId, [p.sponsorUserId], manager)).length) {
          sponsorErrors.push({ field: `proposals.${index}.sponsorUserId`, message: 'Le parrain ou la marraine doit être membre de l’organisation qui propose le parrainage.' });
        }
      }
      if (sponsorErrors.length) throw SessionDebriefException.invalid(sponsorErrors);
      const pii = piiErrors(
        { comment: dto.comment, ...Object.fromEntries(dto.proposals.map((p, index) => [`proposals.${index}.detail`, p.detail])) },
        interview.establishmentNames,
      );
      if (pii.length) throw SessionDebriefException.piiFound(pii);

      const now = this.clock.now();
      const assessmentId = await this.debriefs.saveAssessment(
        sessionId,
        interviewId,
        { projectClarity: dto.projectClarity, motivation: dto.motivation, fit: dto.fit, comment: dto.comment ?? null },
        user.id,
        now,
        manager,
      );
      const submitted: NewProposal[] = dto.proposals.map((p) => ({
        kind: p.kind,
        organisationId: p.organisationId,
        detail: p.detail ?? null,
        contractType: p.contractType ?? null,
        sponsorUserId: p.sponsorUserId ?? null,
      }));
      const plan = planProposals(await this.debriefs.lockProposalsOf(assessmentId, manager), submitted);
      if (plan.decidedTouched.length) {
        throw SessionDebriefException.proposalDecided(plan.decidedTouched.map((p) => ({ field: 'proposals', message: `${PROPOSAL_KIND_LABELS[p.kind]} : déjà ${p.status === ProposalStatus.Accepted ? 'acceptée' : 'déclinée'}.` })));
      }
      await this.debriefs.deletePendingProposals(plan.remove, manager);
      for (const p of plan.update) await this.debriefs.updatePendingProposal(p.id, p, manager);
      for (const p of plan.insert) await this.debriefs.insertProposal(sessionId, assessmentId, p, now, manager);
      if (interview.outcome === null) await this.debriefs.saveOutcome(sessionId, interviewId, InterviewOutcome.Held, user.id, now, manager);
      await this.record(manager, user.id, 'session_debrief.assessment_saved', sessionId, {
        interviewId,
        assessmentId,
        organisationId: viewer.organisationId,
        proposalKinds: submitted.map((p) => p.kind),
        withComment: Boolean(dto.comment),
      });
    });
    this.logger.log({ msg: 'session assessment saved', sessionId, interviewId, userId: user.id });
    return this.interviewDto(viewer, sessionId, interviewId);
  }

  /** Proposals of the session: all for the coordinator, those of their organisation's profiles for a counsellor. */
  async proposals(user: AuthUser, sessionId: string, query: ListProposalsQuery): Promise<Page<ProposalDto>> {
    const { viewer } = await this.access(user, sessionId, ['coordinator', 'counsellor']);
    const { rows, total } = await this.debriefs.proposals(
      sessionId,
      { status: query.status, profileOwnerOrganisationId: viewer.kind === 'counsellor' ? viewer.organisationId : undefined },
      query.offset,
      query.pageSize,
    );
    return toPage(rows.map((row) => toProposalDto(row)), total, query);
  }

  /**
   * The proposals made in every session for the profiles the caller's organisation owns (an active partner
   * organisation: 403 otherwise, as on the other partner pages). Each says whether its session's debrief is open,
   * since accepting or declining needs it (see `recordingBlock`).
   */
  async ownedProposals(user: AuthUser, query: ListProposalsQuery): Promise<Page<OwnedProposalDto>> {
    const organisationId = activePartnerOrganisation(user);
    const { rows, total } = await this.debriefs.proposalsOwnedBy(organisationId, query.status, query.offset, query.pageSize);
    const now = this.clock.now();
    return toPage(rows.map((row) => this.toOwnedProposalDto(row, now)), total, query);
  }

  /** One proposal of the caller's, as the list shows it (404 when it is not theirs to follow up). */
  async proposalToFollow(user: AuthUser, sessionId: string, proposalId: string): Promise<ProposalDto> {
    const { viewer } = await this.access(user, sessionId, ['coordinator', 'counsellor']);
    return toProposalDto(await this.proposalFor(viewer, sessionId, proposalId));
  }

  private toOwnedProposalDto(row: OwnedProposalRow, now: Date): OwnedProposalDto {
    const block = recordingBlock({ status: row.sessionStatus, interviewOn: row.interviewOn }, now);
    return {
      ...toProposalDto(row),
      sessionId: row.sessionId,
      sessionTitle: row.sessionTitle,
      interviewOn: row.interviewOn,
      profileId: row.profileId,
      recordingOpen: block === null,
      recordingBlockedReason: block ? SessionDebriefException.recordingBlocked(block, row.interviewOn).detail : null,
    };
  }

  private async proposalFor(viewer: DebriefViewer, sessionId: string, proposalId: string): Promise<ProposalRow> {
    const row = await this.debriefs.findProposal(sessionId, proposalId);
    if (!row || (viewer.kind === 'counsellor' && row.profileOwnerOrganisationId !== viewer.organisationId)) throw SessionDebriefException.proposalNotFound();
    return row;
  }

  /**
   * Accepts a proposal once the candidate agreed: it becomes an introduction proposed to the organisation (the
   * employer then accepts it as any proposal), or a sponsorship with the sponsor the binôme named. The coordinator
   * of the session acts for the organisation owning the profile when it is not theirs (see `actingFor`).
   *
   * The introduction or sponsorship is created by its own service, in its own transaction (its e-mails are queued
   * there), so the proposal is claimed first under its row lock: while the claim holds, a decline or a second
   * acceptance is refused, and the proposal cannot end up declined with an introduction already announced. The
   * claim is dropped if the creation fails, and replaced by the accepted status and the link once it succeeded.
   */
  async acceptProposal(user: AuthUser, sessionId: string, proposalId: string, dto: AcceptProposalDto): Promise<ProposalDto> {
    const { viewer } = await this.access(user, sessionId, ['coordinator', 'counsellor']);
    await this.proposalFor(viewer, sessionId, proposalId);
    const claimedAt = this.clock.now();
    const proposal = await this.tx.run(async (manager) => {
      await this.lockSession(manager, sessionId, 'debrief');
      const locked = await this.debriefs.lockProposal(sessionId, proposalId, manager);
      if (!locked) throw SessionDebriefException.proposalNotFound();
      if (locked.status !== ProposalStatus.Pending) throw SessionDebriefException.alreadyDecided();
      if (claimHeld(locked.acceptingAt, claimedAt)) throw SessionDebriefException.acceptanceUnderWay();
      await this.debriefs.claimForAcceptance(proposalId, user.id, claimedAt, manager);
      return locked;
    });
    let links: { introductionId: string | null; sponsorshipId: string | null };
    try {
      links = await this.createFollowUp(await this.actingFor(user, proposal), proposal, dto);
    } catch (error) {
      // Nothing was created: the proposal is pending as before. Should the release fail too, the claim goes stale.
      await this.tx
        .run((manager) => this.debriefs.releaseClaim(proposalId, claimedAt, manager))
        .catch((releaseError: unknown) => this.logger.error({ msg: 'session proposal claim not released', sessionId, proposalId, error: String(releaseError) }));
      throw error;
    }
    await this.tx.run(async (manager) => {
      // No debrief check here: the introduction or sponsorship exists, and must be linked whatever happened since.
      await this.lockSession(manager, sessionId, 'order-only');
      const locked = await this.debriefs.lockProposal(sessionId, proposalId, manager);
      if (!locked || locked.status !== ProposalStatus.Pending) {
        // Only possible when this request stalled past the claim's lifetime and another acceptance took over.
        this.logger.error({ msg: 'session proposal decided while its follow-up was created', sessionId, proposalId, ...links });
        throw SessionDebriefException.alreadyDecided();
      }
      await this.debriefs.markAccepted(proposalId, { userId: user.id, now: this.clock.now(), candidateAgreedOn: dto.candidateAgreedOn, ...links }, manager);
      await this.record(manager, user.id, 'session_debrief.proposal_accepted', sessionId, {
        proposalId,
        kind: proposal.kind,
        profileId: proposal.profileId,
        organisationId: proposal.organisationId,
        ...links,
        candidateAgreement: true,
      });
    });
    this.logger.log({ msg: 'session proposal accepted', sessionId, proposalId, ...links, userId: user.id });
    return toProposalDto((await this.debriefs.findProposal(sessionId, proposalId))!);
  }

  /**
   * The user the introductions and sponsorships services see. They let a partner organisation's staff act for the
   * profiles it owns; the session's coordinator follows up the whole cohort, whose profiles may belong to other
   * partner organisations of the programme, so they act for the owning organisation (the audit still names them).
   */
  private async actingFor(user: AuthUser, proposal: LockedProposal): Promise<AuthUser> {
    if (user.organisationId === proposal.profileOwnerOrganisationId) return user;
    const owner = await this.debriefs.organisation(proposal.profileOwnerOrganisationId);
    if (!owner || !PARTNER_KINDS.includes(owner.kind) || owner.status !== OrganisationStatus.Active) throw SessionDebriefException.ownerOrganisationInactive();
    return { ...user, organisationId: owner.id, organisationName: owner.name, organisationKind: owner.kind, organisationStatus: owner.status };
  }

  private async createFollowUp(actor: AuthUser, proposal: LockedProposal, dto: AcceptProposalDto): Promise<{ introductionId: string | null; sponsorshipId: string | null }> {
    if (proposal.kind === ProposalKind.Sponsorship) {
      if (!proposal.sponsorEmail) throw SessionDebriefException.invalid([{ field: 'sponsorUserId', message: 'Le parrain ou la marraine désigné n’a plus de compte : la proposition ne peut pas devenir un parrainage.' }]);
      const startsOn = dto.startsOn ?? parisDate(this.clock.now());
      const created = await this.sponsorships.create(actor, {
        profileCode: proposal.profileCode,
        sponsorEmail: proposal.sponsorEmail,
        startsOn,
        plannedEndOn: dto.plannedEndOn ?? addMonths(startsOn, 12),
        candidateAgreed: true,
        candidateAgreedOn: dto.candidateAgreedOn,
        introductionId: null,
      });
      return { introductionId: null, sponsorshipId: created.id };
    }
    if (dto.startsOn !== undefined || dto.plannedEndOn !== undefined) {
      throw new ValidationFailedException(
        (['startsOn', 'plannedEndOn'] as const).filter((f) => dto[f] !== undefined).map((field) => ({ field, message: 'Les dates ne se précisent que pour un parrainage.' })),
      );
    }
    if (proposal.profileStatus !== 'published') throw SessionDebriefException.profileNotPublished();
    const created = await this.introductions.propose(actor, {
      profileId: proposal.profileId,
      organisationId: proposal.organisationId,
      needId: null,
      solution: INTRODUCTION_SOLUTION_OF[proposal.kind],
      message: dto.message ?? proposal.detail ?? null,
      candidateAgreed: true,
      candidateAgreedOn: dto.candidateAgreedOn,
    });
    return { introductionId: created.id, sponsorshipId: null };
  }

  async declineProposal(user: AuthUser, sessionId: string, proposalId: string, dto: DeclineProposalDto): Promise<ProposalDto> {
    const { viewer } = await this.access(user, sessionId, ['coordinator', 'counsellor']);
    const proposal = await this.proposalFor(viewer, sessionId, proposalId);
    await this.tx.run(async (manager) => {
      await this.lockSession(manager, sessionId, 'debrief');
      const locked = await this.debriefs.lockProposal(sessionId, proposalId, manager);
      if (!locked || locked.status !== ProposalStatus.Pending) throw SessionDebriefException.alreadyDecided();
      if (claimHeld(locked.acceptingAt, this.clock.now())) throw SessionDebriefException.acceptanceUnderWay();
      await this.debriefs.markDeclined(proposalId, dto.reason, user.id, this.clock.now(), manager);
      await this.record(manager, user.id, 'session_debrief.proposal_declined', sessionId, { proposalId, kind: proposal.kind, profileId: proposal.profileId, reason: dto.reason });
    });
    this.logger.log({ msg: 'session proposal declined', sessionId, proposalId, userId: user.id });
    return toProposalDto((await this.debriefs.findProposal(sessionId, proposalId))!);
  }

  /** Closing freezes the assessments and outcomes; proposals are still followed up. Reopening lets binômes edit again. */
  async setClosed(user: AuthUser, sessionId: string, closed: boolean): Promise<DebriefSummaryDto> {
    await this.access(user, sessionId, ['coordinator']);
    await this.tx.run(async (manager) => {
      await this.lockSession(manager, sessionId, 'order-only');
      await this.debriefs.lockDebrief(sessionId, manager);
      await this.debriefs.setClosed(sessionId, closed, user.id, this.clock.now(), manager);
      await this.record(manager, user.id, closed ? 'session_debrief.closed' : 'session_debrief.reopened', sessionId, {});
    });
    return this.summary(user, sessionId);
  }

  // ---- Grand Oral ----

  async grandOral(user: AuthUser, sessionId: string): Promise<GrandOralDto> {
    const { session } = await this.access(user, sessionId, ['coordinator']);
    const [passages, cohort, attendance, notes] = await Promise.all([
      this.debriefs.passages(sessionId),
      this.debriefs.cohort(sessionId),
      this.debriefs.attendance(sessionId),
      this.debriefs.grandOralNotes(sessionId),
    ]);
    const placed = new Set(passages.map((p) => p.sessionCandidateId));
    return {
      sessionId,
      grandOralOn: session.grandOralOn,
      passages,
      withoutPassage: cohort.filter((c) => !placed.has(c.id)).map((c) => ({ sessionCandidateId: c.id, profileCode: c.profileCode })),
      attendance,
      notes,
    };
  }

  /** Places the cohort in its order; an existing order is kept and newcomers are appended. */
  generateOrder(user: AuthUser, sessionId: string): Promise<GrandOralDto> {
    return this.changeOrder(user, sessionId, 'grand_oral.order_generated', (current, cohort) => {
      if (!cohort.length) throw SessionDebriefException.emptyCohort();
      return generatedOrder(current, cohort);
    });
  }

  /** The whole order by hand: exactly the cohort, each once. */
  reorder(user: AuthUser, sessionId: string, dto: GrandOralOrderDto): Promise<GrandOralDto> {
    return this.changeOrder(user, sessionId, 'grand_oral.order_changed', (_current, cohort) => {
      const inCohort = new Set(cohort);
      const unknown = dto.sessionCandidateIds.filter((id) => !inCohort.has(id));
      if (unknown.length) throw SessionDebriefException.cohortMismatch(`${unknown.length} identifiant(s) ne désignent pas un candidat de la cohorte.`);
      if (dto.sessionCandidateIds.length !== cohort.length) {
        throw SessionDebriefException.cohortMismatch(`L’ordre doit placer chacun des ${cohort.length} candidats de la cohorte (${dto.sessionCandidateIds.length} reçus).`);
      }
      return dto.sessionCandidateIds;
    });
  }

  /** One step up or down, from the page's buttons. */
  movePassage(user: AuthUser, sessionId: string, sessionCandidateId: string, direction: 'up' | 'down'): Promise<GrandOralDto> {
    return this.changeOrder(user, sessionId, 'grand_oral.order_changed', (current) => {
      if (!current.includes(sessionCandidateId)) throw SessionDebriefException.passageNotFound();
      return moveInOrder(current, sessionCandidateId, direction);
    });
  }

  private async changeOrder(user: AuthUser, sessionId: string, action: string, next: (current: string[], cohort: string[]) => string[]): Promise<GrandOralDto> {
    await this.access(user, sessionId, ['coordinator']);
    await this.tx.run(async (manager) => {
      await this.lockSession(manager, sessionId, 'grand-oral');
      await this.debriefs.lockDebrief(sessionId, manager);
      const current = (await this.debriefs.passages(sessionId, manager)).map((p) => p.sessionCandidateId);
      const cohort = (await this.debriefs.cohort(sessionId, manager)).map((c) => c.id);
      const order = next(current, cohort);
      await this.debriefs.writeOrder(sessionId, order, user.id, this.clock.now(), manager);
      await this.record(manager, user.id, action, sessionId, { passages: order.length });
    });
    return this.grandOral(user, sessionId);
  }

  async setPassageNote(user: AuthUser, sessionId: string, sessionCandidateId: string, dto: PassageNoteDto): Promise<GrandOralDto> {
    const { session } = await this.access(user, sessionId, ['coordinator']);
    const pii = piiErrors({ note: dto.note }, [session.establishmentCode, session.establishmentName].filter((n): n is string => Boolean(n)));
    if (pii.length) throw SessionDebriefException.piiFound(pii);
    await this.tx.run(async (manager) => {
      await this.lockSession(manager, sessionId, 'grand-oral');
      if (!(await this.debriefs.setPassageNote(sessionId, sessionCandidateId, dto.note ?? null, user.id, this.clock.now(), manager))) throw SessionDebriefException.passageNotFound();
      await this.record(manager, user.id, 'grand_oral.passage_noted', sessionId, { sessionCandidateId, withNote: Boolean(dto.note) });
    });
    return this.grandOral(user, sessionId);
  }

  /** Whether a participating organisation (named by its participation in the session) came to the Grand Oral. */
  async setAttendance(user: AuthUser, sessionId: string, participantId: string, present: boolean): Promise<GrandOralDto> {
    await this.access(user, sessionId, ['coordinator']);
    await this.tx.run(async (manager) => {
      await this.lockSession(manager, sessionId, 'grand-oral');
      if (!(await this.debriefs.saveAttendance(sessionId, participantId, present, user.id, this.clock.now(), manager))) throw SessionDebriefException.participantNotFound();
      await this.record(manager, user.id, 'grand_oral.attendance_recorded', sessionId, { participantId, present });
    });
    return this.grandOral(user, sessionId);
  }

  async setNotes(user: AuthUser, sessionId: string, dto: GrandOralNotesDto): Promise<GrandOralDto> {
    const { session } = await this.access(user, sessionId, ['coordinator']);
    const pii = piiErrors({ notes: dto.notes }, [session.establishmentCode, session.establishmentName].filter((n): n is string => Boolean(n)));
    if (pii.length) throw SessionDebriefException.piiFound(pii);
    await this.tx.run(async (manager) => {
      await this.lockSession(manager, sessionId, 'grand-oral');
      await this.debriefs.lockDebrief(sessionId, manager);
      await this.debriefs.setGrandOralNotes(sessionId, dto.notes ?? null, user.id, this.clock.now(), manager);
      await this.record(manager, user.id, 'grand_oral.notes_saved', sessionId, { withNotes: Boolean(dto.notes) });
    });
    return this.grandOral(user, sessionId);
  }

  // ---- Statistics ----

  async statistics(user: AuthUser, sessionId: string): Promise<SessionStatisticsDto> {
    const { session } = await this.access(user, sessionId, ['coordinator']);
    const f = await this.debriefs.figures(sessionId, session.meetingsPerCandidate);
    const byKind = Object.fromEntries(Object.values(ProposalKind).map((kind) => [kind, f.proposalsByKind[kind] ?? 0])) as Record<ProposalKind, number>;
    const byStatus = (status: ProposalStatus) => f.proposalsByStatus[status] ?? 0;
    return {
      sessionId,
      candidates: f.candidates,
      organisations: { participating: f.organisations, presentAtGrandOral: f.organisationsPresent, absentAtGrandOral: f.organisationsAbsent },
      interviews: {
        scheduled: f.interviewsScheduled,
        held: f.interviewsHeld,
        noShow: f.interviewsNoShow,
        unrecorded: f.interviewsScheduled - f.interviewsHeld - f.interviewsNoShow,
      },
      meetingsTarget: session.meetingsPerCandidate,
      candidatesMeetingTarget: f.candidatesMeetingTarget,
      assessments: f.assessments,
      proposals: {
        total: Object.values(byKind).reduce((a, b) => a + b, 0),
        byKind,
        accepted: byStatus(ProposalStatus.Accepted),
        declined: byStatus(ProposalStatus.Declined),
        pending: byStatus(ProposalStatus.Pending),
      },
      introductionsCreated: f.introductionsCreated,
      sponsorshipsCreated: f.sponsorshipsCreated,
    };
  }
}
