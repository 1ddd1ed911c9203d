import { ValidationFailedException } from '../../common/http/problem';
import { OrganisationRole, Role } from '../users/user.entity';
import { accountRoleFor, leavesNoOwner } from './member-rules';
import { EMPLOYER_KINDS, OrganisationKind } from './organisation.entity';
import { OrganisationException } from './organisation.exception';

const PARTNERS = Object.values(OrganisationKind).filter((kind) => !EMPLOYER_KINDS.includes(kind));

describe('accountRoleFor', () => {
  it.each(EMPLOYER_KINDS)('makes members of an employer organisation (%s) employers', (kind) => {
    expect(accountRoleFor(kind, undefined, Role.Employer)).toBe(Role.Employer);
  });

  it.each(EMPLOYER_KINDS)('refuses a role chosen for an employer organisation (%s), naming the field', (kind) => {
    for (const requested of [Role.Counsellor, Role.Coordinator]) {
      let thrown: unknown;
      try {
        accountRoleFor(kind, requested, Role.Employer);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationFailedException);
      expect((thrown as ValidationFailedException).errors).toEqual([{ field: 'role', message: expect.stringMatching(/organisation partenaire/) }]);
    }
  });

  it('covers the four partner kinds', () => {
    expect(PARTNERS.sort()).toEqual([OrganisationKind.FranceTravail, OrganisationKind.MissionLocale, OrganisationKind.Prison, OrganisationKind.Spip].sort());
  });

  it.each(PARTNERS)('makes members of a partner organisation (%s) counsellors by default', (kind) => {
    expect(accountRoleFor(kind, undefined, Role.Counsellor)).toBe(Role.Counsellor);
    expect(accountRoleFor(kind, Role.Counsellor, Role.Counsellor)).toBe(Role.Counsellor);
  });

  it.each(PARTNERS)('lets a coordinator of a partner organisation (%s) invite a coordinator', (kind) => {
    expect(accountRoleFor(kind, Role.Coordinator, Role.Coordinator)).toBe(Role.Coordinator);
  });

  it('does not let a counsellor hand out the coordinator role', () => {
    let thrown: unknown;
    try {
      accountRoleFor(OrganisationKind.Spip, Role.Coordinator, Role.Counsellor);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OrganisationException);
    expect(thrown).toMatchObject({ code: 'organisation.coordinator_invite_forbidden', status: 403 });
  });
});

describe('leavesNoOwner', () => {
  it('is true only for the last owner', () => {
    expect(leavesNoOwner(OrganisationRole.Owner, 1)).toBe(true);
    expect(leavesNoOwner(OrganisationRole.Owner, 2)).toBe(false);
    expect(leavesNoOwner(OrganisationRole.Member, 1)).toBe(false);
    expect(leavesNoOwner(null, 0)).toBe(false);
  });
});
