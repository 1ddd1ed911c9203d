import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OrganisationKind, OrganisationStatus } from '../organisations/organisation.entity';

export interface ProgrammeRow {
  id: string;
  name: string;
  description: string | null;
  memberCount: number;
  partnerCount: number;
  createdAt: Date;
}

export interface ProgrammeMemberRow {
  organisationId: string;
  name: string;
  kind: OrganisationKind;
  status: OrganisationStatus;
  addedAt: Date;
}

export interface OrganisationChoiceRow {
  id: string;
  name: string;
  kind: OrganisationKind;
}

/**
 * SQL naming the organisations that share a programme with the organisation in `param` (itself included when
 * it belongs to one): whose profiles a coordinator of that organisation may read.
 */
export const programmePeersOf = (param: string) =>
  `(SELECT peer.organisation_id FROM programme_members mine
      JOIN programme_members peer ON peer.programme_id = mine.programme_id
     WHERE mine.organisation_id = ${param})`;

const SUMMARY_COLUMNS = `g.id, g.name, g.description, g.created_at AS "createdAt",
  (SELECT count(*) FROM programme_members m WHERE m.programme_id = g.id)::int AS "memberCount",
  (SELECT count(*) FROM programme_members m JOIN organisations o ON o.id = m.organisation_id
    WHERE m.programme_id = g.id AND o.kind = ANY($1::text[]))::int AS "partnerCount"`;

/** Programmes and their member organisations. */
@Injectable()
export class ProgrammesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T> {
    return (manager ?? this.dataSource.manager).query(sql, params);
  }

  /** Programmes by name; with `memberOrganisationId`, only those that organisation belongs to. */
  async list(partnerKinds: readonly string[], memberOrganisationId: string | null, offset: number, limit: number): Promise<{ rows: ProgrammeRow[]; total: number }> {
    const memberOf = (param: string) =>
      memberOrganisationId ? `WHERE EXISTS (SELECT 1 FROM programme_members m WHERE m.programme_id = g.id AND m.organisation_id = ${param})` : '';
    const params = memberOrganisationId ? [memberOrganisationId] : [];
    const [{ total }] = await this.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM programmes g ${memberOf('$1')}`, params);
    const rows = await this.query<ProgrammeRow[]>(
      `SELECT ${SUMMARY_COLUMNS} FROM programmes g ${memberOf('$2')}
        ORDER BY lower(g.name), g.id LIMIT $${params.length + 2} OFFSET $${params.length + 3}`,
      [partnerKinds, ...params, limit, offset],
    );
    return { rows, total };
  }

  async findById(partnerKinds: readonly string[], id: string, manager?: EntityManager): Promise<ProgrammeRow | null> {
    const rows = await this.query<ProgrammeRow[]>(`SELECT ${SUMMARY_COLUMNS} FROM programmes g WHERE g.id = $2`, [partnerKinds, id], manager);
    return rows[0] ?? null;
  }

  async members(id: string): Promise<ProgrammeMemberRow[]> {
    return this.query<ProgrammeMemberRow[]>(
      `SELECT o.id AS "organisationId", o.name, o.kind, o.status, m.added_at AS "addedAt"
         FROM programme_members m JOIN organisations o ON o.id = m.organisation_id
        WHERE m.programme_id = $1
        ORDER BY lower(o.name), o.id`,
      [id],
    );
  }

  async isMember(id: string, organisationId: string): Promise<boolean> {
    const rows = await this.query<unknown[]>(`SELECT 1 FROM programme_members WHERE programme_id = $1 AND organisation_id = $2`, [id, organisationId]);
    return rows.length > 0;
  }

  /** Inserts the programme unless its name (case aside) is taken; null when it is. */
  async insert(values: { name: string; description: string | null; createdBy: string; now: Date }, manager: EntityManager): Promise<string | null> {
    const rows = await this.query<{ id: string }[]>(
      `INSERT INTO programmes (name, description, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT ((lower(name))) DO NOTHING RETURNING id`,
      [values.name, values.description, values.createdBy, values.now],
      manager,
    );
    return rows[0]?.id ?? null;
  }

  async lock(id: string, manager: EntityManager): Promise<{ id: string; name: string; description: string | null } | null> {
    const rows = await this.query<{ id: string; name: string; description: string | null }[]>(
      `SELECT id, name, description FROM programmes WHERE id = $1 FOR UPDATE`,
      [id],
      manager,
    );
    return rows[0] ?? null;
  }

  async nameTaken(name: string, exceptId: string, manager: EntityManager): Promise<boolean> {
    const rows = await this.query<unknown[]>(`SELECT 1 FROM programmes WHERE lower(name) = lower($1) AND id <> $2`, [name, exceptId], manager);
    return rows.length > 0;
  }

  async update(id: string, values: { name: string; description: string | null; now: Date }, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE programmes SET name = $2, description = $3, updated_at = $4 WHERE id = $1`, [id, values.name, values.description, values.now], manager);
  }

  async organisationExists(organisationId: string, manager: EntityManager): Promise<boolean> {
    const rows = await this.query<unknown[]>(`SELECT 1 FROM organisations WHERE id = $1`, [organisationId], manager);
    return rows.length > 0;
  }

  /** Adds the organisation; false when it already was a member. */
  async addMember(id: string, organisationId: string, addedBy: string, now: Date, manager: EntityManager): Promise<boolean> {
    const rows = await this.query<unknown[]>(
      `INSERT INTO programme_members (programme_id, organisation_id, added_by, added_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING organisation_id`,
      [id, organisationId, addedBy, now],
      manager,
    );
    return rows.length > 0;
  }

  /** Removes the organisation; false when it was not a member. */
  async removeMember(id: string, organisationId: string, manager: EntityManager): Promise<boolean> {
    // For a DELETE, TypeORM answers [returned rows, affected count].
    const [, removed] = await this.query<[unknown[], number]>(`DELETE FROM programme_members WHERE programme_id = $1 AND organisation_id = $2`, [id, organisationId], manager);
    return removed > 0;
  }

  async touch(id: string, now: Date, manager: EntityManager): Promise<void> {
    await this.query(`UPDATE programmes SET updated_at = $2 WHERE id = $1`, [id, now], manager);
  }

  /** Active organisations not in the programme yet, by name: the choices of the "add" form. */
  async addable(id: string, limit: number): Promise<OrganisationChoiceRow[]> {
    return this.query<OrganisationChoiceRow[]>(
      `SELECT o.id, o.name, o.kind FROM organisations o
        WHERE o.status = 'active' AND NOT EXISTS (SELECT 1 FROM programme_members m WHERE m.programme_id = $1 AND m.organisation_id = o.id)
        ORDER BY lower(o.name), o.id LIMIT $2`,
      [id, limit],
    );
  }
}
