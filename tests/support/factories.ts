import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/common/security/password';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../src/modules/organisations/organisation.entity';
import { OrganisationRole, Role, User } from '../../src/modules/users/user.entity';

export const TEST_PASSWORD = 'Mot-de-passe-de-test-42';
let cachedHash: Promise<string> | undefined;

const unique = () => randomBytes(4).toString('hex');

/** A valid SIRET (Luhn) built from a random 13-digit prefix. */
export function randomSiret(): string {
  const base = Array.from({ length: 13 }, (_, i) => (i === 0 ? 1 + Math.floor(Math.random() * 8) : Math.floor(Math.random() * 10)));
  for (let check = 0; check < 10; check++) {
    const digits = [...base, check];
    const sum = digits.reduce((acc, d, i) => {
      let v = i % 2 === 0 ? d * 2 : d;
      if (v > 9) v -= 9;
      return acc + v;
    }, 0);
    if (sum % 10 === 0) return digits.join('');
  }
  throw new Error('unreachable');
}

export async function createOrganisation(ds: DataSource, values: Partial<Organisation> = {}): Promise<Organisation> {
  const repo = ds.getRepository(Organisation);
  return repo.save(
    repo.create({
      name: `Organisation ${unique()}`,
      kind: OrganisationKind.Company,
      status: OrganisationStatus.Active,
      siret: values.kind && values.kind !== OrganisationKind.Company ? null : randomSiret(),
      ...values,
    }),
  );
}

/** A user; one with an organisation is its owner unless `organisationRole` says otherwise. */
export async function createUser(ds: DataSource, values: Partial<User> & { role: Role }): Promise<User> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  let organisationId = values.organisationId;
  if (organisationId === undefined && values.role !== Role.Admin) {
    const kind = values.role === Role.Employer ? OrganisationKind.Company : OrganisationKind.MissionLocale;
    organisationId = (await createOrganisation(ds, { kind })).id;
  }
  const repo = ds.getRepository(User);
  return repo.save(
    repo.create({
      email: `user-${unique()}@example.org`,
      displayName: 'Utilisateur Test',
      passwordHash: await cachedHash,
      emailVerifiedAt: new Date(),
      passwordChangedAt: new Date(),
      organisationId: organisationId ?? null,
      organisationRole: organisationId ? OrganisationRole.Owner : null,
      ...values,
    }),
  );
}
