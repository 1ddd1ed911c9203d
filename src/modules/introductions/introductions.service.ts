import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { Page, toPage } from '../../common/http/pagination';
import { FieldError, ValidationFailedException } from '../../common/http/problem';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { EmailTemplate } from '../../infra/mail/email-templates';
import { AuditService } from '../audit/audit.service';
import { CandidateProfilesRepository } from '../candidates/candidate-profiles.repository';
import { parisDate } from '../employer-needs/employer-need-rules';
import { EMPLOYER_KINDS, OrganisationStatus } from '../organisations/organisation.entity';
import { checkFreeText } from '../privacy/pii-guard';
import {
  AcceptIntroductionDto,
  CreateIntroductionProposalDto,
  CreateIntroductionRequestDto,
  DeclineIntroductionDto,
  IntroductionDto,
  IntroductionStage,
  IntroductionSummaryDto,
  ListIntroductionsQuery,
  PlanMeetingDto,
  RecordOutcomeDto,
  WithdrawIntroductionDto,
} from './dto/introduction.dto';
import { IntroductionSide, IntroductionStatus, OPEN_STATUSES } from './introduction';
import { IntroductionViewer, introductionViewer } from './introduction-access';
import { IntroductionMailer } from './introduction-mailer';
import {
  actorMayEver,
  agreementDateErrors,
  awaitedSide,
  declineReasonErrors,
  IntroductionAction,
  isPaused,
  meetingDateErrors,
  nextMonthStart,
  nextStatus,
  outcomeErrors,
  parisMonthStart,
} from './introduction-rules';
import { toIntroductionSummary, toIntroductionView } from './introduction-view';
import { IntroductionException } from './introduction.exception';
import {
  IntroductionChanges,
  IntroductionOrganisationRow,
  IntroductionRecord,
  IntroductionsRepository,
  isOpenDuplicate,
  NewIntroduction,
  NewIntroductionEvent,
  PublishedNeedOption,
} from './introductions.repository';

const SUBJECT = 'introduction';

/** What a move does besides changing the status: columns, the history line, audit details (codes only), e-mails. */
interface MoveEffects {
  changes?: IntroductionChanges;
  event?: Pick<NewIntroductionEvent, 'reasonCode' | 'meetingOn' | 'outcome' | 'contractType' | 'note'>;
  audit?: Record<string, string | boolean | null>;
  emails?: [EmailTemplate, IntroductionSide[]][];
}

/** Where an employer organisation stands for new introductions: open, or the reason it cannot take one now. */
export interface IntroductionAllowance {
  cap: number | null;
  usedThisMonth: number;
  pausedUntil: string | null;
  /** The French reason a new introduction would be refused, or null. */
  blocked: string | null;
}

export interface ProposalContext {
  profile: { id: string; code: string; occupations: { romeCode: string; label: string }[] };
  organisation: { id: string; name: string };
  needs: PublishedNeedOption[];
  blocked: string | null;
}

const otherSide = (side: IntroductionSide): IntroductionSide => (side === 'employer' ? 'partner' : 'employer');

/** The statuses a list shows: a status, a stage seen from the viewer's side, both (their intersection) or all. */
export function listedStatuses(side: IntroductionSide, status?: IntroductionStatus, stage?: IntroductionStage): IntroductionStatus[] | null {
  const all = Object.values(IntroductionStatus);
  const byStage = (s: IntroductionStatus) =>
    stage === undefined || (stage === 'to_answer' ? awaitedSide(s) === side : stage === 'open' ? OPEN_STATUSES.includes(s) : !OPEN_STATUSES.includes(s));
  if (status === undefined && stage === undefined) return null;
  return all.filter((s) => (status === undefined || s === status) && byStage(s));
}

/**
 * Introductions (mises en relation): employers of an active employer organisation ask to meet published
 * profiles; counsellors (and coordinators) of the partner organisation owning a profile propose it, answer for
 * the candidate once they agree, introduce both sides and record what came of it. Each change is one
 * transaction: the row, its history line, the audit event (ids and codes only, never the words written) and the
 * e-mails, which therefore go out if and only if the change commits. Another organisation's introduction
 * answers 404, as if it did not exist. Nothing here logs free text: ids only.
 */
@Injectable()
export class IntroductionsService {
  private readonly logger = new Logger(IntroductionsService.name);

  constructor(
    private readonly introductions: IntroductionsRepository,
    private readonly profiles: CandidateProfilesRepository,
    private readonly mailer: IntroductionMailer,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  private today(): string {
    return parisDate(this.clock.now());
  }

  async list(user: AuthUser, query: ListIntroductionsQuery): Promise<Page<IntroductionSummaryDto>> {
    const viewer = introductionViewer(user);
    const statuses = listedStatuses(viewer.side, query.status, query.stage);
    const { rows, total } =
      statuses !== null && statuses.length === 0
        ? { rows: [], total: 0 }
        : await this.introductions.list({ side: viewer.side, organisationId: viewer.organisationId }, statuses, query.offset, query.pageSize);
    return toPage(
      rows.map((row) => toIntroductionSummary(row, viewer.side, this.config.INTRODUCTION_EXPIRE_AFTER_DAYS)),
      total,
      query,
    );
  }

  async get(user: AuthUser, id: string): Promise<IntroductionDto> {
    const viewer = introductionViewer(user);
    const row = await this.introductions.findById(id);
    if (!row || !reaches(viewer, row)) throw IntroductionException.notFound();
    return toIntroductionView(row, await this.introductions.events(id), viewer.side, this.config.INTRODUCTION_EXPIRE_AFTER_DAYS);
  }

  /** "Je souhaite rencontrer": an employer asks to meet a published profile, named by its code. */
  async request(user: AuthUser, dto: CreateIntroductionRequestDto): Promise<IntroductionDto> {
    const viewer = this.sideOnly(user, 'employer');
    const id = await this.create(async (manager, now) => {
      const organisation = await this.introductions.lockOrganisation(viewer.organisationId, manager);
      if (!organisation) throw IntroductionException.notMember();
      await this.assertOpenToIntroductions(organisation, true, now, manager);
      const profile = await this.profiles.findPublishedByCode(dto.profileCode, manager);
      if (!profile) {
        throw IntroductionException.profileUnavailable('profileCode', 'Ce profil n’existe pas ou n’est plus visible des employeurs : il ne peut pas faire l’objet d’une demande de rencontre.');
      }
      return {
        profileId: profile.id,
        organisationId: organisation.id,
        partnerOrganisationId: profile.ownerOrganisationId,
        needId: dto.needId ?? null,
        initiator: 'employer',
        solution: dto.solution,
        status: IntroductionStatus.Requested,
        message: dto.message,
        availability: dto.availability ?? null,
        proposalMessage: null,
        employerUserId: user.id,
        counsellorUserId: null,
        createdBy: user.id,
        candidateAgreedOn: null,
        now,
      };
    });
    this.logger.log({ msg: 'introduction requested', introductionId: id, organisationId: viewer.organisationId, userId: user.id });
    return this.get(user, id);
  }

  /** A counsellor proposes one of their organisation's published profiles to an employer organisation, the candidate having agreed. */
  async propose(user: AuthUser, dto: CreateIntroductionProposalDto): Promise<IntroductionDto> {
    const viewer = this.sideOnly(user, 'partner');
    const dateErrors = agreementDateErrors(dto.candidateAgreedOn, this.today(), null);
    if (dateErrors.length) throw new ValidationFailedException(dateErrors);
    const id = await this.create(async (manager, now) => {
      const profile = await this.profiles.findById(dto.profileId, manager);
      if (!profile || profile.ownerOrganisationId !== viewer.organisationId) {
        throw IntroductionException.profileUnavailable('profileId', 'Profil introuvable parmi ceux de votre organisation.');
      }
      if (!(await this.profiles.findPublishedById(profile.id, manager))) {
        throw IntroductionException.profileUnavailable(
          'profileId',
          'Ce profil n’est pas visible des employeurs (non publié, ou consentement révoqué) : publiez-le avant de le proposer.',
        );
      }
      if (dto.message) {
        const names = [profile.establishmentName, profile.establishmentCode].filter((n): n is string => Boolean(n));
        const findings = checkFreeText(dto.message, { establishmentNames: names });
        if (findings.length) throw IntroductionException.piiFound(findings.map((f): FieldError => ({ field: 'message', message: f.reason })));
      }
      const organisation = await this.introductions.lockOrganisation(dto.organisationId, manager);
      if (!organisation || !EMPLOYER_KINDS.includes(organisation.kind) || organisation.status !== OrganisationStatus.Active) throw IntroductionException.organisationUnavailable();
      await this.assertOpenToIntroductions(organisation, false, now, manager);
      return {
        profileId: profile.id,
        organisationId: organisation.id,
        partnerOrganisationId: viewer.organisationId,
        needId: dto.needId ?? null,
        initiator: 'partner',
        solution: dto.solution,
        status: IntroductionStatus.Proposed,
        message: null,
        availability: null,
        proposalMessage: dto.message ?? null,
        employerUserId: null,
        counsellorUserId: user.id,
        createdBy: user.id,
        candidateAgreedOn: dto.candidateAgreedOn,
        now,
      };
    });
    this.logger.log({ msg: 'introduction proposed', introductionId: id, organisationId: viewer.organisationId, userId: user.id });
    return this.get(user, id);
  }

  /**
   * A counsellor accepts a request, recording the candidate's agreement (who, when, given on which day); an
   * employer accepts a proposal, which introduces both sides at once.
   */
  accept(user: AuthUser, id: string, dto: AcceptIntroductionDto): Promise<IntroductionDto> {
    return this.move(user, id, 'accept', async (current, viewer) => {
      if (viewer.side === 'employer') {
        const extra = (['candidateAgreed', 'candidateAgreedOn'] as const).filter((field) => dto[field] !== undefined);
        if (extra.length) throw new ValidationFailedException(extra.map((field) => ({ field, message: 'L’accord de la personne est enregistré par son conseiller : ce champ n’est pas attendu.' })));
        return { changes: { employerUserId: user.id }, emails: [['introduction-introduced', ['employer', 'partner']]] };
      }
      const errors: FieldError[] = [];
      if (dto.candidateAgreed !== true) errors.push({ field: 'candidateAgreed', message: 'Cochez la case confirmant que la personne a donné son accord pour cette rencontre.' });
      if (dto.candidateAgreedOn === undefined) errors.push({ field: 'candidateAgreedOn', message: 'Indiquez la date à laquelle la personne a donné son accord.' });
      else errors.push(...agreementDateErrors(dto.candidateAgreedOn, this.today(), parisDate(new Date(current.createdAt))));
      if (errors.length) throw new ValidationFailedException(errors);
      return {
        changes: { counsellorUserId: user.id, candidateAgreedOn: dto.candidateAgreedOn, candidateAgreementRecordedBy: user.id },
        audit: { candidateAgreement: true },
        emails: [['introduction-accepted', ['employer']]],
      };
    });
  }

  decline(user: AuthUser, id: string, dto: DeclineIntroductionDto): Promise<IntroductionDto> {
    return this.move(user, id, 'decline', async (_current, viewer) => {
      const errors = declineReasonErrors(dto.reason, viewer.side);
      if (errors.length) throw new ValidationFailedException(errors);
      return {
        changes: { declineReason: dto.reason, ...(viewer.side === 'partner' ? { counsellorUserId: user.id } : {}) },
        event: { reasonCode: dto.reason, note: dto.note ?? null },
        audit: { reason: dto.reason },
        emails: [['introduction-declined', [otherSide(viewer.side)]]],
      };
    });
  }

  /** The counsellor has put both sides in touch: each gets the other's professional contact and the next steps. */
  introduce(user: AuthUser, id: string): Promise<IntroductionDto> {
    return this.move(user, id, 'introduce', async () => ({ changes: { counsellorUserId: user.id }, emails: [['introduction-introduced', ['employer', 'partner']]] }));
  }

  planMeeting(user: AuthUser, id: string, dto: PlanMeetingDto): Promise<IntroductionDto> {
    return this.move(user, id, 'plan_meeting', async (current) => {
      const errors = meetingDateErrors(dto.meetingOn, this.today(), parisDate(new Date(current.createdAt)));
      if (errors.length) throw new ValidationFailedException(errors);
      return { changes: { meetingOn: dto.meetingOn }, event: { meetingOn: dto.meetingOn, note: dto.note ?? null } };
    });
  }

  recordOutcome(user: AuthUser, id: string, dto: RecordOutcomeDto): Promise<IntroductionDto> {
    return this.move(user, id, 'record_outcome', async () => {
      const contractType = dto.contractType ?? null;
      const reason = dto.reason ?? null;
      const errors = outcomeErrors(dto.outcome, contractType, reason);
      if (errors.length) throw new ValidationFailedException(errors);
      return {
        changes: { outcome: dto.outcome, outcomeContractType: contractType, outcomeReason: reason },
        event: { outcome: dto.outcome, contractType, reasonCode: reason, note: dto.note ?? null },
        audit: { outcome: dto.outcome, contractType, reason },
      };
    });
  }

  /** The author withdraws a request (until the introduction is made) or a proposal (until answered); the other side is told. */
  withdraw(user: AuthUser, id: string, dto: WithdrawIntroductionDto): Promise<IntroductionDto> {
    return this.move(user, id, 'withdraw', async (_current, viewer) => ({ event: { note: dto.note ?? null }, emails: [['introduction-closed', [otherSide(viewer.side)]]] }));
  }

  /** Whether the user's employer organisation can ask for an introduction now, and why not. */
  async allowance(user: AuthUser): Promise<IntroductionAllowance> {
    const viewer = this.sideOnly(user, 'employer');
    const organisation = await this.introductions.findOrganisation(viewer.organisationId);
    if (!organisation) throw IntroductionException.notMember();
    const now = this.clock.now();
    const usedThisMonth = await this.introductions.countCreatedSince(organisation.id, parisMonthStart(now));
    const blocker = this.blocker(organisation, usedThisMonth, now, true);
    return { cap: organisation.monthlyIntroductionCap, usedThisMonth, pausedUntil: organisation.pausedUntil, blocked: blocker?.detail ?? null };
  }

  /** The published needs of the user's employer organisation, for the request form. */
  async ownNeedOptions(user: AuthUser): Promise<PublishedNeedOption[]> {
    return this.introductions.publishedNeedsOf(this.sideOnly(user, 'employer').organisationId);
  }

  /**
   * What the proposal form shows: one of the counsellor's organisation's profiles (visible to employers), the
   * employer organisation, its published needs, and why it cannot take an introduction now if it cannot.
   */
  async proposalContext(user: AuthUser, profileId: string, organisationId: string): Promise<ProposalContext> {
    const viewer = this.sideOnly(user, 'partner');
    const profile = await this.profiles.findPublishedById(profileId);
    if (!profile || profile.ownerOrganisationId !== viewer.organisationId) {
      throw IntroductionException.profileUnavailable('profileId', 'Ce profil n’est pas un profil publié de votre organisation : il ne peut pas être proposé.');
    }
    const organisation = await this.introductions.findOrganisation(organisationId);
    if (!organisation || !EMPLOYER_KINDS.includes(organisation.kind) || organisation.status !== OrganisationStatus.Active) throw IntroductionException.organisationUnavailable();
    const now = this.clock.now();
    const used = await this.introductions.countCreatedSince(organisation.id, parisMonthStart(now));
    return {
      profile: { id: profile.id, code: profile.code, occupations: profile.occupations.map((o) => ({ romeCode: o.code, label: o.label })) },
      organisation: { id: organisation.id, name: organisation.name },
      needs: await this.introductions.publishedNeedsOf(organisation.id),
      blocked: this.blocker(organisation, used, now, false)?.detail ?? null,
    };
  }

  /** Refuses, with the reason, an organisation that paused introductions or reached its monthly cap. */
  private async assertOpenToIntroductions(organisation: IntroductionOrganisationRow, own: boolean, now: Date, manager: EntityManager): Promise<void> {
    const used = organisation.monthlyIntroductionCap === null ? 0 : await this.introductions.countCreatedSince(organisation.id, parisMonthStart(now), manager);
    const blocker = this.blocker(organisation, used, now, own);
    if (blocker) throw blocker;
  }

  private blocker(organisation: IntroductionOrganisationRow, usedThisMonth: number, now: Date, own: boolean): IntroductionException | null {
    const today = parisDate(now);
    if (organisation.pausedUntil && isPaused(organisation.pausedUntil, today)) return IntroductionException.paused(organisation.pausedUntil, own);
    const cap = organisation.monthlyIntroductionCap;
    if (cap !== null && usedThisMonth >= cap) return IntroductionException.capReached(cap, nextMonthStart(today), own);
    return null;
  }

  /**
   * Writes a new introduction from what `prepare` checked and built (the need is checked here, as is the
   * duplicate), with its first history line, its audit event and the e-mail to the side that must answer.
   */
  private async create(prepare: (manager: EntityManager, now: Date) => Promise<NewIntroduction>): Promise<string> {
    try {
      return await this.tx.run(async (manager) => {
        const now = this.clock.now();
        const values = await prepare(manager, now);
        if (values.needId && !(await this.introductions.findPublishedNeed(values.needId, values.organisationId, manager))) throw IntroductionException.needUnavailable();
        if (await this.introductions.hasOpen(values.organisationId, values.profileId, manager)) throw IntroductionException.duplicate();
        const id = await this.introductions.insert(values, manager);
        const actorUserId = values.createdBy;
        await this.introductions.insertEvent({ introductionId: id, fromStatus: null, toStatus: values.status, actorUserId, actorSide: values.initiator, at: now }, manager);
        await this.audit.record(
          {
            actorUserId,
            action: `${SUBJECT}.${values.status}`,
            subjectType: SUBJECT,
            subjectId: id,
            details: {
              profileId: values.profileId,
              organisationId: values.organisationId,
              partnerOrganisationId: values.partnerOrganisationId,
              needId: values.needId,
              solution: values.solution,
              ...(values.candidateAgreedOn ? { candidateAgreement: true } : {}),
            },
          },
          manager,
        );
        await this.mailer.send(manager, values.initiator === 'employer' ? 'introduction-requested' : 'introduction-proposed', id, [otherSide(values.initiator)]);
        return id;
      });
    } catch (error) {
      // Two requests racing past the check: the partial unique index keeps one, the other is the same refusal.
      if (isOpenDuplicate(error)) throw IntroductionException.duplicate();
      throw error;
    }
  }

  /**
   * One move of the state machine on the locked introduction: 404 if the viewer's organisation is not one of its
   * two sides, 403 if the move is never theirs, 409 if the status does not allow it, then `effects` checks the
   * move's own fields (400) and says what else it does.
   */
  private async move(
    user: AuthUser,
    id: string,
    action: IntroductionAction,
    effects: (current: IntroductionRecord, viewer: IntroductionViewer) => Promise<MoveEffects>,
  ): Promise<IntroductionDto> {
    const viewer = introductionViewer(user);
    const moved = await this.tx.run(async (manager) => {
      const current = await this.introductions.lock(id, manager);
      if (!current || !reaches(viewer, current)) throw IntroductionException.notFound();
      if (!actorMayEver(action, viewer.side)) throw IntroductionException.notYours(action);
      const target = nextStatus(current.status, action, viewer.side);
      if (!target) throw IntroductionException.invalidTransition(action, current.status);
      const effect = await effects(current, viewer);
      const now = this.clock.now();
      await this.introductions.transition(id, target, effect.changes ?? {}, now, manager);
      await this.introductions.insertEvent({ introductionId: id, fromStatus: current.status, toStatus: target, actorUserId: user.id, actorSide: viewer.side, at: now, ...effect.event }, manager);
      await this.audit.record(
        {
          actorUserId: user.id,
          action: `${SUBJECT}.${target}`,
          subjectType: SUBJECT,
          subjectId: id,
          details: { profileId: current.profileId, organisationId: current.organisationId, from: current.status, side: viewer.side, ...effect.audit },
        },
        manager,
      );
      for (const [template, sides] of effect.emails ?? []) await this.mailer.send(manager, template, id, sides);
      return { from: current.status, to: target };
    });
    this.logger.log({ msg: 'introduction status changed', introductionId: id, from: moved.from, to: moved.to, side: viewer.side, userId: user.id });
    return this.get(user, id);
  }

  private sideOnly(user: AuthUser, side: IntroductionSide): IntroductionViewer {
    const viewer = introductionViewer(user);
    if (viewer.side !== side) throw IntroductionException.notMember();
    return viewer;
  }
}

/** Whether the viewer's organisation is one of the introduction's two sides. */
function reaches(viewer: IntroductionViewer, introduction: Pick<IntroductionRecord, 'organisationId' | 'partnerOrganisationId'>): boolean {
  return viewer.organisationId === (viewer.side === 'employer' ? introduction.organisationId : introduction.partnerOrganisationId);
}
