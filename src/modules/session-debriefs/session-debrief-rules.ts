import type { FieldError } from '../../common/http/problem';
import { parisDate } from '../employer-needs/employer-need-rules';
import { checkFreeText } from '../privacy/pii-guard';
import { RecruitmentSessionStatus } from '../recruitment-sessions/recruitment-session';
import type { ProposalInputDto } from './dto/session-debrief.dto';
import type { ExistingProposal, NewProposal } from './session-debriefs.repository';
import { ProposalKind, ProposalStatus } from './session-debrief';

/** What the PII guard finds in each free-text field, as field errors naming the field. */
export function piiErrors(texts: Record<string, string | null | undefined>, establishmentNames: readonly string[]): FieldError[] {
  return Object.entries(texts).flatMap(([field, text]) => (text ? checkFreeText(text, { establishmentNames }).map((finding) => ({ field, message: finding.reason })) : []));
}

/**
 * The consistency of the proposals of one assessment: offered by one of the binôme's organisations, at most one of
 * each kind per organisation, a contract only for a job or job promise, a sponsor named for (and only for) a
 * sponsorship. Whether the sponsor belongs to the organisation is checked against the database afterwards.
 */
export function proposalErrors(proposals: ProposalInputDto[], binomeOrganisationIds: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  proposals.forEach((p, index) => {
    const at = (field: string) => `proposals.${index}.${field}`;
    if (!binomeOrganisationIds.includes(p.organisationId)) errors.push({ field: at('organisationId'), message: 'Choisissez l’une des deux organisations du binôme.' });
    const key = `${p.kind}/${p.organisationId}`;
    if (seen.has(key)) errors.push({ field: at('kind'), message: 'Cette solution figure déjà pour cette organisation.' });
    seen.add(key);
    if (p.contractType && p.kind !== ProposalKind.Job && p.kind !== ProposalKind.JobPromise) {
      errors.push({ field: at('contractType'), message: 'Un type de contrat ne se précise que pour un emploi ou une promesse d’embauche.' });
    }
    if (p.kind === ProposalKind.Sponsorship && !p.sponsorUserId) errors.push({ field: at('sponsorUserId'), message: 'Désignez le parrain ou la marraine parmi les membres de votre organisation.' });
    if (p.kind !== ProposalKind.Sponsorship && p.sponsorUserId) errors.push({ field: at('sponsorUserId'), message: 'Un parrain ou une marraine ne se désigne que pour un parrainage.' });
  });
  return errors;
}

export interface ProposalPlan {
  insert: NewProposal[];
  update: (NewProposal & { id: string })[];
  remove: string[];
  /** Decided proposals the new list drops or changes: refused. */
  decidedTouched: ExistingProposal[];
}

const sameValues = (a: NewProposal, b: NewProposal) => a.detail === b.detail && a.contractType === b.contractType && a.sponsorUserId === b.sponsorUserId;

/** How the stored proposals become the submitted list: matched by kind and organisation; decided ones stay as they are. */
export function planProposals(existing: ExistingProposal[], submitted: NewProposal[]): ProposalPlan {
  const keyOf = (p: NewProposal) => `${p.kind}/${p.organisationId}`;
  const byKey = new Map(existing.map((p) => [keyOf(p), p]));
  const plan: ProposalPlan = { insert: [], update: [], remove: [], decidedTouched: [] };
  const kept = new Set<string>();
  for (const p of submitted) {
    const current = byKey.get(keyOf(p));
    if (!current) plan.insert.push(p);
    else {
      kept.add(current.id);
      if (current.status !== ProposalStatus.Pending) {
        if (!sameValues(current, p)) plan.decidedTouched.push(current);
      } else if (!sameValues(current, p)) plan.update.push({ ...p, id: current.id });
    }
  }
  for (const p of existing) {
    if (kept.has(p.id)) continue;
    if (p.status === ProposalStatus.Pending) plan.remove.push(p.id);
    else plan.decidedTouched.push(p);
  }
  return plan;
}

/** Moves one id a step up or down in an order; unchanged at either end. */
export function moveInOrder(order: readonly string[], id: string, direction: 'up' | 'down'): string[] {
  const next = [...order];
  const index = next.indexOf(id);
  const other = direction === 'up' ? index - 1 : index + 1;
  if (index < 0 || other < 0 || other >= next.length) return next;
  [next[index], next[other]] = [next[other], next[index]];
  return next;
}

/** The order of passage after a generation: the existing order kept, the cohort's newcomers appended in cohort order. */
export function generatedOrder(currentOrder: readonly string[], cohort: readonly string[]): string[] {
  const inCohort = new Set(cohort);
  const kept = currentOrder.filter((id) => inCohort.has(id));
  const placed = new Set(kept);
  return [...kept, ...cohort.filter((id) => !placed.has(id))];
}

/** Why nothing may be recorded in a session's debrief yet (or any more); null when it is open. */
export type RecordingBlock = 'cancelled' | 'not_scheduled' | 'before_interview_day';

/**
 * A debrief records what happened at interviews: only a session whose schedule was settled (scheduled, or held)
 * and whose interview day has come in France (the day counts from midnight in Paris) can have any; a cancelled
 * session has none.
 */
export function recordingBlock(session: { status: string; interviewOn: string }, now: Date): RecordingBlock | null {
  if (session.status === RecruitmentSessionStatus.Cancelled) return 'cancelled';
  if (session.status !== RecruitmentSessionStatus.Scheduled && session.status !== RecruitmentSessionStatus.Held) return 'not_scheduled';
  if (parisDate(now) < session.interviewOn) return 'before_interview_day';
  return null;
}

/**
 * How long an acceptance under way holds its proposal. Creating the introduction or sponsorship takes well under a
 * second; a claim older than this was left by a request that died between its transactions, and may be taken over.
 */
export const ACCEPTANCE_CLAIM_TTL_MS = 5 * 60_000;

export function claimHeld(acceptingAt: Date | null, now: Date): boolean {
  return acceptingAt !== null && now.getTime() - acceptingAt.getTime() < ACCEPTANCE_CLAIM_TTL_MS;
}
