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

  count(status?: OrganisationStatus): Promise<number> {
    return this.repo().countBy(status ? { status } : {});
  }
}
