import {
  DECLINE_REASON_LABELS,
  HIRE_CONTRACT_LABELS,
  INITIATOR_LABELS,
  INTRODUCTION_STATUS_LABELS,
  IntroductionSide,
  introductionSolutionLabel,
  NO_FOLLOW_UP_LABELS,
  OUTCOME_LABELS,
  reasonLabel,
  WAITING_STATUSES,
} from './introduction';
import { addDays, allowedActions, awaitedSide, contactShared, IntroductionActor } from './introduction-rules';
import { IntroductionDto, IntroductionEventDto, IntroductionSummaryDto } from './dto/introduction.dto';
import { IntroductionEventRow, IntroductionRow } from './introductions.repository';
import { parisDate } from '../employer-needs/employer-need-rules';

const iso = (date: Date) => new Date(date).toISOString();

const ACTOR_LABELS: Record<IntroductionSide, Record<IntroductionActor, string>> = {
  employer: { employer: 'Votre organisation', partner: 'Le conseiller', system: 'Passerelle (automatique)' },
  partner: { employer: 'L’employeur', partner: 'Votre organisation', system: 'Passerelle (automatique)' },
};

/**
 * The one mapper of introductions to what a side reads. The employer side sees the profile's code and target
 * occupations, its own message, and the counsellor's professional contact only once both sides are introduced;
 * never the profile id, the candidate's agreement record, the partner organisation before the introduction,
 * nor anything the counsellor wrote for their own side (notes).
 */
export function toIntroductionSummary(row: IntroductionRow, viewer: IntroductionSide, expireAfterDays: number): IntroductionSummaryDto {
  const awaiting = awaitedSide(row.status);
  const shared = viewer === 'partner' || contactShared(row.status);
  const waiting = WAITING_STATUSES.includes(row.status);
  return {
    id: row.id,
    status: row.status,
    statusLabel: INTRODUCTION_STATUS_LABELS[row.status],
    initiator: row.initiator,
    initiatorLabel: INITIATOR_LABELS[row.initiator],
    profileCode: row.profileCode,
    occupations: row.occupations.map((o) => ({ romeCode: o.romeCode, label: o.label })),
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    partnerOrganisationName: shared ? row.partnerOrganisationName : null,
    need: row.need ? { id: row.need.id, romeCode: row.need.romeCode, romeLabel: row.need.appellationLabel ?? row.need.romeLabel, communeName: row.need.communeName } : null,
    solution: row.solution,
    solutionLabel: introductionSolutionLabel(row.solution),
    awaiting,
    awaitingYou: awaiting === viewer,
    allowedActions: allowedActions(row.status, viewer),
    meetingOn: row.meetingOn,
    outcome: row.outcome,
    outcomeLabel: row.outcome ? OUTCOME_LABELS[row.outcome] : null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    statusChangedAt: iso(row.statusChangedAt),
    closesOn: waiting ? addDays(parisDate(new Date(row.statusChangedAt)), expireAfterDays) : null,
  };
}

function toEvent(event: IntroductionEventRow, viewer: IntroductionSide): IntroductionEventDto {
  // Notes written on the partner side may speak of the person: they stay on that side.
  const noteVisible = viewer === 'partner' || event.actorSide === 'employer';
  return {
    fromStatus: event.fromStatus,
    fromStatusLabel: event.fromStatus ? INTRODUCTION_STATUS_LABELS[event.fromStatus] : null,
    toStatus: event.toStatus,
    toStatusLabel: INTRODUCTION_STATUS_LABELS[event.toStatus],
    actor: event.actorSide,
    actorLabel: ACTOR_LABELS[viewer][event.actorSide],
    actorName: viewer === 'partner' ? event.actorName : null,
    at: iso(event.occurredAt),
    reason: event.reasonCode,
    reasonLabel: reasonLabel(event.reasonCode),
    meetingOn: event.meetingOn,
    outcome: event.outcome,
    outcomeLabel: event.outcome ? OUTCOME_LABELS[event.outcome] : null,
    contractType: event.contractType,
    contractTypeLabel: event.contractType ? HIRE_CONTRACT_LABELS[event.contractType] : null,
    note: noteVisible ? event.note : null,
  };
}

/** One introduction with its history, as the viewer's side may read it. */
export function toIntroductionView(row: IntroductionRow, events: IntroductionEventRow[], viewer: IntroductionSide, expireAfterDays: number): IntroductionDto {
  const partner = viewer === 'partner';
  const shared = partner || contactShared(row.status);
  return {
    ...toIntroductionSummary(row, viewer, expireAfterDays),
    profileId: partner ? row.profileId : null,
    message: row.message,
    availability: row.availability,
    proposalMessage: row.proposalMessage,
    candidateAgreement:
      partner && row.candidateAgreedOn && row.candidateAgreementRecordedAt
        ? { agreedOn: row.candidateAgreedOn, recordedByName: row.candidateAgreementRecordedByName, recordedAt: iso(row.candidateAgreementRecordedAt) }
        : null,
    declineReason: row.declineReason,
    declineReasonLabel: row.declineReason ? DECLINE_REASON_LABELS[row.declineReason] : null,
    contractType: row.outcomeContractType,
    contractTypeLabel: row.outcomeContractType ? HIRE_CONTRACT_LABELS[row.outcomeContractType] : null,
    outcomeReason: row.outcomeReason,
    outcomeReasonLabel: row.outcomeReason ? NO_FOLLOW_UP_LABELS[row.outcomeReason] : null,
    counsellorContact: shared && row.counsellorContact ? { ...row.counsellorContact, organisationName: row.partnerOrganisationName } : null,
    employerContact: row.employerContact ? { ...row.employerContact, organisationName: row.organisationName } : null,
    history: events.map((event) => toEvent(event, viewer)),
  };
}
