import { DataSource } from 'typeorm';
import { OrganisationKind, OrganisationStatus } from '../../modules/organisations/organisation.entity';

/** The demo establishment: a real prison of the Vienne (reference fact from data/demo/etablissements.csv). */
const DEMO_ESTABLISHMENT = 'CP POITIERS VIVONNE';

/**
 * Employer organisations that only take part in the demo recruitment session (no accounts): with the demo company
 * they make eight organisations, four binômes. Synthetic names ending with "(démo)", SIRETs in the unallocated
 * 9000000xx range, real NAF codes so that the binôme suggestion has sectors to compare.
 */
const SESSION_ORGANISATIONS = [
  { name: 'Transports du Clain (démo)', kind: OrganisationKind.Company, siret: '90000004000015', naf: '49.41A' },
  { name: 'Intérim Poitou Services (démo)', kind: OrganisationKind.TempAgency, siret: '90000005000014', naf: '78.20Z' },
  { name: 'Formation Vienne Compétences (démo)', kind: OrganisationKind.TrainingBody, siret: '90000006000013', naf: '85.32Z' },
  { name: 'Chantier d’insertion du Pays Chauvinois (démo)', kind: OrganisationKind.InsertionStructure, siret: '90000007000012', naf: '81.30Z' },
  { name: 'Restauration Collective Poitevine (démo)', kind: OrganisationKind.Company, siret: '90000008000011', naf: '56.29A' },
  { name: 'Logistique Futuroscope (démo)', kind: OrganisationKind.Company, siret: '90000009000010', naf: '52.10B' },
  { name: 'Espaces Verts du Haut-Poitou (démo)', kind: OrganisationKind.Company, siret: '90000010000017', naf: '81.30Z' },
];

const SESSION_TITLE = 'Session de recrutement — Poitiers-Vivonne (démo)';
const HALF_DAY_TITLE = 'Demi-journée de sensibilisation — Poitiers-Vivonne (démo)';

/** Noon UTC of a calendar day `days` after `today` (YYYY-MM-DD), as a calendar day. */
function dayAfter(today: string, days: number): string {
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Events for the demo, organised by the demo Mission Locale: an awareness half-day at Poitiers-Vivonne in five
 * weeks (registrations open for the demo company), and a recruitment session of the demo programme with a cohort
 * of eight of the SPIP's published profiles, eight employer organisations and four rooms — binômes and schedule are
 * left for the coordinator to suggest and generate on the planner page. Written once: nothing happens if the
 * half-day already exists.
 */
export async function seedDemoEvents(dataSource: DataSource, today: string): Promise<{ awarenessDays: number; recruitmentSessions: number }> {
  return dataSource.transaction(async (manager) => {
    const one = async <T>(sql: string, params: unknown[]) => ((await manager.query(sql, params)) as T[])[0];
    const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM awareness_days WHERE title = $1`, [HALF_DAY_TITLE]);
    if (n > 0) return { awarenessDays: 0, recruitmentSessions: 0 };
    const organiser = await one<{ id: string }>(`SELECT id FROM organisations WHERE name = 'Mission Locale de la Vienne (démo)'`, []);
    const coordinator = await one<{ id: string }>(`SELECT id FROM users WHERE organisation_id = $1 AND role = 'coordinator' ORDER BY email LIMIT 1`, [organiser?.id]);
    const programme = await one<{ id: string }>(`SELECT id FROM programmes WHERE name = '100 chances 100 emplois — Vienne (démo)'`, []);
    const spip = await one<{ id: string }>(`SELECT id FROM organisations WHERE name = 'SPIP de la Vienne (démo)'`, []);
    const company = await one<{ id: string }>(`SELECT id FROM organisations WHERE name = 'Bâtiment Poitevin (démo)'`, []);
    const establishment = await one<{ code: string }>(`SELECT code FROM establishments WHERE code = $1`, [DEMO_ESTABLISHMENT]);
    if (!organiser || !coordinator || !programme || !spip || !company) throw new Error('the demo organisations, accounts and programme must be seeded first');
    if (!establishment) throw new Error(`the demo establishments must be loaded first (${DEMO_ESTABLISHMENT})`);

    // The half-day: 9:00–12:30 in Paris (UTC+1 in winter, UTC+2 in summer: written in local time and converted).
    const halfDayOn = dayAfter(today, 35);
    await manager.query(
      `INSERT INTO awareness_days (organiser_organisation_id, programme_id, establishment_code, title, starts_at, ends_at, capacity, registration_closes_at,
                                   programme_text, what_to_bring, forbidden_items, meeting_point, created_by)
       VALUES ($1, $2, $3, $4, ($5::date + time '09:00') AT TIME ZONE 'Europe/Paris', ($5::date + time '12:30') AT TIME ZONE 'Europe/Paris', 12,
               (($5::date - 15) + time '23:59:59') AT TIME ZONE 'Europe/Paris', $6, $7, $8, $9, $10)`,
      [
        organiser.id,
        programme.id,
        establishment.code,
        HALF_DAY_TITLE,
        halfDayOn,
        'Accueil et consignes de sécurité, visite des ateliers, échanges avec des personnes détenues et le SPIP sur le rôle des entreprises dans la préparation à la sortie.',
        'Pièce d’identité originale, identique à celle déclarée à l’inscription.',
        'Téléphone portable, montre connectée, clé USB, objets tranchants, médicaments non déclarés.',
        'Parking visiteurs, se présenter à la porte d’entrée principale 20 minutes avant le début.',
        coordinator.id,
      ],
    );

    // The recruitment session's organisations: the demo company and the session-only ones, all active.
    const participants = [company.id];
    for (const o of SESSION_ORGANISATIONS) {
      const existing = await one<{ id: string }>(`SELECT id FROM organisations WHERE name = $1`, [o.name]);
      const row =
        existing ??
        (await one<{ id: string }>(`INSERT INTO organisations (name, kind, status, siret, naf_code) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [o.name, o.kind, OrganisationStatus.Active, o.siret, o.naf]));
      participants.push(row.id);
    }
    const interviewOn = dayAfter(today, 42);
    const session = await one<{ id: string }>(
      `INSERT INTO recruitment_sessions (programme_id, organiser_organisation_id, establishment_code, title, coaching_on, interview_on, grand_oral_on,
                                         day_starts_at, day_ends_at, slot_minutes, break_minutes, meetings_per_candidate, created_by)
       VALUES ($1, $2, $3, $4, $5::date - 7, $5::date, $5::date + 7, '09:00', '16:30', 30, 10, 3, $6) RETURNING id`,
      [programme.id, organiser.id, establishment.code, SESSION_TITLE, interviewOn, coordinator.id],
    );
    // The cohort: eight of the SPIP's published profiles aiming at the Vienne, first by code (a stable choice).
    await manager.query(
      `INSERT INTO session_candidates (session_id, profile_id, added_by)
       SELECT $1, p.id, $3 FROM candidate_profiles p
        WHERE p.owner_organisation_id = $2 AND p.status = 'published' AND p.target_basin_codes && ARRAY['7513', '7514']::varchar(4)[]
        ORDER BY p.code LIMIT 8`,
      [session.id, spip.id, coordinator.id],
    );
    for (const [index, organisationId] of participants.entries()) {
      // The training body and the insertion structure come for the morning only: the suggestion pairs them (a binôme
      // keeps only the hours its two organisations share), and as that binôme has 5 rounds of the day's 11, the
      // schedule places each candidate before three of the four binômes.
      const until = index === 3 || index === 4 ? '12:30' : '16:30';
      await manager.query(`INSERT INTO session_organisations (session_id, organisation_id, available_from, available_until, added_by) VALUES ($1, $2, '09:00', $3, $4)`, [
        session.id,
        organisationId,
        until,
        coordinator.id,
      ]);
    }
    for (const room of ['Salle polyvalente', 'Salle de formation', 'Bibliothèque', 'Salle du SPIP']) {
      await manager.query(`INSERT INTO session_rooms (session_id, name) VALUES ($1, $2)`, [session.id, room]);
    }
    return { awarenessDays: 1, recruitmentSessions: 1 };
  });
}
