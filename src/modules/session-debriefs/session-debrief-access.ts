import type { AuthUser } from '../../common/auth/auth-user';
import { EMPLOYER_KINDS, OrganisationStatus } from '../organisations/organisation.entity';
import { Role } from '../users/user.entity';
import { SessionDebriefException } from './session-debrief.exception';

/**
 * How a user stands towards one session's debrief:
 * - `coordinator`: a coordinator of the session's organiser organisation, who sees and runs everything;
 * - `employer`: a member of an active participating organisation, who sees and assesses its binôme's interviews;
 * - `counsellor`: staff of an organisation owning profiles of the cohort, who follow the proposals for those profiles.
 */
export type DebriefViewer =
  | { kind: 'coordinator'; userId: string; organisationId: string }
  | { kind: 'employer'; userId: string; organisationId: string; binomeId: string | null }
  | { kind: 'counsellor'; userId: string; organisationId: string };

export interface SessionStanding {
  organiserOrganisationId: string;
  /** The caller's organisation's participation, when it takes part. */
  participation: { binomeId: string | null } | null;
  /** Whether the caller's organisation owns a profile of the cohort. */
  ownsCohortProfile: boolean;
}

/**
 * Who the user is for this session, or a 404 when they have no part in it (its existence is not revealed). A member
 * of a participating organisation that is no longer active learns why instead (403).
 */
export function debriefViewer(user: AuthUser, standing: SessionStanding): DebriefViewer {
  const organisationId = user.organisationId;
  if (!organisationId) throw SessionDebriefException.sessionNotFound();
  if (user.role === Role.Coordinator && organisationId === standing.organiserOrganisationId) return { kind: 'coordinator', userId: user.id, organisationId };
  if (user.role === Role.Employer && user.organisationKind && EMPLOYER_KINDS.includes(user.organisationKind) && standing.participation) {
    const status = user.organisationStatus ?? OrganisationStatus.Pending;
    if (status !== OrganisationStatus.Active) throw SessionDebriefException.organisationInactive(status);
    return { kind: 'employer', userId: user.id, organisationId, binomeId: standing.participation.binomeId };
  }
  if ((user.role === Role.Counsellor || user.role === Role.Coordinator) && standing.ownsCohortProfile && user.organisationStatus === OrganisationStatus.Active) {
    return { kind: 'counsellor', userId: user.id, organisationId };
  }
  throw SessionDebriefException.sessionNotFound();
}
