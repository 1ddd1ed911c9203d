import { DataSource } from 'typeorm';
import { generateSyntheticProfiles, insertSyntheticProfiles, SyntheticProfile, SyntheticProfileOptions } from '../../src/database/seeds/synthetic-profiles';
import { CandidateProfilesRepository } from '../../src/modules/candidates/candidate-profiles.repository';
import { Organisation, OrganisationKind } from '../../src/modules/organisations/organisation.entity';
import { createOrganisation } from '../support/factories';
import { createTestDataSource } from '../support/test-database';

jest.setTimeout(120_000);

/**
 * A handful of reference rows, written unless the template already holds them: the profiles' target
 * arrays have no foreign keys, but the employer view joins their labels and the establishment is a key.
 */
async function ensureReferenceRows(ds: DataSource): Promise<void> {
  await ds.query(`INSERT INTO rome_grand_domains (code, label) VALUES
      ('A', 'Agriculture et Pêche, Espaces naturels et Espaces verts, Soins aux animaux'), ('D', 'Commerce, Vente et Grande distribution'),
      ('F', 'Construction, Bâtiment et Travaux publics'), ('G', 'Hôtellerie-Restauration, Tourisme, Loisirs et Animation'),
      ('K', 'Services à la personne et à la collectivité'), ('N', 'Transport et Logistique')
    ON CONFLICT (code) DO NOTHING`);
  await ds.query(`INSERT INTO rome_professional_domains (code, label, grand_domain_code) VALUES
      ('A12', 'Espaces naturels et espaces verts', 'A'), ('D15', 'Grande distribution', 'D'), ('F16', 'Second œuvre', 'F'),
      ('G16', 'Production culinaire', 'G'), ('K22', 'Nettoyage et propreté industriels', 'K'), ('N11', 'Magasinage, manutention des charges et déménagement', 'N')
    ON CONFLICT (code) DO NOTHING`);
  await ds.query(`INSERT INTO rome_occupations (code, label, ogr_code, domain_code) VALUES
      ('A1203', 'Agent / Agente d''entretien des espaces verts', 9, 'A12'), ('D1507', 'Employé / Employée de libre-service', 10, 'D15'),
      ('F1606', 'Peintre en bâtiment', 11, 'F16'), ('F1603', 'Plombier / Plombière', 12, 'F16'), ('G1602', 'Commis / Commise de cuisine', 13, 'G16'),
      ('K2204', 'Agent / Agente de nettoyage industriel', 14, 'K22'), ('N1101', 'Cariste', 15, 'N11'), ('N1103', 'Préparateur / Préparatrice de commandes', 16, 'N11')
    ON CONFLICT (code) DO NOTHING`);
  await ds.query(`INSERT INTO basins (code, name, region_code, region_name) VALUES
      ('7513', 'POITIERS', '75', 'Nouvelle-Aquitaine'), ('7514', 'CHATELLERAULT', '75', 'Nouvelle-Aquitaine'), ('2806', 'LE HAVRE', '28', 'Normandie')
    ON CONFLICT (code) DO NOTHING`);
  await ds.query(`INSERT INTO establishments (code, name, type, basin_code) VALUES
      ('CP POITIERS VIVONNE', 'Centre pénitentiaire de Poitiers-Vivonne', 'centre_penitentiaire', '7513')
    ON CONFLICT (code) DO NOTHING`);
}

describe('synthetic profiles inserted in bulk (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let owner: Organisation;
  let options: SyntheticProfileOptions;
  let profiles: SyntheticProfile[];
  let ids: string[];

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    await ensureReferenceRows(ds);
    owner = await createOrganisation(ds, { kind: OrganisationKind.Spip });
    options = {
      seed: 5,
      today: '2026-07-01',
      romeCodes: await ds.query(`SELECT code, label FROM rome_occupations ORDER BY code`),
      basins: await ds.query(`SELECT code, name FROM basins ORDER BY code`),
      establishmentCodes: (await ds.query(`SELECT code FROM establishments ORDER BY code`)).map((row: { code: string }) => row.code),
    };
    profiles = generateSyntheticProfiles(5_000, options);
    ids = await insertSyntheticProfiles(ds, owner.id, profiles, { batchSize: 1_500 });
  });
  afterAll(() => close());

  it('inserts every profile as published for the owner and returns their ids in order', async () => {
    expect(ids).toHaveLength(5_000);
    expect(new Set(ids).size).toBe(5_000);
    const rows: { id: string; code: string; status: string; published: boolean }[] = await ds.query(
      `SELECT id, code, status, published_at IS NOT NULL AS published FROM candidate_profiles WHERE owner_organisation_id = $1`,
      [owner.id],
    );
    expect(rows).toHaveLength(5_000);
    const codeById = new Map(rows.map((row) => [row.id, row.code]));
    expect(ids.map((id) => codeById.get(id))).toEqual(profiles.map(({ code }) => code));
    expect(rows.filter((row) => row.status !== 'published' || !row.published)).toEqual([]);
  });

  it('gives each profile exactly one active publication consent, from the day it was given', async () => {
    const [counts] = await ds.query(
      `SELECT count(*)::int AS consents, count(DISTINCT c.profile_id)::int AS profiles,
              count(*) FILTER (WHERE c.revoked_at IS NULL AND c.scope = 'publication')::int AS active
         FROM candidate_consents c JOIN candidate_profiles p ON p.id = c.profile_id WHERE p.owner_organisation_id = $1`,
      [owner.id],
    );
    expect(counts).toEqual({ consents: 5_000, profiles: 5_000, active: 5_000 });

    const repository = new CandidateProfilesRepository(ds);
    for (const i of [0, 1_499, 1_500, 4_999]) {
      const consents = await repository.consents(ids[i]);
      expect(consents).toEqual([expect.objectContaining({ scope: 'publication', givenOn: profiles[i].consentGivenOn, revokedAt: null })]);
    }
    // What the search index must hold: every one of them is visible to employers.
    expect((await repository.publishedVersions()).map(({ code }) => code).sort()).toEqual(profiles.map(({ code }) => code).sort());
  });

  it('stores each field as generated, read back through the repository', async () => {
    const repository = new CandidateProfilesRepository(ds);
    for (const i of [0, 7, 1_500, 3_333, 4_999]) {
      const { code, status, publishedAt, consentGivenOn: _consentGivenOn, ...values } = profiles[i];
      const row = await repository.findById(ids[i]);
      expect(row).toMatchObject({ ...values, code, status, ownerOrganisationId: owner.id });
      expect(row!.publishedAt!.toISOString()).toBe(publishedAt);
      expect(row!.establishmentName).toBe('Centre pénitentiaire de Poitiers-Vivonne');
    }
  });

  it('targets only occupations and basins of the reference tables, whose labels the employer view joins', async () => {
    const [unknown] = await ds.query(
      `SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM unnest(p.target_rome_codes) t(code) WHERE t.code NOT IN (SELECT code FROM rome_occupations)))::int AS occupations,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM unnest(p.target_basin_codes) t(code) WHERE t.code NOT IN (SELECT code FROM basins)))::int AS basins
         FROM candidate_profiles p WHERE p.owner_organisation_id = $1`,
      [owner.id],
    );
    expect(unknown).toEqual({ occupations: 0, basins: 0 });
    const sample = await new CandidateProfilesRepository(ds).publishedByCodes(profiles.slice(0, 50).map(({ code }) => code));
    expect(sample).toHaveLength(50);
    for (const row of sample) {
      expect(row.occupations.map(({ code }) => code).sort()).toEqual([...row.targetRomeCodes].sort());
      expect(row.basins).toHaveLength(row.targetBasinCodes.length);
    }
  });

  it('inserts all or nothing: a profile the table refuses, even in a later batch, leaves no row behind', async () => {
    const extra = generateSyntheticProfiles(30, { ...options, seed: 6, excludeCodes: profiles.map(({ code }) => code) });
    const before = await ds.query(`SELECT count(*)::int AS n FROM candidate_profiles`);
    // The window check of the table: an end before the start.
    const broken = extra.map((profile, i) => (i === 25 ? { ...profile, releaseUntil: '2020-01-01' } : profile));
    await expect(insertSyntheticProfiles(ds, owner.id, broken, { batchSize: 10 })).rejects.toThrow(/candidate_profiles_window/);
    // A code already taken.
    await expect(insertSyntheticProfiles(ds, owner.id, [...extra.slice(0, 20), profiles[0]], { batchSize: 10 })).rejects.toThrow(/candidate_profiles_code_key/);
    expect(await ds.query(`SELECT count(*)::int AS n FROM candidate_profiles`)).toEqual(before);
    expect(await ds.query(`SELECT count(*)::int AS n FROM candidate_consents`)).toEqual([{ n: 5_000 }]);

    await expect(insertSyntheticProfiles(ds, owner.id, extra, { batchSize: 10 })).resolves.toHaveLength(30);
  });
});
