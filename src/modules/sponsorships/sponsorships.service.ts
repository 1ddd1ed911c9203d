import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { Page, toPage } from '../../common/http/pagination';
import { FieldError, ValidationFailedException } from '../../common/http/problem';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { CandidateProfileStatus } from '../candidates/candidate-profile';
import { parisDate } from '../employer-needs/employer-need-rules';
import { EMPLOYER_KINDS, OrganisationStatus } from '../organisations/organisation.entity';
import { OrganisationRole, Role } from '../users/user.entity';
import {
  CoordinationSponsorshipView,
  CreateSponsorshipDto,
  EndSponsorshipDto,
  ListSponsorshipsQuery,
  RecordCheckInDto,
  RetentionDto,
  RetentionLineDto,
  SponsorshipActionName,
  SponsorshipDto,
  SponsorshipSummaryDto,
} from './dto/sponsorship.dto';
import { MAX_ONGOING_SPONSORSHIPS_PER_SPONSOR, RETENTION_MONTHS } from './sponsorship';
import { SponsorshipViewer, sponsorshipViewer } from './sponsorship-access';
import {
  acceptsCheckIns,
  allowedActions,
  checkInPiiFindings,
  checkInSchedule,
  creationDateErrors,
  endedOnErrors,
  heldOnErrors,
  nextStatus,
  retentionPercent,
  SponsorshipAction,
} from './sponsorship-rules';
import { toLinkedIntroduction, toSponsorshipSummary, toSponsorshipView } from './sponsorship-view';
import { SponsorshipException } from './sponsorship.exception';
import { isOngoingDuplicate, RetentionRow, SponsorshipFilter, SponsorshipRecord, SponsorshipsRepository } from './sponsorships.repository';

const SUBJECT = 'sponsorship';

/** How a viewer stands towards one sponsorship: following it (may change it), reading it for the figures, or neither. */
type Reach = 'party' | 'reader' | null;

const PAST_TENSE: Record<SponsorshipAction, string> = { pause: 'paused', resume: 'resumed', end: 'ended' };

/**
 * Sponsorships (parrainages). The counsellor owning a profile engages one, with the candidate's recorded agreement,
 * naming a member of an active employer organisation as sponsor; four check-ins come with it. The sponsor (and the
 * owners of their organisation) and the partner organisation follow it: check-ins, pause, resume, end. Coordinators
 * and admins read them all and see the retention figures. Each change is one transaction with its audit event
 * (ids and codes only: never the words of a note). Another organisation's sponsorship answers 404.
 */
@Injectable()
export class SponsorshipsService {
  private readonly logger = new Logger(SponsorshipsService.name);

  constructor(
    private readonly sponsorships: SponsorshipsRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  private today(): string {
    return parisDate(this.clock.now());
  }

  /**
   * The viewer's sponsorships: an employer owner's organisation's, an employer member's own as sponsor, a partner's
   * profiles', everything for coordinators and admins (with their filters). `asPartner`: the counsellor pages'
   * list, which a coordinator also reads for their own organisation only.
   */
  async list(user: AuthUser, query: ListSponsorshipsQuery, options: { asPartner?: boolean } = {}): Promise<Page<SponsorshipSummaryDto>> {
    const viewer = sponsorshipViewer(user);
    const today = this.today();
    const staffFilters = (['organisationId', 'partnerOrganisationId'] as const).filter((field) => query[field] !== undefined);
    if (staffFilters.length && (!viewer.readsAll || options.asPartner)) {
      throw new ValidationFailedException(staffFilters.map((field) => ({ field, message: 'Ce filtre est réservé à la coordination : vous voyez les parrainages qui vous concernent.' })));
    }
    const filter: SponsorshipFilter = { status: query.status, checkInDueBy: query.checkInDue ? today : undefined };
    if (options.asPartner) {
      if (viewer.side !== 'partner') throw SponsorshipException.notMember();
      filter.partnerOrganisationId = viewer.organisationId!;
    } else if (viewer.side === 'employer') {
      filter.organisationId = viewer.organisationId!;
      if (!(await this.isOwner(viewer))) filter.sponsorUserId = viewer.userId;
    } else if (viewer.readsAll) {
      filter.organisationId = query.organisationId;
      filter.partnerOrganisationId = query.partnerOrganisationId;
    } else {
      filter.partnerOrganisationId = viewer.organisationId!;
    }
    const { rows, total } = await this.sponsorships.list(filter, query.offset, query.pageSize);
    return toPage(
      rows.map((row) => toSponsorshipSummary(row, today)),
      total,
      query,
    );
  }

  async get(user: AuthUser, id: string): Promise<SponsorshipDto> {
    const viewer = sponsorshipViewer(user);
    const row = await this.sponsorships.findById(id);
    const reach = row && (await this.reach(viewer, row));
    if (!row || !reach) throw SponsorshipException.notFound();
    const actions: SponsorshipActionName[] = reach === 'party' ? [...allowedActions(row.status), ...(acceptsCheckIns(row.status) ? (['record_check_in'] as const) : [])] : [];
    return toSponsorshipView(row, await this.sponsorships.checkIns(id), {
      partnerView: viewer.side !== 'employer',
      party: reach === 'party',
      allowedActions: actions,
      today: this.today(),
    });
  }

  /**
   * One sponsorship as the coordination pages show it, to coordinators and admins: the same scope as their list
   * (every sponsorship), read only, and without the words of the check-ins even for a coordinator whose own
   * organisation follows it — these pages are for the programme's follow-up, the notes stay between the sponsor and
   * the counsellor. The introduction it came from comes with its stage only.
   */
  async getForCoordination(user: AuthUser, id: string): Promise<CoordinationSponsorshipView> {
    if (!sponsorshipViewer(user).readsAll) throw SponsorshipException.notFound();
    const row = await this.sponsorships.findById(id);
    if (!row) throw SponsorshipException.notFound();
    const sponsorship = toSponsorshipView(row, await this.sponsorships.checkIns(id), { partnerView: true, party: false, allowedActions: [], today: this.today() });
    const introduction = row.introductionId ? await this.sponsorships.findLinkedIntroduction(row.introductionId) : null;
    return { sponsorship, introduction: introduction && toLinkedIntroduction(introduction) };
  }

  /** The counsellor engages a sponsorship for one of their organisation's profiles, the candidate having agreed. */
  async create(user: AuthUser, dto: CreateSponsorshipDto): Promise<SponsorshipDto> {
    const viewer = sponsorshipViewer(user);
    if (viewer.side !== 'partner') throw SponsorshipException.counsellorsOnly();
    const today = this.today();
    const dateErrors = creationDateErrors(dto, today);
    if (dateErrors.length) throw new ValidationFailedException(dateErrors);
    let id: string;
    try {
      id = await this.tx.run(async (manager) => {
        const profile = await this.sponsorships.findProfileByCode(dto.profileCode, manager);
        if (!profile || profile.ownerOrganisationId !== viewer.organisationId) {
          throw SponsorshipException.profileUnavailable('profileCode', 'Profil introuvable parmi ceux de votre organisation.');
        }
        if (profile.status === CandidateProfileStatus.Archived) {
          throw SponsorshipException.profileUnavailable('profileCode', 'Ce profil est archivé : il ne peut plus faire l’objet d’un parrainage.');
        }
        const sponsor = await this.sponsorships.lockSponsorByEmail(dto.sponsorEmail, manager);
        const employerMember =
          sponsor?.role === Role.Employer && sponsor.organisationId && sponsor.organisationKind && EMPLOYER_KINDS.includes(sponsor.organisationKind) && sponsor.organisationStatus === OrganisationStatus.Active;
        if (!sponsor || !employerMember || !sponsor.organisationId) throw SponsorshipException.sponsorUnavailable();
        const introductionId = dto.introductionId ?? null;
        if (introductionId) {
          // Another partner organisation's introduction is as unknown as a missing one: its existence is not told.
          const introduction = await this.sponsorships.findIntroductionParties(introductionId, manager);
          if (!introduction || introduction.partnerOrganisationId !== viewer.organisationId) throw SponsorshipException.introductionUnavailable();
          if (introduction.profileId !== profile.id) throw SponsorshipException.introductionMismatch('profile');
          if (introduction.organisationId !== sponsor.organisationId) throw SponsorshipException.introductionMismatch('organisation');
        }
        if (await this.sponsorships.hasOngoingForProfile(profile.id, manager)) throw SponsorshipException.alreadySponsored();
        if ((await this.sponsorships.countOngoingBySponsor(sponsor.id, manager)) >= MAX_ONGOING_SPONSORSHIPS_PER_SPONSOR) {
          throw SponsorshipException.capReached(MAX_ONGOING_SPONSORSHIPS_PER_SPONSOR);
        }
        const now = this.clock.now();
        // A sponsorship recorded after it started gets no reminder for the check-ins whose day has already passed.
        const checkIns = checkInSchedule(dto.startsOn).map((c) => ({ ...c, skipReminder: c.dueOn < today }));
        const created = await this.sponsorships.insert(
          {
            profileId: profile.id,
            organisationId: sponsor.organisationId,
            sponsorUserId: sponsor.id,
            introductionId,
            createdBy: user.id,
            candidateAgreedOn: dto.candidateAgreedOn,
            startsOn: dto.startsOn,
            plannedEndOn: dto.plannedEndOn,
            now,
          },
          checkIns,
          manager,
        );
        await this.audit.record(
          {
            actorUserId: user.id,
            action: `${SUBJECT}.created`,
            subjectType: SUBJECT,
            subjectId: created,
            details: {
              profileId: profile.id,
              organisationId: sponsor.organisationId,
              partnerOrganisationId: viewer.organisationId,
              sponsorUserId: sponsor.id,
              introductionId,
              candidateAgreement: true,
            },
          },
          manager,
        );
        return created;
      });
    } catch (error) {
      // Two counsellors racing past the check: the partial unique index keeps one, the other is the same refusal.
      if (isOngoingDuplicate(error)) throw SponsorshipException.alreadySponsored();
      throw error;
    }
    this.logger.log({ msg: 'sponsorship created', sponsorshipId: id, organisationId: viewer.organisationId, userId: user.id });
    return this.get(user, id);
  }

  pause(user: AuthUser, id: string): Promise<SponsorshipDto> {
    return this.move(user, id, 'pause', async (_current, now, manager) => {
      await this.sponsorships.pause(id, now, manager);
      return {};
    });
  }

  resume(user: AuthUser, id: string): Promise<SponsorshipDto> {
    return this.move(user, id, 'resume', async (current, now, manager) => {
      const pausedOn = parisDate(new Date(current.pausedAt ?? now));
      const skippedReminders = await this.sponsorships.resume(id, pausedOn, this.today(), now, manager);
      return { skippedReminders };
    });
  }

  /** Ends the sponsorship with a reason from the list; the check-ins still to come are cancelled. */
  end(user: AuthUser, id: string, dto: EndSponsorshipDto): Promise<SponsorshipDto> {
    return this.move(user, id, 'end', async (current, now, manager) => {
      const endedOn = dto.endedOn ?? this.today();
      const errors = endedOnErrors(endedOn, current.startsOn, this.today());
      if (errors.length) throw new ValidationFailedException(errors);
      const cancelledCheckIns = await this.sponsorships.end(id, endedOn, dto.reason, now, manager);
      return { reason: dto.reason, cancelledCheckIns };
    });
  }

  /** Records one scheduled check-in: its day, channel, and the internal note and next step the PII guard let through. */
  async recordCheckIn(user: AuthUser, id: string, checkInId: string, dto: RecordCheckInDto): Promise<SponsorshipDto> {
    const viewer = sponsorshipViewer(user);
    const milestone = await this.tx.run(async (manager) => {
      const current = await this.lockFor(viewer, id, manager);
      if (!acceptsCheckIns(current.status)) throw SponsorshipException.endedNoCheckIn();
      const checkIn = await this.sponsorships.lockCheckIn(id, checkInId, manager);
      if (!checkIn) throw SponsorshipException.checkInNotFound();
      if (checkIn.status !== 'scheduled') throw SponsorshipException.checkInAlreadyRecorded();
      const errors: FieldError[] = heldOnErrors(dto.heldOn, current.startsOn, this.today());
      if (errors.length) throw new ValidationFailedException(errors);
      const establishment = await this.sponsorships.establishmentOf(current.profileId, manager);
      const names = [establishment.name, establishment.code].filter((n): n is string => Boolean(n));
      const findings = checkInPiiFindings({ note: dto.note ?? null, nextStep: dto.nextStep ?? null }, names);
      if (findings.length) throw SponsorshipException.piiFound(findings);
      await this.sponsorships.recordCheckIn(
        checkIn.id,
        { heldOn: dto.heldOn, channel: dto.channel, note: dto.note ?? null, nextStep: dto.nextStep ?? null, recordedBy: user.id },
        this.clock.now(),
        manager,
      );
      await this.audit.record(
        {
          actorUserId: user.id,
          action: `${SUBJECT}.check_in_recorded`,
          subjectType: SUBJECT,
          subjectId: id,
          // Whether a note was written, never what it says.
          details: {
            profileId: current.profileId,
            organisationId: current.organisationId,
            checkInId: checkIn.id,
            milestone: checkIn.milestone,
            channel: dto.channel,
            side: viewer.side,
            withNote: Boolean(dto.note),
            withNextStep: Boolean(dto.nextStep),
          },
        },
        manager,
      );
      return checkIn.milestone;
    });
    this.logger.log({ msg: 'sponsorship check-in recorded', sponsorshipId: id, checkInId, milestone, userId: user.id });
    return this.get(user, id);
  }

  /**
   * Retention per employer organisation: of the sponsorships started at least RETENTION_MONTHS ago, the share not
   * ended before their M+6 day (a pause does not interrupt one). Younger sponsorships are listed but not counted.
   */
  async retention(): Promise<RetentionDto> {
    const asOf = this.today();
    const rows = await this.sponsorships.retention(asOf, RETENTION_MONTHS);
    const overall = rows.reduce<RetentionRow>(
      (sum, row) => ({ ...sum, total: sum.total + row.total, ongoing: sum.ongoing + row.ongoing, counted: sum.counted + row.counted, retained: sum.retained + row.retained }),
      { organisationId: '', organisationName: 'Toutes les organisations', total: 0, ongoing: 0, counted: 0, retained: 0 },
    );
    const line = (row: RetentionRow): RetentionLineDto => ({ ...row, retentionPercent: retentionPercent(row.retained, row.counted) });
    return { asOf, retentionMonths: RETENTION_MONTHS, organisations: rows.map(line), overall: line(overall) };
  }

  /**
   * One status change on the locked sponsorship: 404 if the viewer does not see it, 403 if they only read it, 409
   * if the status does not allow it; then `apply` writes it and says what to add to the audit event.
   */
  private async move(
    user: AuthUser,
    id: string,
    action: SponsorshipAction,
    apply: (current: SponsorshipRecord, now: Date, manager: EntityManager) => Promise<Record<string, string | number>>,
  ): Promise<SponsorshipDto> {
    const viewer = sponsorshipViewer(user);
    const moved = await this.tx.run(async (manager) => {
      const current = await this.lockFor(viewer, id, manager);
      const target = nextStatus(current.status, action);
      if (!target) throw SponsorshipException.invalidTransition(action, current.status);
      const details = await apply(current, this.clock.now(), manager);
      await this.audit.record(
        {
          actorUserId: user.id,
          action: `${SUBJECT}.${PAST_TENSE[action]}`,
          subjectType: SUBJECT,
          subjectId: id,
          details: { profileId: current.profileId, organisationId: current.organisationId, from: current.status, side: viewer.side, ...details },
        },
        manager,
      );
      return { from: current.status, to: target };
    });
    this.logger.log({ msg: 'sponsorship status changed', sponsorshipId: id, from: moved.from, to: moved.to, side: viewer.side, userId: user.id });
    return this.get(user, id);
  }

  /** Locks a sponsorship the viewer follows: 404 when they do not see it, 403 when they only read it. */
  private async lockFor(viewer: SponsorshipViewer, id: string, manager: EntityManager): Promise<SponsorshipRecord> {
    const current = await this.sponsorships.lock(id, manager);
    const reach = current && (await this.reach(viewer, current));
    if (!current || !reach) throw SponsorshipException.notFound();
    if (reach !== 'party') throw SponsorshipException.readOnly();
    return current;
  }

  private async reach(viewer: SponsorshipViewer, sponsorship: Pick<SponsorshipRecord, 'organisationId' | 'partnerOrganisationId' | 'sponsorUserId'>): Promise<Reach> {
    if (viewer.side === 'employer' && sponsorship.organisationId === viewer.organisationId) {
      if (sponsorship.sponsorUserId === viewer.userId || (await this.isOwner(viewer))) return 'party';
    }
    if (viewer.side === 'partner' && sponsorship.partnerOrganisationId === viewer.organisationId) return 'party';
    return viewer.readsAll ? 'reader' : null;
  }

  /** Owners of an employer organisation follow their colleagues' sponsorships too. */
  private async isOwner(viewer: SponsorshipViewer): Promise<boolean> {
    return (await this.sponsorships.organisationRoleOf(viewer.userId)) === OrganisationRole.Owner;
  }
}
