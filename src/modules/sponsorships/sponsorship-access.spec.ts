import type { AuthUser } from '../../common/auth/auth-user';
import { OrganisationKind, OrganisationStatus } from '../organisations/organisation.entity';
import { Role } from '../users/user.entity';
import { sponsorshipViewer } from './sponsorship-access';

const user = (role: Role, kind: OrganisationKind | null, status: OrganisationStatus | null = OrganisationStatus.Active): AuthUser => ({
  id: 'u1',
  email: 'u1@example.org',
  displayName: 'U',
  role,
  organisationId: kind ? 'o1' : null,
  organisationName: kind ? 'Org' : null,
  organisationKind: kind,
  organisationStatus: kind ? status : null,
});

describe('sponsorshipViewer', () => {
  it('puts employers of an active employer organisation on the employer side, reading their own', () => {
    expect(sponsorshipViewer(user(Role.Employer, OrganisationKind.Company))).toEqual({ side: 'employer', userId: 'u1', organisationId: 'o1', readsAll: false });
  });

  it('refuses employers of an organisation not active, saying why, and employers of a partner kind', () => {
    expect(() => sponsorshipViewer(user(Role.Employer, OrganisationKind.TempAgency, OrganisationStatus.Pending))).toThrow(/en attente de validation/);
    expect(() => sponsorshipViewer(user(Role.Employer, OrganisationKind.Company, OrganisationStatus.Suspended))).toThrow(/suspendue/);
    expect(() => sponsorshipViewer(user(Role.Employer, OrganisationKind.Spip))).toThrow(/organisations employeuses/);
  });

  it('puts counsellors and coordinators of an active partner organisation on the partner side; coordinators read all', () => {
    expect(sponsorshipViewer(user(Role.Counsellor, OrganisationKind.Spip))).toMatchObject({ side: 'partner', organisationId: 'o1', readsAll: false });
    expect(sponsorshipViewer(user(Role.Coordinator, OrganisationKind.MissionLocale))).toMatchObject({ side: 'partner', organisationId: 'o1', readsAll: true });
    expect(() => sponsorshipViewer(user(Role.Counsellor, OrganisationKind.MissionLocale, OrganisationStatus.Suspended))).toThrow(/suspendue/);
  });

  it('lets admins, and coordinators without an active partner organisation, read only', () => {
    expect(sponsorshipViewer(user(Role.Admin, null))).toEqual({ side: 'staff', userId: 'u1', organisationId: null, readsAll: true });
    expect(sponsorshipViewer(user(Role.Coordinator, OrganisationKind.MissionLocale, OrganisationStatus.Suspended))).toMatchObject({ side: 'staff', readsAll: true });
  });
});
