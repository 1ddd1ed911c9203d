import { DataSource } from 'typeorm';
import { hashPassword } from '../../common/security/password';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../modules/organisations/organisation.entity';
import { OrganisationRole, Role, User } from '../../modules/users/user.entity';

/** Shared by every demo account; printed by `npm run demo`. Synthetic data, not a secret. */
export const DEMO_PASSWORD = 'Passerelle-Demo-2026';

interface DemoOrganisation {
  key: string;
  name: string;
  kind: OrganisationKind;
  status: OrganisationStatus;
  siret: string | null;
}

export interface DemoAccount {
  email: string;
  displayName: string;
  role: Role;
  organisation: string | null;
  description: string;
}

// Synthetic organisations: names end with "(démo)" and SIRETs use the unallocated 9000000xx range.
const ORGANISATIONS: DemoOrganisation[] = [
  { key: 'ml', name: 'Mission Locale de la Vienne (démo)', kind: OrganisationKind.MissionLocale, status: OrganisationStatus.Active, siret: null },
  { key: 'spip', name: 'SPIP de la Vienne (démo)', kind: OrganisationKind.Spip, status: OrganisationStatus.Active, siret: null },
  { key: 'btp', name: 'Bâtiment Poitevin (démo)', kind: OrganisationKind.Company, status: OrganisationStatus.Active, siret: '90000001000018' },
  { key: 'interim', name: 'Intérim Artois Emploi (démo)', kind: OrganisationKind.TempAgency, status: OrganisationStatus.Pending, siret: '90000002000017' },
  { key: 'cfa', name: 'CFA Normandie Métiers (démo)', kind: OrganisationKind.TrainingBody, status: OrganisationStatus.Pending, siret: '90000003000016' },
];

/** A demo programme: the coordinator's Mission Locale and the SPIP work together, with the validated company. */
const DEMO_PROGRAMME = { name: '100 chances 100 emplois — Vienne (démo)', description: 'Programme de démonstration : données fictives.', members: ['ml', 'spip', 'btp'] };

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@passerelle.example', displayName: 'Alex Admin', role: Role.Admin, organisation: null, description: 'administrateur' },
  { email: 'coordination@ml-vienne.example', displayName: 'Claire Coordination', role: Role.Coordinator, organisation: 'ml', description: 'coordinatrice, Mission Locale' },
  { email: 'conseiller@spip-vienne.example', displayName: 'Karim Conseiller', role: Role.Counsellor, organisation: 'spip', description: 'conseiller, SPIP' },
  { email: 'employeur@batiment-poitevin.example', displayName: 'Élodie Employeuse', role: Role.Employer, organisation: 'btp', description: 'employeuse, entreprise validée' },
  { email: 'agence@interim-artois.example', displayName: 'Hugo Intérim', role: Role.Employer, organisation: 'interim', description: 'employeur, organisation en attente de validation' },
  { email: 'formation@cfa-normandie.example', displayName: 'Inès Formation', role: Role.Employer, organisation: 'cfa', description: 'employeuse, organisation en attente de validation' },
];

/** Inserts the demo organisations and accounts; running it again changes nothing. */
export async function seedDemo(dataSource: DataSource): Promise<{ organisations: number; users: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return dataSource.transaction(async (manager) => {
    const ids = new Map<string, string>();
    let organisations = 0;
    let users = 0;
    for (const o of ORGANISATIONS) {
      const repo = manager.getRepository(Organisation);
      let existing = await repo.findOneBy({ name: o.name });
      if (!existing) {
        existing = await repo.save(repo.create({ name: o.name, kind: o.kind, status: o.status, siret: o.siret }));
        organisations++;
      }
      ids.set(o.key, existing.id);
    }
    for (const a of DEMO_ACCOUNTS) {
      const repo = manager.getRepository(User);
      if (await repo.findOneBy({ email: a.email })) continue;
      await repo.save(
        repo.create({
          email: a.email,
          displayName: a.displayName,
          role: a.role,
          organisationId: a.organisation ? ids.get(a.organisation)! : null,
          // Each demo organisation has a single member, who signed it up.
          organisationRole: a.organisation ? OrganisationRole.Owner : null,
          passwordHash,
          emailVerifiedAt: new Date(),
          passwordChangedAt: new Date(),
        }),
      );
      users++;
    }
    const [programme] = await manager.query(
      `INSERT INTO programmes (name, description) VALUES ($1, $2)
       ON CONFLICT ((lower(name))) DO UPDATE SET name = programmes.name RETURNING id`,
      [DEMO_PROGRAMME.name, DEMO_PROGRAMME.description],
    );
    for (const key of DEMO_PROGRAMME.members) {
      await manager.query(`INSERT INTO programme_members (programme_id, organisation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [programme.id, ids.get(key)]);
    }
    return { organisations, users };
  });
}
