import type { FieldError } from '../../common/http/problem';
import { parisDate } from '../employer-needs/employer-need-rules';
import {
  DECLINE_REASONS_BY_SIDE,
  DeclineReason,
  HireContractType,
  IntroductionOutcome,
  IntroductionSide,
  IntroductionStatus,
  MAX_MEETING_DAYS_AHEAD,
  NoFollowUpReason,
} from './introduction';

/** Who acts: one of the two sides, or the sweep closing what nobody answered. */
export type IntroductionActor = IntroductionSide | 'system';

export type IntroductionAction = 'accept' | 'decline' | 'introduce' | 'plan_meeting' | 'record_outcome' | 'withdraw' | 'expire';

const { Requested, Proposed, Accepted, Introduced, MeetingPlanned, Concluded, Declined, Withdrawn, Expired } = IntroductionStatus;

interface Transition {
  actor: IntroductionActor;
  from: readonly IntroductionStatus[];
  to: IntroductionStatus;
}

/**
 * Every move, and who may make it:
 * - the counsellor accepts a request (with the candidate's agreement), introduces both sides, records the meeting
 *   and the outcome (meetings go through them), declines a request or an accepted one, withdraws a proposal;
 * - the employer accepts a proposal (which is the introduction), declines it, withdraws its own request until the
 *   introduction is made;
 * - the sweep closes requests and proposals left without an answer.
 */
const TRANSITIONS: Record<IntroductionAction, readonly Transition[]> = {
  accept: [
    { actor: 'partner', from: [Requested], to: Accepted },
    { actor: 'employer', from: [Proposed], to: Introduced },
  ],
  decline: [
    { actor: 'partner', from: [Requested, Accepted], to: Declined },
    { actor: 'employer', from: [Proposed], to: Declined },
  ],
  introduce: [{ actor: 'partner', from: [Accepted], to: Introduced }],
  plan_meeting: [{ actor: 'partner', from: [Introduced, MeetingPlanned], to: MeetingPlanned }],
  record_outcome: [{ actor: 'partner', from: [Introduced, MeetingPlanned], to: Concluded }],
  withdraw: [
    { actor: 'employer', from: [Requested, Accepted], to: Withdrawn },
    { actor: 'partner', from: [Proposed], to: Withdrawn },
  ],
  expire: [{ actor: 'system', from: [Requested, Proposed], to: Expired }],
};

/** Whether the actor may ever make this move, whatever the status: when not, the move is not theirs to make (403). */
export function actorMayEver(action: IntroductionAction, actor: IntroductionActor): boolean {
  return TRANSITIONS[action].some((t) => t.actor === actor);
}

/** The status a move leads to from the current one, or null when the state machine forbids it (409). */
export function nextStatus(current: IntroductionStatus, action: IntroductionAction, actor: IntroductionActor): IntroductionStatus | null {
  return TRANSITIONS[action].find((t) => t.actor === actor && t.from.includes(current))?.to ?? null;
}

/** The moves the actor can make now, in a stable order (for the pages' buttons and the API's `allowedActions`). */
export function allowedActions(current: IntroductionStatus, actor: IntroductionActor): IntroductionAction[] {
  return (Object.keys(TRANSITIONS) as IntroductionAction[]).filter((action) => nextStatus(current, action, actor) !== null);
}

/** The side the next step is waiting for, or null when nothing is expected any more. */
export function awaitedSide(status: IntroductionStatus): IntroductionSide | null {
  switch (status) {
    case Proposed:
      return 'employer';
    case Requested:
    case Accepted:
    case Introduced:
    case MeetingPlanned:
      return 'partner';
    case Concluded:
    case Declined:
    case Withdrawn:
    case Expired:
      return null;
  }
}

/** Whether the employer may see the counsellor's professional contact: once both sides have been introduced. */
export function contactShared(status: IntroductionStatus): boolean {
  return status === Introduced || status === MeetingPlanned || status === Concluded;
}

/** A decline reason must be one of the declining side's. */
export function declineReasonErrors(reason: DeclineReason, side: IntroductionSide): FieldError[] {
  if (DECLINE_REASONS_BY_SIDE[side].includes(reason)) return [];
  const sideName = side === 'partner' ? 'du conseiller' : 'de l’employeur';
  return [{ field: 'reason', message: `Ce motif n’est pas l’un de ceux ${sideName} : choisissez dans la liste proposée.` }];
}

const frenchDate = (date: string) => date.split('-').reverse().join('/');

/** The candidate's agreement is dated: not in the future, and for a request not before the request itself. */
export function agreementDateErrors(agreedOn: string, today: string, notBefore: string | null): FieldError[] {
  if (agreedOn > today) return [{ field: 'candidateAgreedOn', message: 'La date de l’accord de la personne ne peut pas être dans le futur.' }];
  if (notBefore !== null && agreedOn < notBefore) {
    return [{ field: 'candidateAgreedOn', message: `L’accord de la personne porte sur cette demande, reçue le ${frenchDate(notBefore)} : il ne peut pas la précéder.` }];
  }
  return [];
}

/** A meeting takes place after the request, and within a year. */
export function meetingDateErrors(meetingOn: string, today: string, notBefore: string): FieldError[] {
  if (meetingOn < notBefore) return [{ field: 'meetingOn', message: `La rencontre ne peut pas précéder la mise en relation (${frenchDate(notBefore)}).` }];
  const latest = addDays(today, MAX_MEETING_DAYS_AHEAD);
  if (meetingOn > latest) return [{ field: 'meetingOn', message: `La rencontre ne peut pas être prévue plus d’un an à l’avance (au plus tard le ${frenchDate(latest)}).` }];
  return [];
}

/** A hire says its contract; a lack of follow-up says why; other outcomes need neither. */
export function outcomeErrors(outcome: IntroductionOutcome, contractType: HireContractType | null, reason: NoFollowUpReason | null): FieldError[] {
  const errors: FieldError[] = [];
  if (outcome === IntroductionOutcome.Hired && contractType === null) errors.push({ field: 'contractType', message: 'Indiquez le type de contrat de l’embauche.' });
  if (outcome !== IntroductionOutcome.Hired && contractType !== null) errors.push({ field: 'contractType', message: 'Le type de contrat ne s’indique que pour une embauche.' });
  if (outcome === IntroductionOutcome.NoFollowUp && reason === null) errors.push({ field: 'reason', message: 'Indiquez pourquoi la mise en relation n’a pas eu de suite.' });
  if (outcome !== IntroductionOutcome.NoFollowUp && reason !== null) errors.push({ field: 'reason', message: 'La raison ne s’indique que lorsqu’il n’y a pas de suite.' });
  return errors;
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

const PARIS_CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * The instant the current calendar month began in France (midnight of the 1st, Paris time): monthly caps count
 * the introductions created since then. France is one or two hours ahead of UTC, and never changes on a 1st.
 */
export function parisMonthStart(now: Date): Date {
  const [year, month] = parisDate(now).split('-').map(Number);
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(Date.UTC(year, month - 1, 1) - offsetHours * 3600_000);
    if (parisDate(candidate).endsWith('-01') && PARIS_CLOCK.format(candidate) === '00:00') return candidate;
  }
  throw new Error(`no Paris midnight found for ${year}-${month}-01`);
}

/** The first day (YYYY-MM-DD) of the month after the one of `today`: when a reached monthly cap lifts. */
export function nextMonthStart(today: string): string {
  const [year, month] = today.split('-').map(Number);
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
}

/** Whether an organisation's pause (last paused day, inclusive) still holds on `today`. */
export function isPaused(pausedUntil: string | null, today: string): boolean {
  return pausedUntil !== null && pausedUntil >= today;
}
