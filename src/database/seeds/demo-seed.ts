import { DataSource } from 'typeorm';
import { hashPassword } from '../../common/security/password';
import { Organisation, OrganisationKind, OrganisationStatus } from '../../modules/organisations/organisation.entity';
import { OrganisationRole, Role, User } from '../../modules/users/user.entity';
import { generateSyntheticProfiles, insertSyntheticProfiles } from './synthetic-profiles';

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

/** Vienne basins (Poitiers, Châtellerault): where the demo company recruits, so its search is not empty. */
const DEMO_HOME_BASINS = ['7513', '7514'];

/** The demo company's published needs: occupations of the demo ROME subset, in Poitiers. */
const DEMO_NEEDS = [
  { romeCode: 'F1606', contractType: 'cdi', positions: 2, solutions: ['job', 'immersion', 'sponsorship'], requirements: 'Débutant accepté, formation en interne.' },
  { romeCode: 'F1703', contractType: 'apprenticeship', positions: 1, solutions: ['apprenticeship', 'mock_interview'], requirements: null },
  { romeCode: 'N1103', contractType: 'interim', positions: 3, solutions: ['job', 'company_visit'], requirements: 'CACES R489 apprécié.' },
];

/**
 * Synthetic published candidate profiles (owned by the demo SPIP) and the demo company's needs, once the
 * reference data is loaded. Nothing happens if the SPIP already has profiles: running it again changes nothing.
 * The profiles are written without outbox rows: the caller rebuilds the search index afterwards.
 */
export async function seedDemoCandidates(dataSource: DataSource, today: string): Promise<{ profiles: number; needs: number }> {
  const [spip] = await dataSource.query(`SELECT id FROM organisations WHERE name = $1`, [ORGANISATIONS.find((o) => o.key === 'spip')!.name]);
  const [company] = await dataSource.query(`SELECT id FROM organisations WHERE name = $1`, [ORGANISATIONS.find((o) => o.key === 'btp')!.name]);
  if (!spip || !company) throw new Error('the demo organisations must be seeded first');
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM candidate_profiles WHERE owner_organisation_id = $1`, [spip.id]);
  if (n > 0) return { profiles: 0, needs: 0 };
  const romeCodes: { code: string; label: string }[] = await dataSource.query(`SELECT code, label FROM rome_occupations ORDER BY code`);
  const basins: { code: string; name: string }[] = await dataSource.query(`SELECT code, name FROM basins ORDER BY code`);
  const establishments: { code: string }[] = await dataSource.query(`SELECT code FROM establishments WHERE basin_code = ANY($1::varchar[]) ORDER BY code`, [DEMO_HOME_BASINS]);
  if (romeCodes.length === 0 || basins.length === 0) throw new Error('the reference data must be loaded before the demo candidates');
  const establishmentCodes = establishments.map((e) => e.code);
  const local = generateSyntheticProfiles(40, { seed: 2026, today, romeCodes, basins: basins.filter((b) => DEMO_HOME_BASINS.includes(b.code)), establishmentCodes });
  const elsewhere = generateSyntheticProfiles(20, { seed: 2027, today, romeCodes, basins, establishmentCodes, excludeCodes: local.map((p) => p.code) });
  const ids = await insertSyntheticProfiles(dataSource, spip.id, [...local, ...elsewhere]);
  const [commune] = await dataSource.query(`SELECT insee_code FROM communes WHERE basin_code = '7513' ORDER BY insee_code LIMIT 1`);
  let needs = 0;
  for (const need of DEMO_NEEDS) {
    await dataSource.query(
      `INSERT INTO employer_needs (organisation_id, rome_code, contract_type, positions, commune_code, basin_code, start_from, start_until, requirements, solutions, status, published_at)
       VALUES ($1, $2, $3, $4, $5, '7513', $6::date + 30, $6::date + 210, $7, $8::text[], 'published', now())`,
      [company.id, need.romeCode, need.contractType, need.positions, commune.insee_code, today, need.requirements, need.solutions],
    );
    needs++;
  }
  return { profiles: ids.length, needs };
}

/**
 * A few follow-ups so the demo shows introductions and a sponsorship under way: a request from the demo company
 * waiting for the SPIP's answer, one already introduced (the candidate's agreement recorded by the demo
 * counsellor), and a sponsorship started a month ago with its D+7 check-in done. Synthetic, like the profiles;
 * written once (nothing happens if the company already has introductions).
 */
export async function seedDemoFollowUps(dataSource: DataSource): Promise<{ introductions: number; sponsorships: number }> {
  return dataSource.transaction(async (manager) => {
    const idOf = async (sql: string, params: unknown[]) => ((await manager.query(sql, params)) as { id: string }[])[0]?.id;
    const byName = (key: string) => idOf(`SELECT id FROM organisations WHERE name = $1`, [ORGANISATIONS.find((o) => o.key === key)!.name]);
    const byEmail = (email: string) => idOf(`SELECT id FROM users WHERE email = $1`, [email]);
    const [spip, company] = [await byName('spip'), await byName('btp')];
    const counsellor = await byEmail(DEMO_ACCOUNTS.find((a) => a.role === Role.Counsellor)!.email);
    const employer = await byEmail(DEMO_ACCOUNTS.find((a) => a.organisation === 'btp')!.email);
    if (!spip || !company || !counsellor || !employer) throw new Error('the demo organisations and accounts must be seeded first');
    const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM introductions WHERE organisation_id = $1`, [company]);
    if (n > 0) return { introductions: 0, sponsorships: 0 };
    // The SPIP's published profiles aiming at the company's occupations, first by code: a stable choice.
    const profiles: { id: string }[] = await manager.query(
      `SELECT p.id FROM candidate_profiles p
        WHERE p.owner_organisation_id = $1 AND p.status = 'published'
          AND p.target_rome_codes && (SELECT array_agg(rome_code) FROM employer_needs WHERE organisation_id = $2)
        ORDER BY p.code LIMIT 3`,
      [spip, company],
    );
    if (profiles.length < 3) return { introductions: 0, sponsorships: 0 };
    const need = await idOf(`SELECT id FROM employer_needs WHERE organisation_id = $1 AND status = 'published' ORDER BY rome_code LIMIT 1`, [company]);
    const event = (introduction: string, from: string | null, to: string, side: string, actor: string, at: string) =>
      manager.query(
        `INSERT INTO introduction_events (introduction_id, from_status, to_status, actor_side, actor_user_id, occurred_at) VALUES ($1, $2, $3, $4, $5, now() - $6::interval)`,
        [introduction, from, to, side, actor, at],
      );
    const waiting = await idOf(
      `INSERT INTO introductions (profile_id, organisation_id, partner_organisation_id, need_id, initiator, solution, message, availability, status, employer_user_id, created_by, created_at, updated_at, status_changed_at)
       VALUES ($1, $2, $3, $4, 'employer', 'job', 'Nous recrutons pour un chantier à Poitiers au printemps ; le projet de cette personne correspond à notre besoin.', 'Le mardi ou le jeudi matin', 'requested', $5, $5, now() - interval '2 days', now() - interval '2 days', now() - interval '2 days')
       RETURNING id`,
      [profiles[0].id, company, spip, need ?? null, employer],
    );
    await event(waiting, null, 'requested', 'employer', employer, '2 days');
    const introduced = await idOf(
      `INSERT INTO introductions (profile_id, organisation_id, partner_organisation_id, need_id, initiator, solution, message, availability, status, employer_user_id, counsellor_user_id, created_by,
                                  candidate_agreed_on, candidate_agreement_recorded_by, candidate_agreement_recorded_at, created_at, updated_at, status_changed_at)
       VALUES ($1, $2, $3, $4, 'employer', 'immersion', 'Une immersion de deux semaines permettrait de découvrir nos chantiers.', 'En semaine, de préférence le matin', 'introduced', $5, $6, $5,
               (now() - interval '8 days')::date, $6, now() - interval '8 days', now() - interval '10 days', now() - interval '6 days', now() - interval '6 days')
       RETURNING id`,
      [profiles[1].id, company, spip, need ?? null, employer, counsellor],
    );
    await event(introduced, null, 'requested', 'employer', employer, '10 days');
    await event(introduced, 'requested', 'accepted', 'partner', counsellor, '8 days');
    await event(introduced, 'accepted', 'introduced', 'partner', counsellor, '6 days');
    const sponsorship = await idOf(
      `INSERT INTO sponsorships (profile_id, organisation_id, sponsor_user_id, created_by, candidate_agreed_on, candidate_agreement_recorded_by, candidate_agreement_recorded_at, starts_on, planned_end_on, status)
       VALUES ($1, $2, $3, $4, current_date - 32, $4, now() - interval '32 days', current_date - 30, (current_date - 30) + interval '12 months', 'active')
       RETURNING id`,
      [profiles[2].id, company, employer, counsellor],
    );
    // Check-ins at D+7, M+1, M+3, M+6 from the start (PostgreSQL clamps a short month to its last day).
    await manager.query(
      `INSERT INTO sponsorship_check_ins (sponsorship_id, milestone, due_on)
       SELECT $1, m.milestone, (s.starts_on + m.step)::date FROM sponsorships s,
              (VALUES ('d7', interval '7 days'), ('m1', interval '1 month'), ('m3', interval '3 months'), ('m6', interval '6 months')) AS m(milestone, step)
        WHERE s.id = $1`,
      [sponsorship],
    );
    await manager.query(
      `UPDATE sponsorship_check_ins SET status = 'done', held_on = due_on, channel = 'phone', note = 'Premier échange : bonne intégration dans l’équipe.', next_step = 'Point au bout d’un mois.', recorded_by = $2, recorded_at = now() - interval '22 days'
        WHERE sponsorship_id = $1 AND milestone = 'd7'`,
      [sponsorship, employer],
    );
    return { introductions: 2, sponsorships: 1 };
  });
}
