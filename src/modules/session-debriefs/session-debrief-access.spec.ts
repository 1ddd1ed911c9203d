import type { AuthUser } from '../../common/auth/auth-user';
import { OrganisationKind, OrganisationStatus } from '../organisations/organisation.entity';
import { Role } from '../users/user.entity';
import { debriefViewer, SessionStanding } from './session-debrief-access';

const ORGANISER = 'org-organiser';
const user = (role: Role, organisationId: string | null, kind: OrganisationKind | null, status = OrganisationStatus.Active): AuthUser => ({
  id: 'user',
  email: 'x@example.org',
  displayName: 'X',
  role,
  organisationId,
  organisationName: null,
  organisationKind: kind,
  organisationStatus: status,
});
const standing = (values: Partial<SessionStanding> = {}): SessionStanding => ({ organiserOrganisationId: ORGANISER, participation: null, ownsCohortProfile: false, ...values });
const codeOf = (run: () => unknown) => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('debriefViewer', () => {
  it('knows the organiser’s coordinators, participating employers (with their binôme) and counsellors of cohort profiles', () => {
    expect(debriefViewer(user(Role.Coordinator, ORGANISER, OrganisationKind.MissionLocale), standing()).kind).toBe('coordinator');
    expect(debriefViewer(user(Role.Employer, 'company', OrganisationKind.Company), standing({ participation: { binomeId: 'b1' } }))).toMatchObject({ kind: 'employer', binomeId: 'b1' });
    expect(debriefViewer(user(Role.Counsellor, 'spip', OrganisationKind.Spip), standing({ ownsCohortProfile: true })).kind).toBe('counsellor');
    expect(debriefViewer(user(Role.Coordinator, 'other', OrganisationKind.MissionLocale), standing({ ownsCohortProfile: true })).kind).toBe('counsellor');
  });

  it('hides the session (404) from everyone else, and tells an inactive participating organisation why (403)', () => {
    expect(codeOf(() => debriefViewer(user(Role.Coordinator, 'other', OrganisationKind.MissionLocale), standing()))).toBe('session_debrief.session_not_found');
    expect(codeOf(() => debriefViewer(user(Role.Employer, 'company', OrganisationKind.Company), standing()))).toBe('session_debrief.session_not_found');
    expect(codeOf(() => debriefViewer(user(Role.Admin, null, null), standing()))).toBe('session_debrief.session_not_found');
    expect(codeOf(() => debriefViewer(user(Role.Counsellor, 'spip', OrganisationKind.Spip, OrganisationStatus.Suspended), standing({ ownsCohortProfile: true })))).toBe('session_debrief.session_not_found');
    expect(codeOf(() => debriefViewer(user(Role.Employer, 'company', OrganisationKind.Company, OrganisationStatus.Suspended), standing({ participation: { binomeId: null } })))).toBe(
      'session_debrief.organisation_inactive',
    );
  });
});
