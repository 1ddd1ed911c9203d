import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Organisation, OrganisationKind, OrganisationStatus } from './organisation.entity';

export interface OrganisationListRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  status: OrganisationStatus;
  siret: string | null;
  createdAt: Date;
  memberCount: number;
}

/** An organisation as its members see it, with the names of its place and of the charter's signatory. */
export interface OrganisationProfileRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  status: OrganisationStatus;
  siret: string | null;
  nafCode: string | null;
  addressLine: string | null;
  communeCode: string | null;
  communeName: string | null;
  basinCode: string | null;
  basinName: string | null;
  monthlyIntroductionCap: number | null;
  pausedUntil: string | null;
  notifyNewProfiles: boolean;
  notifyWeeklyDigest: boolean;
  charterAcceptedAt: Date | null;
  charterAcceptedByName: string | null;
  memberCount: number;
}

export interface CommuneRow {
  inseeCode: string;
  name: string | null;
  basinCode: string | null;
}

export type ProfileChanges = Partial<Pick<Organisation, 'name' | 'nafCode' | 'addressLine' | 'communeCode' | 'basinCode'>>;
export type SettingsChanges = Partial<Pick<Organisation, 'monthlyIntroductionCap' | 'pausedUntil' | 'notifyNewProfiles' | 'notifyWeeklyDigest'>>;

@Injectable()
export class OrganisationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(Organisation);
  }

  findById(id: string, manager?: EntityManager): Promise<Organisation | null> {
    return this.repo(manager).findOneBy({ id });
  }

  /** Locks the row for a review decision, so two reviewers cannot decide at once. */
  findForUpdate(id: string, manager: EntityManager): Promise<Organisation | null> {
    return manager.getRepository(Organisation).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
  }

  findBySiret(siret: string, manager?: EntityManager): Promise<Organisation | null> {
    return this.repo(manager).findOneBy({ siret });
  }

  insert(values: Pick<Organisation, 'name' | 'kind' | 'status' | 'siret'>, manager?: EntityManager): Promise<Organisation> {
    return this.repo(manager).save(this.repo(manager).create(values));
  }

  async saveReview(id: string, changes: Pick<Organisation, 'status' | 'reviewReason' | 'reviewedBy' | 'reviewedAt'>, manager: EntityManager): Promise<void> {
    await manager.getRepository(Organisation).update({ id }, changes);
  }

  async list(status: OrganisationStatus | undefined, offset: number, limit: number): Promise<{ rows: OrganisationListRow[]; total: number }> {
    const params: unknown[] = [limit, offset];
    const where = status ? `WHERE o.status = $3` : '';
    if (status) params.push(status);
    const rows: (OrganisationListRow & { total: string })[] = await this.dataSource.query(
      `SELECT o.id, o.name, o.kind, o.status, o.siret, o.created_at AS "createdAt",
              (SELECT count(*) FROM users u WHERE u.organisation_id = o.id)::int AS "memberCount",
              count(*) OVER () AS total
         FROM organisations o ${where}
        ORDER BY o.created_at ASC, o.id
        LIMIT $1 OFFSET $2`,
      params,
    );
    const total = rows.length ? Number(rows[0].total) : await this.count(status);
    return { rows: rows.map(({ total: _total, ...row }) => row), total };
  }

  async findProfile(id: string): Promise<OrganisationProfileRow | null> {
    const rows: OrganisationProfileRow[] = await this.dataSource.query(
      `SELECT o.id, o.name, o.kind, o.status, o.siret, o.naf_code AS "nafCode", o.address_line AS "addressLine",
              o.commune_code AS "communeCode", c.name AS "communeName", o.basin_code AS "basinCode", b.name AS "basinName",
              o.monthly_introduction_cap AS "monthlyIntroductionCap", o.paused_until::text AS "pausedUntil",
              o.notify_new_profiles AS "notifyNewProfiles", o.notify_weekly_digest AS "notifyWeeklyDigest",
              o.charter_accepted_at AS "charterAcceptedAt", signatory.display_name AS "charterAcceptedByName",
              (SELECT count(*) FROM users u WHERE u.organisation_id = o.id)::int AS "memberCount"
         FROM organisations o
         LEFT JOIN communes c ON c.insee_code = o.commune_code
         LEFT JOIN basins b ON b.code = o.basin_code
         LEFT JOIN users signatory ON signatory.id = o.charter_accepted_by
        WHERE o.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The display name of one of the organisation's members, or null if they are not (or no longer) one. */
  async findMemberName(organisationId: string, userId: string): Promise<string | null> {
    const rows: { displayName: string }[] = await this.dataSource.query(
      `SELECT display_name AS "displayName" FROM users WHERE id = $1 AND organisation_id = $2`,
      [userId, organisationId],
    );
    return rows[0]?.displayName ?? null;
  }

  async findCommune(inseeCode: string): Promise<CommuneRow | null> {
    const rows: CommuneRow[] = await this.dataSource.query(
      `SELECT insee_code AS "inseeCode", name, basin_code AS "basinCode" FROM communes WHERE insee_code = $1`,
      [inseeCode],
    );
    return rows[0] ?? null;
  }

  async updateProfile(id: string, changes: ProfileChanges): Promise<void> {
    await this.repo().update({ id }, changes);
  }

  async updateSettings(id: string, changes: SettingsChanges): Promise<void> {
    await this.repo().update({ id }, changes);
  }

  /** Records the first acceptance only; returns whether this call recorded it. */
  async acceptCharter(id: string, userId: string, at: Date): Promise<boolean> {
    // Wrapped in a SELECT: TypeORM shapes the result of a bare UPDATE differently from a query's rows.
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH accepted AS (
         UPDATE organisations SET charter_accepted_at = $2, charter_accepted_by = $3, updated_at = now()
          WHERE id = $1 AND charter_accepted_at IS NULL RETURNING id
       ) SELECT count(*)::int AS n FROM accepted`,
      [id, at, userId],
    );
    return n > 0;
  }

  count(status?: OrganisationStatus): Promise<number> {
    return this.repo().countBy(status ? { status } : {});
  }
}
