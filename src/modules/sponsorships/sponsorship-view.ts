import { parisDate } from '../employer-needs/employer-need-rules';
import { INITIATOR_LABELS, INTRODUCTION_STATUS_LABELS, introductionSolutionLabel, OUTCOME_LABELS } from '../introductions/introduction';
import { CheckInDto, LinkedIntroductionView, NextCheckInDto, SponsorshipActionName, SponsorshipDto, SponsorshipSummaryDto } from './dto/sponsorship.dto';
import { CHANNEL_LABELS, CHECK_IN_STATUS_LABELS, CheckInMilestone, END_REASON_LABELS, MILESTONE_LABELS, SPONSORSHIP_STATUS_LABELS } from './sponsorship';
import { CheckInRow, LinkedIntroductionRow, SponsorshipRow, SponsorshipSummaryRow } from './sponsorships.repository';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function nextCheckIn(next: { id: string; milestone: CheckInMilestone; dueOn: string } | null, today: string): NextCheckInDto | null {
  return next && { ...next, milestoneLabel: MILESTONE_LABELS[next.milestone], due: next.dueOn <= today };
}

/** A list line: the employer view of the profile (code, occupations) and the sponsorship's own fields. */
export function toSponsorshipSummary(row: SponsorshipSummaryRow, today: string): SponsorshipSummaryDto {
  return {
    id: row.id,
    status: row.status,
    statusLabel: SPONSORSHIP_STATUS_LABELS[row.status],
    profileCode: row.profileCode,
    occupations: row.occupations,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    partnerOrganisationName: row.partnerOrganisationName,
    sponsorName: row.sponsor?.displayName ?? null,
    startsOn: row.startsOn,
    plannedEndOn: row.plannedEndOn,
    endedOn: row.endedOn,
    endReason: row.endReason,
    endReasonLabel: row.endReason ? END_REASON_LABELS[row.endReason] : null,
    nextCheckIn: nextCheckIn(row.nextCheckIn, today),
    checkInsDone: row.checkInsDone,
  };
}

/**
 * What one viewer reads of a sponsorship. `partnerView`: the partner organisation and staff also get the profile
 * id and the record of the candidate's agreement (internal, DESIGN §2). `party`: those who follow the sponsorship
 * read the check-in notes; staff reading it for the figures do not.
 */
export function toSponsorshipView(
  row: SponsorshipRow,
  checkIns: CheckInRow[],
  view: { partnerView: boolean; party: boolean; allowedActions: SponsorshipActionName[]; today: string },
): SponsorshipDto {
  const scheduled = checkIns.find((c) => c.status === 'scheduled') ?? null;
  return {
    ...toSponsorshipSummary({ ...row, nextCheckIn: scheduled && { id: scheduled.id, milestone: scheduled.milestone, dueOn: scheduled.dueOn }, checkInsDone: checkIns.filter((c) => c.status === 'done').length }, view.today),
    profileId: view.partnerView ? row.profileId : null,
    sponsor: row.sponsor && { displayName: row.sponsor.displayName, email: row.sponsor.email },
    counsellor: row.counsellor && { displayName: row.counsellor.displayName, email: row.counsellor.email },
    introductionId: row.introductionId,
    candidateAgreement: view.partnerView
      ? { agreedOn: row.candidateAgreedOn, recordedAt: new Date(row.candidateAgreementRecordedAt).toISOString(), recordedByName: row.candidateAgreementRecordedByName }
      : null,
    checkIns: checkIns.map((c) => toCheckIn(c, view.party)),
    follower: view.party,
    allowedActions: view.allowedActions,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

function toCheckIn(row: CheckInRow, party: boolean): CheckInDto {
  return {
    id: row.id,
    milestone: row.milestone,
    milestoneLabel: MILESTONE_LABELS[row.milestone],
    dueOn: row.dueOn,
    status: row.status,
    statusLabel: CHECK_IN_STATUS_LABELS[row.status],
    heldOn: row.heldOn,
    channel: row.channel,
    channelLabel: row.channel ? CHANNEL_LABELS[row.channel] : null,
    note: party ? row.note : null,
    nextStep: party ? row.nextStep : null,
    withNextStep: row.nextStep !== null,
    recordedByName: row.recordedByName,
    recordedAt: iso(row.recordedAt),
    reminderSentAt: iso(row.reminderSentAt),
  };
}

export function toLinkedIntroduction(row: LinkedIntroductionRow): LinkedIntroductionView {
  return {
    initiatorLabel: INITIATOR_LABELS[row.initiator],
    solutionLabel: introductionSolutionLabel(row.solution),
    statusLabel: INTRODUCTION_STATUS_LABELS[row.status],
    outcomeLabel: row.outcome ? OUTCOME_LABELS[row.outcome] : null,
    requestedOn: parisDate(new Date(row.createdAt)),
    meetingOn: row.meetingOn,
  };
}
