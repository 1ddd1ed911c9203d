import { parisDate } from '../employer-needs/employer-need-rules';
import { ATTENDEE_STATUS_LABELS, Attendance, AWARENESS_DAY_STATUS_LABELS, AwarenessDayStatus, Nearness, NEARNESS_LABELS } from './awareness-day';
import { deadlineDateOf, parisTime } from './awareness-day-rules';
import { AttendeeRow, AwarenessDayRow, RegistrationRow } from './awareness-days.repository';
import { AttendeeDto, AwarenessDaySummaryDto, RegistrationDto } from './dto/awareness-day.dto';

/** The SQL nearness rank, in order. */
const NEARNESS_BY_RANK: Nearness[] = [Nearness.SameBasin, Nearness.SameDepartment, Nearness.SameRegion, Nearness.Elsewhere, Nearness.Unknown];

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

export function toAwarenessDaySummary(row: AwarenessDayRow, now: Date): AwarenessDaySummaryDto {
  const startsAt = new Date(row.startsAt);
  const nearness = row.nearnessRank === undefined ? null : NEARNESS_BY_RANK[row.nearnessRank];
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    statusLabel: AWARENESS_DAY_STATUS_LABELS[row.status],
    establishmentCode: row.establishmentCode,
    establishmentName: row.establishmentName,
    establishmentCommune: row.establishmentCommune,
    organiserName: row.organiserName,
    programmeName: row.programmeName,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(row.endsAt).toISOString(),
    date: parisDate(startsAt),
    startTime: parisTime(startsAt),
    endTime: parisTime(new Date(row.endsAt)),
    deadline: deadlineDateOf(new Date(row.registrationClosesAt)),
    registrationClosesAt: new Date(row.registrationClosesAt).toISOString(),
    registrationOpen: row.status === AwarenessDayStatus.Published && now < new Date(row.registrationClosesAt),
    capacity: row.capacity,
    confirmedCount: row.confirmedCount,
    waitlistedCount: row.waitlistedCount,
    seatsLeft: Math.max(0, row.capacity - row.confirmedCount),
    nearness,
    nearnessLabel: nearness && NEARNESS_LABELS[nearness],
    ownConfirmed: row.ownConfirmed ?? null,
    ownWaitlisted: row.ownWaitlisted ?? null,
  };
}

/** `withNames`: the employer who typed them reads their attendees' names; anyone else sees « Participant n ». */
export function toAttendee(row: AttendeeRow, withNames: boolean): AttendeeDto {
  const erased = row.identityErasedAt !== null;
  return {
    id: row.id,
    ordinal: row.ordinal,
    label: withNames && row.fullName ? row.fullName : `Participant ${row.ordinal}`,
    status: row.status,
    statusLabel: ATTENDEE_STATUS_LABELS[row.status],
    waitlistPosition: row.waitlistPosition,
    promotedAt: iso(row.promotedAt),
    cancelledAt: iso(row.cancelledAt),
    attendance: row.attendance,
    identityErased: erased,
    certificateAvailable: row.attendance === Attendance.Present && !erased,
  };
}

export function toRegistration(row: RegistrationRow, attendees: AttendeeRow[], withNames: boolean): RegistrationDto {
  return {
    id: row.id,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    registeredByName: row.registeredByName,
    registeredAt: new Date(row.createdAt).toISOString(),
    attendees: attendees.map((a) => toAttendee(a, withNames)),
  };
}
