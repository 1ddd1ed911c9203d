import { DomainException, ValidationFailedException } from '../../common/http/problem';
import { FormErrors, FormResult, parseForm } from '../web/form';
import { AcceptProposalDto, ProposalDto } from './dto/session-debrief.dto';
import { CONTRACT_TYPE_LABELS, DECLINE_REASON_LABELS, ProposalDeclineReason, ProposalKind, ProposalStatus } from './session-debrief';

/** What the debrief pages share: form bodies, refusals shown as form errors, and the follow-up forms of a proposal. */

export type FormBody = Record<string, unknown>;
export const bodyOf = (body: unknown): FormBody => (typeof body === 'object' && body !== null ? { ...(body as FormBody) } : {});
export const text = (body: FormBody, key: string): string => (typeof body[key] === 'string' ? (body[key] as string) : '');
export const frenchDate = (date: string | null) => (date ? date.split('-').reverse().join('/') : null);

export interface PageState {
  status?: number;
  errors?: FormErrors;
  message?: string;
  info?: string;
  /** The form that failed, as typed, and which object it was about. */
  values?: FormBody;
  target?: string;
}

/** A refused change becomes page errors; what a form cannot show (403, 404, 5xx) goes to the error page. */
export function refusalOf(error: unknown): PageState {
  if (!(error instanceof DomainException) || ![400, 409, 422].includes(error.status)) throw error;
  const errors: FormErrors = {};
  for (const e of error.errors ?? []) errors[e.field] ??= e.message;
  return { status: error.status, errors, message: error instanceof ValidationFailedException && error.errors?.length ? undefined : error.detail };
}

/**
 * The acceptance form of a proposal (the coordinator's debrief page and the counsellors' list post the same
 * fields): the agreement checkbox and day, a sponsorship's optional dates, an introduction's optional message.
 * `values` is what was typed, to show the form again.
 */
export function acceptProposalForm(body: unknown): { form: FormResult<AcceptProposalDto>; values: FormBody } {
  const raw = bodyOf(body);
  const values = { ...raw };
  raw.candidateAgreed = raw.candidateAgreed === 'on' || raw.candidateAgreed === 'true' ? true : undefined;
  for (const key of ['startsOn', 'plannedEndOn', 'message']) if (raw[key] === '') delete raw[key];
  return { form: parseForm(AcceptProposalDto, raw), values };
}

/** What the follow-up forms of one proposal need, with the errors and typed agreement day when it is the one that failed. */
export function proposalCard<T extends ProposalDto>(p: T, today: string, state: PageState) {
  const typed = state.target === p.id ? state.values ?? {} : {};
  return {
    ...p,
    pending: p.status === ProposalStatus.Pending,
    sponsorship: p.kind === ProposalKind.Sponsorship,
    contractLabel: p.contractType ? CONTRACT_TYPE_LABELS[p.contractType] : null,
    declineReasonLabel: p.declineReason ? DECLINE_REASON_LABELS[p.declineReason] : null,
    agreedOn: text(typed, 'candidateAgreedOn') || today,
    typedMessage: text(typed, 'message'),
    errors: state.target === p.id ? state.errors : undefined,
  };
}

export const declineReasonOptions = () => Object.values(ProposalDeclineReason).map((value) => ({ value, label: DECLINE_REASON_LABELS[value] }));
