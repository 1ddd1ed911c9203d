import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { Page, toPage } from '../../common/http/pagination';
import { ValidationFailedException } from '../../common/http/problem';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { parisDate } from '../employer-needs/employer-need-rules';
import { EmailOutboxService } from '../notifications/email-outbox.service';
import { ProgrammesRepository } from '../programmes/programmes.repository';
import { ATTENDEE_STATUS_LABELS, AttendeeStatus, AwarenessDayStatus, ID_DOCUMENT_LABELS, MAX_ATTENDEES_PER_ORGANISATION } from './awareness-day';
import { AwarenessViewer, awarenessViewer } from './awareness-day-access';
import { csvDocument, deadlineDateOf, identityErasureDue, parisTime, placeArrivals, scheduleOf } from './awareness-day-rules';
import { toAwarenessDaySummary, toRegistration } from './awareness-day-view';
import { AwarenessDayException } from './awareness-day.exception';
import { AwarenessDayRecord, AwarenessDayRow, AwarenessDaysRepository, AwarenessDayValues } from './awareness-days.repository';
import { AwarenessIdentityCipher } from './awareness-identity-cipher';
import {
  AttendanceDto,
  AwarenessDayDto,
  AwarenessDaySummaryDto,
  CreateAwarenessDayDto,
  IdentityListDto,
  ListAwarenessDaysQuery,
  RegisterAttendeesDto,
  UpdateAwarenessDayDto,
} from './dto/awareness-day.dto';

const SUBJECT = 'awareness_day';

/** Where the coordination reads identities: each read is audited with its channel. */
export type IdentityView = 'api' | 'print' | 'csv' | 'checkin';

export interface CertificateView {
  day: AwarenessDayDto;
  attendeeId: string;
  fullName: string;
  organisationName: string;
}

/** Programmes offered on the form: an organisation takes part in a handful; this bounds the select all the same. */
const MAX_PROGRAMME_CHOICES = 100;

const CSV_HEADER = ['nom complet', 'date de naissance', 'type de pièce', 'numéro', 'organisation', 'statut'];

/**
 * Awareness half-days. A coordinator creates one at an establishment for their organisation; members of active
 * employer organisations register named attendees until the deadline. The half-day row is locked for every
 * registration, cancellation and capacity change, so the confirmed attendees never exceed the capacity however
 * many requests arrive at once; the others wait in order of arrival and the first is promoted, in the same
 * transaction, when a seat frees up. Identity data is written encrypted, read only by the organiser's coordination
 * (each read audited, ids only) and erased by the sweep after the half-day.
 */
@Injectable()
export class AwarenessDaysService {
  private readonly logger = new Logger(AwarenessDaysService.name);

  constructor(
    private readonly days: AwarenessDaysRepository,
    private readonly cipher: AwarenessIdentityCipher,
    private readonly emails: EmailOutboxService,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly programmes: ProgrammesRepository,
  ) {}

  /** Employers: upcoming half-days, nearest to their basin first; coordinators: their organisation's; admins: all. */
  async list(user: AuthUser, query: ListAwarenessDaysQuery): Promise<Page<AwarenessDaySummaryDto>> {
    const viewer = awarenessViewer(user);
    const now = this.clock.now();
    const { rows, total } =
      viewer.side === 'employer'
        ? await this.days.listUpcomingForEmployer(viewer.organisationId!, await this.days.organisationPlace(viewer.organisationId!), now, query.offset, query.pageSize)
        : await this.days.listForOrganiser(viewer.side === 'coordinator' ? viewer.organisationId : null, now, query.offset, query.pageSize);
    return toPage(
      rows.map((row) => toAwarenessDaySummary(row, now)),
      total,
      query,
    );
  }

  /** The half-days the employer's organisation registered to, with its own counts. */
  async registrations(user: AuthUser, query: ListAwarenessDaysQuery): Promise<Page<AwarenessDaySummaryDto>> {
    const viewer = awarenessViewer(user);
    if (viewer.side !== 'employer') throw AwarenessDayException.notEmployer();
    const now = this.clock.now();
    const { rows, total } = await this.days.listRegisteredForEmployer(viewer.organisationId!, now, query.offset, query.pageSize);
    return toPage(
      rows.map((row) => toAwarenessDaySummary(row, now)),
      total,
      query,
    );
  }

  async get(user: AuthUser, id: string): Promise<AwarenessDayDto> {
    const viewer = awarenessViewer(user);
    const day = await this.visibleDay(viewer, id);
    return this.view(viewer, day);
  }

  async create(user: AuthUser, dto: CreateAwarenessDayDto): Promise<AwarenessDayDto> {
    const viewer = this.coordinator(user);
    const now = this.clock.now();
    const planned = scheduleOf({ date: dto.date, startTime: dto.startTime, endTime: dto.endTime, deadline: dto.deadline }, now);
    if ('errors' in planned) throw new ValidationFailedException(planned.errors);
    const id = await this.tx.run(async (manager) => {
      await this.checkReferences(dto.establishmentCode, dto.programmeId ?? null, viewer.organisationId!, manager);
      const values: AwarenessDayValues = {
        organiserOrganisationId: viewer.organisationId!,
        programmeId: dto.programmeId ?? null,
        establishmentCode: dto.establishmentCode,
        title: dto.title,
        startsAt: planned.schedule.startsAt,
        endsAt: planned.schedule.endsAt,
        capacity: dto.capacity,
        registrationClosesAt: planned.schedule.closesAt,
        programmeText: dto.programmeText ?? null,
        whatToBring: dto.whatToBring ?? null,
        forbiddenItems: dto.forbiddenItems ?? null,
        meetingPoint: dto.meetingPoint ?? null,
      };
      const created = await this.days.insertDay(values, user.id, now, manager);
      await this.audit.record(
        {
          actorUserId: user.id,
          action: `${SUBJECT}.created`,
          subjectType: SUBJECT,
          subjectId: created,
          details: { organisationId: viewer.organisationId, establishmentCode: dto.establishmentCode, programmeId: values.programmeId, capacity: dto.capacity },
        },
        manager,
      );
      return created;
    });
    this.logger.log({ msg: 'awareness day created', awarenessDayId: id, organisationId: viewer.organisationId, userId: user.id });
    return this.get(user, id);
  }

  /**
   * Changes a half-day not started yet. The capacity never drops below the confirmed attendees; raising it
   * promotes the waiting ones. A new day restarts the reminders.
   */
  async update(user: AuthUser, id: string, dto: UpdateAwarenessDayDto): Promise<AwarenessDayDto> {
    const viewer = this.coordinator(user);
    await this.tx.run(async (manager) => {
      const current = await this.lockOrganised(viewer, id, manager);
      const now = this.clock.now();
      if (current.status === AwarenessDayStatus.Cancelled) throw AwarenessDayException.cancelled();
      if (now >= new Date(current.startsAt)) throw AwarenessDayException.started();
      const startsAt = new Date(current.startsAt);
      const date = dto.date ?? parisDate(startsAt);
      const deadline = dto.deadline === undefined ? deadlineDateOf(new Date(current.registrationClosesAt)) : dto.deadline;
      const planned = scheduleOf(
        { date, startTime: dto.startTime ?? parisTime(startsAt), endTime: dto.endTime ?? parisTime(new Date(current.endsAt)), deadline },
        now,
      );
      if ('errors' in planned) throw new ValidationFailedException(planned.errors);
      // Only a new programme is checked: one the organisation has since left may stay on the half-day.
      if (dto.programmeId && dto.programmeId !== current.programmeId && !(await this.days.isProgrammeMember(dto.programmeId, current.organiserOrganisationId, manager))) {
        throw AwarenessDayException.programmeUnavailable();
      }
      const capacity = dto.capacity ?? current.capacity;
      const confirmed = await this.days.countConfirmed(id, manager);
      if (capacity < confirmed) throw AwarenessDayException.capacityBelowConfirmed(confirmed);
      const pick = <K extends keyof UpdateAwarenessDayDto & keyof AwarenessDayRecord>(key: K) => (dto[key] === undefined ? current[key] : dto[key]) as AwarenessDayRecord[K];
      const values: AwarenessDayValues = {
        organiserOrganisationId: current.organiserOrganisationId,
        programmeId: dto.programmeId === undefined ? current.programmeId : dto.programmeId,
        establishmentCode: current.establishmentCode,
        title: dto.title ?? current.title,
        startsAt: planned.schedule.startsAt,
        endsAt: planned.schedule.endsAt,
        capacity,
        registrationClosesAt: planned.schedule.closesAt,
        programmeText: pick('programmeText'),
        whatToBring: pick('whatToBring'),
        forbiddenItems: pick('forbiddenItems'),
        meetingPoint: pick('meetingPoint'),
      };
      const dayMoved = date !== parisDate(startsAt);
      await this.days.updateDay(id, values, dayMoved, now, manager);
      const promoted = await this.promote(id, capacity - confirmed, now, manager);
      await this.audit.record(
        {
          actorUserId: user.id,
          action: `${SUBJECT}.updated`,
          subjectType: SUBJECT,
          subjectId: id,
          details: { organisationId: current.organiserOrganisationId, fields: Object.keys(dto).filter((k) => dto[k as keyof UpdateAwarenessDayDto] !== undefined), capacity, dayMoved, promotedAttendeeIds: promoted },
        },
        manager,
      );
    });
    return this.get(user, id);
  }

  /** Cancels the half-day: every organisation with someone registered is told by e-mail. */
  async cancel(user: AuthUser, id: string): Promise<AwarenessDayDto> {
    const viewer = this.coordinator(user);
    const told = await this.tx.run(async (manager) => {
      const current = await this.lockOrganised(viewer, id, manager);
      const now = this.clock.now();
      if (current.status === AwarenessDayStatus.Cancelled) throw AwarenessDayException.cancelled();
      if (now >= new Date(current.startsAt)) throw AwarenessDayException.started();
      await this.days.cancelDay(id, user.id, now, manager);
      const registrations = await this.days.activeRegistrations(id, manager);
      for (const r of registrations) {
        if (r.registeredBy) await this.emails.queue(manager, 'awareness-day-cancelled', r.registeredBy, { awarenessDayId: id, awarenessRegistrationId: r.registrationId, organisationId: r.organisationId });
      }
      await this.audit.record(
        {
          actorUserId: user.id,
          action: `${SUBJECT}.cancelled`,
          subjectType: SUBJECT,
          subjectId: id,
          details: { organisationId: current.organiserOrganisationId, registrationIds: registrations.map((r) => r.registrationId) },
        },
        manager,
      );
      return registrations.length;
    });
    this.logger.log({ msg: 'awareness day cancelled', awarenessDayId: id, registrationsTold: told, userId: user.id });
    return this.get(user, id);
  }

  /**
   * Registers named attendees of the employer's organisation, in the order given: confirmed while seats remain,
   * then on the waitlist. Refused once the deadline has passed, and beyond MAX_ATTENDEES_PER_ORGANISATION.
   */
  async register(user: AuthUser, id: string, dto: RegisterAttendeesDto): Promise<AwarenessDayDto> {
    const viewer = awarenessViewer(user);
    if (viewer.side !== 'employer') throw AwarenessDayException.notEmployer();
    const duplicates = dto.attendees.flatMap((a, i) =>
      dto.attendees.findIndex((b) => sameName(a.fullName, b.fullName) && a.birthDate === b.birthDate) < i
        ? [{ field: `attendees.${i}.fullName`, message: 'Cette personne figure déjà plus haut dans la liste.' }]
        : [],
    );
    if (duplicates.length) throw new ValidationFailedException(duplicates);
    const today = parisDate(this.clock.now());
    const birthErrors = dto.attendees.flatMap((a, i) => (a.birthDate >= today || a.birthDate < '1900-01-01' ? [{ field: `attendees.${i}.birthDate`, message: 'Date de naissance invalide.' }] : []));
    if (birthErrors.length) throw new ValidationFailedException(birthErrors);
    const outcome = await this.tx.run(async (manager) => {
      const day = await this.days.lockDay(id, manager);
      if (!day) throw AwarenessDayException.notFound();
      if (day.status === AwarenessDayStatus.Cancelled) throw AwarenessDayException.cancelled();
      const now = this.clock.now();
      if (now >= new Date(day.registrationClosesAt)) throw AwarenessDayException.registrationClosed(deadlineDateOf(new Date(day.registrationClosesAt)));
      const registration = await this.days.ensureRegistration(id, viewer.organisationId!, user.id, now, manager);
      const active = await this.days.activeAttendeesOf(registration.id, manager);
      if (active.length + dto.attendees.length > MAX_ATTENDEES_PER_ORGANISATION) throw AwarenessDayException.tooManyAttendees(active.length);
      const already = dto.attendees.flatMap((a, i) =>
        active.some((b) => b.fullName && sameName(a.fullName, b.fullName) && a.birthDate === b.birthDate)
          ? [{ field: `attendees.${i}.fullName`, message: 'Cette personne est déjà inscrite par votre organisation.' }]
          : [],
      );
      if (already.length) throw new ValidationFailedException(already);
      const statuses = placeArrivals(dto.attendees.length, await this.days.countConfirmed(id, manager), day.capacity);
      const first = await this.days.nextOrdinal(registration.id, manager);
      const attendeeIds = await this.days.insertAttendees(
        registration.id,
        id,
        dto.attendees.map((a, i) => ({
          ordinal: first + i,
          status: statuses[i],
          fullName: a.fullName,
          birthDate: a.birthDate,
          documentType: a.documentType,
          documentNumberEnc: this.cipher.encrypt(a.documentNumber),
        })),
        user.id,
        now,
        manager,
      );
      const confirmed = statuses.filter((s) => s === AttendeeStatus.Confirmed).length;
      const waitlisted = statuses.length - confirmed;
      const refs = { awarenessDayId: id, awarenessRegistrationId: registration.id, organisationId: viewer.organisationId! };
      if (confirmed) await this.emails.queue(manager, 'awareness-day-confirmed', user.id, refs);
      if (waitlisted) await this.emails.queue(manager, 'awareness-day-waitlisted', user.id, refs);
      await this.audit.record(
        {
          actorUserId: user.id,
          action: `${SUBJECT}.registered`,
          subjectType: SUBJECT,
          subjectId: id,
          details: { organisationId: viewer.organisationId, registrationId: registration.id, attendeeIds, confirmed, waitlisted },
        },
        manager,
      );
      return { registrationId: registration.id, confirmed, waitlisted };
    });
    this.logger.log({ msg: 'awareness day registration', awarenessDayId: id, ...outcome, userId: user.id });
    return this.get(user, id);
  }

  /**
   * Cancels one attendee (their organisation's members, or the organiser's coordination), even after the
   * deadline, until the half-day starts. A confirmed seat freed goes to the first on the waitlist at once.
   */
  async cancelAttendee(user: AuthUser, id: string, attendeeId: string): Promise<AwarenessDayDto> {
    const viewer = awarenessViewer(user);
    if (viewer.side === 'admin') throw AwarenessDayException.organiserOnly();
    await this.tx.run(async (manager) => {
      const day = await this.days.lockDay(id, manager);
      if (!day || (viewer.side === 'coordinator' && day.organiserOrganisationId !== viewer.organisationId)) throw AwarenessDayException.notFound();
      const attendee = await this.days.lockAttendee(id, attendeeId, manager);
      if (!attendee || (viewer.side === 'employer' && attendee.organisationId !== viewer.organisationId)) throw AwarenessDayException.attendeeNotFound();
      if (attendee.status === AttendeeStatus.Cancelled) throw AwarenessDayException.attendeeCancelled();
      const now = this.clock.now();
      if (now >= new Date(day.startsAt)) throw AwarenessDayException.started();
      await this.days.cancelAttendee(attendeeId, user.id, now, manager);
      const promoted = attendee.status === AttendeeStatus.Confirmed && day.status === AwarenessDayStatus.Published ? await this.promote(id, 1, now, manager) : [];
      if (attendee.registeredBy) {
        await this.emails.queue(manager, 'awareness-day-registration-cancelled', attendee.registeredBy, {
          awarenessDayId: id,
          awarenessRegistrationId: attendee.registrationId,
          organisationId: attendee.organisationId,
        });
      }
      await this.audit.record(
        {
          actorUserId: user.id,
          action: `${SUBJECT}.attendee_cancelled`,
          subjectType: SUBJECT,
          subjectId: id,
          details: { organisationId: attendee.organisationId, registrationId: attendee.registrationId, attendeeId, from: attendee.status, side: viewer.side, promotedAttendeeIds: promoted },
        },
        manager,
      );
    });
    return this.get(user, id);
  }

  /** The organiser's coordination marks an attendee present or absent, from the day of the half-day on. */
  async recordAttendance(user: AuthUser, id: string, attendeeId: string, dto: AttendanceDto): Promise<AwarenessDayDto> {
    const viewer = this.coordinator(user);
    await this.tx.run(async (manager) => {
      const day = await this.lockOrganised(viewer, id, manager);
      if (day.status === AwarenessDayStatus.Cancelled) throw AwarenessDayException.cancelled();
      const now = this.clock.now();
      if (parisDate(now) < parisDate(new Date(day.startsAt))) throw AwarenessDayException.attendanceTooEarly();
      const attendee = await this.days.lockAttendee(id, attendeeId, manager);
      if (!attendee) throw AwarenessDayException.attendeeNotFound();
      if (attendee.status !== AttendeeStatus.Confirmed) throw AwarenessDayException.attendanceNotConfirmed();
      await this.days.recordAttendance(attendeeId, dto.attendance, user.id, now, manager);
      await this.audit.record(
        {
          actorUserId: user.id,
          action: `${SUBJECT}.attendance_recorded`,
          subjectType: SUBJECT,
          subjectId: id,
          details: { organisationId: attendee.organisationId, attendeeId, attendance: dto.attendance, previous: attendee.attendance },
        },
        manager,
      );
    });
    return this.get(user, id);
  }

  /** The identity list for the security office: the organiser's coordination only; every read is audited. */
  async identityList(user: AuthUser, id: string, view: IdentityView): Promise<IdentityListDto> {
    const viewer = this.coordinator(user);
    const day = await this.visibleDay(viewer, id);
    const rows = await this.days.identityList(id);
    await this.audit.record({
      actorUserId: user.id,
      action: `${SUBJECT}.identities_read`,
      subjectType: SUBJECT,
      subjectId: id,
      details: { organisationId: day.organiserOrganisationId, view, attendees: rows.length },
    });
    const erasedAt = rows.find((r) => r.identityErasedAt)?.identityErasedAt;
    return {
      awarenessDayId: id,
      identityErasedAt: erasedAt ? new Date(erasedAt).toISOString() : null,
      entries: rows.map((r) => {
        const documentNumber = r.documentNumberEnc ? this.cipher.decrypt(r.documentNumberEnc) : null;
        return {
          attendeeId: r.id,
          organisationName: r.organisationName,
          status: r.status,
          statusLabel: ATTENDEE_STATUS_LABELS[r.status],
          waitlistPosition: r.waitlistPosition,
          fullName: r.fullName,
          birthDate: r.birthDate,
          documentType: r.documentType,
          documentTypeLabel: r.documentType && ID_DOCUMENT_LABELS[r.documentType],
          documentNumber,
          documentNumberUnreadable: r.documentNumberEnc !== null && documentNumber === null,
          identityErased: r.identityErasedAt !== null,
          attendance: r.attendance,
          label: r.fullName ?? `Participant ${r.ordinal} (${r.organisationName})`,
        };
      }),
    };
  }

  /**
   * The CSV export for the security office (French spreadsheets): the identity list, audited as such. Attendees
   * whose identity is already erased are left out: there is nobody left to clear, and no row to hint at who it was.
   */
  async exportCsv(user: AuthUser, id: string): Promise<{ filename: string; content: string }> {
    const list = await this.identityList(user, id, 'csv');
    const day = await this.days.findDay(id);
    const rows = list.entries.filter((e) => !e.identityErased).map((e) => [
      e.fullName ?? '',
      e.birthDate ? e.birthDate.split('-').reverse().join('/') : '',
      e.documentTypeLabel ?? '',
      e.documentNumberUnreadable ? 'illisible' : (e.documentNumber ?? ''),
      e.organisationName,
      e.status === AttendeeStatus.Waitlisted ? `${e.statusLabel} (${e.waitlistPosition})` : e.statusLabel,
    ]);
    return { filename: `demi-journee-${parisDate(new Date(day!.startsAt))}-participants.csv`, content: csvDocument(CSV_HEADER, rows) };
  }

  /** The attendance certificate of a present attendee, for their organisation's members and the organiser's coordination. */
  async certificate(user: AuthUser, id: string, attendeeId: string): Promise<CertificateView> {
    const viewer = awarenessViewer(user);
    if (viewer.side === 'admin') throw AwarenessDayException.organiserOnly();
    const day = await this.visibleDay(viewer, id);
    const row = await this.days.certificate(id, attendeeId);
    if (!row || (viewer.side === 'employer' && row.organisationId !== viewer.organisationId)) throw AwarenessDayException.attendeeNotFound();
    if (row.attendance !== 'present') throw AwarenessDayException.notPresent();
    if (row.identityErasedAt || !row.fullName) throw AwarenessDayException.identityErased(parisDate(new Date(row.identityErasedAt ?? this.clock.now())));
    await this.audit.record({
      actorUserId: user.id,
      action: `${SUBJECT}.certificate_read`,
      subjectType: SUBJECT,
      subjectId: id,
      details: { organisationId: row.organisationId, attendeeId, side: viewer.side },
    });
    return { day: await this.view(viewer, day), attendeeId, fullName: row.fullName, organisationName: row.organisationName };
  }

  /** The programmes the coordinator's organisation takes part in, by name: those a half-day may be attached to. */
  async programmeChoices(user: AuthUser): Promise<{ id: string; name: string }[]> {
    const viewer = this.coordinator(user);
    const { rows } = await this.programmes.list([], viewer.organisationId!, 0, MAX_PROGRAMME_CHOICES);
    return rows.map((r) => ({ id: r.id, name: r.name }));
  }

  /** The establishments a half-day may take place at, for the coordinator's form. */
  establishments(): Promise<{ code: string; name: string; communeName: string | null }[]> {
    return this.days.establishments();
  }

  private coordinator(user: AuthUser): AwarenessViewer {
    const viewer = awarenessViewer(user);
    if (viewer.side === 'employer') throw AwarenessDayException.coordinatorsOnly();
    if (viewer.side === 'admin') throw AwarenessDayException.organiserOnly();
    return viewer;
  }

  /**
   * A half-day the viewer may read: coordinators their organisation's (others answer 404), employers the
   * published ones and those they registered to, admins all.
   */
  private async visibleDay(viewer: AwarenessViewer, id: string): Promise<AwarenessDayRow> {
    const day = await this.days.findDay(id);
    if (!day) throw AwarenessDayException.notFound();
    if (viewer.side === 'coordinator' && day.organiserOrganisationId !== viewer.organisationId) throw AwarenessDayException.notFound();
    if (viewer.side === 'employer' && day.status === AwarenessDayStatus.Cancelled && !(await this.days.findRegistration(id, viewer.organisationId!))) throw AwarenessDayException.notFound();
    return day;
  }

  private async lockOrganised(viewer: AwarenessViewer, id: string, manager: EntityManager): Promise<AwarenessDayRecord> {
    const day = await this.days.lockDay(id, manager);
    if (!day || day.organiserOrganisationId !== viewer.organisationId) throw AwarenessDayException.notFound();
    return day;
  }

  private async checkReferences(establishmentCode: string, programmeId: string | null, organisationId: string, manager: EntityManager): Promise<void> {
    if (!(await this.days.establishmentExists(establishmentCode, manager))) throw AwarenessDayException.unknownEstablishment();
    if (programmeId && !(await this.days.isProgrammeMember(programmeId, organisationId, manager))) throw AwarenessDayException.programmeUnavailable();
  }

  /** Promotes up to `seats` waiting attendees and tells their registrants; returns the promoted attendees' ids. */
  private async promote(dayId: string, seats: number, now: Date, manager: EntityManager): Promise<string[]> {
    const promoted = await this.days.promote(dayId, seats, now, manager);
    for (const p of promoted) {
      if (p.registeredBy) await this.emails.queue(manager, 'awareness-day-promoted', p.registeredBy, { awarenessDayId: dayId, awarenessRegistrationId: p.registrationId, organisationId: p.organisationId });
    }
    return promoted.map((p) => p.attendeeId);
  }

  private async view(viewer: AwarenessViewer, day: AwarenessDayRow): Promise<AwarenessDayDto> {
    const now = this.clock.now();
    const organiser = viewer.side === 'coordinator' && day.organiserOrganisationId === viewer.organisationId;
    let ownRegistration = null;
    let ownActive = 0;
    if (viewer.side === 'employer') {
      const registration = await this.days.findRegistration(day.id, viewer.organisationId!);
      if (registration) {
        const attendees = await this.days.attendeesOfRegistration(registration.id);
        ownActive = attendees.filter((a) => a.status !== AttendeeStatus.Cancelled).length;
        ownRegistration = toRegistration(registration, attendees, true);
      }
    }
    const registrations = viewer.side === 'employer' ? [] : (await this.days.registrationsOfDay(day.id)).map((r) => toRegistration(r, r.attendees, false));
    const erasureAt = identityErasureDue({ endsAt: new Date(day.endsAt), cancelledAt: day.cancelledAt && new Date(day.cancelledAt) }, this.config.AWARENESS_IDENTITY_ERASE_AFTER_DAYS);
    const identityErased = registrations.length > 0 && registrations.every((r) => r.attendees.every((a) => a.identityErased));
    const summary = toAwarenessDaySummary(day, now);
    return {
      ...summary,
      ownConfirmed: ownRegistration ? ownRegistration.attendees.filter((a) => a.status === AttendeeStatus.Confirmed).length : summary.ownConfirmed,
      ownWaitlisted: ownRegistration ? ownRegistration.attendees.filter((a) => a.status === AttendeeStatus.Waitlisted).length : summary.ownWaitlisted,
      programmeText: day.programmeText,
      whatToBring: day.whatToBring,
      forbiddenItems: day.forbiddenItems,
      meetingPoint: day.meetingPoint,
      programmeId: day.programmeId,
      organiser,
      ownRegistration,
      ownRemaining: viewer.side === 'employer' ? Math.max(0, MAX_ATTENDEES_PER_ORGANISATION - ownActive) : 0,
      registrations,
      identityErasureAt: erasureAt.toISOString(),
      identityErased,
    };
  }
}

/** Two typed names of the same person: case, accents and spacing aside. */
function sameName(a: string, b: string): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s-]+/g, ' ').trim();
  return fold(a) === fold(b);
}
